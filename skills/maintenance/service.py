"""Maintenance commands: file a ticket, move it along the table of ``rules.MOVES`` (take, assign, hold, resume,
resolve, close, cancel, reopen), comment (mirrored between the requester's card and the team's), follow (+1), rate
(👍 closes, 👎 reopens), record meter readings, open preventive tickets and send SLA reminders.

Every change is a conditional update through ``transition()`` on the status that was read, with its ticket event,
its audit row and its notifications in the same transaction. Arguments are keyword-only; ``actor`` says who, via
what, when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.audit import record
from db.models import Conversation, ConversationStatus, Employee, OutboxMessage
from skills.common.time import zone
from skills.common.transition import transition
from skills.core import Actor
from skills.locations.models import Location
from skills.locations.queries import place_timezone
from skills.maintenance import notifications
from skills.maintenance.config import MaintenanceConfig
from skills.maintenance.errors import TicketNotFound, WrongStatus
from skills.maintenance.models import (
    TICKET_ENTITY,
    Asset,
    MeterReading,
    PlanKind,
    PreventivePlan,
    Status,
    Ticket,
    TicketEvent,
)
from skills.maintenance.queries import get_ticket, meter_plans_of, open_draft, plan_of, sla_hours, team_for
from skills.maintenance.rules import (
    TEAM,
    check_assignee,
    check_meter_forward,
    check_move,
    check_notes,
    check_reopen_window,
    check_update,
    roles_on,
    validate_ticket,
)
from skills.maintenance.sla import BusinessHours, business_hours


@dataclass(frozen=True)
class NewTicket:
    """What a ticket is about, as the form (or a plan) resolved it."""

    summary: str
    original_text: str
    category: str
    priority: str
    asset: Asset | None
    location: Location | None
    lang: str = "en"
    thread_key: str = ""


def hours_for(session: Session, ticket: Ticket, config: MaintenanceConfig, start: datetime) -> BusinessHours:
    """The business hours of the ticket's place (else its requester's office) from ``start`` on."""
    place = ticket.location or (ticket.asset.location if ticket.asset else None)
    country = str(place.inherited("country") if place else "") or (ticket.requester.country if ticket.requester else "")
    timezone = str(place.inherited("timezone") if place else "") or (
        ticket.requester.timezone if ticket.requester else place_timezone(session, place)
    )
    return business_hours(
        session,
        country=country or "US",
        timezone=timezone or "UTC",
        opens=config.opens_at,
        closes=config.closes_at,
        start=start.date(),
    )


def _set_clocks(
    session: Session, ticket: Ticket, config: MaintenanceConfig, start: datetime, due_on: date | None = None
) -> None:
    """Response and resolution due times from ``start`` on business hours; a preventive ticket opened ahead of its
    due date (``due_on``) is due at that day's closing time when that is later, its reminders in proportion."""
    response, resolution = sla_hours(session, ticket.priority)
    hours = hours_for(session, ticket, config, start)
    span = timedelta(hours=resolution)
    if due_on is not None:
        closing = datetime.combine(due_on, time(config.closes_at), tzinfo=zone(hours.timezone)).astimezone(UTC)
        span = max(span, hours.between(start, closing))
    ticket.response_due = hours.add(start, timedelta(hours=response))
    ticket.resolution_due = hours.add(start, span)
    ticket.remind_half_at = hours.add(start, span / 2)
    ticket.remind_late_at = hours.add(start, span * 3 / 4)


def _event(
    session: Session,
    ticket: Ticket,
    actor: Actor,
    kind: str,
    *,
    before: str | None = None,
    after: str | None = None,
    body: str = "",
) -> TicketEvent:
    event = TicketEvent(
        ticket_id=ticket.id,
        kind=kind,
        status_from=before,
        status_to=after,
        body=body[:4000],
        actor_id=actor.id,
        actor_label=actor.label,
        via=actor.via,
        created_at=actor.when,
    )
    session.add(event)
    session.flush()
    return event


def _audit(
    session: Session,
    ticket: Ticket,
    actor: Actor,
    action: str,
    before: dict[str, object] | None,
    after: dict[str, object],
) -> None:
    record(
        session,
        action=f"maintenance.{action}",
        entity_type=TICKET_ENTITY,
        entity_id=ticket.id,
        before=before,
        after=after,
        via=actor.via,
        actor=actor.employee,
        actor_label=actor.label,
    )


def create_ticket(
    session: Session,
    *,
    actor: Actor,
    new: NewTicket,
    config: MaintenanceConfig,
    requester: Employee | None = None,
    plan: PreventivePlan | None = None,
    occurrence: int | None = None,
    due_on: date | None = None,
) -> Ticket:
    """File a ticket, route it to its team (by asset, else category and place), start its SLA clocks, post the team's
    card and the requester's card."""
    validate_ticket(new.summary, new.priority, new.category)
    team = team_for(session, new.category, new.asset, new.location)
    place = new.location or (new.asset.location if new.asset else None)
    who = requester if requester is not None else actor.employee
    ticket = Ticket(
        requester_id=who.id if who is not None else None,
        summary=new.summary[:300],
        original_text=new.original_text,
        category=new.category,
        asset_id=new.asset.id if new.asset else None,
        location_id=place.id if place is not None else None,
        priority=new.priority,
        team_id=team.id if team else None,
        status=Status.REQUESTED,
        lang=new.lang,
        via=actor.via,
        thread_key=new.thread_key,
        created_at=actor.when,
        reminded=0,
        followers=[],
        plan_id=plan.id if plan else None,
        occurrence=occurrence,
    )
    session.add(ticket)
    session.flush()
    session.refresh(ticket)
    _set_clocks(session, ticket, config, actor.when, due_on)
    _event(session, ticket, actor, "status", after=Status.REQUESTED, body=new.original_text or new.summary)
    _audit(
        session,
        ticket,
        actor,
        "ticket_created",
        None,
        {
            "summary": ticket.summary,
            "category": ticket.category,
            "priority": ticket.priority,
            "asset": new.asset.tag if new.asset else None,
            "team": team.code if team else None,
        },
    )
    if ticket.requester is not None:
        notifications.post_requester_card(session, ticket)
    notifications.post_team_card(session, ticket, config)
    return ticket


def _ticket(session: Session, ticket_id: int) -> Ticket:
    ticket = get_ticket(session, ticket_id)
    if ticket is None:
        raise TicketNotFound()
    return ticket


def _person(actor: Actor) -> Employee:
    if actor.employee is None:  # pragma: no cover - the system moves tickets only through the job commands below
        raise TicketNotFound()
    return actor.employee


def move(
    session: Session,
    *,
    actor: Actor,
    ticket_id: int,
    action: str,
    config: MaintenanceConfig,
    notes: str = "",
    assignee: Employee | None = None,
) -> Ticket:
    """Make ``action`` on the ticket (the table of ``rules.MOVES`` says from where, to where, and who)."""
    ticket = _ticket(session, ticket_id)
    employee = _person(actor)
    step = check_move(action, employee, ticket)
    if action == "resolve":
        check_notes(notes)
    if action == "reopen":
        check_reopen_window(ticket, actor.when, config.reopen_days)
    if action == "assign":
        if assignee is None:
            raise WrongStatus(ticket=ticket.reference, status=ticket.status)
        check_assignee(assignee, ticket)
    seen = ticket.status
    values: dict[str, object] = {}
    target = step.target
    if action == "assign":
        values["assignee_id"] = assignee.id if assignee else None
        target = Status.TRIAGED if seen == Status.REQUESTED else None
    if action == "take":
        values["assignee_id"] = employee.id
    if action in ("take", "assign") and ticket.responded_at is None:
        values["responded_at"] = actor.when
    if target == Status.ON_HOLD:
        values["paused_at"] = actor.when
    if seen == Status.ON_HOLD and target not in (None, Status.ON_HOLD):
        values.update(_resumed(session, ticket, config, actor.when))
    if target == Status.RESOLVED:
        values.update(resolved_at=actor.when, resolution=notes.strip()[:4000], feedback=None)
    if target == Status.CLOSED:
        values["closed_at"] = actor.when
    if action == "reopen":
        values.update(resolved_at=None, closed_at=None, resolution=None)
        values.update(_restart(session, ticket, config, actor.when))
    if target is not None:
        values["status"] = target
    if not transition(session, ticket, Ticket.status == seen, **values):
        raise WrongStatus(ticket=ticket.reference, status=ticket.status)
    session.refresh(ticket)
    _event(
        session,
        ticket,
        actor,
        "status" if target else action,
        before=seen,
        after=target or seen,
        body=notes or (assignee.name if assignee else ""),
    )
    _audit(
        session,
        ticket,
        actor,
        action,
        {"status": seen},
        {
            "status": ticket.status,
            "notes": notes or None,
            "assignee": ticket.assignee.email if ticket.assignee else None,
        },
    )
    if target in (Status.RESOLVED, Status.CLOSED, Status.CANCELLED):
        _finish_plan(session, ticket, actor.when, done=target != Status.CANCELLED)
    notifications.moved(session, ticket, action, actor, notes, config)
    return ticket


def _resumed(session: Session, ticket: Ticket, config: MaintenanceConfig, now: datetime) -> dict[str, object]:
    """Back from hold: every SLA moment moves later by the business time the ticket spent on hold."""
    if ticket.paused_at is None:
        return {"paused_at": None}
    hours = hours_for(session, ticket, config, ticket.paused_at)
    paused = hours.between(ticket.paused_at, now)
    shifted: dict[str, object] = {"paused_at": None}
    for name in ("response_due", "resolution_due", "remind_half_at", "remind_late_at"):
        moment = getattr(ticket, name)
        if moment is not None:
            shifted[name] = hours.add(moment, paused) if paused else moment
    return shifted


def _restart(session: Session, ticket: Ticket, config: MaintenanceConfig, now: datetime) -> dict[str, object]:
    """Reopened: the resolution clock starts again from now, with its reminders."""
    _, resolution = sla_hours(session, ticket.priority)
    hours = hours_for(session, ticket, config, now)
    return {
        "resolution_due": hours.add(now, timedelta(hours=resolution)),
        "remind_half_at": hours.add(now, timedelta(hours=resolution) / 2),
        "remind_late_at": hours.add(now, timedelta(hours=resolution) * 3 / 4),
        "reminded": 0,
        "feedback": None,
    }


def team_card_undelivered(session: Session, *, ticket_id: int, message: OutboxMessage) -> int:
    """Outbox row ``message`` about ticket ``ticket_id`` was given up: when it is the team's card in a channel (one
    that does not exist, or the bot is not in) of a ticket still open, the card goes to the team's people's DMs; how
    many were sent it (0 for any other row: a note in a thread, an edit, a DM)."""
    ticket = get_ticket(session, ticket_id)
    if ticket is None or not ticket.is_open:
        return 0
    return notifications.team_card_undelivered(session, ticket, message)


def comment(session: Session, *, actor: Actor, ticket_id: int, text: str, side: str, photo: str = "") -> TicketEvent:
    """A comment (or a photo) from the requester's side or the team's: kept on the ticket and shown on the other
    side, attributed. A requester's comment on a ticket on hold (waiting for them) resumes it."""
    ticket = _ticket(session, ticket_id)
    check_move("comment", _person(actor), ticket)
    event = _event(session, ticket, actor, "photo" if photo else "comment", body=photo or text)
    notifications.mirror(session, ticket, actor, text, side, photo)
    return event


def follow(session: Session, *, actor: Actor, ticket_id: int) -> Ticket:
    """+1: the person follows the ticket (told of its changes like the requester) instead of filing it again."""
    ticket = _ticket(session, ticket_id)
    employee = _person(actor)
    if not ticket.is_open:
        raise WrongStatus(ticket=ticket.reference, status=ticket.status)
    if employee.id != ticket.requester_id and employee.id not in (ticket.followers or []):
        ticket.followers = [*(ticket.followers or []), employee.id]
        session.flush()
        _event(session, ticket, actor, "follow", body=employee.name)
        _audit(session, ticket, actor, "followed", None, {"follower": employee.email})
        notifications.followed(session, ticket, employee)
    return ticket


def rate(session: Session, *, actor: Actor, ticket_id: int, happy: bool, config: MaintenanceConfig) -> Ticket:
    """👍 closes a resolved ticket; 👎 (within ``reopen_days``) reopens it for the team."""
    ticket = _ticket(session, ticket_id)
    check_move("reopen" if not happy else "close", _person(actor), ticket)
    if happy:
        ticket = move(session, actor=actor, ticket_id=ticket_id, action="close", config=config)
    else:
        ticket = move(session, actor=actor, ticket_id=ticket_id, action="reopen", config=config)
    transition(session, ticket, feedback="up" if happy else "down")
    _event(session, ticket, actor, "feedback", body="👍" if happy else "👎")
    return ticket


def _finish_plan(session: Session, ticket: Ticket, now: datetime, *, done: bool) -> None:
    """A preventive ticket settled: its plan may open the next one (a floating plan counts from today)."""
    plan = plan_of(session, ticket)
    if plan is None or plan.open_ticket_id != ticket.id:
        return
    values: dict[str, object] = {"open_ticket_id": None}
    if done and plan.kind == PlanKind.FLOATING:
        values["next_due"] = now.date() + _interval(plan)
    transition(session, plan, PreventivePlan.open_ticket_id == ticket.id, **values)


def _interval(plan: PreventivePlan) -> relativedelta:
    """A dated plan's period."""
    return relativedelta(**{plan.unit: plan.every})


def open_plan_ticket(
    session: Session, *, plan: PreventivePlan, actor: Actor, config: MaintenanceConfig
) -> Ticket | None:
    """Open the plan's next ticket unless one is open already: the plan's ``open_ticket_id`` is claimed by a
    conditional update and ``(plan, occurrence)`` is unique, so two processes never both open it."""
    occurrence = plan.occurrences + 1
    asset = plan.asset
    new = NewTicket(
        summary=f"{plan.task} ({asset.name})",
        original_text="\n".join(plan.checklist or []),
        category=asset.category,
        priority="P3",
        asset=asset,
        location=asset.location,
        lang=notifications.place_language(asset.location) if asset.location else "en",
    )
    try:
        with session.begin_nested():
            dated = plan.next_due if plan.kind != PlanKind.METER else None
            ticket = create_ticket(
                session,
                actor=actor,
                new=new,
                config=config,
                requester=None,
                plan=plan,
                occurrence=occurrence,
                due_on=dated,
            )
            values: dict[str, object] = {"open_ticket_id": ticket.id, "occurrences": occurrence}
            if plan.kind == PlanKind.FIXED and plan.next_due is not None:
                values["next_due"] = plan.next_due + _interval(plan)
            if plan.kind == PlanKind.METER and plan.next_meter is not None:
                values["next_meter"] = plan.next_meter + plan.every
            claimed = transition(
                session,
                plan,
                PreventivePlan.open_ticket_id.is_(None),
                PreventivePlan.occurrences == plan.occurrences,
                **values,
            )
            if not claimed:
                raise _Raced()
    except (IntegrityError, _Raced):
        session.expire(plan)
        return None
    return ticket


class _Raced(Exception):
    """Another process opened this occurrence first."""


def record_reading(
    session: Session, *, actor: Actor, asset: Asset, value: Decimal, config: MaintenanceConfig
) -> tuple[MeterReading, list[Ticket]]:
    """Record a meter reading (never downwards) and open the tickets of meter plans it reaches."""
    check_meter_forward(asset.name, value, asset.meter_value)
    reading = MeterReading(asset_id=asset.id, value=value, read_at=actor.when, actor_id=actor.id, via=actor.via)
    session.add(reading)
    before = asset.meter_value
    if not transition(session, asset, (Asset.meter_value.is_(None)) | (Asset.meter_value <= value), meter_value=value):
        check_meter_forward(asset.name, value, asset.meter_value)  # someone recorded a higher one meanwhile
    record(
        session,
        action="maintenance.meter_reading",
        entity_type="maintenance_asset",
        entity_id=asset.id,
        before={"meter": str(before) if before is not None else None},
        after={"meter": str(value)},
        via=actor.via,
        actor=actor.employee,
        actor_label=actor.label,
    )
    opened = []
    for plan in meter_plans_of(session, asset.id):
        if plan.open_ticket_id is None and plan.next_meter is not None and value >= plan.next_meter:
            ticket = open_plan_ticket(session, plan=plan, actor=actor, config=config)
            if ticket is not None:
                opened.append(ticket)
    return reading, opened


STEPS = ("half", "late", "breach")


def due_step(ticket: Ticket, now: datetime) -> int:
    """How many SLA steps (50 %, 75 %, breach) ``now`` has reached for ``ticket``."""
    moments = (ticket.remind_half_at, ticket.remind_late_at, ticket.resolution_due)
    return sum(1 for moment in moments if moment is not None and moment <= now)


def remind(session: Session, *, ticket: Ticket, now: datetime) -> bool:
    """Send the reminder of the step ``now`` reached (only that one, once: a conditional update on ``reminded``)."""
    step = due_step(ticket, now)
    seen = ticket.reminded
    if step <= seen or not transition(session, ticket, Ticket.reminded == seen, reminded=step):
        return False
    session.refresh(ticket)
    session.add(
        TicketEvent(
            ticket_id=ticket.id, kind="reminder", body=STEPS[step - 1], actor_label="job", via="job", created_at=now
        )
    )
    notifications.sla_reminder(session, ticket, STEPS[step - 1])
    return True


def close_quiet(session: Session, *, ticket: Ticket, actor: Actor) -> bool:
    """A resolved ticket nobody rated within the window is closed by the job."""
    if not transition(session, ticket, Ticket.status == Status.RESOLVED, status=Status.CLOSED, closed_at=actor.when):
        return False
    session.refresh(ticket)
    _event(session, ticket, actor, "status", before=Status.RESOLVED, after=Status.CLOSED)
    _audit(session, ticket, actor, "closed_unrated", {"status": Status.RESOLVED}, {"status": Status.CLOSED})
    _finish_plan(session, ticket, actor.when, done=True)
    return True


def drop_draft(session: Session, *, thread_key: str, employee_id: int) -> bool:
    """Close the open draft (a conversation waiting for Confirm) in a thread: the person followed a ticket instead."""
    draft = open_draft(session, thread_key, employee_id)
    if draft is None:
        return False
    return transition(
        session,
        draft,
        Conversation.status == ConversationStatus.OPEN,
        status=ConversationStatus.CANCELLED,
        version=Conversation.version + 1,
    )


def update_ticket(
    session: Session, *, actor: Actor, ticket_id: int, priority: str | None, note: str, config: MaintenanceConfig
) -> Ticket:
    """Change an open ticket's priority (its SLA due times are computed again from the report) and/or add a note;
    the requester's side or the team's, whoever writes."""
    ticket = _ticket(session, ticket_id)
    employee = _person(actor)
    check_move("comment", employee, ticket)
    check_update(ticket, priority, note)
    if priority is not None and priority != ticket.priority:
        validate_ticket(ticket.summary, priority, ticket.category)
        before = ticket.priority
        if not transition(session, ticket, Ticket.priority == before, priority=priority):
            raise WrongStatus(ticket=ticket.reference, status=ticket.status)
        session.refresh(ticket)
        _set_clocks(session, ticket, config, ticket.created_at)
        session.flush()
        _event(session, ticket, actor, "priority", body=f"{before} → {priority}")
        _audit(session, ticket, actor, "priority_changed", {"priority": before}, {"priority": priority})
        notifications.reprioritised(session, ticket, actor, before)
    if note.strip():
        side = "team" if TEAM in roles_on(employee, ticket) and employee.id != ticket.requester_id else "requester"
        comment(session, actor=actor, ticket_id=ticket.id, text=note.strip(), side=side)
    return ticket
