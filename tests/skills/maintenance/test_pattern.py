"""Maintenance has DESIGN §1's rooms (plus its few named extras) and keeps the pattern's promises: no real clock, no
start-up globals, reads only in queries (and service), no Slack."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import skills.maintenance

ROOT = Path(skills.maintenance.__file__).parent
ROOMS = (
    "__init__.py", "intents.py", "examples/en.txt", "examples/es.txt", "config.py", "models.py", "errors.py",
    "rules.py", "queries.py", "service.py", "notifications.py", "forms.py", "handlers.py", "views.py", "messages.py",
    "jobs.py", "reference.py", "README.md",
)  # fmt: skip
EXTRAS = {"matching.py", "sla.py", "meters.py", "thread_replies.py", "reports.py"}
"""Pure matching of a report, business-hours arithmetic, the meter form, thread answers and the tickets report."""
SOURCES = sorted(ROOT.rglob("*.py"))
REAL_CLOCK = {("date", "today"), ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today")}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _imports(path: Path) -> list[str]:
    tree = _tree(path)
    modules = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    return modules + [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]


def test_the_rooms_of_design_section_1_and_nothing_unexplained():
    assert [room for room in ROOMS if not (ROOT / room).exists()] == []
    present = {p.name for p in ROOT.iterdir() if p.name != "__pycache__"}
    assert present - {r.split("/")[0] for r in ROOMS} <= EXTRAS


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_no_module_reads_the_real_clock_or_keeps_start_up_state(path: Path):
    tree = _tree(path)
    calls = [
        (node.func.value.id, node.func.attr)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
    ]
    assert [call for call in calls if call in REAL_CLOCK] == []
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.Global | ast.Nonlocal)]
    assert "getattr(settings" not in path.read_text(encoding="utf-8")
    assert not [m for m in _imports(path) if m.startswith(("slack_bolt", "slack_sdk"))]


@pytest.mark.parametrize("name", ["handlers.py", "views.py", "forms.py", "meters.py", "thread_replies.py",
                                  "notifications.py", "matching.py"])  # fmt: skip
def test_handlers_views_and_forms_read_only_through_queries(name: str):
    assert [m for m in _imports(ROOT / name) if m.startswith("sqlalchemy") and m != "sqlalchemy.orm"] == []
