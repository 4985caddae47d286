from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from skills.leave.models import Accrual, LeaveAllocation, LeaveType
from skills.leave.queries.balances import balance_for, balances, months_accrued
from skills.leave.service import allocate_year, cancel, decide, ensure_leave_types, submit

from .conftest import TODAY, actor, approved, draft


def _vacation(session) -> LeaveType:
    leave_type = session.get(LeaveType, "vacation")
    assert leave_type is not None
    return leave_type


def test_upfront_balance_is_allocated_plus_carried_less_taken_and_pending(session, company):
    session.add(LeaveAllocation(employee_id=company.ana.id, leave_type="vacation", year=2026,
                                allocated_days=Decimal(22), carried_over_days=Decimal(3)))  # fmt: skip
    approved(session, company.ana, date(2026, 12, 14), date(2026, 12, 16))  # 3 days taken
    submit(
        session, actor=actor(company.ana), draft=draft(date(2026, 12, 21), date(2026, 12, 22), start_half=True)
    )  # 1.5
    balance = balance_for(session, company.ana, _vacation(session), 2026, TODAY)
    assert (balance.allocated, balance.carried_over, balance.taken, balance.pending, balance.available) == (
        Decimal(22), Decimal(3), Decimal(3), Decimal("1.5"), Decimal("20.5"),
    )  # fmt: skip


def test_a_rejected_or_cancelled_request_gives_its_days_back(session, company):
    rejected = submit(session, actor=actor(company.ana), draft=draft(date(2026, 12, 14)))
    decide(session, actor=actor(company.maria), request_id=rejected.id, approve=False, reason="busy week")
    kept = approved(session, company.ana, date(2026, 12, 15))
    assert balance_for(session, company.ana, _vacation(session), 2026, TODAY).available == 21
    cancel(session, actor=actor(company.ana), request_id=kept.id)
    assert balance_for(session, company.ana, _vacation(session), 2026, TODAY).available == 22


@pytest.mark.parametrize(("year", "today", "months"), [(2026, TODAY, 11), (2025, TODAY, 12), (2027, TODAY, 0),
                                                      (2026, date(2026, 1, 1), 1)])  # fmt: skip
def test_months_accrued(year, today, months):
    assert months_accrued(year, today) == months


def test_monthly_accrual_counts_what_is_earned_to_date_in_half_days(session, company):
    vacation = _vacation(session)
    vacation.accrual = Accrual.MONTHLY
    session.flush()
    balance = balance_for(session, company.ana, vacation, 2026, TODAY)
    assert balance.accrued == Decimal(20)  # 22 * 11 / 12 = 20.17, rounded down to a half day
    assert balance_for(session, company.ana, vacation, 2026, date(2026, 3, 10)).accrued == Decimal("5.5")
    submit(session, actor=actor(company.ana), draft=draft(date(2026, 12, 14), date(2026, 12, 18)))
    assert balance_for(session, company.ana, vacation, 2026, TODAY).available == Decimal(15)


def test_types_without_allowance_have_no_available_figure(session, company):
    submit(session, actor=actor(company.ana), draft=draft(date(2026, 11, 24), leave_type="sick"))
    by_type = {b.leave_type.code: b for b in balances(session, company.ana, 2026, TODAY)}
    assert by_type["sick"].available is None
    assert by_type["sick"].taken == 1  # sick leave needs no approval
    assert [b.leave_type.code for b in balances(session, company.ana, 2026, TODAY)][:3] == [
        "bereavement", "personal", "vacation",
    ]  # fmt: skip


def test_allocate_year_is_idempotent_and_carries_over_up_to_the_cap(session, company):
    first = allocate_year(session, company.ana, 2026)
    assert sorted((a.leave_type, a.allocated_days) for a in first) == [
        ("bereavement", 5), ("personal", 3), ("vacation", 22),
    ]  # fmt: skip
    approved(session, company.ana, date(2026, 12, 14), date(2026, 12, 18))  # 5 taken, 17 left, cap 5
    allocate_year(session, company.ana, 2027)
    again = allocate_year(session, company.ana, 2027)
    rows = session.scalars(select(LeaveAllocation).where(LeaveAllocation.year == 2027)).all()
    assert len(rows) == len(again) == 3
    vacation_2027 = next(row for row in rows if row.leave_type == "vacation")
    assert vacation_2027.carried_over_days == 5
    assert next(row for row in rows if row.leave_type == "personal").carried_over_days == 0


def test_ensure_leave_types_is_idempotent(session, company):
    assert len(ensure_leave_types(session)) == 6
    assert len(ensure_leave_types(session)) == 6


def test_every_types_balance_comes_from_the_same_few_queries_however_many_types(session, company):
    approved(session, company.ana, date(2026, 12, 14), date(2026, 12, 16))
    session.add_all(
        LeaveType(code=f"extra{n}", name_en=f"Extra {n}", name_es=f"Extra {n}", allowance_days=Decimal(2))
        for n in range(8)
    )
    session.flush()
    statements: list[str] = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731  (conn, cursor, statement, ...)
    event.listen(session.get_bind(), "before_cursor_execute", listen)
    try:
        found = balances(session, company.ana, 2026, TODAY)
    finally:
        event.remove(session.get_bind(), "before_cursor_execute", listen)
    assert len(found) >= 10 and next(b for b in found if b.leave_type.code == "vacation").taken == 3
    assert len(statements) <= 3  # the types, their requests, their allocations: not three per type
