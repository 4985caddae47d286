"""Every read of the maintenance skill: tickets, teams, assets, SLA targets, plans, the registry to match against,
duplicates, what is due, and who may act (as queries that return the refusal, never raising to probe)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from rapidfuzz import fuzz
from sqlalchemy import Text, cast, or_, select
from sqlalchemy.orm import Session

from db.models import Conversation, ConversationStatus, Employee, OutboxMessage, Role
from db.outbox import Entity, messages_about
from skills.common.extract import fold
from skills.errors import DomainError
from skills.locations.models import Location
from skills.locations.queries import subtree
from skills.maintenance.matching import AssetEntry, Place, Registry
from skills.maintenance.models import (
    OPEN_STATUSES,
    TICKET_ENTITY,
    Asset,
    PlanKind,
    PreventivePlan,
    SlaTarget,
    Status,
    Team,
    Ticket,
    TicketEvent,
)
from skills.maintenance.rules import check_move

DEFAULT_TARGETS = {"P1": (1, 4), "P2": (2, 9), "P3": (4, 27), "P4": (9, 90)}
"""Response and resolution business hours per priority when the table has no row (the migration seeds the same)."""


def get_ticket(session: Session, ticket_id: int) -> Ticket | None:
    """The ticket with ``ticket_id``, if any."""
    return session.get(Ticket, ticket_id)


def registry(session: Session) -> Registry:
    """Every active place and asset, as plain data for matching."""
    locations = list(session.scalars(select(Location).where(Location.active.is_(True))))
    by_id = {location.id: location for location in locations}
    places = []
    for location in locations:
        root = location.lineage()[-1]
        parent = by_id.get(location.parent_id or 0)
        names = (location.code, location.name, *(location.aliases or []))
        places.append(Place(location.code, names, parent.code if parent else None, root.code))
    assets = tuple(
        AssetEntry(asset.tag, tuple(asset.names()), asset.category, asset.location.code if asset.location else None)
        for asset in session.scalars(select(Asset).where(Asset.active.is_(True)).order_by(Asset.tag))
    )
    return Registry(tuple(places), assets)


def office_of(session: Session, employee: Employee) -> str | None:
    """The site (a root place) in the employee's country, if there is one."""
    roots = session.scalars(select(Location).where(Location.parent_id.is_(None)).order_by(Location.code))
    country = (employee.country or "").upper()
    exact = [root for root in roots if (root.country or "").upper() == country]
    if exact:
        return exact[0].code
    prefix = country[:2]
    roots = session.scalars(select(Location).where(Location.parent_id.is_(None)).order_by(Location.code))
    near = [root for root in roots if (root.country or "").upper()[:2] == prefix]
    return near[0].code if near else None


def example_asset(session: Session, employee: Employee) -> Asset | None:
    """An asset to name in the help card's example: the first active one (by tag) in the employee's office, else
    the first active one anywhere; None when no assets were imported."""
    active = select(Asset).where(Asset.active.is_(True)).order_by(Asset.tag).limit(1)
    office = office_of(session, employee)
    root = location_by_code(session, office) if office else None
    if root is not None:
        places = [place.id for place in subtree(session, root)]
        local = session.scalars(active.where(Asset.location_id.in_(places))).first()
        if local is not None:
            return local
    return session.scalars(active).first()


def known_places(session: Session, office: str | None, *, limit: int = 10) -> list[str]:
    """The names of the active places in ``office`` (every place when it is None), inner places first, for a person
    asked where a problem is; ``…`` ends a longer list."""
    places = [location for location in session.scalars(select(Location).where(Location.active.is_(True)))
              if office is None or location.lineage()[-1].code == office]  # fmt: skip
    places.sort(key=lambda location: (-len(location.lineage()), location.name.casefold()))
    names = [location.name for location in places]
    return [*names[:limit], "…"] if len(names) > limit else names


def asset_by_tag(session: Session, tag: str) -> Asset | None:
    """The asset with ``tag``."""
    return session.scalar(select(Asset).where(Asset.tag == tag.strip().upper()))


def location_by_code(session: Session, code: str) -> Location | None:
    """The place with ``code``."""
    return session.scalar(select(Location).where(Location.code == code.strip().upper()))


def teams(session: Session) -> list[Team]:
    """Every team, by code."""
    return list(session.scalars(select(Team).order_by(Team.code)))


GENERAL_CATEGORY = "other"
"""The category of a team that takes whatever no other team of its place does."""


def team_for(session: Session, category: str, asset: Asset | None, location: Location | None) -> Team | None:
    """The asset's team; else a team taking the category whose channel serves the place's site, else one whose
    people work in the place's country (its region first); else, when no team taking the category is there, the
    place's own general team (taking ``other``: a Monterrey air conditioner is not London's to fix, and a category
    nobody takes is still someone's); else any team taking the category; else None."""
    if asset is not None and asset.team is not None:
        return asset.team
    everyone = teams(session)
    taking = [team for team in everyone if category in (team.categories or [])]
    if location is not None:
        local = _teams_serving(session, taking, location)
        if local:
            return local[0]
        general = [team for team in everyone if GENERAL_CATEGORY in (team.categories or []) and team not in taking]
        local_general = _teams_serving(session, general, location)
        if local_general:
            return local_general[0]
    return taking[0] if taking else None


def _teams_serving(session: Session, candidates: list[Team], location: Location) -> list[Team]:
    """The ``candidates`` posting in the place's alert channel, else those whose people work in its country."""
    channel = location.inherited("alert_channel")
    same = [team for team in candidates if team.channel and team.channel == channel]
    return same or _teams_working_in(session, candidates, location.inherited("country"))


def _teams_working_in(session: Session, candidates: list[Team], place_country: str | None) -> list[Team]:
    """The ``candidates`` whose lead or members work in ``place_country``: those in its very region (``US-NY``)
    first, then those in the same country. A company with a plumbing team per office had a New York leak sent to
    Madrid's team, the first by code."""
    if not place_country:
        return []
    ids = {person for team in candidates for person in [team.lead_id, *(team.member_ids or [])] if person is not None}
    rows = session.execute(select(Employee.id, Employee.country).where(Employee.id.in_(ids)))
    countries: dict[int, str | None] = {person: country for person, country in rows}

    def people_in(team: Team, same: Callable[[str], bool]) -> bool:
        people = [team.lead_id, *(team.member_ids or [])]
        return any(same(countries.get(person) or "") for person in people if person is not None)

    region = [team for team in candidates if people_in(team, lambda country: country == place_country)]
    nation = place_country.split("-")[0]
    return region or [team for team in candidates if people_in(team, lambda country: country.split("-")[0] == nation)]


def sla_hours(session: Session, priority: str) -> tuple[int, int]:
    """Response and resolution business hours of ``priority``."""
    row = session.get(SlaTarget, priority)
    if row is not None:
        return row.response_hours, row.resolution_hours
    return DEFAULT_TARGETS.get(priority, DEFAULT_TARGETS["P3"])


def facilities_people(session: Session) -> list[Employee]:
    """People with the facilities role (admins left out), by name."""
    people = session.scalars(select(Employee).where(Employee.active.is_(True)).order_by(Employee.name))
    return [person for person in people if Role.FACILITIES in person.roles]


def duplicates(
    session: Session, *, summary: str, asset_id: int | None, location_id: int | None, threshold: float, limit: int = 3
) -> list[Ticket]:
    """Open tickets on the same asset (or the same place) whose summary reads like ``summary``, most alike first."""
    if asset_id is None and location_id is None:
        return []
    where = [Ticket.asset_id == asset_id] if asset_id is not None else []
    if location_id is not None:
        where.append(Ticket.location_id == location_id)
    found = session.scalars(select(Ticket).where(Ticket.status.in_(OPEN_STATUSES), or_(*where)))
    scored = []
    for ticket in found:
        score = fuzz.token_set_ratio(fold(summary), fold(ticket.summary))
        same_asset = asset_id is not None and ticket.asset_id == asset_id
        if same_asset or score >= threshold:
            scored.append((score + (50 if same_asset else 0), ticket.id, ticket))
    return [ticket for *_, ticket in sorted(scored, key=lambda row: (-row[0], row[1]))[:limit]]


def open_tickets_of(session: Session, employee: Employee, limit: int = 5) -> list[Ticket]:
    """The tickets ``employee`` asked for or follows that are still open or were just resolved, newest first."""
    wanted = (*OPEN_STATUSES, Status.RESOLVED)
    # The database narrows to the person's tickets and those whose followers' text holds their id (a superset:
    # 12 is in [112]); the exact check of the followers list stays here, so nothing else is loaded.
    theirs = or_(Ticket.requester_id == employee.id, cast(Ticket.followers, Text).like(f"%{employee.id}%"))
    found = session.scalars(select(Ticket).where(Ticket.status.in_(wanted), theirs).order_by(Ticket.id.desc()))
    return [t for t in found if t.requester_id == employee.id or employee.id in (t.followers or [])][:limit]


def tickets_between(session: Session, start: datetime, end: datetime) -> list[Ticket]:
    """Tickets created from ``start`` (included) to ``end`` (excluded), oldest first."""
    query = select(Ticket).where(Ticket.created_at >= start, Ticket.created_at < end).order_by(Ticket.id)
    return list(session.scalars(query))


def open_tickets(session: Session) -> list[Ticket]:
    """Every ticket still being worked, oldest first."""
    return list(session.scalars(select(Ticket).where(Ticket.status.in_(OPEN_STATUSES)).order_by(Ticket.id)))


def reminders_due(session: Session, now: datetime) -> list[Ticket]:
    """Open tickets, not on hold, whose next SLA step (50 %, 75 %, breach) has come."""
    query = select(Ticket).where(
        Ticket.status.in_((Status.REQUESTED, Status.TRIAGED, Status.IN_PROGRESS)),
        Ticket.reminded < 3,
        Ticket.remind_half_at.is_not(None),
        Ticket.remind_half_at <= now,
    )
    return list(session.scalars(query.order_by(Ticket.id)))


def resolved_before(session: Session, moment: datetime) -> list[Ticket]:
    """Resolved tickets whose 👍/👎 window ended before ``moment`` (closed by the job)."""
    query = select(Ticket).where(Ticket.status == Status.RESOLVED, Ticket.resolved_at <= moment)
    return list(session.scalars(query.order_by(Ticket.id)))


def dated_plans_due(session: Session, today: date) -> list[PreventivePlan]:
    """Active dated plans with no open ticket whose due date, less their lead time, has come (checked per plan)."""
    query = select(PreventivePlan).where(
        PreventivePlan.active.is_(True),
        PreventivePlan.open_ticket_id.is_(None),
        PreventivePlan.kind.in_((PlanKind.FIXED, PlanKind.FLOATING)),
        PreventivePlan.next_due.is_not(None),
    )
    return [plan for plan in session.scalars(query.order_by(PreventivePlan.id)) if plan.next_due is not None]


def meter_plans_of(session: Session, asset_id: int) -> list[PreventivePlan]:
    """The active meter plans of an asset."""
    query = select(PreventivePlan).where(
        PreventivePlan.active.is_(True), PreventivePlan.asset_id == asset_id, PreventivePlan.kind == PlanKind.METER
    )
    return list(session.scalars(query.order_by(PreventivePlan.id)))


def meter_plans_due(session: Session) -> list[PreventivePlan]:
    """Meter plans without an open ticket whose asset's meter reached their next reading."""
    query = select(PreventivePlan).where(
        PreventivePlan.active.is_(True),
        PreventivePlan.open_ticket_id.is_(None),
        PreventivePlan.kind == PlanKind.METER,
    )
    return [
        plan
        for plan in session.scalars(query.order_by(PreventivePlan.id))
        if plan.next_meter is not None and (plan.asset.meter_value or 0) >= plan.next_meter
    ]


def plan_of(session: Session, ticket: Ticket) -> PreventivePlan | None:
    """The preventive plan that opened ``ticket``, if any."""
    return session.get(PreventivePlan, ticket.plan_id) if ticket.plan_id is not None else None


def meter_assets(session: Session) -> list[Asset]:
    """Assets with a meter."""
    return list(session.scalars(select(Asset).where(Asset.meter_unit.is_not(None)).order_by(Asset.tag)))


def events_of(session: Session, ticket_id: int) -> list[TicketEvent]:
    """A ticket's history, oldest first."""
    query = select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)
    return list(session.scalars(query))


def ticket_cards(session: Session, ticket_id: int) -> list[OutboxMessage]:
    """Every message the outbox posted about a ticket (the team card, the requester's notes), oldest first."""
    return messages_about(session, Entity(TICKET_ENTITY, ticket_id))


def can_act(employee: Employee, ticket: Ticket, action: str) -> DomainError | None:
    """Why ``employee`` may not make ``action`` on ``ticket`` now (None when they may)."""
    try:
        check_move(action, employee, ticket)
    except DomainError as refusal:
        return refusal
    return None


def open_draft(session: Session, thread_key: str, employee_id: int) -> Conversation | None:
    """The open conversation (a ticket draft) in a thread, if any."""
    query = select(Conversation).where(
        Conversation.thread_key == thread_key,
        Conversation.employee_id == employee_id,
        Conversation.status == ConversationStatus.OPEN,
    )
    return session.scalar(query.order_by(Conversation.id.desc()).limit(1))


def employees_named(session: Session, ids: Sequence[int]) -> list[Employee]:
    """The employees with these ids, in that order."""
    found = {person.id: person for person in session.scalars(select(Employee).where(Employee.id.in_(list(ids))))}
    return [found[i] for i in ids if i in found]


def tickets_about(session: Session, *, asset_tag: str | None, place_code: str | None, limit: int = 5) -> list[Ticket]:
    """Open or just resolved tickets on an asset (else on a place or under it), newest first."""
    wanted = (*OPEN_STATUSES, Status.RESOLVED)
    found = list(session.scalars(select(Ticket).where(Ticket.status.in_(wanted)).order_by(Ticket.id.desc())))
    if asset_tag is not None:
        return [t for t in found if t.asset is not None and t.asset.tag == asset_tag][:limit]
    if place_code is None:
        return []
    return [t for t in found if t.location is not None and place_code in [p.code for p in t.location.lineage()]][:limit]


def team_queue(session: Session, employee: Employee) -> list[Ticket]:
    """The open tickets of every team ``employee`` leads or works in, oldest first."""
    mine = {team.id for team in teams(session) if team.is_member(employee)}
    if not mine:
        return []
    query = select(Ticket).where(Ticket.status.in_(OPEN_STATUSES), Ticket.team_id.in_(sorted(mine)))
    return list(session.scalars(query.order_by(Ticket.id)))
