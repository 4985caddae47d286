from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from bot.cli import app
from db.models import Employee

runner = CliRunner()

GOOD = """slack_id,email,name,manager_email,department,roles,locale,timezone,country
,ana@x.example,Ana Ruiz,olga@x.example,People,hr,es-ES,Europe/Madrid,ES
,olga@x.example,Olga Diaz,,Management,manager;admin,en-US,America/New_York,US
"""
BAD = """slack_id,email,name,manager_email,department,roles,locale,timezone,country
,ana@x.example,Ana Ruiz,nobody@x.example,People,hr,es-ES,Europe/Madrid,ES
,not-an-email,Olga Diaz,,Management,wizard,en-US,Mars/Olympus,US
"""


@pytest.fixture
def env(database, database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("BACKOFFICE_HOME", str(tmp_path / "home"))
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return database


def count_employees(database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(Employee)) or 0


def test_import_employees_reports_the_summary(env, tmp_path: Path):
    path = tmp_path / "people.csv"
    path.write_text(GOOD)
    result = runner.invoke(app, ["import", "employees", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 created, 0 updated, 0 unchanged" in result.output
    assert count_employees(env) == 2


def test_a_bad_csv_names_each_bad_line_and_writes_nothing(env, tmp_path: Path):
    path = tmp_path / "people.csv"
    path.write_text(BAD)
    result = runner.invoke(app, ["import", "employees", str(path)])
    assert result.exit_code == 1
    assert "Nothing was imported" in result.output
    assert "line 2" in result.output and "line 3" in result.output
    assert "unknown manager" in result.output
    assert count_employees(env) == 0
    # Line 3 breaks three rules: the summary counts bad rows, not problems, then lists every problem.
    assert "Nothing was imported: 2 bad rows in people.csv" in result.output
    assert result.output.count("line 3") >= 2


def test_serve_refuses_to_start_and_names_the_missing_settings(env):
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 2
    assert "needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET; set them in the environment or .env." in result.output
    socket = runner.invoke(app, ["serve", "--socket"])
    assert socket.exit_code == 2
    assert "SLACK_APP_TOKEN" in socket.output


def test_serve_refuses_several_workers_on_sqlite_or_in_socket_mode(env, monkeypatch, tmp_path):
    for name, value in (("SLACK_BOT_TOKEN", "xoxb-1"), ("SLACK_SIGNING_SECRET", "s"), ("SLACK_APP_TOKEN", "xapp-1")):
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'one.db'}")
    sqlite = runner.invoke(app, ["serve", "--workers", "2"])
    assert sqlite.exit_code == 2
    assert "--workers 2 needs PostgreSQL" in sqlite.output and "SQLite lets one process write" in sqlite.output
    socket = runner.invoke(app, ["serve", "--socket", "--workers", "3"])
    assert socket.exit_code == 2 and "--workers is for HTTP mode" in socket.output
    assert runner.invoke(app, ["serve", "--workers", "0"]).exit_code == 2  # at least one


def test_db_upgrade_is_idempotent(env):
    first = runner.invoke(app, ["db", "upgrade"])
    second = runner.invoke(app, ["db", "upgrade"])
    assert first.exit_code == second.exit_code == 0
    assert "up to date" in second.output


def test_serve_refuses_a_bot_token_where_the_app_token_belongs(env, monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xoxb-not-an-app-token")
    result = runner.invoke(app, ["serve", "--socket"])
    assert result.exit_code == 2
    assert "starting with xapp-" in result.output


def test_company_holidays_import_checks_every_row_first(env, tmp_path):
    from skills.leave.models import CompanyHoliday

    bad = tmp_path / "bad.csv"
    bad.write_text("date,name,country\n2026-12-24,Christmas Eve,\n2026-13-01,Nope,ES\n2026-12-31,,ES\n")
    result = runner.invoke(app, ["import", "holidays", str(bad)])
    assert result.exit_code == 1
    assert "line 3" in result.output and "line 4" in result.output
    good = tmp_path / "good.csv"
    good.write_text("date,name,country\n2026-12-24,Christmas Eve,\n2026-12-31,New Year's Eve,es-md\n")
    assert runner.invoke(app, ["import", "holidays", str(good)]).exit_code == 0
    again = runner.invoke(app, ["import", "holidays", str(good)])
    assert "0 created, 0 updated, 2 unchanged" in again.output
    with env.session() as session:
        rows = session.scalars(select(CompanyHoliday).order_by(CompanyHoliday.day)).all()
        assert [(r.name, r.country) for r in rows] == [("Christmas Eve", None), ("New Year's Eve", "ES-MD")]


def _command_paths(command, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every group and command under ``command`` (those built when their group is used too), as their words."""
    paths = [prefix]
    if hasattr(command, "list_commands"):
        for name in command.list_commands(None):
            paths += _command_paths(command.get_command(None, name), (*prefix, name))
    return paths


def test_every_help_shows_flags_as_flags(env):
    import typer

    paths = _command_paths(typer.main.get_command(app))
    assert ("ask",) in paths and ("eval", "knowledge") in paths and len(paths) > 15
    assert ("import", "leave-types") in paths and ("export", "employees") in paths
    for path in paths:
        result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "120"})
        assert result.exit_code == 0, (path, result.output)
        assert "<bool>" not in result.output, path
        assert "--help" in result.output
    ask = runner.invoke(app, ["ask", "--help"], env={"COLUMNS": "120"}).output
    json_row = next(line for line in ask.splitlines() if "--json" in line)
    assert json_row.split("--json")[1].split()[0] == "Print"  # no type between the flag and its help
    port_row = next(line for line in runner.invoke(app, ["serve", "--help"]).output.splitlines() if "--port" in line)
    assert "<int>" in port_row  # options that take a value keep their type


def test_export_writes_what_import_reads_back(env, tmp_path: Path):
    people = tmp_path / "people.csv"
    people.write_text(GOOD)
    assert runner.invoke(app, ["import", "employees", str(people)]).exit_code == 0
    out = tmp_path / "out.csv"
    exported = runner.invoke(app, ["export", "employees", str(out)])
    assert exported.exit_code == 0 and "Exported 2 rows of employees" in exported.output
    assert out.read_text().splitlines()[0].endswith(",country,start_date,active")
    again = runner.invoke(app, ["import", "employees", str(out)])
    assert "0 created, 0 updated, 2 unchanged" in again.output
    to_stdout = runner.invoke(app, ["export", "holidays"])
    assert to_stdout.exit_code == 0 and to_stdout.output.startswith("date,name,country")


def test_an_unknown_kind_lists_the_known_ones(env):
    result = runner.invoke(app, ["import", "planets", "x.csv"])
    assert result.exit_code == 2
    assert "planets" in result.output


def test_an_export_to_a_place_that_cannot_be_written_says_so_without_a_trace(env, tmp_path: Path):
    result = runner.invoke(app, ["export", "employees", str(tmp_path / "no" / "such" / "dir" / "people.csv")])
    assert result.exit_code == 1
    assert "Cannot write" in result.output and "people.csv" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_an_import_of_a_file_that_cannot_be_read_says_so_without_a_trace(env, tmp_path: Path, monkeypatch):
    path = tmp_path / "people.csv"
    path.write_text(GOOD)

    def refused(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refused)
    result = runner.invoke(app, ["import", "employees", str(path)])
    assert result.exit_code == 1
    assert "Cannot read" in result.output and "Permission denied" in result.output
    assert count_employees(env) == 0


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql+psycopg://ops:s3cret@127.0.0.1:1/backoffice", "Cannot reach the database at postgresql+psycopg://ops:***@127.0.0.1:1/backoffice"),
        ("not a url", "DATABASE_URL is not a database URL"),
        ("mysql://ops:s3cret@db/backoffice", "names a database this install cannot use"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", [["db", "upgrade"], ["jobs", "list"], ["outbox", "list"], ["export", "holidays"]])
def test_a_database_it_cannot_use_is_one_line_and_exit_1_never_a_trace(tmp_path, monkeypatch, url, expected, command):
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BACKOFFICE_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, command)
    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert "s3cret" not in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("setting", "value", "expected"),
    [
        ("HR_CHANNEL", "", "HR_CHANNEL='': String should have at least 1 character"),
        ("HR_LANGUAGE", "fr", "HR_LANGUAGE='fr': Input should be 'en' or 'es'"),
        ("PORT", "three-thousand", "PORT='three-thousand': Input should be a valid integer"),
    ],
)
@pytest.mark.parametrize("command", [["chat", "--as", "nobody@acme.example"], ["jobs", "list"], ["serve"]])
def test_a_setting_it_cannot_use_is_one_line_and_exit_2_never_a_trace(
    env, monkeypatch, setting, value, expected, command
):
    monkeypatch.setenv(setting, value)
    result = runner.invoke(app, command)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    [line] = [line for line in result.output.strip().splitlines() if "starting" not in line]
    assert line.startswith("backoffice cannot use its settings (environment or .env): ") and expected in line, line


@pytest.mark.parametrize(
    "command",
    [
        ["export", "stock"],
        ["export", "movements", "--from", "2026-12-01", "--to", "2026-12-31"],
        ["export", "expenses", "--status", "approved"],
        ["export", "tickets", "--from", "2026-12-01", "--to", "2026-12-31"],
    ],
)
def test_a_report_to_a_folder_that_does_not_exist_is_one_line_and_exit_1(env, tmp_path, command):
    result = runner.invoke(app, [*command, str(tmp_path / "no-such-folder" / "out.csv")])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Cannot write" in result.output and "Nothing was exported" in result.output


def test_a_chart_to_a_folder_that_does_not_exist_is_said_before_the_csv_is_written(env, tmp_path):
    csv = tmp_path / "tickets.csv"
    chart = tmp_path / "no-such-folder" / "tickets.png"
    result = runner.invoke(app, ["export", "tickets", "--from", "2026-12-01", "--to", "2026-12-31", str(csv),
                                 "--chart", str(chart)])  # fmt: skip
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"there is no folder {chart.parent}" in result.output
    assert not csv.exists()


def test_a_month_that_is_no_month_is_named_as_a_month(env):
    result = runner.invoke(app, ["export", "expenses", "--status", "approved", "--month", "2026-13"])
    assert result.exit_code == 2
    assert "--month must be a month like 2026-11, not '2026-13'" in result.output


@pytest.mark.parametrize(("args", "said"), [(["--port", "70000"], "--port must be a port number from 1 to 65535, not 70000"),
                                            ([], "PORT must be a port number from 1 to 65535, not 0")])  # fmt: skip
def test_serve_refuses_a_port_that_is_no_port(env, monkeypatch, args, said):
    for name, value in (("SLACK_BOT_TOKEN", "xoxb-1"), ("SLACK_SIGNING_SECRET", "s"), ("PORT", "0")):
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")  # never asked: the port is refused first
    result = runner.invoke(app, ["serve", *args])
    assert result.exit_code == 2
    assert result.output.strip() == f"backoffice serve cannot start: {said}."


def test_serve_says_in_one_line_that_its_port_is_taken_before_asking_slack(env, monkeypatch):
    import socket

    for name, value in (("SLACK_BOT_TOKEN", "xoxb-1"), ("SLACK_SIGNING_SECRET", "s")):
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")  # never asked: the port is refused first
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "--host", "127.0.0.1", "--port", str(port)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"backoffice serve cannot start: cannot listen on 127.0.0.1:{port}: "
    )


@pytest.mark.parametrize("url", ["slack.com/api/", "notaurl", "ftp://slack.com/api/"])
def test_serve_refuses_a_slack_api_url_that_is_no_web_address(env, monkeypatch, url):
    for name, value in (("SLACK_BOT_TOKEN", "xoxb-1"), ("SLACK_SIGNING_SECRET", "s")):
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SLACK_API_URL", url)
    result = runner.invoke(app, ["serve", "--port", "3999"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "SLACK_API_URL should be a web address like https://slack.com/api/" in result.output


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["frob"], "backoffice: No such command 'frob'. (see backoffice --help)"),
        (["ask"], "backoffice ask: Missing argument 'question'. (see backoffice ask --help)"),
        (["chat"], "backoffice chat: Missing option '--as'. (see backoffice chat --help)"),
        (
            ["import", "holidays", "missing.csv"],
            "backoffice import holidays: Invalid value for 'FILE': file 'missing.csv' does not exist. "
            "(see backoffice import holidays --help)",
        ),
    ],
)
def test_a_usage_error_is_one_line_with_exit_code_2(env, args, line):
    result = runner.invoke(app, args, prog_name="backoffice")
    assert result.exit_code == 2
    assert result.output.splitlines() == [line]


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"date,name,country\n2026-12-24,Christmas Eve,\n", "labels.jsonl:1: bad evaluation line (JSONDecodeError"),
        (b'{"text": "hi"}\n', "labels.jsonl:1: bad evaluation line (KeyError: 'intent')"),
        ("vacaciones \u00e9t\u00e9\n".encode("latin-1"), "labels.jsonl: not UTF-8 text"),
    ],
)
def test_eval_nlu_on_a_file_that_is_no_labelled_jsonl_says_so_in_one_line(env, tmp_path, content, said):
    path = tmp_path / "labels.jsonl"
    path.write_bytes(content)
    result = runner.invoke(app, ["eval", "nlu", str(path)])
    assert result.exit_code == 2
    assert len(result.output.splitlines()) == 1 and said in result.output


@pytest.mark.parametrize("args", [["export", "items"], ["export", "stock"], ["export", "tickets"]])
def test_an_export_help_names_its_optional_file_once(env, args):
    result = runner.invoke(app, [*args, "--help"], prog_name="backoffice", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "[FILE]" in result.output and "[[FILE]]" not in result.output


@pytest.mark.parametrize("group", ["import", "export"])
def test_a_misspelt_kind_is_refused_with_the_kinds_there_are(env, tmp_path, group):
    path = tmp_path / "people.csv"
    path.write_text(GOOD)
    result = runner.invoke(app, [group, "employes", str(path)])
    assert result.exit_code == 2
    flat = " ".join(result.output.replace("│", " ").split())
    assert "No kind called 'employes'. Did you mean 'employees'?" in flat
    assert "expense-categories" in flat and "leave-types" in flat
    assert count_employees(env) == 0


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("PORT", "3000x", "PORT='3000x': Input should be a valid integer"),
        ("BACKOFFICE_LLM_THRESHOLD", "1.5", "BACKOFFICE_LLM_THRESHOLD='1.5': Input should be less than or equal to 1"),
        ("FINANCE_APPROVAL_OVER", "lots", "FINANCE_APPROVAL_OVER='lots': Input should be a valid decimal"),
        ("MILEAGE_RATES", '{"ES": "26 cents"}', "MILEAGE_RATES={'ES': '26 cents'}: each rate reads like 0.26 EUR/km"),
        ("MILEAGE_RATES", "0.26 EUR/km", "MILEAGE_RATES"),
        ("LOG_TEXT_HASHED", "maybe", "LOG_TEXT_HASHED='maybe': Input should be a valid boolean"),
        ("CONVERSATION_IDLE_MINUTES", "-5", "CONVERSATION_IDLE_MINUTES='-5': Input should be greater than or equal to 1"),
        ("BACKOFFICE_CLOCK_START", "yesterday", "BACKOFFICE_CLOCK_START='yesterday': Input should be a valid datetime"),
        ("EMBEDDING_MODEL", "mini-lm", "EMBEDDING_MODEL='mini-lm': Input should be 'use-m3' or 'minilm-int8'"),
        ("HR_LANGUAGE", "fr", "HR_LANGUAGE='fr': Input should be 'en' or 'es'"),
        ("CHROMA_URL", "chroma-host:8000", "CHROMA_URL='chroma-host:8000': should be a web address like http://"),
        ("KEEP_DELIVERED_DAYS", "0", "KEEP_DELIVERED_DAYS='0': Input should be greater than or equal to 1"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", [["db", "upgrade"], ["chat", "--as", "ana@x.example"], ["serve"]])
def test_a_setting_it_cannot_use_is_one_line_naming_it_and_exit_2_never_a_trace(
    tmp_path, monkeypatch, name, value, said, command
):
    # An operator who mistypes one variable in .env saw a 40-line pydantic traceback, or nothing at all until the
    # first mileage claim or HR card (HR_LANGUAGE=fr failed only when the first card was built).
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BACKOFFICE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    (tmp_path / ".env").write_text(f"{name}={value}\nSLACK_BOT_TOKEN=xoxb-secret-token\n", encoding="utf-8")
    result = runner.invoke(app, command)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("backoffice cannot use its settings (environment or .env): ")
    assert said in result.output and len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output and "secret-token" not in result.output
    assert not (tmp_path / "home").exists()  # nothing was created or migrated


def test_the_settings_accept_every_embedder_the_registry_has_and_spell_it_freely(tmp_path, monkeypatch):
    from typing import get_args

    from bot.settings import EmbeddingModel, Settings
    from knowledge.embeddings import embedder_names

    assert sorted(get_args(EmbeddingModel)) == embedder_names()
    monkeypatch.setenv("EMBEDDING_MODEL", " MiniLM-INT8 ")
    monkeypatch.setenv("CHROMA_URL", "")
    settings = Settings(_env_file=None)
    assert settings.embedding_model == "minilm-int8" and settings.chroma_url is None
