"""Who may decide a step, as an ordered checklist of named errors, run again at every click, reply and button.

``validate_decision`` calls the ``check_*`` functions in order; each raises one error from ``errors.py``. The
permission question is asked through ``queries.can_decide``, which runs this checklist.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime

from db.models import Employee, Role
from skills.approvals import errors
from skills.approvals.models import Approval, ApprovalStatus, ApprovalStep, DecidedAs, StepStatus

Moment = Callable[[datetime | None], str]
"""Formats a moment for the person refused (their language and time zone)."""


@dataclass(frozen=True)
class Seat:
    """The step someone would decide and in what capacity (themselves, a delegate, or an HR override)."""

    step: ApprovalStep
    decided_as: DecidedAs
    on_behalf_of: Employee | None


def check_not_requester(approval: Approval, person: Employee) -> None:
    """1. Never the requester, whatever their roles."""
    if person.id == approval.requester_id:
        raise errors.DecideOwnRequest()


def check_pending(approval: Approval, at: Moment) -> None:
    """2. Still pending: else say what happened, who and when."""
    if approval.status == ApprovalStatus.PENDING:
        return
    if approval.status == ApprovalStatus.WITHDRAWN:
        raise errors.AlreadyWithdrawn(name=approval.requester.name, at=at(approval.decided_at))
    decided = [s for s in approval.steps if s.status in (StepStatus.APPROVED, StepStatus.REJECTED)]
    last = max(decided, key=lambda s: (s.decided_at is not None, s.decided_at, s.id)) if decided else None
    by = last.decided_by.name if last is not None and last.decided_by is not None else "?"
    moment = at(last.decided_at if last is not None else approval.decided_at)
    if approval.status == ApprovalStatus.APPROVED:
        raise errors.AlreadyApproved(by=by, at=moment)
    raise errors.AlreadyRejected(by=by, at=moment)


def check_in_step(approval: Approval, person: Employee, delegators: Collection[int]) -> Seat:
    """3. One of the current level's pending steps is theirs, or a delegator's (on their behalf); HR/admin may
    decide for the approver as a recorded override; anyone else is told who decides."""
    current = [s for s in approval.steps if s.level == approval.current_level and s.status == StepStatus.PENDING]
    for step in current:
        if step.approver_id == person.id:
            return Seat(step, DecidedAs.APPROVER, None)
    for step in current:
        if step.approver_id in delegators:
            return Seat(step, DecidedAs.DELEGATE, step.approver)
    if person.has_role(Role.HR) and current:
        return Seat(current[0], DecidedAs.OVERRIDE, current[0].approver)
    names = ", ".join(dict.fromkeys(s.approver.name for s in current)) or "?"
    raise errors.NotInStep(approver=names)


def check_reason(approve: bool, reason: str | None, requester: str) -> None:
    """4. A rejection says why."""
    if not approve and not (reason or "").strip():
        raise errors.ReasonRequired(name=requester)


def validate_decision(approval: Approval, person: Employee, delegators: Collection[int], at: Moment) -> Seat:
    """The checklist in order (reason apart: it is checked when the decision is made); the seat it leaves."""
    check_not_requester(approval, person)
    check_pending(approval, at)
    return check_in_step(approval, person, delegators)


def check_delegation(
    person: Employee, delegator: Employee, delegate: Employee, start: date, end: date, today: date, is_hr: bool
) -> None:
    """A delegation: set by its delegator or HR/admin; not to oneself; to an active colleague; dates in order and
    not over before today."""
    if person.id != delegator.id and not is_hr:
        raise errors.DelegateNotAllowed()
    if delegate.id == delegator.id:
        raise errors.DelegateToSelf()
    if not delegate.active:
        raise errors.DelegateUnknown(name=delegate.name)
    if end < start or end < today:
        raise errors.DelegateDates()
