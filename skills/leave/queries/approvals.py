"""Who approves a request, and who may decide or cancel it now: asked as questions, never probed by raising."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from db.models import Employee, Role
from skills.approvals import errors as approval_errors
from skills.approvals import queries as engine
from skills.approvals.chain import manager_choice
from skills.errors import DomainError
from skills.leave import errors
from skills.leave import messages as text
from skills.leave.models import ENTITY, LeaveRequest, LeaveStatus


@dataclass(frozen=True)
class ApproverChoice:
    """Who approves a request and, for a stand-in, why (a ``leave.stand_in.<reason>`` message and its params)."""

    approver: Employee
    reason: str | None = None
    params: dict[str, str] = field(default_factory=dict)

    def explain(self, lang: str) -> str | None:
        """Why a stand-in approves, in ``lang``; None when it is the employee's own manager."""
        return text.stand_in_text(self.reason, self.params, self.approver.name, lang)


@dataclass(frozen=True)
class Permission:
    """Whether someone may act on a request now; if not, the error that says why; HR says whom it acts for."""

    refusal: DomainError | None = None
    acting_for: Employee | None = None

    def __bool__(self) -> bool:
        return self.refusal is None


def on_leave(session: Session, employee: Employee, day: date) -> LeaveRequest | None:
    """The employee's approved leave covering ``day``, if they are away."""
    return session.scalar(
        select(LeaveRequest)
        .where(
            LeaveRequest.employee_id == employee.id,
            LeaveRequest.status == LeaveStatus.APPROVED,
            LeaveRequest.start_date <= day,
            LeaveRequest.end_date >= day,
        )
        .order_by(LeaveRequest.end_date.desc())
        .limit(1)
    )


def hr_contact(session: Session, employee: Employee, today: date) -> Employee | None:
    """An active HR person (or admin), not the employee and not away today, lowest id first (the engine's)."""
    return engine.hr_contact(session, employee, today)


def approver_for(session: Session, employee: Employee, today: date) -> ApproverChoice:
    """The employee's manager; if away on approved leave today or inactive, the next manager up, else HR (the
    approval engine's ``manager`` rule, ``skills.approvals.chain.manager_choice``)."""
    try:
        plan = manager_choice(session, employee, today)
    except approval_errors.NoApprover:
        raise errors.NoApprover() from None
    return ApproverChoice(plan.approver, plan.reason, dict(plan.params))


def approver_if_any(session: Session, employee: Employee, today: date, *, needed: bool) -> ApproverChoice | None:
    """Who approves (or, for a type needing no approval, who is told); None when nobody can and none is needed."""
    try:
        return approver_for(session, employee, today)
    except errors.NoApprover:
        if needed:
            raise
        return None


def no_longer_pending(request: LeaveRequest, viewer: Employee) -> errors.NoLongerPending:
    """The error telling ``viewer`` what already happened to a request (who and when, in their time zone)."""
    lang = viewer.language

    def at(moment: datetime | None) -> str:
        return text.format_moment(moment, lang, viewer.timezone) if moment else "?"

    by = request.decided_by.name if request.decided_by is not None else "?"
    if request.status == LeaveStatus.APPROVED:
        return errors.AlreadyApproved(by=by, at=at(request.decided_at))
    if request.status == LeaveStatus.REJECTED:
        return errors.AlreadyRejected(by=by, at=at(request.decided_at))
    if request.status == LeaveStatus.WITHDRAWN:
        return errors.AlreadyWithdrawn(name=request.employee.name, at=at(request.updated_at))
    return errors.AlreadyCancelled(at=at(request.updated_at))


def can_decide(request: LeaveRequest, employee: Employee, today: date | None = None) -> Permission:
    """Whether ``employee`` may approve or reject ``request`` now, asked of the approval engine.

    In order: never the requester, whatever their roles; only while it is pending; only an approver of the current
    step, their delegate on ``today`` (None: delegations are not looked up), or HR/admin acting for them.
    """
    if employee.id == request.employee_id:
        return Permission(errors.DecideOwnRequest())
    session = object_session(request)
    approval = engine.approval_of(session, ENTITY, request.id) if session is not None else None
    if request.status != LeaveStatus.PENDING or approval is None:
        if request.status == LeaveStatus.PENDING:
            approver = request.approver.name if request.approver is not None else "?"
            return Permission(errors.NotYourApproval(approver=approver))
        return Permission(no_longer_pending(request, employee))
    assert session is not None
    permission = engine.can_decide(session, approval, employee, today)
    refusal = permission.refusal
    if isinstance(refusal, approval_errors.DecideOwnRequest):
        return Permission(errors.DecideOwnRequest())
    if isinstance(refusal, approval_errors.NotInStep):
        return Permission(errors.NotYourApproval(**refusal.params))
    if isinstance(refusal, approval_errors.NoLongerPending):
        session.refresh(request)  # decided since it was read: say what happened to it
        return Permission(no_longer_pending(request, employee))
    if refusal is not None:
        return Permission(refusal)
    assert permission.seat is not None
    return Permission(None, permission.seat.on_behalf_of)


def can_cancel(request: LeaveRequest, employee: Employee, today: date) -> Permission:
    """Whether ``employee`` may call ``request`` off now: the requester or HR/admin; pending, or approved and not
    started by ``today``."""
    if employee.id != request.employee_id and not employee.has_role(Role.HR):
        return Permission(errors.CancelNotYours(name=request.employee.name))
    if request.status == LeaveStatus.APPROVED and request.start_date <= today:
        return Permission(errors.AlreadyStarted(start=text.format_day(request.start_date, employee.language)))
    if request.status not in (LeaveStatus.PENDING, LeaveStatus.APPROVED):
        return Permission(no_longer_pending(request, employee))
    return Permission()
