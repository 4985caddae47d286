"""``backoffice nlu`` output contract and the evaluation / CLINC helpers."""

from __future__ import annotations

import io
import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot import cli
from bot.nlu import router as router_module
from bot.nlu.calibration import CLINC_TO_INTENT, UNMAPPED_PREFIX, clinc_metrics, load_clinc
from bot.nlu.catalog import INTENTS, NONE
from bot.nlu.classifier import SoftmaxRegression
from bot.nlu.commands import print_report, read_labelled, run_eval, run_nlu, slot_matches
from bot.nlu.router import Route, Router
from tests.nlu.paths import CLINC_DIR

CONTRACT_KEYS = {"text", "intent", "skill", "confidence", "lang", "slots"}


def test_route_to_json_contract() -> None:
    route = Route(skill="expenses", intent="expense.submit", slots={"amount": "15", "currency": "USD"},
                  confidence=0.912345, lang="en", text="expense 15 bucks")  # fmt: skip
    payload = route.to_json()
    assert set(payload) == CONTRACT_KEYS
    assert payload["confidence"] == 0.9123
    assert json.loads(json.dumps(payload)) == payload
    assert route.is_write


def test_run_nlu_writes_one_json_object_per_line(router: Router) -> None:
    lines = [
        "expense 15 bucks for a cab\n",
        "quiero vacaciones del 3 al 5 de diciembre\n",
        "\n",
        "book a flight to Madrid\n",
        "claim 1.250,00 EUR for the flights to Rome",
    ]
    out = io.StringIO()
    run_nlu(lines, out, date(2025, 11, 24), router=router)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(rows) == len(lines)
    for row, line in zip(rows, lines, strict=True):
        assert set(row) == CONTRACT_KEYS
        assert row["text"] == line.rstrip("\n")
        assert row["intent"] in (*INTENTS, NONE)
        assert (row["skill"] == NONE) == (row["intent"] == NONE)
        assert row["lang"] in ("en", "es")
        assert 0.0 <= row["confidence"] <= 1.0
    assert rows[0]["intent"] == "expense.submit"
    assert rows[0]["slots"]["amount"] == "15" and rows[0]["slots"]["currency"] == "USD"
    assert rows[1]["slots"]["start_date"] == "2025-12-03" and rows[1]["lang"] == "es"
    assert rows[2]["intent"] == NONE
    assert rows[3]["intent"] == NONE and rows[3]["slots"] == {}
    assert Decimal(rows[4]["slots"]["amount"]) == Decimal("1250.00") and rows[4]["slots"]["currency"] == "EUR"


def test_run_nlu_reads_a_file_saved_with_a_bom_and_crlf_line_ends(router: Router) -> None:
    lines = ["\ufeffquiero vacaciones del 3 al 5 de diciembre\r\n", "ayuda\r\n"]
    out = io.StringIO()
    run_nlu(lines, out, date(2025, 11, 24), router=router)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["text"] for row in rows] == ["quiero vacaciones del 3 al 5 de diciembre", "ayuda"]
    assert rows[0]["slots"]["start_date"] == "2025-12-03"


def test_run_nlu_survives_input_that_is_not_utf8(router: Router) -> None:
    """Bytes that are not UTF-8 reach Python's stdin as lone surrogates; each line still gets its JSON object."""
    broken = b"\xff\xfe vacation days please\n".decode("utf-8", "surrogateescape")
    lines = [broken, "quiero vacaciones del 3 al 5 de diciembre\n", "\ud800 lone surrogate\n"]
    out = io.StringIO()
    run_nlu(lines, out, date(2025, 11, 24), router=router)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["text"] for row in rows] == ["?? vacation days please", lines[1].rstrip(), "? lone surrogate"]
    assert rows[1]["intent"] == "leave.request" and rows[1]["slots"]["start_date"] == "2025-12-03"
    out.getvalue().encode("utf-8")  # what is written can be written to a UTF-8 stdout


def test_run_eval_prints_tables(router: Router, tmp_path: Path) -> None:
    path = tmp_path / "tiny.jsonl"
    rows = [
        {"text": "expense 15 bucks for a cab", "intent": "expense.submit", "lang": "en",
         "slots": {"amount": "15.00", "currency": "USD"}, "today": "2025-11-24"},
        {"text": "transfer $500 to savings", "intent": "none", "lang": "en"},
        {"text": "¿cuántos días de vacaciones me quedan?", "intent": "leave.balance", "lang": "es"},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")
    out = io.StringIO()
    report = run_eval(path, out, router=router, today=date(2025, 11, 24))
    assert report.total == 3
    assert report.accuracy == 1.0
    assert report.per_language == {"en": 1.0, "es": 1.0}
    assert report.false_write_rate == 0.0
    assert report.slot_accuracy == 1.0 and report.slot_total == 2
    assert report.median_ms > 0
    text = out.getvalue()
    assert "intent accuracy" in text and "accuracy [es]" in text and "Accuracy per intent" in text
    print_report(report, io.StringIO(), show_errors=True)


def test_slot_matches() -> None:
    assert slot_matches("15", "15.00")
    assert slot_matches("2025-12-03", "2025-12-03")
    assert slot_matches(12, 12)
    assert not slot_matches("15", None)
    assert slot_matches("Floor 3", "floor 3")


def test_read_labelled_reports_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "hi", "intent": "help"}\n{"intent": "help"}\n', encoding="utf-8")
    try:
        read_labelled(path)
    except ValueError as error:
        assert ":2:" in str(error)
    else:
        raise AssertionError("expected a ValueError")


def test_clinc_copy_and_mapping() -> None:
    val = load_clinc("val", CLINC_DIR)
    in_scope = [label for label in val.labels if label in CLINC_TO_INTENT.values()]
    assert len(in_scope) == 80
    assert sum(label.startswith(UNMAPPED_PREFIX) for label in val.labels) == 220
    assert len(val.texts) == 3100
    assert (CLINC_DIR / "LICENSE").read_text(encoding="utf-8").startswith("Creative Commons")


def test_clinc_metrics_counts_false_writes() -> None:
    val = load_clinc("val", CLINC_DIR)
    perfect = [label if label in CLINC_TO_INTENT.values() else NONE for label in val.labels]
    metrics = clinc_metrics(perfect, val)
    assert metrics.in_scope_accuracy == 1.0 and metrics.false_write_rate == 0.0
    assert metrics.out_of_scope_recall == 1.0
    reckless = ["leave.request"] * len(val.labels)
    assert clinc_metrics(reckless, val).false_write_rate == 1.0


def test_the_nlu_command_loads_the_router_serve_trained(
    router: Router, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if router.cache_dir is None:
        pytest.skip("needs pytest's cache provider (the session router's cache file)")
    cache = tmp_path / "home" / "cache"
    cache.mkdir(parents=True)
    for trained in router.cache_dir.glob("nlu-*.npz"):
        shutil.copy2(trained, cache)  # what `serve` leaves under BACKOFFICE_HOME/cache
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BACKOFFICE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("EMBEDDING_MODEL", raising=False)
    monkeypatch.setattr(router_module, "_ROUTERS", {})  # a fresh process

    def no_training(*args: object, **kwargs: object) -> None:
        raise AssertionError("the router was trained again instead of loaded from BACKOFFICE_HOME/cache")

    monkeypatch.setattr(SoftmaxRegression, "fit", no_training)
    result = CliRunner().invoke(cli.app, ["nlu", "--today", "2025-11-24"], input="I need Friday off\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["slots"] == {"start_date": "2025-11-28", "end_date": "2025-11-28"}
    assert [path.name for path in cache.iterdir()] == [path.name for path in router.cache_dir.glob("nlu-*.npz")]
