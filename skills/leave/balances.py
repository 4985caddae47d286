"""Leave types, yearly allocations and balances: allocated (+ carried over, accrued to date) − taken − pending."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Employee
from skills.leave.models import Accrual, LeaveAllocation, LeaveRequest, LeaveStatus, LeaveType

ZERO = Decimal(0)


def default_leave_types() -> list[LeaveType]:
    """The leave types a new company starts with (see README.md for why each rule is what it is)."""
    return [
        LeaveType(
            code="vacation", name_en="Vacation", name_es="Vacaciones", allowance_days=Decimal(22),
            accrual=Accrual.UPFRONT, carry_over_cap=Decimal(5), requires_approval=True, min_notice_days=7,
            half_days_allowed=True, backdate_days=0,
        ),
        LeaveType(
            code="sick", name_en="Sick leave", name_es="Baja por enfermedad", allowance_days=None,
            accrual=Accrual.UPFRONT, carry_over_cap=ZERO, requires_approval=False, min_notice_days=0,
            half_days_allowed=True, backdate_days=3,
        ),
        LeaveType(
            code="personal", name_en="Personal day", name_es="Asuntos propios", allowance_days=Decimal(3),
            accrual=Accrual.UPFRONT, carry_over_cap=ZERO, requires_approval=True, min_notice_days=1,
            half_days_allowed=True, backdate_days=0,
        ),
        LeaveType(
            code="unpaid", name_en="Unpaid leave", name_es="Permiso sin sueldo", allowance_days=None,
            accrual=Accrual.UPFRONT, carry_over_cap=ZERO, requires_approval=True, min_notice_days=14,
            half_days_allowed=False, backdate_days=0,
        ),
        LeaveType(
            code="parental", name_en="Parental leave", name_es="Permiso por nacimiento", allowance_days=None,
            accrual=Accrual.UPFRONT, carry_over_cap=ZERO, requires_approval=True, min_notice_days=15,
            half_days_allowed=False, backdate_days=0,
        ),
        LeaveType(
            code="bereavement", name_en="Bereavement leave", name_es="Permiso por fallecimiento",
            allowance_days=Decimal(5), accrual=Accrual.UPFRONT, carry_over_cap=ZERO, requires_approval=True,
            min_notice_days=0, half_days_allowed=False, backdate_days=3,
        ),
    ]  # fmt: skip


def ensure_leave_types(session: Session) -> list[LeaveType]:
    """Add the default leave types that are missing (idempotent) and return every type."""
    existing = {row.code for row in session.scalars(select(LeaveType))}
    session.add_all(t for t in default_leave_types() if t.code not in existing)
    session.flush()
    return list(session.scalars(select(LeaveType).order_by(LeaveType.code)))


def months_accrued(year: int, today: date) -> int:
    """How many monthly accruals of ``year`` have happened by ``today`` (one on the first of each month)."""
    if year < today.year:
        return 12
    if year > today.year:
        return 0
    return today.month


def _floor_half(value: Decimal) -> Decimal:
    """Round down to a whole or half day, so accrued days are never more than earned."""
    return (value * 2).to_integral_value(rounding=ROUND_FLOOR) / 2


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


def _allocation(session: Session, employee: Employee, leave_type: LeaveType, year: int) -> LeaveAllocation | None:
    return session.scalar(
        select(LeaveAllocation).where(
            LeaveAllocation.employee_id == employee.id,
            LeaveAllocation.leave_type == leave_type.code,
            LeaveAllocation.year == year,
        )
    )


def _days_by_status(
    session: Session, employee: Employee, leave_type: LeaveType, year: int, exclude_id: int | None = None
) -> dict[str, Decimal]:
    """Working days of the employee's requests of a type starting in ``year``, summed per status."""
    query = (
        select(LeaveRequest.status, func.coalesce(func.sum(LeaveRequest.working_days), 0))
        .where(
            LeaveRequest.employee_id == employee.id,
            LeaveRequest.leave_type == leave_type.code,
            LeaveRequest.start_date >= date(year, 1, 1),
            LeaveRequest.start_date <= date(year, 12, 31),
        )
        .group_by(LeaveRequest.status)
    )
    if exclude_id is not None:
        query = query.where(LeaveRequest.id != exclude_id)
    return {status: Decimal(total) for status, total in session.execute(query)}


def balance_for(
    session: Session, employee: Employee, leave_type: LeaveType, year: int, today: date, exclude_id: int | None = None
) -> Balance:
    """The employee's balance of ``leave_type`` in ``year`` as of ``today``.

    Without an allocation row the type's standard allowance applies. A request counts in the year it starts.
    """
    days = _days_by_status(session, employee, leave_type, year, exclude_id)
    taken = days.get(LeaveStatus.APPROVED, ZERO)
    pending = days.get(LeaveStatus.PENDING, ZERO)
    if leave_type.allowance_days is None:
        return Balance(leave_type, year, None, ZERO, None, taken, pending, None)
    allocation = _allocation(session, employee, leave_type, year)
    allocated = allocation.allocated_days if allocation else leave_type.allowance_days
    carried = allocation.carried_over_days if allocation else ZERO
    if leave_type.accrual == Accrual.MONTHLY:
        accrued = _floor_half(allocated * months_accrued(year, today) / 12)
    else:
        accrued = allocated
    available = accrued + carried - taken - pending
    return Balance(leave_type, year, allocated, carried, accrued, taken, pending, available)


def balances(session: Session, employee: Employee, year: int, today: date) -> list[Balance]:
    """The employee's balance of every active leave type in ``year``, limited types first."""
    types = session.scalars(select(LeaveType).where(LeaveType.active.is_(True)).order_by(LeaveType.code))
    found = [balance_for(session, employee, leave_type, year, today) for leave_type in types]
    return sorted(found, key=lambda b: (not b.leave_type.limited, b.leave_type.code))


def allocate_year(session: Session, employee: Employee, year: int) -> list[LeaveAllocation]:
    """Give the employee their allowance of every limited type for ``year``, carrying over up to the cap.

    Idempotent: a type already allocated for the year is left as it is.
    """
    rows: list[LeaveAllocation] = []
    year_end = date(year - 1, 12, 31)
    for leave_type in session.scalars(select(LeaveType).where(LeaveType.active.is_(True))):
        if leave_type.allowance_days is None:
            continue
        existing = _allocation(session, employee, leave_type, year)
        if existing is not None:
            rows.append(existing)
            continue
        carried = ZERO
        if leave_type.carry_over_cap > 0 and _allocation(session, employee, leave_type, year - 1) is not None:
            last = balance_for(session, employee, leave_type, year - 1, year_end)
            carried = max(ZERO, min(leave_type.carry_over_cap, last.available or ZERO))
        row = LeaveAllocation(
            employee_id=employee.id,
            leave_type=leave_type.code,
            year=year,
            allocated_days=leave_type.allowance_days,
            carried_over_days=carried,
        )
        session.add(row)
        rows.append(row)
    session.flush()
    return rows
