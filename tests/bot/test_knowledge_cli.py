"""``backoffice knowledge ingest`` and ``backoffice ask`` as a shell user (and outside evaluation) runs them."""

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.knowledge_commands import HANDBOOK

runner = CliRunner()


@pytest.fixture
def env(database, database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("BACKOFFICE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KNOWLEDGE_COLLECTION", f"cli-{tmp_path.name[-20:]}".replace("_", "-"))
    monkeypatch.delenv("BACKOFFICE_LLM", raising=False)
    monkeypatch.delenv("CHROMA_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    return database


def ask(*words: str) -> dict:
    result = runner.invoke(app, ["ask", "--json", *words])
    assert result.exit_code == 0, result.output
    return json.loads(result.output.strip().splitlines()[-1])


def test_ask_before_any_ingest_says_how_to_fill_the_index(env):
    result = runner.invoke(app, ["ask", "--json", "how many vacation days do we get?"])
    assert result.exit_code == 1
    answer = json.loads(result.output.strip().splitlines()[-1])
    assert answer["escalate"] is True and answer["sources"] == []
    assert "backoffice knowledge ingest" in answer["answer"]


def test_ingest_then_ask_follows_the_json_contract(env, tmp_path: Path):
    policies = Path(shutil.copytree(HANDBOOK, tmp_path / "policies"))
    first = runner.invoke(app, ["knowledge", "ingest", str(policies)])
    assert first.exit_code == 0, first.output
    assert "10 documents" in first.output and "0 skipped" in first.output

    answer = ask("How many vacation days do we get each year?")
    assert set(answer) == {"answer", "sources", "confidence", "escalate"}
    assert answer["escalate"] is False and "22" in answer["answer"]
    assert answer["sources"][0]["source"] == "leave.md" and "Vacation" in answer["sources"][0]["section"]
    assert 0 < answer["sources"][0]["score"] <= 1 and 0 < answer["confidence"] <= 1

    refused = ask("What", "is", "the", "dress", "code", "for", "the", "Christmas", "party", "on", "Mars?")
    assert refused["escalate"] is True
    assert "won't guess" in refused["answer"]

    (policies / "travel.md").unlink()
    again = runner.invoke(app, ["knowledge", "ingest", str(policies)])
    assert again.exit_code == 0 and "1 removed" in again.output and "9 documents" in again.output


def test_ingest_prints_its_summary_alone_on_stdout_and_what_went_wrong_on_stderr(env, tmp_path: Path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "parking.md").write_text("# Parking\n\nParking is free for cyclists.\n")
    result = runner.invoke(app, ["knowledge", "ingest", str(folder)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [result.stdout.strip()] and result.stdout.startswith("1 document, ")
    missing = runner.invoke(app, ["knowledge", "ingest", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and missing.stdout == ""
    assert missing.stderr.strip() == f"no such file or folder: {tmp_path / 'nope'}"


def test_ingest_names_missing_paths_and_unreadable_files(env, tmp_path: Path):
    missing = runner.invoke(app, ["knowledge", "ingest", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "no such file or folder" in missing.output
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "empty.md").write_text("")
    (folder / "ok.md").write_text("# Parking\n\nParking is free for cyclists.\n")
    result = runner.invoke(app, ["knowledge", "ingest", str(folder)])
    assert result.exit_code == 1
    assert "skipped empty.md" in result.output and "1 document, 1 chunk" in result.output


def test_an_empty_folder_and_a_huge_question_get_a_clear_message(env, tmp_path: Path):
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["knowledge", "ingest", str(tmp_path / "empty")])
    assert result.exit_code == 1 and "no policy files there" in result.output
    huge = runner.invoke(app, ["ask", "--json", "why " * 2000])
    assert huge.exit_code == 2
    said = json.loads(huge.output.strip().splitlines()[-1])  # --json callers can always parse what they get
    assert said["escalate"] is True and said["sources"] == [] and "the limit is 4000" in said["answer"]
    blank = runner.invoke(app, ["ask", "--json", "   "])
    assert (
        blank.exit_code == 2 and json.loads(blank.output.strip().splitlines()[-1])["answer"] == "ask needs a question"
    )
    plain = runner.invoke(app, ["ask", "why " * 2000])
    assert plain.exit_code == 2 and plain.output.strip().endswith("the limit is 4000")


def test_a_second_ingest_waits_for_the_first_to_finish(env, tmp_path: Path, monkeypatch):
    from bot.knowledge_commands import INGEST_LOCK_KEY
    from bot.scheduler import LeaderLock

    home = tmp_path / "home"
    first = LeaderLock(env, home / "ingest.lock", key=INGEST_LOCK_KEY)
    assert first.acquire()  # an ingest in another process holds the index
    try:
        blocked = runner.invoke(app, ["knowledge", "ingest", str(HANDBOOK)])
        assert blocked.exit_code == 1 and "another ingest is running" in blocked.output
    finally:
        first.release()
    done = runner.invoke(app, ["knowledge", "ingest", str(HANDBOOK)])
    assert done.exit_code == 0, done.output


def test_the_default_evaluation_data_ships_inside_the_packages():
    import fnmatch
    import tomllib

    import bot
    import knowledge
    from bot.knowledge_commands import QUESTIONS
    from bot.nlu.calibration import DEFAULT_CLINC_DIR

    root = Path(__file__).resolve().parents[2]
    patterns = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["*"]
    for folder, package in ((QUESTIONS.parent, knowledge), (HANDBOOK, knowledge), (DEFAULT_CLINC_DIR, bot)):
        assert Path(str(package.__file__)).parent in folder.parents  # not under tests/, which a wheel lacks
        files = sorted(path.name for path in folder.iterdir() if path.is_file())
        assert files and all(any(fnmatch.fnmatch(name, p) for p in patterns) for name in files), files
    assert QUESTIONS.exists() and QUESTIONS.with_name("policy_questions_holdout.jsonl").exists()
    assert (DEFAULT_CLINC_DIR / "LICENSE").read_text(encoding="utf-8").startswith("Creative Commons")


def test_a_file_of_a_type_the_index_cannot_read_is_named_not_silently_left_out(env, tmp_path: Path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "parking.md").write_text("# Parking\n\nParking is free for cyclists.\n")
    (folder / "handbook.docx").write_bytes(b"PK\x03\x04 not read")
    (folder / "README.txt").write_text("how this folder is organised")  # left out on purpose: not named
    result = runner.invoke(app, ["knowledge", "ingest", str(folder)])
    assert result.exit_code == 0 and result.stdout.startswith("1 document, ")
    assert result.stderr.strip() == "not indexed handbook.docx: only Markdown, text, HTML and PDF files are read"
