"""The engine has DESIGN §1's rooms (plus its own: chain, kinds, matching, words, delegation) and keeps the
pattern's promises: no real clock, no start-up globals, reads only in queries, and views that never query."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import skills.approvals

ENGINE = Path(skills.approvals.__file__).parent
ROOMS = (
    "__init__.py", "intents.py", "examples", "config.py", "models.py", "errors.py", "rules.py", "queries.py",
    "service.py", "notifications.py", "handlers.py", "views.py", "messages.py", "jobs.py", "README.md",
    "chain.py", "kinds.py", "matching.py", "words.py", "delegation.py",
)  # fmt: skip
SOURCES = sorted(ENGINE.rglob("*.py"))
REAL_CLOCK = {("date", "today"), ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today")}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def test_the_engine_has_its_rooms_and_nothing_else():
    assert [room for room in ROOMS if not (ENGINE / room).exists()] == []
    extra = {p.name for p in ENGINE.iterdir() if p.name != "__pycache__"} - set(ROOMS)
    assert extra == set()


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_real_clock_and_no_start_up_state(path: Path):
    tree = _tree(path)
    calls = [
        (node.func.value.id, node.func.attr)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
    ]
    assert [call for call in calls if call in REAL_CLOCK] == []
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.Global | ast.Nonlocal)]
    assert "getattr(settings" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["handlers.py", "views.py", "delegation.py", "matching.py", "words.py", "chain.py"])
def test_reads_only_through_queries(name: str):
    tree = _tree(ENGINE / name)
    modules = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    modules += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert [module for module in modules if module.startswith("sqlalchemy") and name != "chain.py"] == []
    assert "select(" not in (ENGINE / name).read_text(encoding="utf-8")
