"""Allowance for joiners: the on_employees_joined hook gives each new employee this year's allocations, prorated from
their first day by calendar days and rounded down to a half day (never more than earned); idempotent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from db.models import Employee
from skills.leave import SKILL
from skills.leave.models import Accrual, LeaveAllocation, LeaveType
from skills.leave.queries.balances import accrued_to_date, balance_for, earned_allowance
from skills.leave.service import allocate_joiners

from .conftest import TODAY, person


@pytest.mark.parametrize(
    ("started_on", "earned"),
    [
        (None, "22"),  # nobody knows: the full allowance
        (date(2025, 3, 1), "22"),  # started before this year
        (date(2026, 1, 1), "22"),
        (date(2026, 7, 1), "11"),  # 184 of 365 days: 11.09 -> 11
        (date(2026, 10, 1), "5.5"),  # 92 of 365 days: 5.55 -> 5.5
        (date(2026, 11, 25), "2"),  # 37 of 365 days: 2.23 -> 2
        (date(2026, 12, 31), "0"),  # 1 of 365 days: 0.06 -> 0
        (date(2027, 1, 10), "0"),  # starts next year: nothing this year
    ],
)
def test_the_allowance_is_prorated_by_calendar_days_and_rounded_down_to_a_half_day(started_on, earned):
    assert earned_allowance(Decimal(22), started_on, 2026) == Decimal(earned)


def test_a_leap_year_counts_366_days():
    assert earned_allowance(Decimal(22), date(2028, 7, 1), 2028) == Decimal(11)  # 184 / 366 * 22 = 11.06


def _joiner(session, started_on: date | None) -> Employee:
    employee = person("Nora")
    employee.started_on = started_on
    session.add(employee)
    session.flush()
    return employee


def _allocations(session, employee: Employee) -> dict[str, Decimal]:
    rows = session.scalars(select(LeaveAllocation).where(LeaveAllocation.employee_id == employee.id))
    return {row.leave_type: row.allocated_days for row in rows if row.year == TODAY.year}


def test_the_manifest_declares_the_hook():
    assert SKILL.on_employees_joined is allocate_joiners


def test_a_joiner_gets_this_years_allocations_of_every_limited_type_prorated(session, company):
    nora = _joiner(session, date(2026, 7, 1))
    hook = SKILL.on_employees_joined
    assert hook is not None
    hook(session, [nora], TODAY)
    assert _allocations(session, nora) == {
        "vacation": Decimal(11),
        "personal": Decimal("1.5"),
        "bereavement": Decimal("2.5"),
    }
    hook(session, [nora], TODAY)
    assert len(_allocations(session, nora)) == 3  # idempotent
    vacation = session.get(LeaveType, "vacation")
    assert balance_for(session, nora, vacation, 2026, TODAY).available == 11


def test_someone_who_started_before_this_year_gets_the_full_allowance(session, company):
    old_hand = _joiner(session, date(2019, 4, 1))
    allocate_joiners(session, [old_hand], TODAY)
    assert _allocations(session, old_hand)["vacation"] == 22


def test_without_an_allocation_row_the_balance_is_prorated_too(session, company):
    nora = _joiner(session, date(2026, 10, 1))
    vacation = session.get(LeaveType, "vacation")
    assert balance_for(session, nora, vacation, 2026, TODAY).available == Decimal("5.5")


def test_a_monthly_type_accrues_from_the_joiners_first_month(session, company):
    assert accrued_to_date(Decimal(11), 2026, date(2026, 8, 15), date(2026, 7, 1)) == Decimal("3.5")  # 2 of 6 months
    assert accrued_to_date(Decimal(11), 2026, date(2026, 12, 1), date(2026, 7, 1)) == Decimal(11)
    assert accrued_to_date(Decimal(22), 2026, date(2026, 3, 10), None) == Decimal("5.5")  # as before: 3 of 12
    assert accrued_to_date(Decimal(22), 2026, date(2026, 3, 10), date(2027, 2, 1)) == 0
    vacation = session.get(LeaveType, "vacation")
    vacation.accrual = Accrual.MONTHLY
    nora = _joiner(session, date(2026, 7, 1))
    allocate_joiners(session, [nora], TODAY)
    assert balance_for(session, nora, vacation, 2026, TODAY).accrued == Decimal("9")  # 11 * 5 / 6 = 9.17
