"""Every skill has DESIGN §1's rooms (plus the extras it names and explains) and keeps the pattern's promises: no
real clock, no state set at start-up, no Slack, and reads only through queries — one test over every skill folder."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

import bot.dialogue
import skills
import skills.forms

SKILLS_ROOT = Path(skills.__file__).parent
DESIGN_ROOMS = (
    "__init__.py", "intents.py", "examples", "config.py", "models.py", "errors.py", "rules.py", "queries.py",
    "service.py", "notifications.py", "forms.py", "handlers.py", "views.py", "messages.py", "jobs.py", "README.md",
)  # fmt: skip
"""DESIGN §1; a room may be a module or a package of the same name (leave's ``views/``, ``queries/``, …)."""
REAL_CLOCK = {("date", "today"), ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today")}


@dataclass(frozen=True)
class Layout:
    """What one skill folder holds beyond DESIGN §1, what it may lack, and which rooms must read only via queries."""

    extras: dict[str, str]
    missing: frozenset[str] = frozenset()
    read_only: tuple[str, ...] = ("handlers", "views", "forms")


LAYOUTS = {
    "leave": Layout(
        extras={
            "reference.py": "employees' allowances as CSV reference data",
            "approval.py": "its ApprovalKind on the shared engine (chain, hooks)",
            "holiday_questions.py": "what a question about the holiday calendar asks (a day, a period, the next)",
            "allowance_questions.py": "which leave types a question about the yearly allowance asks about",
        }
    ),
    "expenses": Layout(
        extras={
            "reference.py": "expense categories as CSV reference data",
            "thread_replies.py": "answers given in a claim card's thread",
            "reports.py": "the claims export and chart",
            "rates.py": "exchange rates",
            "policy.py": "the policy clauses a claim is checked against",
            "receipts.py": "receipt files from Slack's files.info",
            "drafts.py": "slots to a claim draft",
            "defaults.py": "the seeded categories and limits",
            "approval.py": "its ApprovalKind on the shared engine",
            "decisions.py": "what a manager's or finance's decision does to a claim",
            "withdrawal.py": "an employee taking back a claim still waiting for a decision",
        },
        read_only=("handlers", "views", "forms", "thread_replies", "decisions", "withdrawal"),
    ),
    "stock": Layout(
        extras={
            "reference.py": "items as CSV reference data",
            "matching.py": "item names and aliases matched in either language",
            "resolve.py": "a request's words to one item and place",
            "thread_replies.py": "answers given in a pick card's thread",
            "reports.py": "the stock and movements exports",
        },
        read_only=("handlers", "views", "forms", "thread_replies", "matching"),
    ),
    "maintenance": Layout(
        extras={
            "reference.py": "assets and teams as CSV reference data",
            "matching.py": "a report's words to an asset, place and category",
            "sla.py": "business-hours arithmetic of the SLAs",
            "meters.py": "the meter-reading form",
            "thread_replies.py": "answers given in a ticket's thread",
            "reports.py": "the tickets export and chart",
        },
        read_only=("handlers", "views", "forms", "meters", "thread_replies", "notifications", "matching"),
    ),
    "policy": Layout(
        extras={"matching.py": "a message asking to reach HR, or HR asking for the questions waiting for them"},
        missing=frozenset({"forms.py"}),
        read_only=("handlers", "views", "matching"),
    ),
    "approvals": Layout(
        extras={
            "chain.py": "the rules that build an approval's steps",
            "kinds.py": "the registry of what each skill's approvals do",
            "matching.py": "a person named in a delegation, matched",
            "words.py": "decisions said in words in a thread",
            "delegation.py": "delegates named in chat",
        },
        missing=frozenset({"forms.py"}),
        read_only=("handlers", "views", "delegation", "matching", "words"),
    ),
}
SMALL_SKILLS = ("help", "directory", "locations")
"""Shared pieces with a manifest but no tables or writes of their own: only the promises apply to them."""


def _sources(skill: str) -> list[Path]:
    return sorted((SKILLS_ROOT / skill).rglob("*.py"))


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    return modules + [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]


def _room(folder: Path, room: str) -> list[Path]:
    name = room.removesuffix(".py")
    return [folder / f"{name}.py"] if (folder / f"{name}.py").exists() else sorted((folder / name).glob("*.py"))


def test_every_skill_folder_is_described_here():
    folders = {p.name for p in SKILLS_ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders - {"common"} == set(LAYOUTS) | set(SMALL_SKILLS)


@pytest.mark.parametrize("skill", sorted(LAYOUTS))
def test_the_rooms_of_design_section_1_and_only_the_named_extras(skill: str):
    folder, layout = SKILLS_ROOT / skill, LAYOUTS[skill]
    rooms = [room for room in DESIGN_ROOMS if room not in layout.missing]
    absent = [
        room for room in rooms if not (folder / room).exists() and not (folder / room.removesuffix(".py")).is_dir()
    ]
    assert absent == []
    assert (folder / "examples" / "en.txt").exists() and (folder / "examples" / "es.txt").exists()
    present = {p.name for p in folder.iterdir() if p.name != "__pycache__"}
    expected = {room.removesuffix(".py") for room in rooms} | {room.removesuffix(".py") for room in layout.extras}
    assert {name for name in present if name.removesuffix(".py") not in expected} == set()


@pytest.mark.parametrize(
    "path",
    [path for skill in (*sorted(LAYOUTS), *SMALL_SKILLS) for path in _sources(skill)],
    ids=lambda path: str(path.relative_to(SKILLS_ROOT)),
)
def test_no_module_reads_the_real_clock_keeps_start_up_state_or_imports_slack(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [
        (node.func.value.id, node.func.attr)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
    ]
    assert [call for call in calls if call in REAL_CLOCK] == []
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert not imported & {"utcnow", "SystemClock"}
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.Global | ast.Nonlocal)]
    assert "getattr(settings" not in path.read_text(encoding="utf-8")
    assert not [module for module in _imports(path) if module.startswith(("slack_bolt", "slack_sdk"))]


@pytest.mark.parametrize(
    "path",
    [path for skill, layout in sorted(LAYOUTS.items()) for room in layout.read_only for path in _room(SKILLS_ROOT / skill, room)],
    ids=lambda path: str(path.relative_to(SKILLS_ROOT)),
)  # fmt: skip
def test_handlers_views_and_forms_read_only_through_queries(path: Path):
    modules = [module for module in _imports(path) if module.startswith("sqlalchemy") and module != "sqlalchemy.orm"]
    assert modules == []
    assert "select(" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "words",
    [("half_day", "leave.", "leave_", "skills.leave"), ("expense", "receipt", "skills.expenses"),
     ("skills.stock", "skills.maintenance")],
    ids=["leave", "expenses", "stock-and-maintenance"],
)  # fmt: skip
def test_the_generic_dialogue_names_no_skill_concept(words: tuple[str, ...]):
    generic = [Path(skills.forms.__file__), *Path(bot.dialogue.__file__).parent.glob("*.py")]
    named = {path.name: [word for word in words if word in path.read_text(encoding="utf-8")] for path in generic}
    assert {name: found for name, found in named.items() if found} == {}
