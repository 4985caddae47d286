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


def _level_decided(approval: Approval, level: int, at: Moment) -> errors.NoLongerPending:
    decided = [s for s in approval.steps if s.level == level and s.status in (StepStatus.APPROVED, StepStatus.REJECTED)]
    if not decided:
        return errors.NoLongerPending()
    step = decided[0]
    by = step.decided_by.name if step.decided_by is not None else "?"
    if step.status == StepStatus.APPROVED:
        return errors.AlreadyApproved(by=by, at=at(step.decided_at))
    return errors.AlreadyRejected(by=by, at=at(step.decided_at))


def decided_earlier(approval: Approval, person: Employee) -> bool:
    """Whether ``person`` approved a level before the current one of ``approval`` (in any capacity)."""
    return any(s.level < approval.current_level and s.status == StepStatus.APPROVED and s.decided_by_id == person.id
               for s in approval.steps)  # fmt: skip


def check_in_step(
    approval: Approval, person: Employee, delegators: Collection[int], at: Moment, *, overrides: bool = True
) -> Seat:
    """3. One of the current level's pending steps is theirs, or a delegator's (on their behalf); HR/admin may
    decide for the approver as a recorded override (``overrides``: only from a button or a command), also when an
    earlier step of theirs was decided by someone else; anyone else whose own level was decided already is told who
    decided it; whoever approved an earlier level decides no later one; anyone else is told who decides."""
    current = [s for s in approval.steps if s.level == approval.current_level and s.status == StepStatus.PENDING]
    if not current:  # its steps were read after another decision settled the level: that decision won
        raise _level_decided(approval, approval.current_level, at)
    seat = _seat(current, person, delegators, overrides=overrides)
    if seat is not None and decided_earlier(approval, person):  # however they would sit here: delegate, stand-in, HR
        names = ", ".join(dict.fromkeys(s.approver.name for s in current if s.approver_id != person.id)) or "?"
        raise errors.DecidedEarlierLevel(approver=names)
    if seat is not None:
        return seat
    # No seat here: a late reply about their own earlier step ("approve" sent twice) is told who decided it.
    earlier = [s for s in approval.steps if s.level < approval.current_level and s.approver_id == person.id]
    if earlier:
        raise _level_decided(approval, earlier[-1].level, at)
    names = ", ".join(dict.fromkeys(s.approver.name for s in current)) or "?"
    raise errors.NotInStep(approver=names)


def _seat(
    current: list[ApprovalStep], person: Employee, delegators: Collection[int], *, overrides: bool
) -> Seat | None:
    """Where ``person`` would sit at the current level: its approver, a delegator's delegate, or HR/admin deciding
    for the approver as a recorded override (even if an earlier step of theirs someone else decided); else None."""
    for step in current:
        if step.approver_id == person.id:
            return Seat(step, DecidedAs.APPROVER, None)
    for step in current:
        if step.approver_id in delegators:
            return Seat(step, DecidedAs.DELEGATE, step.approver)
    if overrides and person.has_role(Role.HR):
        return Seat(current[0], DecidedAs.OVERRIDE, current[0].approver)
    return None


def check_reason(approve: bool, reason: str | None, requester: str) -> None:
    """4. A rejection says why."""
    if not approve and not (reason or "").strip():
        raise errors.ReasonRequired(name=requester)


def check_level(approval: Approval, level: int | None, at: Moment) -> None:
    """2b. The level the decider saw (a button carries it) is still the one being decided."""
    if level is not None and level != approval.current_level:
        raise _level_decided(approval, level, at)


def validate_decision(
    approval: Approval,
    person: Employee,
    delegators: Collection[int],
    at: Moment,
    *,
    level: int | None = None,
    overrides: bool = True,
) -> Seat:
    """The checklist in order (reason apart: it is checked when the decision is made); the seat it leaves."""
    check_not_requester(approval, person)
    check_pending(approval, at)
    check_level(approval, level, at)
    return check_in_step(approval, person, delegators, at, overrides=overrides)


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
