"""Expenses has DESIGN §1's rooms and keeps the pattern's promises: no real clock, no start-up globals, reads only in
queries, and the generic dialogue names no leave concept."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import bot.dialogue
import skills.expenses
import skills.forms

EXPENSES = Path(skills.expenses.__file__).parent
ROOMS = (
    "__init__.py", "intents.py", "examples/en.txt", "examples/es.txt", "config.py", "models.py", "errors.py",
    "rules.py", "queries.py", "service.py", "notifications.py", "forms.py", "handlers.py", "views.py", "messages.py",
    "jobs.py", "reference.py", "README.md", "thread_replies.py", "reports.py",
    # the skill's own rooms: exchange rates, policy clauses, receipt files, slots to drafts, the seeded defaults
    "rates.py", "policy.py", "receipts.py", "drafts.py", "defaults.py", "approval.py", "decisions.py",
)  # fmt: skip
SOURCES = sorted(EXPENSES.rglob("*.py"))
REAL_CLOCK = {("date", "today"), ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today")}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _name(path: Path) -> str:
    return str(path.relative_to(EXPENSES))


def test_expenses_has_the_rooms_of_design_section_1_and_nothing_else():
    assert [room for room in ROOMS if not (EXPENSES / room).exists()] == []
    extra = {p.name for p in EXPENSES.iterdir() if not p.name.startswith("__pycache__")} - {
        r.split("/")[0] for r in ROOMS
    }
    assert extra == set()


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_no_module_reads_the_real_clock(path: Path):
    tree = _tree(path)
    calls = [
        (node.func.value.id, node.func.attr)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
    ]
    assert [call for call in calls if call in REAL_CLOCK] == []
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert not imported & {"utcnow", "SystemClock"}


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_no_module_keeps_state_set_at_start_up(path: Path):
    tree = _tree(path)
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.Global | ast.Nonlocal)]
    text = path.read_text(encoding="utf-8")
    assert "getattr(settings" not in text


@pytest.mark.parametrize(
    "path",
    [EXPENSES / name for name in ("handlers.py", "views.py", "forms.py", "thread_replies.py", "decisions.py")],
    ids=_name,
)
def test_handlers_views_and_the_form_read_only_through_queries(path: Path):
    tree = _tree(path)
    modules = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    modules += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert [module for module in modules if module.startswith("sqlalchemy")] == []


def test_the_generic_dialogue_names_no_expense_concept():
    generic = [Path(skills.forms.__file__), *Path(bot.dialogue.__file__).parent.glob("*.py")]
    for path in generic:
        text = path.read_text(encoding="utf-8")
        assert not [word for word in ("expense", "receipt", "skills.expenses") if word in text], path


def test_the_expense_form_declares_what_its_amount_carries():
    from skills.expenses.forms import SLOTS, SUBMIT

    assert SUBMIT == "expense.submit"
    assert {key for slot in SLOTS for key in slot.extra_keys} == {"distance", "distance_unit", "nights", "mileage_rate"}
