"""The approval engine's commands: open an approval, decide a step, withdraw, escalate, remind, set a delegate.

Each takes keyword arguments and an ``Actor`` (who, through which front end, when). A decision first claims the
approval's current level with one conditional update (``skills.common.transition``): of any number of clicks,
thread replies and Home-tab buttons racing on one level, exactly one passes it, on SQLite and PostgreSQL; the
others change nothing and say who decided first. The audit row, the skill's hook and the notifications are written
in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from db.audit import record
from db.models import Employee, Role
from skills.approvals import errors, notifications, rules
from skills.approvals.chain import ChainContext, StepPlan, build_levels
from skills.approvals.kinds import ApprovalKind, Decision, all_kinds
from skills.approvals.models import (
    DELEGATION_ENTITY,
    ENTITY,
    Approval,
    ApprovalStatus,
    ApprovalStep,
    DecidedAs,
    Delegation,
    StepStatus,
)
from skills.approvals.queries import (
    Overdue,
    approval_of,
    away_until,
    can_decide,
    hr_contact,
    moment_formatter,
    next_active_manager,
    pending_steps_of,
    stand_in_for,
)
from skills.common.hr import HrDesk
from skills.common.time import local_today
from skills.common.transition import transition
from skills.core import Actor


def _person(actor: Actor) -> Employee:
    if actor.employee is None:
        raise ValueError("an approval command needs an employee as its actor")
    return actor.employee


def snapshot(approval: Approval) -> dict[str, Any]:
    """The approval and its steps as the audit log records them."""
    return {
        "status": str(approval.status),
        "level": approval.current_level,
        "steps": [
            {"id": s.id, "level": s.level, "approver_id": s.approver_id, "rule": s.rule, "status": str(s.status),
             "decided_by_id": s.decided_by_id, "on_behalf_of_id": s.on_behalf_of_id, "decided_as": s.decided_as}
            for s in approval.steps
        ],
    }  # fmt: skip


def _reload(session: Session, approval: Approval) -> None:
    session.refresh(approval)
    for step in approval.steps:
        session.refresh(step)


# --- open -----------------------------------------------------------------------------------------------------------


def open_approval(
    session: Session,
    *,
    actor: Actor,
    kind: ApprovalKind,
    entity_id: int,
    requester: Employee,
    facts: Mapping[str, Any] | None = None,
    levels: list[list[StepPlan]] | None = None,
) -> Approval:
    """Open the approval of a skill's new row: its steps from ``kind``'s chain, the first level asked (each approver,
    and their delegate today, gets the card). No level applying approves it at once (``on_decided`` is called)."""
    today = local_today(requester.timezone, actor.when)
    if levels is None:
        levels = build_levels(kind.chain, ChainContext(session, requester, today, dict(facts or {})))
    approval = Approval(
        entity_type=kind.entity, entity_id=entity_id, requester_id=requester.id, status=ApprovalStatus.PENDING,
        current_level=1, created_at=actor.when, version=1,
    )  # fmt: skip
    session.add(approval)
    session.flush()
    for number, level in enumerate(levels, start=1):
        for plan in level:
            session.add(
                ApprovalStep(
                    approval_id=approval.id, level=number, approver_id=plan.approver.id, rule=plan.rule,
                    rule_reason=plan.reason, rule_params=plan.params or None,
                    status=StepStatus.PENDING if number == 1 else StepStatus.WAITING,
                    pending_since=actor.when if number == 1 else None,
                )
            )  # fmt: skip
    session.flush()
    session.refresh(approval)
    record(session, action="approval.opened", entity_type=ENTITY, entity_id=approval.id, before=None,
           after=snapshot(approval) | {"entity": f"{kind.entity}:{entity_id}"}, via=actor.via, actor=actor.employee,
           actor_label=actor.label)  # fmt: skip
    if not levels:
        transition(session, approval, Approval.status == ApprovalStatus.PENDING, status=ApprovalStatus.APPROVED,
                   decided_at=actor.when, version=Approval.version + 1)  # fmt: skip
        kind.on_decided(session, Decision(approval, None, True, True, None, None, False, None, actor))
        return approval
    notifications.ask_level(session, kind, approval, 1, actor.when)
    return approval


# --- decide ---------------------------------------------------------------------------------------------------------


def _lost(session: Session, approval: Approval, level: int, person: Employee) -> errors.NoLongerPending:
    """What ``person`` is told when another decision (or a withdrawal) took ``level`` first."""
    _reload(session, approval)
    at = moment_formatter(person)
    decided = [s for s in approval.steps if s.level == level and s.status in (StepStatus.APPROVED, StepStatus.REJECTED)]
    if decided and approval.status != ApprovalStatus.WITHDRAWN:
        step = decided[0]
        by = step.decided_by.name if step.decided_by is not None else "?"
        if step.status == StepStatus.APPROVED:
            return errors.AlreadyApproved(by=by, at=at(step.decided_at))
        return errors.AlreadyRejected(by=by, at=at(step.decided_at))
    try:
        rules.check_pending(approval, at)
    except errors.NoLongerPending as error:
        return error
    return errors.NoLongerPending()


def decide(
    session: Session,
    *,
    actor: Actor,
    kind: ApprovalKind,
    entity_id: int,
    approve: bool,
    reason: str | None = None,
    level: int | None = None,
    overrides: bool = True,
) -> Decision:
    """Approve or reject the current level of the approval of ``kind``'s row ``entity_id``.

    ``level`` is the level the decider saw (a button carries it: a click on a card of a level already decided
    changes nothing); ``overrides`` False refuses HR/admin deciding for someone else (a thread reply).

    Re-checks who may (``queries.can_decide``: never the requester; the step's approver, their delegate today, or
    HR/admin as a recorded override), that a rejection has a reason and that the kind's ``before_approve`` allows an
    approval; claims the level with a conditional update
    (a lost race raises the ``Already…`` error naming who decided); skips the level's other steps; asks the next
    level, or settles the approval and calls ``kind.on_decided``; updates every card about it.
    """
    person = _person(actor)
    approval = approval_of(session, kind.entity, entity_id)
    if approval is None:
        raise errors.ApprovalNotFound(id=entity_id)
    today = local_today(person.timezone, actor.when)
    permission = can_decide(session, approval, person, today, level=level, overrides=overrides)
    if permission.refusal is not None:
        raise permission.refusal
    assert permission.seat is not None
    rules.check_reason(approve, reason, approval.requester.name)
    if approve and kind.before_approve is not None:
        kind.before_approve(session, approval)
    reason = (reason or "").strip() or None
    seat, level = permission.seat, approval.current_level
    before = snapshot(approval)
    later = sorted({s.level for s in approval.steps if s.level > level})
    final = not approve or not later
    values: dict[str, Any] = {"version": Approval.version + 1}
    if final:
        values |= {"status": ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED, "decided_at": actor.when}
    else:
        values["current_level"] = later[0]
    # The claim: the first write of the transaction, so on SQLite it waits for the lock instead of failing.
    won = transition(
        session, approval, Approval.status == ApprovalStatus.PENDING, Approval.current_level == level, **values
    )
    if not won:
        raise _lost(session, approval, level, person)
    step = seat.step
    transition(
        session, step, ApprovalStep.status == StepStatus.PENDING,
        status=StepStatus.APPROVED if approve else StepStatus.REJECTED, decided_by_id=person.id,
        on_behalf_of_id=seat.on_behalf_of.id if seat.on_behalf_of is not None else None,
        decided_as=seat.decided_as, reason=reason, decided_at=actor.when,
    )  # fmt: skip
    open_steps = [StepStatus.PENDING, StepStatus.WAITING]
    skipped = update(ApprovalStep).where(
        ApprovalStep.approval_id == approval.id, ApprovalStep.id != step.id, ApprovalStep.status.in_(open_steps)
    )
    if not final:
        skipped = skipped.where(ApprovalStep.level == level)
    session.execute(skipped.values(status=StepStatus.SKIPPED).execution_options(synchronize_session=False))
    if not final:
        session.execute(
            update(ApprovalStep)
            .where(ApprovalStep.approval_id == approval.id, ApprovalStep.level == later[0])
            .values(status=StepStatus.PENDING, pending_since=actor.when)
            .execution_options(synchronize_session=False)
        )
    _reload(session, approval)
    behalf = seat.on_behalf_of
    label = f"{person.email} for {behalf.email}" if behalf is not None else actor.label
    action = f"approval.step_{'approved' if approve else 'rejected'}"
    record(session, action=action, entity_type=ENTITY, entity_id=approval.id, before=before, after=snapshot(approval),
           via=actor.via, actor=person, actor_label=label)  # fmt: skip
    decision = Decision(
        approval, step, approve, final, person, behalf, seat.decided_as == DecidedAs.OVERRIDE, reason, actor
    )
    if final:
        kind.on_decided(session, decision)
    notifications.settle_cards(session, kind, approval, actor.when)
    if not final:
        notifications.progress(session, kind, decision)
        notifications.ask_level(session, kind, approval, later[0], actor.when)
    return decision


def settle_cards(session: Session, *, kind: ApprovalKind, entity_id: int, now: datetime) -> int:
    """Redraw every card about ``kind``'s row that still has buttons (after the skill changed the row itself, e.g.
    a withdrawal); how many."""
    approval = approval_of(session, kind.entity, entity_id)
    return 0 if approval is None else notifications.settle_cards(session, kind, approval, now)


# --- withdraw ---------------------------------------------------------------------------------------------------------


def withdraw(session: Session, *, actor: Actor, kind: ApprovalKind, entity_id: int) -> bool:
    """The requester (or HR for them) took the row back while pending: close the approval and its open steps.

    True when it was withdrawn now or has no approval; False when a decision got there first (the caller says
    what happened). Call it before changing the skill's own row, in the same transaction.
    """
    approval = approval_of(session, kind.entity, entity_id)
    if approval is None:
        return True
    before = snapshot(approval)
    won = transition(
        session, approval, Approval.status == ApprovalStatus.PENDING, status=ApprovalStatus.WITHDRAWN,
        decided_at=actor.when, version=Approval.version + 1,
    )  # fmt: skip
    if not won:
        return False
    session.execute(
        update(ApprovalStep)
        .where(
            ApprovalStep.approval_id == approval.id,
            ApprovalStep.status.in_([StepStatus.PENDING, StepStatus.WAITING]),
        )
        .values(status=StepStatus.SKIPPED)
        .execution_options(synchronize_session=False)
    )
    _reload(session, approval)
    record(session, action="approval.withdrawn", entity_type=ENTITY, entity_id=approval.id, before=before,
           after=snapshot(approval), via=actor.via, actor=actor.employee, actor_label=actor.label)  # fmt: skip
    return True


# --- jobs: remind and escalate ----------------------------------------------------------------------------------------


def remind(session: Session, *, kind: ApprovalKind, due: Overdue, now: datetime) -> bool:
    """Send a pending step's card again to its approver, once per business day (claimed on ``last_reminded_at``)."""
    step = due.step
    last = step.last_reminded_at
    seen = ApprovalStep.last_reminded_at.is_(None) if last is None else ApprovalStep.last_reminded_at == last
    if not transition(session, step, ApprovalStep.status == StepStatus.PENDING, seen, last_reminded_at=now):
        return False
    notifications.remind(session, kind, step, now)
    return True


def _escalation_target(session: Session, step: ApprovalStep, today: date) -> Employee | None:
    """Who is added when a step waits too long: the approver's next active manager up (present, not the requester,
    not already in the level), else an HR person."""
    approval = step.approval
    taken = {s.approver_id for s in approval.steps if s.level == step.level} | {approval.requester_id}
    boss = next_active_manager(step.approver)
    if boss is not None and boss.id not in taken and away_until(session, boss, today) is None:
        return boss
    hr = hr_contact(session, approval.requester, today)
    return hr if hr is not None and hr.id not in taken else None


def escalate(session: Session, *, kind: ApprovalKind, due: Overdue, now: datetime, desk: HrDesk) -> bool:
    """Once per level (claimed on ``escalated_at``): add the next person up (else HR) to the step's level as an
    "any of" step with the card, and tell the HR channel."""
    step = due.step
    if not transition(
        session, step, ApprovalStep.status == StepStatus.PENDING, ApprovalStep.escalated_at.is_(None), escalated_at=now
    ):
        return False
    approval = step.approval
    target = _escalation_target(session, step, local_today(approval.requester.timezone, now))
    if target is not None:
        session.add(
            ApprovalStep(
                approval_id=approval.id, level=step.level, approver_id=target.id, rule="escalation",
                rule_reason="escalated", rule_params={"approver": step.approver.name, "days": str(due.waited)},
                status=StepStatus.PENDING, pending_since=now, escalated_at=now,
            )
        )  # fmt: skip
        session.flush()
        _reload(session, approval)
        added = next(s for s in approval.steps if s.approver_id == target.id and s.rule == "escalation")
        notifications.ask_step(session, kind, approval, added, now)
    notifications.escalated(session, kind, step, due.waited, desk)
    return True


def hand_over_leavers_steps(session: Session, leavers: Sequence[Employee], actor: Actor, source: str) -> None:
    """The ``on_employees_left`` hook: each step still waiting for a leaver is handed to the next active manager up
    (whose inbox already shows it), who gets its card now instead of after a day's reminder."""
    kinds = all_kinds()
    for leaver in leavers:
        stand_in = stand_in_for(leaver)
        if stand_in is None:
            continue  # nobody up is active: the escalation tells HR
        for step in pending_steps_of(session, leaver.id):
            approval, kind = step.approval, kinds.get(step.approval.entity_type)
            in_level = {
                s.approver_id for s in approval.steps if s.level == step.level and s.status == StepStatus.PENDING
            }
            if kind is None or stand_in.id == approval.requester_id or stand_in.id in in_level:
                continue
            notifications.ask_stand_in(session, kind, step, stand_in)


# --- delegates ------------------------------------------------------------------------------------------------------


def set_delegate(
    session: Session, *, actor: Actor, delegator: Employee, delegate: Employee, start: date, end: date
) -> Delegation:
    """ "While I'm away Ana approves for me": ``delegate`` may decide ``delegator``'s steps from ``start`` to ``end``.

    The delegator themselves or HR/admin for anyone; not oneself; an active colleague; dates in order and not
    over. The delegate is told; from the first day the delegator's pending steps are in the delegate's inbox and
    Home tab, and the cards of steps asked from then on go to them too.
    """
    person = _person(actor)
    today = local_today(person.timezone, actor.when)
    rules.check_delegation(person, delegator, delegate, start, end, today, person.has_role(Role.HR))
    row = Delegation(
        delegator_id=delegator.id, delegate_id=delegate.id, start_date=start, end_date=end, created_by_id=person.id,
        created_at=actor.when,
    )  # fmt: skip
    session.add(row)
    session.flush()
    session.refresh(row)
    after = {"delegator_id": delegator.id, "delegate_id": delegate.id, "start": start.isoformat(),
             "end": end.isoformat()}  # fmt: skip
    record(session, action="approval.delegate_set", entity_type=DELEGATION_ENTITY, entity_id=row.id, before=None,
           after=after, via=actor.via, actor=person, actor_label=actor.label)  # fmt: skip
    notifications.delegation_set(session, row, person)
    return row


def revoke_delegate(session: Session, *, actor: Actor, delegation: Delegation) -> bool:
    """End a delegation early (its delegator or HR); False when it was revoked already."""
    person = _person(actor)
    if person.id != delegation.delegator_id and not person.has_role(Role.HR):
        raise errors.DelegateNotAllowed()
    won = transition(session, delegation, Delegation.revoked_at.is_(None), revoked_at=actor.when)
    if won:
        record(session, action="approval.delegate_revoked", entity_type=DELEGATION_ENTITY, entity_id=delegation.id,
               before=None, after={"revoked": True}, via=actor.via, actor=person, actor_label=actor.label)  # fmt: skip
    return won
