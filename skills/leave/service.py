"""Leave commands: leave types, yearly allocations, submit, decide and cancel.

Each command takes keyword arguments and an ``Actor`` (who, through which front end, when), changes state with a
conditional update (``skills.common.transition``), and writes its audit row and its notifications in the caller's
transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.audit import record
from db.models import Employee
from skills.approvals import errors as approval_errors
from skills.approvals import service as approvals
from skills.approvals.kinds import Decision
from skills.approvals.queries import approval_of, deciders_waited_for
from skills.common.time import local_today
from skills.common.transition import transition
from skills.core import Actor
from skills.leave import errors, notifications
from skills.leave.approval import HR_TYPES_FACT, LEAVE_APPROVAL
from skills.leave.models import ENTITY, Accrual, LeaveAllocation, LeaveRequest, LeaveStatus, LeaveType
from skills.leave.queries.approvals import approver_if_any, can_cancel, can_decide, no_longer_pending
from skills.leave.queries.balances import active_types, allocation_of, balance_for, earned_allowance
from skills.leave.queries.requests import get_request, pending_of
from skills.leave.rules import LeaveDraft, validate

ZERO = Decimal(0)

# --- leave types and allocations --------------------------------------------------------------------------------


def default_leave_types() -> list[LeaveType]:
    """The leave types a new company starts with (README.md says why each rule is what it is)."""
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


def allocate_year(session: Session, employee: Employee, year: int) -> list[LeaveAllocation]:
    """Give the employee their allowance of every limited type for ``year``, carrying over up to the cap.

    A joiner (``Employee.started_on`` inside ``year``) gets the part earned from their first day, rounded down
    to a half day; someone starting after ``year`` gets nothing for it. Idempotent: a type already allocated for
    the year is left as it is.
    """
    rows: list[LeaveAllocation] = []
    for leave_type in active_types(session):
        if leave_type.allowance_days is None:
            continue
        existing = allocation_of(session, employee.id, leave_type.code, year)
        if existing is not None:
            rows.append(existing)
            continue
        carried = ZERO
        if leave_type.carry_over_cap > 0 and allocation_of(session, employee.id, leave_type.code, year - 1):
            last = balance_for(session, employee, leave_type, year - 1, date(year - 1, 12, 31))
            carried = max(ZERO, min(leave_type.carry_over_cap, last.available or ZERO))
        row = LeaveAllocation(
            employee_id=employee.id,
            leave_type=leave_type.code,
            year=year,
            allocated_days=earned_allowance(leave_type.allowance_days, employee.started_on, year),
            carried_over_days=carried,
        )
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


def allocate_joiners(session: Session, employees: Sequence[Employee], today: date) -> None:
    """The ``on_employees_joined`` hook: each new employee gets this year's allocations (prorated from their
    first day when it falls this year); idempotent."""
    for employee in employees:
        allocate_year(session, employee, today.year)


# --- submit, decide, cancel -------------------------------------------------------------------------------------


def snapshot(request: LeaveRequest) -> dict[str, Any]:
    """The request's fields as the audit log records them."""
    return {
        "status": str(request.status),
        "leave_type": request.leave_type,
        "start_date": request.start_date.isoformat(),
        "end_date": request.end_date.isoformat(),
        "start_half": request.start_half,
        "end_half": request.end_half,
        "working_days": str(request.working_days),
        "approver_id": request.approver_id,
        "decided_by_id": request.decided_by_id,
        "decision_reason": request.decision_reason,
    }


def _person(actor: Actor) -> Employee:
    if actor.employee is None:
        raise ValueError("a leave command needs an employee as its actor")
    return actor.employee


def submit(
    session: Session,
    *,
    actor: Actor,
    draft: LeaveDraft,
    hr_approves_types: frozenset[str] = frozenset(),
    lang: str | None = None,
) -> LeaveRequest:
    """Re-check ``draft`` and create the actor's request: pending, with its approval opened on the shared engine
    (the manager, or their stand-in; then HR for the types in ``hr_approves_types``), or approved at once if the type
    needs no approval (the manager is then told). A broken rule is worded for ``lang`` (default: the employee's)."""
    employee = _person(actor)
    today = local_today(employee.timezone, actor.when)
    # Serialise one employee's submissions on PostgreSQL so two at once cannot both pass the overlap/balance checks.
    session.execute(select(Employee.id).where(Employee.id == employee.id).with_for_update())
    check = validate(session, employee, draft, today, lang=lang)
    needs_approval = check.leave_type.requires_approval
    choice = approver_if_any(session, employee, today, needed=needs_approval)
    request = LeaveRequest(
        employee_id=employee.id,
        leave_type=check.leave_type.code,
        start_date=draft.start,
        end_date=draft.end,
        start_half=draft.start_half,
        end_half=draft.end_half,
        working_days=check.working_days,
        reason=draft.reason.strip(),
        status=LeaveStatus.PENDING if needs_approval else LeaveStatus.APPROVED,
        approver_id=choice.approver.id if choice else None,
        approver_reason=choice.reason if choice else None,
        approver_reason_params=choice.params if choice and choice.reason else None,
        decided_at=None if needs_approval else actor.when,
        created_at=actor.when,
        updated_at=actor.when,
    )
    session.add(request)
    session.flush()
    session.refresh(request)
    record(session, action="leave.submitted", entity_type=ENTITY, entity_id=request.id, before=None,
           after=snapshot(request), via=actor.via, actor=employee, actor_label=actor.label)  # fmt: skip
    if needs_approval:
        facts = {"leave_type": request.leave_type, HR_TYPES_FACT: sorted(hr_approves_types)}
        approvals.open_approval(
            session, actor=actor, kind=LEAVE_APPROVAL, entity_id=request.id, requester=employee, facts=facts
        )
    elif choice is not None:
        notifications.request_submitted(session, request, choice.approver, actor.when)
    return request


def decide(
    session: Session, *, actor: Actor, request_id: int, approve: bool, reason: str | None = None
) -> LeaveRequest:
    """Approve or reject a pending request through the approval engine: its approver (or their delegate today), or
    HR/admin acting for them; never the requester.

    A rejection needs a reason. On the final decision the requester is told (``finish_decision``), and every card
    about the request is redrawn without buttons.
    """
    person = _person(actor)
    request = get_request(session, request_id)
    permission = can_decide(request, person, local_today(person.timezone, actor.when))
    if permission.refusal is not None:
        raise permission.refusal
    if not approve and not (reason or "").strip():
        raise errors.ReasonRequired(name=request.employee.name)
    try:
        approvals.decide(
            session, actor=actor, kind=LEAVE_APPROVAL, entity_id=request.id, approve=approve, reason=reason
        )
    except approval_errors.NoLongerPending:  # someone else decided (or the requester withdrew) in between
        session.refresh(request)
        raise no_longer_pending(request, person) from None
    session.refresh(request)
    return request


def finish_decision(session: Session, decision: Decision) -> None:
    """The engine's final decision on a leave request (its ``on_decided`` hook): the request's conditional update,
    its audit row ("hr@… for maria@…" when someone decided for the approver) and the requester told."""
    request = get_request(session, decision.approval.entity_id)
    person = decision.by
    if person is None:
        return
    before = snapshot(request)
    status = LeaveStatus.APPROVED if decision.approved else LeaveStatus.REJECTED
    won = transition(
        session,
        request,
        LeaveRequest.status == LeaveStatus.PENDING,
        status=status,
        decided_by_id=person.id,
        decided_at=decision.actor.when,
        decision_reason=decision.reason,
        updated_at=decision.actor.when,
        version=LeaveRequest.version + 1,
    )
    if not won:  # the requester withdrew it in between: the whole decision rolls back
        raise no_longer_pending(request, person)
    acting_for = decision.on_behalf_of
    label = f"{person.email} for {acting_for.email}" if acting_for is not None else decision.actor.label
    after = snapshot(request) | {"acting_for_id": acting_for.id if acting_for is not None else None}
    record(session, action=f"leave.{status}", entity_type=ENTITY, entity_id=request.id, before=before, after=after,
           via=decision.actor.via, actor=person, actor_label=label)  # fmt: skip
    notifications.request_decided(session, request, person)


def cancel(session: Session, *, actor: Actor, request_id: int) -> LeaveRequest:
    """Withdraw a pending request or cancel approved leave that has not started: the requester or HR only.

    The approver's card loses its buttons and they are told; the days come back because balances are computed.
    """
    person = _person(actor)
    request = get_request(session, request_id)
    permission = can_cancel(request, person, local_today(request.employee.timezone, actor.when))
    if permission.refusal is not None:
        raise permission.refusal
    before = snapshot(request)
    seen = request.status
    target = LeaveStatus.WITHDRAWN if seen == LeaveStatus.PENDING else LeaveStatus.CANCELLED
    # A pending request's approval is closed first (the same row a decision claims first, so they cannot deadlock).
    if seen == LeaveStatus.PENDING and not approvals.withdraw(
        session, actor=actor, kind=LEAVE_APPROVAL, entity_id=request.id
    ):
        session.refresh(request)
        raise no_longer_pending(request, person)
    won = transition(
        session,
        request,
        LeaveRequest.status == seen,
        status=target,
        updated_at=actor.when,
        version=LeaveRequest.version + 1,
    )
    if not won:  # a decision landed in between: it wins, and we say so
        raise no_longer_pending(request, person)
    record(session, action=f"leave.{target}", entity_type=ENTITY, entity_id=request.id, before=before,
           after=snapshot(request), via=actor.via, actor=person, actor_label=actor.label)  # fmt: skip
    notifications.settle_cards(session, request, actor.when)
    notifications.request_called_off(session, request, person)
    return request


# --- leavers ----------------------------------------------------------------------------------------------------


def withdraw_for_leaver(session: Session, *, actor: Actor, request: LeaveRequest, source: str) -> bool:
    """Withdraw a pending request of someone the directory marks as gone: the approval is closed, the audit row
    names the directory file, every card loses its buttons and whoever was to decide is told; False when a decision
    got there first."""
    approval = approval_of(session, LEAVE_APPROVAL.entity, request.id)
    deciders = deciders_waited_for(approval) if approval is not None else []
    before = snapshot(request)
    if not approvals.withdraw(session, actor=actor, kind=LEAVE_APPROVAL, entity_id=request.id):
        return False
    won = transition(
        session, request, LeaveRequest.status == LeaveStatus.PENDING, status=LeaveStatus.WITHDRAWN,
        updated_at=actor.when, version=LeaveRequest.version + 1,
    )  # fmt: skip
    if not won:
        return False
    record(session, action="leave.withdrawn", entity_type=ENTITY, entity_id=request.id, before=before,
           after=snapshot(request) | {"why": "the employee left"}, via=actor.via, actor=actor.employee,
           actor_label=source)  # fmt: skip
    notifications.settle_cards(session, request, actor.when)
    notifications.withdrawn_for_leaver(session, request, deciders)
    return True


def withdraw_leavers_requests(session: Session, leavers: Sequence[Employee], actor: Actor, source: str) -> None:
    """The ``on_employees_left`` hook: every pending leave request of the leavers is withdrawn (they will not be
    here to take it), with its audit row and a notice to whoever was to decide."""
    for employee in leavers:
        for request in pending_of(session, employee):
            withdraw_for_leaver(session, actor=actor, request=request, source=source)
