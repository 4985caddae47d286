"""Balances: what is allocated (prorated for joiners, accrued to date) and carried over, less taken and pending.

A request's working days count in the year each day falls in: leave from Dec 28 to Jan 5 takes its December days
from this year's allowance and its January days from next year's (:func:`split_by_year`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Employee
from skills.leave.models import ACTIVE_STATUSES, Accrual, LeaveAllocation, LeaveRequest, LeaveStatus, LeaveType
from skills.leave.queries.calendar import count_working_days

ZERO = Decimal(0)


@dataclass(frozen=True)
class Balance:
    """One type's days in one year; ``available`` is None for types without a yearly allowance."""

    leave_type: LeaveType
    year: int
    allocated: Decimal | None
    carried_over: Decimal
    accrued: Decimal | None
    taken: Decimal
    pending: Decimal
    available: Decimal | None


def floor_half(value: Decimal) -> Decimal:
    """Round down to a whole or half day, so nobody is given more than they earned."""
    return (value * 2).to_integral_value(rounding=ROUND_FLOOR) / 2


def earned_allowance(allowance: Decimal, started_on: date | None, year: int) -> Decimal:
    """The part of a yearly ``allowance`` earned in ``year`` by someone whose first day is ``started_on``.

    All of it when they started before the year (or nobody knows when), nothing when they start after it;
    otherwise in proportion to the calendar days from their first day to December 31, rounded down to a half day.
    """
    first, last = date(year, 1, 1), date(year, 12, 31)
    if started_on is None or started_on <= first:
        return allowance
    if started_on > last:
        return ZERO
    employed = (last - started_on).days + 1
    return floor_half(allowance * employed / ((last - first).days + 1))


def months_accrued(year: int, today: date, first_month: int = 1) -> int:
    """How many monthly accruals of ``year`` have happened by ``today``, counting from ``first_month``."""
    if year < today.year:
        return 13 - first_month
    if year > today.year:
        return 0
    return max(0, today.month - first_month + 1)


def accrued_to_date(allocated: Decimal, year: int, today: date, started_on: date | None) -> Decimal:
    """A monthly type's allocation earned by ``today``: one share on the first of each month worked, down to a half."""
    if started_on is not None and started_on.year > year:
        return ZERO
    first_month = started_on.month if started_on is not None and started_on.year == year else 1
    months = months_accrued(year, today, first_month)
    return floor_half(allocated * months / (13 - first_month))


def allocation_of(session: Session, employee_id: int, leave_type: str, year: int) -> LeaveAllocation | None:
    """The allocation row of one employee, type and year, if there is one."""
    return session.scalar(
        select(LeaveAllocation).where(
            LeaveAllocation.employee_id == employee_id,
            LeaveAllocation.leave_type == leave_type,
            LeaveAllocation.year == year,
        )
    )


def split_by_year(session: Session, request: LeaveRequest) -> dict[int, Decimal]:
    """The request's working days per calendar year, counted with the employee's working-day calendar.

    The stored total stays authoritative: should the calendar have changed since, the later years keep their
    counted days (never more than the total) and the first year the rest.
    """
    first_year = request.start_date.year
    if request.end_date.year == first_year:
        return {first_year: request.working_days}
    counted = count_working_days(
        session,
        request.employee.country,
        request.start_date,
        request.end_date,
        start_half=request.start_half,
        end_half=request.end_half,
    )
    split: dict[int, Decimal] = {}
    remaining = request.working_days
    for year in sorted(y for y in counted.by_year if y != first_year):
        split[year] = min(counted.by_year[year], remaining)
        remaining -= split[year]
    return {first_year: remaining, **split}


def _days_in(session: Session, request: LeaveRequest, year: int) -> Decimal:
    """The request's working days that fall in ``year`` (its stored total when it lies inside the year)."""
    if request.start_date.year == year and request.end_date.year == year:
        return request.working_days
    return split_by_year(session, request).get(year, ZERO)


def _days_by_type(
    session: Session, employee: Employee, codes: Sequence[str], year: int, exclude_id: int | None = None
) -> dict[str, dict[str, Decimal]]:
    """Working days of the employee's pending and approved requests of ``codes`` that fall in ``year``, per type
    and status: one query for every type (the few requests crossing New Year are split by :func:`split_by_year`)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    query = select(LeaveRequest).where(
        LeaveRequest.employee_id == employee.id,
        LeaveRequest.leave_type.in_(list(codes)),
        LeaveRequest.status.in_(ACTIVE_STATUSES),
        LeaveRequest.start_date <= last,
        LeaveRequest.end_date >= first,
    )
    if exclude_id is not None:
        query = query.where(LeaveRequest.id != exclude_id)
    totals: dict[str, dict[str, Decimal]] = {code: {} for code in codes}
    for request in session.scalars(query.order_by(LeaveRequest.id)):
        per_status = totals[request.leave_type]
        status = str(request.status)
        per_status[status] = per_status.get(status, ZERO) + _days_in(session, request, year)
    return totals


def days_by_status(
    session: Session, employee: Employee, leave_type: str, year: int, exclude_id: int | None = None
) -> dict[str, Decimal]:
    """Working days of the employee's pending and approved requests of a type that fall in ``year``, per status."""
    return _days_by_type(session, employee, [leave_type], year, exclude_id)[leave_type]


def _allocations(session: Session, employee_id: int, codes: Sequence[str], year: int) -> dict[str, LeaveAllocation]:
    """The employee's allocation rows of ``codes`` in ``year``, by type (one query)."""
    rows = session.scalars(
        select(LeaveAllocation).where(
            LeaveAllocation.employee_id == employee_id,
            LeaveAllocation.leave_type.in_(list(codes)),
            LeaveAllocation.year == year,
        )
    )
    return {row.leave_type: row for row in rows}


def _balance(
    leave_type: LeaveType,
    employee: Employee,
    year: int,
    today: date,
    days: dict[str, Decimal],
    allocation: LeaveAllocation | None,
) -> Balance:
    """One type's balance from its days per status and its allocation row (already loaded)."""
    taken = days.get(LeaveStatus.APPROVED, ZERO)
    pending = days.get(LeaveStatus.PENDING, ZERO)
    if leave_type.allowance_days is None:
        return Balance(leave_type, year, None, ZERO, None, taken, pending, None)
    if allocation is not None:
        allocated, carried = allocation.allocated_days, allocation.carried_over_days
    else:
        allocated, carried = earned_allowance(leave_type.allowance_days, employee.started_on, year), ZERO
    if leave_type.accrual == Accrual.MONTHLY:
        accrued = accrued_to_date(allocated, year, today, employee.started_on)
    else:
        accrued = allocated
    available = accrued + carried - taken - pending
    return Balance(leave_type, year, allocated, carried, accrued, taken, pending, available)


def balances_of(
    session: Session,
    employee: Employee,
    kinds: Sequence[LeaveType],
    year: int,
    today: date,
    exclude_id: int | None = None,
) -> list[Balance]:
    """The employee's balance of each of ``kinds`` in ``year`` as of ``today``, in the order given: two queries
    whatever the number of types (their requests, their allocations)."""
    if not kinds:
        return []
    codes = [kind.code for kind in kinds]
    days = _days_by_type(session, employee, codes, year, exclude_id)
    limited = [kind.code for kind in kinds if kind.allowance_days is not None]
    allocations = _allocations(session, employee.id, limited, year) if limited else {}
    return [_balance(kind, employee, year, today, days[kind.code], allocations.get(kind.code)) for kind in kinds]


def balance_for(
    session: Session, employee: Employee, leave_type: LeaveType, year: int, today: date, exclude_id: int | None = None
) -> Balance:
    """The employee's balance of ``leave_type`` in ``year`` as of ``today`` (``exclude_id``: leave one request out).

    Without an allocation row the type's allowance applies, prorated from ``Employee.started_on`` for a joiner.
    """
    return balances_of(session, employee, [leave_type], year, today, exclude_id)[0]


def active_types(session: Session) -> list[LeaveType]:
    """Every leave type in use, by code."""
    return list(session.scalars(select(LeaveType).where(LeaveType.active.is_(True)).order_by(LeaveType.code)))


def all_types(session: Session) -> list[LeaveType]:
    """Every leave type, in use or not, by code."""
    return list(session.scalars(select(LeaveType).order_by(LeaveType.code)))


def balances(session: Session, employee: Employee, year: int, today: date, only: str | None = None) -> list[Balance]:
    """The employee's balance of every active leave type in ``year`` (or of type ``only``), limited types first."""
    kinds = [kind for kind in active_types(session) if only in (None, kind.code)]
    found = balances_of(session, employee, kinds, year, today)
    return sorted(found, key=lambda b: (not b.leave_type.limited, b.leave_type.code))


def years_with_leave(session: Session, employee: Employee, today: date) -> list[int]:
    """This year, and next year too when the employee already has pending or approved leave in it."""
    next_year = date(today.year + 1, 1, 1)
    booked = session.scalar(
        select(LeaveRequest.id)
        .where(
            LeaveRequest.employee_id == employee.id,
            LeaveRequest.status.in_(ACTIVE_STATUSES),
            LeaveRequest.end_date >= next_year,
            LeaveRequest.start_date < date(today.year + 2, 1, 1),
        )
        .limit(1)
    )
    return [today.year, today.year + 1] if booked is not None else [today.year]


def allocation_count(session: Session) -> int:
    """How many allocation rows there are, every year and employee (the allocation job reports what it added)."""
    return session.scalar(select(func.count()).select_from(LeaveAllocation)) or 0
