"""Read-only leave questions: what if, my requests, who is off, team conflicts. Nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import Employee, Role
from skills.errors import DomainError
from skills.leave.balances import Balance
from skills.leave.models import ACTIVE_STATUSES, LeaveRequest, LeaveStatus
from skills.leave.rules import LeaveDraft, validate_request
from skills.leave.service import ApproverChoice, approver_for


@dataclass(frozen=True)
class OffEntry:
    """Someone away (or asking to be) in a period; ``leave_type`` and ``status`` are None when the viewer may not see them."""

    employee_id: int
    name: str
    start: date
    end: date
    start_half: bool
    end_half: bool
    leave_type: str | None
    status: str | None


@dataclass(frozen=True)
class WhatIf:
    """What a request would do, without making it; ``conflicts`` are teammates already off (names and dates)."""

    working_days: Decimal
    balance: Balance
    available_after: Decimal | None
    approver: ApproverChoice | None
    needs_approval: bool
    conflicts: list[OffEntry]


def _entry(request: LeaveRequest, with_type: bool) -> OffEntry:
    return OffEntry(
        employee_id=request.employee_id,
        name=request.employee.name,
        start=request.start_date,
        end=request.end_date,
        start_half=request.start_half,
        end_half=request.end_half,
        leave_type=request.leave_type if with_type else None,
        status=str(request.status) if with_type else None,
    )


def _requests_of(
    session: Session, employee_ids: set[int], start: date, end: date, statuses: tuple[LeaveStatus, ...]
) -> list[LeaveRequest]:
    if not employee_ids:
        return []
    return list(
        session.scalars(
            select(LeaveRequest)
            .where(
                LeaveRequest.employee_id.in_(employee_ids),
                LeaveRequest.status.in_(statuses),
                LeaveRequest.start_date <= end,
                LeaveRequest.end_date >= start,
            )
            .order_by(LeaveRequest.start_date, LeaveRequest.employee_id)
        )
    )


def teammates(session: Session, employee: Employee) -> set[int]:
    """Active employees with the same manager, the employee excluded (nobody, without a manager)."""
    if employee.manager_id is None:
        return set()
    return set(
        session.scalars(
            select(Employee.id).where(
                Employee.manager_id == employee.manager_id, Employee.id != employee.id, Employee.active.is_(True)
            )
        )
    )


def direct_reports(session: Session, manager: Employee) -> set[int]:
    """Active employees who report to ``manager``."""
    return set(session.scalars(select(Employee.id).where(Employee.manager_id == manager.id, Employee.active.is_(True))))


def team_conflicts(session: Session, employee: Employee, start: date, end: date) -> list[OffEntry]:
    """Teammates with pending or approved leave overlapping ``start``..``end`` (with types, for the approver)."""
    return [_entry(r, True) for r in _requests_of(session, teammates(session, employee), start, end, ACTIVE_STATUSES)]


def who_is_off(session: Session, viewer: Employee, start: date, end: date) -> list[OffEntry]:
    """Who is away in a period: the viewer and their reports with types and status; teammates by name and dates.

    Teammates (same manager) show approved leave only; HR and admins see everyone with types.
    """
    if viewer.has_role(Role.HR):
        everyone = set(session.scalars(select(Employee.id).where(Employee.active.is_(True))))
        return [_entry(r, True) for r in _requests_of(session, everyone, start, end, ACTIVE_STATUSES)]
    detailed = direct_reports(session, viewer) | {viewer.id}
    peers = teammates(session, viewer) - detailed
    seen = [_entry(r, True) for r in _requests_of(session, detailed, start, end, ACTIVE_STATUSES)]
    seen += [_entry(r, False) for r in _requests_of(session, peers, start, end, (LeaveStatus.APPROVED,))]
    return sorted(seen, key=lambda e: (e.start, e.name))


def my_requests(session: Session, employee: Employee, year: int) -> list[LeaveRequest]:
    """The employee's requests touching ``year``, every status, in date order."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    return list(
        session.scalars(
            select(LeaveRequest)
            .where(
                LeaveRequest.employee_id == employee.id,
                or_(LeaveRequest.start_date.between(first, last), LeaveRequest.end_date.between(first, last)),
            )
            .order_by(LeaveRequest.start_date, LeaveRequest.id)
        )
    )


def what_if(session: Session, employee: Employee, draft: LeaveDraft, today: date) -> WhatIf:
    """Everything the preview card shows for ``draft`` (raising the first broken rule); writes nothing."""
    check = validate_request(session, employee, draft, today)
    try:
        approver: ApproverChoice | None = approver_for(session, employee, today)
    except DomainError:
        if check.leave_type.requires_approval:
            raise
        approver = None
    team = team_conflicts(session, employee, draft.start, draft.end)
    conflicts = [replace(e, leave_type=None, status=None) for e in team if e.status == LeaveStatus.APPROVED]
    return WhatIf(
        working_days=check.working_days,
        balance=check.balance,
        available_after=check.available_after,
        approver=approver,
        needs_approval=check.leave_type.requires_approval,
        conflicts=conflicts,
    )
