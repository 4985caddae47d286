"""Leave has DESIGN §1's rooms and keeps the pattern's promises: no real clock, no start-up globals, reads only in
queries, and the generic dialogue names no leave concept."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import bot.dialogue
import skills.forms
import skills.leave

LEAVE = Path(skills.leave.__file__).parent
ROOMS = (
    "__init__.py", "intents.py", "examples/en.txt", "examples/es.txt", "config.py", "models.py", "errors.py",
    "rules.py", "queries", "service.py", "notifications.py", "forms.py", "handlers", "views", "messages", "jobs.py",
    "reference.py", "approval.py", "README.md",
)  # fmt: skip
"""``approval.py`` is the room of a skill approved through the shared engine: its ``ApprovalKind`` (chain, hooks)."""
SOURCES = sorted(LEAVE.rglob("*.py"))
REAL_CLOCK = {("date", "today"), ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today")}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _name(path: Path) -> str:
    return str(path.relative_to(LEAVE))


def test_leave_has_the_rooms_of_design_section_1_and_nothing_else():
    assert [room for room in ROOMS if not (LEAVE / room).exists()] == []
    extra = {p.name for p in LEAVE.iterdir() if not p.name.startswith("__pycache__")} - {r.split("/")[0] for r in ROOMS}
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
    assert "getattr(settings" not in text and ".code ==" not in text and ".code !=" not in text


@pytest.mark.parametrize(
    "path",
    [*sorted((LEAVE / "handlers").glob("*.py")), *sorted((LEAVE / "views").glob("*.py")), LEAVE / "forms.py"],
    ids=_name,
)
def test_handlers_views_and_the_form_read_only_through_queries(path: Path):
    tree = _tree(path)
    modules = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    modules += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert [module for module in modules if module.startswith("sqlalchemy")] == []


def test_the_generic_dialogue_names_no_leave_concept():
    generic = [Path(skills.forms.__file__), *Path(bot.dialogue.__file__).parent.glob("*.py")]
    for path in generic:
        text = path.read_text(encoding="utf-8")
        assert not [word for word in ("half_day", "leave.", "leave_", "skills.leave") if word in text], path


def test_the_leave_form_declares_the_half_days_its_dates_carry():
    from skills.leave.forms import LEAVE_REQUEST

    assert LEAVE_REQUEST.extra_keys() == {"half_day", "end_half_day"}
    assert {"start_date", "end_date", "leave_type", "reason", "half_day", "end_half_day"} == LEAVE_REQUEST.slot_keys()
