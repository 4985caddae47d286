"""The views are pure: they draw already-loaded data, so they work on objects that belong to no session, and they
import nothing that could query."""

from __future__ import annotations

import ast
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import object_session

from db.models import Employee
from skills.leave.models import LeaveRequest, LeaveStatus, LeaveType
from skills.leave.queries.approvals import ApproverChoice
from skills.leave.queries.balances import Balance
from skills.leave.queries.calendar import DayOff
from skills.leave.queries.facts import CardFacts, WhatIf
from skills.leave.queries.team import HolidayOff, OffEntry
from skills.leave.rules import LeaveDraft, YearCharge
from skills.leave.service import default_leave_types
from skills.leave.views import answers, cards, preview

VIEWS = Path(cards.__file__).parent


def _people() -> tuple[Employee, Employee]:
    maria = Employee(id=2, email="maria@corp.example", name="Maria", locale="en-US", timezone="America/New_York")
    ana = Employee(id=3, email="ana@corp.example", name="Ana", locale="en-US", manager=maria, country="US")
    return ana, maria


def _vacation() -> LeaveType:
    return next(t for t in default_leave_types() if t.code == "vacation")


def _request() -> LeaveRequest:
    ana, maria = _people()
    return LeaveRequest(
        id=7, employee=ana, employee_id=3, approver=maria, approver_id=2, type=_vacation(), leave_type="vacation",
        start_date=date(2026, 12, 28), end_date=date(2027, 1, 5), start_half=False, end_half=False,
        working_days=Decimal(6), reason="family", status=LeaveStatus.PENDING,
    )  # fmt: skip


FACTS = CardFacts(
    days_by_year={2026: Decimal(4), 2027: Decimal(2)},
    balance_after={2026: Decimal(18), 2027: Decimal(20)},
    team=[OffEntry(4, "Eva", date(2026, 12, 28), date(2026, 12, 29), False, False, "vacation", "approved")],
    holidays={date(2027, 1, 1): "New Year's Day"},
)


def test_the_approval_card_is_drawn_without_a_session():
    request = _request()
    assert object_session(request) is None
    blocks = cards.approval_card(request, FACTS, "en")
    fields = [f["text"] for block in blocks for f in block.get("fields", [])]
    assert blocks[0]["text"]["text"] == "Ana asks for Vacation"
    assert "*Working days*\n6 (4 in 2026, 2 in 2027)" in fields
    assert "*Balance if approved*\n18 days in 2026, 20 days in 2027" in fields
    assert "*Team off those days*\nEva (Dec 28, 2026 – Dec 29, 2026, approved)" in fields
    assert "*Holidays (not counted)*\nJan 1 is New Year's Day" in fields
    assert [e["action_id"] for e in blocks[-1]["elements"]] == [cards.APPROVE, cards.REJECT]
    assert cards.notice_text("new_request", request, "es").startswith("Ana pide Vacaciones: 28 dic 2026 – 5 ene 2027")


def test_the_preview_is_drawn_from_a_what_if():
    _, maria = _people()
    balance = Balance(_vacation(), 2026, Decimal(22), Decimal(0), Decimal(22), Decimal(0), Decimal(0), Decimal(22))
    result = WhatIf(
        leave_type=_vacation(),
        working_days=Decimal(1),
        days_off=(DayOff(date(2026, 12, 7), "Lunes siguiente a Día de la Constitución Española"),),
        charges=(YearCharge(2026, Decimal(1), balance),),
        approver=ApproverChoice(maria),
        conflicts=[],
    )
    shown = preview.request_preview(result, LeaveDraft("vacation", date(2026, 12, 7), date(2026, 12, 9)), "es")
    assert shown.title == "Vacaciones: 7 dic 2026 – 9 dic 2026"
    assert dict(shown.fields) == {
        "Fechas": "7 dic 2026 – 9 dic 2026",
        "Días laborables": "1",
        "Tipo": "Vacaciones",
        "Saldo después": "21 días",
        "Aprueba": "Maria",
        "Del equipo, ausentes esos días": "nadie",
        "Festivos (no se cuentan)": "el 7 dic es festivo: Lunes siguiente a Día de la Constitución Española",
    }


def test_who_is_off_is_drawn_from_entries_and_holidays():
    period = answers.Period(
        "This week",
        [OffEntry(4, "Eva", date(2026, 12, 14), date(2026, 12, 15), False, False, None, None)],
        [HolidayOff(date(2026, 12, 8), "Immaculate Conception", ("Eva", "Lucía"))],
    )
    text = answers.team_text([period], "en", {})
    assert text.splitlines() == [
        "Who is off",
        "This week",
        "• Eva · Dec 14, 2026 – Dec 15, 2026",
        "Holidays",
        "• Dec 8 · Immaculate Conception: Eva, Lucía",
    ]


@pytest.mark.parametrize("module", sorted(VIEWS.glob("*.py")), ids=lambda path: path.name)
def test_a_view_module_imports_nothing_that_queries(module: Path):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    runtime_imports = []
    for node in tree.body:  # TYPE_CHECKING blocks are for annotations only
        if isinstance(node, ast.ImportFrom) and node.module:
            runtime_imports.append(node.module)
        elif isinstance(node, ast.Import):
            runtime_imports += [alias.name for alias in node.names]
    forbidden = ("sqlalchemy", "skills.leave.queries", "skills.leave.service", "skills.leave.notifications", "db.")
    assert [name for name in runtime_imports if name.startswith(forbidden)] == []
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    names |= {node.arg for node in ast.walk(tree) if isinstance(node, ast.arg)}
    assert not {name for name in names if "session" in name.lower() or name in ("select", "scalar", "scalars")}
