"""Every read of the approval engine: approvals and steps, who is away, delegations, who may decide, the inbox,
what is due for a reminder or an escalation, and the cards posted about an approval."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from db.models import Employee, EmployeeRole, OutboxMessage, Role
from db.outbox import Entity, messages_about
from skills.approvals import errors, rules
from skills.approvals.models import Approval, ApprovalStatus, ApprovalStep, Delegation, StepStatus
from skills.common.time import business_days_between, local_today
from skills.errors import DomainError

if TYPE_CHECKING:
    from skills.approvals.chain import StepPlan
    from skills.approvals.kinds import ApprovalKind

REMIND_AFTER_BUSINESS_DAYS = 1
ESCALATE_AFTER_BUSINESS_DAYS = 3

# --- people -----------------------------------------------------------------------------------------------------


def away_until(session: Session, person: Employee, day: date) -> date | None:
    """The last day of the approved leave that covers ``day`` for ``person``, if they are away."""
    from skills.leave.models import LeaveRequest, LeaveStatus  # absence is leave's fact; leave imports the engine

    return session.scalar(
        select(LeaveRequest.end_date)
        .where(
            LeaveRequest.employee_id == person.id,
            LeaveRequest.status == LeaveStatus.APPROVED,
            LeaveRequest.start_date <= day,
            LeaveRequest.end_date >= day,
        )
        .order_by(LeaveRequest.end_date.desc())
        .limit(1)
    )


def active_holders(session: Session, role: Role) -> list[Employee]:
    """Active employees holding ``role`` or admin, lowest id first."""
    wanted = [role, Role.ADMIN] if role != Role.ADMIN else [Role.ADMIN]
    return list(
        session.scalars(
            select(Employee)
            .join(EmployeeRole)
            .where(EmployeeRole.role.in_(wanted), Employee.active.is_(True))
            .order_by(Employee.id)
            .distinct()
        )
    )


def hr_contact(session: Session, employee: Employee, today: date) -> Employee | None:
    """An active HR person (or admin), not ``employee`` and not away today, lowest id first."""
    for person in active_holders(session, Role.HR):
        if person.id != employee.id and away_until(session, person, today) is None:
            return person
    return None


def colleagues_named(session: Session, text: str, exclude: int | None = None) -> list[Employee]:
    """Active employees ``text`` names (full or first name, or a close misspelling), never ``exclude``."""
    from skills.approvals.matching import names_in  # pure text matching

    people = session.scalars(select(Employee).where(Employee.active.is_(True)).order_by(Employee.id))
    named = [p for p in people if p.id != exclude and names_in(text, p.name)]
    full = [p for p in named if names_in(text, p.name, whole=True)]
    return full or named


def employee(session: Session, employee_id: int) -> Employee:
    """The employee ``employee_id`` (LookupError when gone)."""
    found = session.get(Employee, employee_id)
    if found is None:
        raise LookupError(employee_id)
    return found


# --- approvals and steps ------------------------------------------------------------------------------------------


def approval_of(session: Session, entity_type: str, entity_id: int) -> Approval | None:
    """The approval of a skill's row, if it has one."""
    return session.scalar(
        select(Approval)
        .where(Approval.entity_type == entity_type, Approval.entity_id == entity_id)
        .execution_options(populate_existing=True)
    )


def pending_requested_by(session: Session, person: Employee) -> list[Approval]:
    """The approvals ``person`` asked for that still wait for a decision, oldest first."""
    return list(
        session.scalars(
            select(Approval)
            .where(Approval.requester_id == person.id, Approval.status == ApprovalStatus.PENDING)
            .order_by(Approval.created_at, Approval.id)
        )
    )


def get_approval(session: Session, approval_id: int) -> Approval:
    """The approval ``approval_id``, or ``ApprovalNotFound``."""
    approval = session.get(Approval, approval_id, populate_existing=True)
    if approval is None:
        raise errors.ApprovalNotFound(id=approval_id)
    return approval


def get_step(session: Session, step_id: int) -> ApprovalStep:
    """The step ``step_id``, or ``ApprovalNotFound``."""
    step = session.get(ApprovalStep, step_id)
    if step is None:
        raise errors.ApprovalNotFound(id=step_id)
    return step


def plan(
    session: Session, kind: ApprovalKind, requester: Employee, facts: dict[str, Any], today: date
) -> list[list[StepPlan]]:
    """The levels ``kind``'s chain would give a request of ``requester`` (for a preview); writes nothing."""
    from skills.approvals.chain import ChainContext, build_levels  # chain reads this module

    return build_levels(kind.chain, ChainContext(session, requester, today, facts))


# --- delegations --------------------------------------------------------------------------------------------------


def delegation_of(session: Session, delegator_id: int, day: date) -> Delegation | None:
    """The delegation ``delegator_id`` has running on ``day`` (the newest), if any."""
    return session.scalar(
        select(Delegation)
        .where(
            Delegation.delegator_id == delegator_id,
            Delegation.revoked_at.is_(None),
            Delegation.start_date <= day,
            Delegation.end_date >= day,
        )
        .order_by(Delegation.id.desc())
        .limit(1)
    )


def delegators_of(session: Session, delegate: Employee, day: date) -> set[int]:
    """Whose steps ``delegate`` may decide on ``day`` (the newest delegation of each delegator wins)."""
    rows = session.scalars(
        select(Delegation).where(
            Delegation.delegate_id == delegate.id,
            Delegation.revoked_at.is_(None),
            Delegation.start_date <= day,
            Delegation.end_date >= day,
        )
    )
    found = set()
    for row in rows:
        newest = delegation_of(session, row.delegator_id, day)
        if newest is not None and newest.delegate_id == delegate.id:
            found.add(row.delegator_id)
    return found


def left_under(session: Session, person: Employee) -> set[int]:
    """The leavers (``active`` false) ``person`` stands in for: their reports who left, and those leavers' own reports
    who left, down to the first active person; a step still waiting for a leaver is theirs to see and decide."""
    found: set[int] = set()
    frontier = [person.id]
    while frontier:
        left = session.scalars(
            select(Employee.id).where(Employee.manager_id.in_(frontier), Employee.active.is_(False))
        ).all()
        frontier = [i for i in left if i not in found]
        found.update(frontier)
    return found


def next_active_manager(person: Employee) -> Employee | None:
    """The first active manager up from ``person`` (past managers who left), or None."""
    seen = {person.id}
    candidate = person.manager
    while candidate is not None and candidate.id not in seen:
        if candidate.active:
            return candidate
        seen.add(candidate.id)
        candidate = candidate.manager
    return None


def stand_in_for(person: Employee) -> Employee | None:
    """Who decides a step waiting for ``person`` once they left (``active`` false): the next active manager up from
    them (the one whose inbox ``left_under`` puts the step in); None while ``person`` is active or nobody up is."""
    return None if person.active else next_active_manager(person)


def deciders_waited_for(approval: Approval) -> list[Employee]:
    """Who the approval's current level waits for: each pending step's approver, or the stand-in of one who left;
    never the requester, nobody twice."""
    found: dict[int, Employee] = {}
    for step in approval.steps:
        if step.status != StepStatus.PENDING:
            continue
        person = step.approver if step.approver.active else stand_in_for(step.approver)
        if person is not None and person.id != approval.requester_id:
            found.setdefault(person.id, person)
    return list(found.values())


def delegations_set_by(session: Session, delegator: Employee, day: date) -> list[Delegation]:
    """The delegator's delegations running on ``day`` or later, soonest first."""
    return list(
        session.scalars(
            select(Delegation)
            .where(Delegation.delegator_id == delegator.id, Delegation.revoked_at.is_(None), Delegation.end_date >= day)
            .order_by(Delegation.start_date, Delegation.id)
        )
    )


# --- who may decide -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Permission:
    """Whether someone may decide now; if so the seat (step, capacity, on whose behalf), else the refusal."""

    refusal: DomainError | None = None
    seat: rules.Seat | None = None

    def __bool__(self) -> bool:
        return self.refusal is None


def moment_formatter(viewer: Employee) -> rules.Moment:
    """How refusals name a moment for ``viewer``: in their language and time zone."""
    from skills.approvals.views import format_moment  # views are pure; they draw what queries load

    return lambda moment: format_moment(moment, viewer.language, viewer.timezone) if moment else "?"


def can_decide(
    session: Session,
    approval: Approval,
    person: Employee,
    today: date | None,
    *,
    level: int | None = None,
    overrides: bool = True,
) -> Permission:
    """Whether ``person`` may decide ``approval``'s current level now (the checklist of ``rules``).

    ``today`` is the day delegations are looked up for (None looks none up); ``level`` the level the decider saw
    (a button's); ``overrides`` whether HR/admin may decide for the approver this way.
    """
    delegators = delegators_of(session, person, today) if today is not None else set()
    delegators |= left_under(session, person)
    try:
        at = moment_formatter(person)
        seat = rules.validate_decision(approval, person, delegators, at, level=level, overrides=overrides)
    except DomainError as refusal:
        return Permission(refusal=refusal)
    return Permission(seat=seat)


# --- the inbox --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
    """A pending step waiting for someone: the step, its approval, and whose behalf when it is a delegator's."""

    step: ApprovalStep
    approval: Approval
    on_behalf_of: Employee | None
    waited_days: int  # business days since its level was asked


def _pending_steps(session: Session, approver_ids: Sequence[int]) -> list[ApprovalStep]:
    # Each step's approval (joined already) and its requester come with the steps, not one query per step.
    return list(
        session.scalars(
            select(ApprovalStep)
            .join(Approval)
            .options(contains_eager(ApprovalStep.approval).selectinload(Approval.requester))
            .where(
                ApprovalStep.approver_id.in_(approver_ids),
                ApprovalStep.status == StepStatus.PENDING,
                Approval.status == ApprovalStatus.PENDING,
            )
            .order_by(ApprovalStep.pending_since, ApprovalStep.id)
            .execution_options(populate_existing=True)
        )
    )


def pending_steps_of(session: Session, approver_id: int) -> list[ApprovalStep]:
    """The steps waiting for ``approver_id``'s decision now (their approval pending), oldest first."""
    return _pending_steps(session, [approver_id])


def inbox(session: Session, person: Employee, now: datetime, kinds: Sequence[str] | None = None) -> list[Waiting]:
    """Every pending step for ``person`` (and for whoever delegated to them today, or left) across skills, oldest first;
    one entry per approval (their own step first)."""
    today = local_today(person.timezone, now)
    delegators = delegators_of(session, person, today) | left_under(session, person)
    found: dict[int, Waiting] = {}
    for step in _pending_steps(session, [person.id, *sorted(delegators)]):
        approval = step.approval
        if approval.requester_id == person.id or (kinds is not None and approval.entity_type not in kinds):
            continue
        if rules.decided_earlier(approval, person):  # a later level is someone else's decision
            continue
        if approval.id in found and found[approval.id].on_behalf_of is None:
            continue
        behalf = None if step.approver_id == person.id else step.approver
        if approval.id in found and behalf is not None:
            continue
        waited = waited_days(session, step, step.pending_since or approval.created_at, now)
        found[approval.id] = Waiting(step, approval, behalf, waited)
    return sorted(found.values(), key=lambda w: (w.step.pending_since or w.approval.created_at, w.step.id))


# --- reminders and escalations ------------------------------------------------------------------------------------


def waited_days(session: Session, step: ApprovalStep, since: datetime, now: datetime) -> int:
    """Business days from ``since`` to ``now`` on the working-day calendar of the step's approver's office, in their
    time zone."""
    from skills.leave.queries.calendar import working_calendar  # holidays are leave's; leave imports the engine

    approver = step.approver
    start, end = local_today(approver.timezone, since), local_today(approver.timezone, now)
    calendar = working_calendar(session, approver.country, start, end)
    return business_days_between(since, now, calendar, approver.timezone)


@dataclass(frozen=True)
class Overdue:
    """A pending step and the business days it has waited."""

    step: ApprovalStep
    waited: int


def _all_pending(session: Session, entity_type: str | None) -> list[ApprovalStep]:
    query = (
        select(ApprovalStep)
        .join(Approval)
        .where(ApprovalStep.status == StepStatus.PENDING, Approval.status == ApprovalStatus.PENDING)
    )
    if entity_type is not None:
        query = query.where(Approval.entity_type == entity_type)
    return list(session.scalars(query.order_by(ApprovalStep.id).execution_options(populate_existing=True)))


def reminders_due(session: Session, now: datetime, entity_type: str | None = None) -> list[Overdue]:
    """Pending steps waiting a business day whose approver was not reminded yet (one reminder; escalation follows)."""
    due = []
    for step in _all_pending(session, entity_type):
        if step.last_reminded_at is not None:
            continue
        waited = waited_days(session, step, step.pending_since or step.approval.created_at, now)
        if waited >= REMIND_AFTER_BUSINESS_DAYS:
            due.append(Overdue(step, waited))
    return due


def escalations_due(session: Session, now: datetime, entity_type: str | None = None) -> list[Overdue]:
    """Pending steps waiting three business days or more, not escalated yet (one per approval level)."""
    due: list[Overdue] = []
    levels: set[tuple[int, int]] = set()
    for step in _all_pending(session, entity_type):
        key = (step.approval_id, step.level)
        if step.escalated_at is not None or key in levels or step.rule == "escalation":
            continue
        waited = waited_days(session, step, step.pending_since or step.approval.created_at, now)
        if waited >= ESCALATE_AFTER_BUSINESS_DAYS:
            levels.add(key)
            due.append(Overdue(step, waited))
    return due


def escalated_level(approval: Approval, level: int) -> bool:
    """Whether some step of ``level`` was escalated already."""
    return any(s.level == level and s.escalated_at is not None for s in approval.steps)


# --- cards ------------------------------------------------------------------------------------------------------------


def cards_about(session: Session, approval: Approval) -> list[tuple[OutboxMessage, Employee]]:
    """Every message posted about ``approval``'s row with the person who sees it (the requester for a channel's)."""
    found = []
    for message in messages_about(session, Entity(approval.entity_type, approval.entity_id)):
        viewer = session.get(Employee, message.recipient_id) if message.recipient_id is not None else None
        found.append((message, viewer or approval.requester))
    return found
