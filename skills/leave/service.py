"""Leave service: who approves, submit, decide and cancel, each one transaction with its audit row and notices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.audit import record
from db.models import Employee, EmployeeRole, Role
from db.outbox import Entity, enqueue
from db.types import utcnow
from skills.errors import DomainError, NotAllowed
from skills.i18n import translate
from skills.leave import messages as text
from skills.leave.models import LeaveRequest, LeaveStatus
from skills.leave.rules import LeaveDraft, validate_request

ENTITY = "leave"
Blocks = list[dict[str, Any]]
CardBuilder = Callable[[str, LeaveRequest, Employee], Blocks | None]
"""``(kind, request, recipient) -> blocks``: lets the Slack layer attach Block Kit to a notification."""

_card_builder: CardBuilder | None = None


def set_card_builder(builder: CardBuilder | None) -> None:
    """Install (or remove, with None) the function that adds Block Kit to the service's notifications."""
    global _card_builder
    _card_builder = builder


# --- who approves ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApproverChoice:
    """Who approves a request and, for a stand-in, why (a ``leave.stand_in.<reason>`` message and its params)."""

    approver: Employee
    reason: str | None = None
    params: dict[str, str] = field(default_factory=dict)

    def explain(self, lang: str) -> str | None:
        """Why a stand-in approves, in ``lang``; None when it is the employee's own manager."""
        return explain_stand_in(self.reason, self.params, self.approver, lang)


def explain_stand_in(
    reason: str | None, params: dict[str, Any] | None, approver: Employee | None, lang: str
) -> str | None:
    """Render a stored stand-in reason (``approver_reason`` + params) in ``lang``."""
    if reason is None:
        return None
    values = dict(params or {})
    if values.get("until"):
        values["until"] = text.format_day(date.fromisoformat(values["until"]), lang)
    values["approver"] = approver.name if approver is not None else "?"
    return translate(lang, f"leave.stand_in.{reason}", **values)


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


def _hr_contact(session: Session, employee: Employee, today: date) -> Employee | None:
    """An active HR person (or admin), not the employee and not away today, lowest id first."""
    candidates = session.scalars(
        select(Employee)
        .join(EmployeeRole)
        .where(
            EmployeeRole.role.in_([Role.HR, Role.ADMIN]),
            Employee.active.is_(True),
            Employee.id != employee.id,
        )
        .order_by(Employee.id)
    )
    return next((person for person in candidates if on_leave(session, person, today) is None), None)


def approver_for(session: Session, employee: Employee, today: date) -> ApproverChoice:
    """The employee's manager; if away on approved leave today or inactive, the next manager up, else HR."""
    reason: str | None = None
    params: dict[str, str] = {}
    seen = {employee.id}
    candidate = employee.manager
    while candidate is not None and candidate.id not in seen:
        seen.add(candidate.id)
        away = on_leave(session, candidate, today) if candidate.active else None
        if candidate.active and away is None:
            return ApproverChoice(candidate, reason, params)
        if reason is None:  # explain by the first manager passed over
            reason = "manager_on_leave" if away is not None else "manager_inactive"
            params = {"manager": candidate.name, "until": away.end_date.isoformat() if away else ""}
        candidate = candidate.manager
    hr = _hr_contact(session, employee, today)
    if hr is None:
        raise DomainError("leave_no_approver")
    return ApproverChoice(hr, reason or "no_manager", params | {"name": employee.name})


# --- helpers --------------------------------------------------------------------------------------------------


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


def _span(request: LeaveRequest, lang: str) -> str:
    return text.format_span(request.start_date, request.end_date, request.start_half, request.end_half, lang)


def _notify(session: Session, kind: str, request: LeaveRequest, recipient: Employee, **params: Any) -> None:
    """Queue a ``leave.notify.<kind>`` message to ``recipient`` in their language, about ``request``."""
    lang = recipient.language
    body = translate(
        lang,
        f"leave.notify.{kind}",
        name=request.employee.name,
        type=request.type.name(lang),
        span=_span(request, lang),
        days=text.format_days(request.working_days, lang),
        **params,
    )
    extra = []
    if kind in ("new_request", "auto_approved"):
        stand_in = explain_stand_in(request.approver_reason, request.approver_reason_params, request.approver, lang)
        if stand_in:
            extra.append(stand_in)
        if request.reason:
            extra.append(translate(lang, "leave.notify.reason", reason=request.reason))
    blocks = _card_builder(kind, request, recipient) if _card_builder is not None else None
    enqueue(
        session, text="\n".join([body, *extra]), blocks=blocks, recipient=recipient, entity=Entity(ENTITY, request.id)
    )


def get_request(session: Session, request_id: int) -> LeaveRequest:
    """The leave request ``request_id``, or a ``leave_not_found`` error."""
    request = session.get(LeaveRequest, request_id)
    if request is None:
        raise DomainError("leave_not_found", id=request_id)
    return request


def already_happened(request: LeaveRequest, viewer: Employee) -> DomainError:
    """The error that tells ``viewer`` what already happened to a request that is no longer actionable."""
    lang = viewer.language

    def at(moment: datetime | None) -> str:
        return text.format_moment(moment, lang, viewer.timezone) if moment else "?"

    by = request.decided_by.name if request.decided_by is not None else "?"
    if request.status == LeaveStatus.APPROVED:
        return DomainError("leave_already_approved", by=by, at=at(request.decided_at))
    if request.status == LeaveStatus.REJECTED:
        return DomainError("leave_already_rejected", by=by, at=at(request.decided_at))
    if request.status == LeaveStatus.WITHDRAWN:
        return DomainError("leave_already_withdrawn", name=request.employee.name, at=at(request.updated_at))
    return DomainError("leave_already_cancelled", at=at(request.updated_at))


def _transition(
    session: Session, request: LeaveRequest, expected: LeaveStatus, values: dict[str, Any], viewer: Employee
) -> None:
    """Move ``request`` out of ``expected`` with a conditional UPDATE; if someone else got there first, say what."""
    result = session.execute(
        update(LeaveRequest)
        .where(LeaveRequest.id == request.id, LeaveRequest.status == expected)
        .values(version=LeaveRequest.version + 1, **values)
        .execution_options(synchronize_session=False)
    )
    session.refresh(request)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise already_happened(request, viewer)


# --- submit, decide, cancel -----------------------------------------------------------------------------------


def submit(
    session: Session, employee: Employee, draft: LeaveDraft, today: date, via: str, now: datetime | None = None
) -> LeaveRequest:
    """Re-check ``draft`` and create the request: pending for its approver, or approved if the type needs none."""
    now = now or utcnow()
    # Serialise one employee's submissions on PostgreSQL so two at once cannot both pass the overlap/balance checks.
    session.execute(select(Employee.id).where(Employee.id == employee.id).with_for_update())
    check = validate_request(session, employee, draft, today)
    needs_approval = check.leave_type.requires_approval
    try:
        choice: ApproverChoice | None = approver_for(session, employee, today)
    except DomainError:
        if needs_approval:
            raise
        choice = None
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
        decided_at=None if needs_approval else now,
        created_at=now,
        updated_at=now,
    )
    session.add(request)
    session.flush()
    session.refresh(request)
    record(
        session,
        action="leave.submitted",
        entity_type=ENTITY,
        entity_id=request.id,
        before=None,
        after=snapshot(request),
        via=via,
        actor=employee,
        actor_label=employee.email,
    )
    if choice is not None:
        _notify(session, "new_request" if needs_approval else "auto_approved", request, choice.approver)
    return request


def decide(
    session: Session,
    request_id: int,
    actor: Employee,
    approve: bool,
    reason: str | None,
    via: str,
    now: datetime | None = None,
) -> LeaveRequest:
    """Approve or reject a pending request: its approver, or HR/admin acting for them; never the requester."""
    now = now or utcnow()
    request = get_request(session, request_id)
    # 1. Who may decide.
    if actor.id == request.employee_id:
        raise NotAllowed("leave_decide_own")
    acting_for: Employee | None = None
    if actor.id != request.approver_id:
        if not actor.has_role(Role.HR):
            approver = request.approver.name if request.approver is not None else "?"
            raise NotAllowed("leave_not_your_approval", approver=approver)
        acting_for = request.approver
    # 2. Still waiting for a decision (the conditional update below is what settles a race).
    if request.status != LeaveStatus.PENDING:
        raise already_happened(request, actor)
    # 3. A rejection says why.
    reason = (reason or "").strip()
    if not approve and not reason:
        raise DomainError("leave_reason_required", slot="reason", name=request.employee.name)
    before = snapshot(request)
    new_status = LeaveStatus.APPROVED if approve else LeaveStatus.REJECTED
    _transition(
        session,
        request,
        LeaveStatus.PENDING,
        {"status": new_status, "decided_by_id": actor.id, "decided_at": now, "decision_reason": reason or None,
         "updated_at": now},
        actor,
    )  # fmt: skip
    after = snapshot(request) | {"acting_for_id": acting_for.id if acting_for is not None else None}
    label = f"{actor.email} for {acting_for.email}" if acting_for is not None else actor.email
    record(
        session,
        action=f"leave.{new_status}",
        entity_type=ENTITY,
        entity_id=request.id,
        before=before,
        after=after,
        via=via,
        actor=actor,
        actor_label=label,
    )
    if approve:
        _notify(session, "approved", request, request.employee, by=actor.name)
    else:
        _notify(session, "rejected", request, request.employee, by=actor.name, reason=reason)
    return request


def cancel(
    session: Session, request_id: int, actor: Employee, via: str, today: date, now: datetime | None = None
) -> LeaveRequest:
    """Withdraw a pending request or cancel an approved one that has not started; the requester or HR only."""
    now = now or utcnow()
    request = get_request(session, request_id)
    # 1. Who may cancel.
    own = actor.id == request.employee_id
    if not own and not actor.has_role(Role.HR):
        raise NotAllowed("leave_cancel_not_yours", name=request.employee.name)
    # 2. What cancelling means in the request's state.
    if request.status == LeaveStatus.PENDING:
        expected, target = LeaveStatus.PENDING, LeaveStatus.WITHDRAWN
    elif request.status == LeaveStatus.APPROVED:
        if request.start_date <= today:
            raise DomainError("leave_already_started", start=text.format_day(request.start_date, actor.language))
        expected, target = LeaveStatus.APPROVED, LeaveStatus.CANCELLED
    else:
        raise already_happened(request, actor)
    before = snapshot(request)
    # 3. The conditional update: a decision that landed in between wins, and we say so.
    _transition(session, request, expected, {"status": target, "updated_at": now}, actor)
    record(
        session,
        action=f"leave.{target}",
        entity_type=ENTITY,
        entity_id=request.id,
        before=before,
        after=snapshot(request),
        via=via,
        actor=actor,
        actor_label=actor.email,
    )
    if request.approver is not None and request.approver.id != actor.id:
        _notify(session, str(target), request, request.approver)
    if not own:
        _notify(session, "cancelled_for_you", request, request.employee, by=actor.name)
    return request
