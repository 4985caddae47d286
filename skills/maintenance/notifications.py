"""Who is told what about a ticket, as outbox rows in the caller's transaction.

The team's card goes to the team's channel (else ``FACILITIES_CHANNEL``, else the team's or facilities people's
DMs), in the place's language; the requester gets their own card in a DM, in their language. The two cards' threads
mirror each other: a comment under one is posted, attributed, under the other. Every change refreshes both cards and
tells the requester (and followers); SLA reminders go to the assignee (or the team), the breach to the lead.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.models import Employee, OutboxMessage, OutboxStatus
from db.outbox import Entity, enqueue, enqueue_update
from skills.core import Actor
from skills.i18n import translate
from skills.locations.models import Location
from skills.maintenance import views
from skills.maintenance.config import MaintenanceConfig
from skills.maintenance.models import TICKET_ENTITY, Ticket
from skills.maintenance.queries import employees_named, facilities_people, ticket_cards

SPANISH_COUNTRIES = ("ES", "MX", "AR", "CO", "CL", "PE", "UY", "EC", "VE", "BO", "PY", "CR", "GT", "DO", "PA")
STAFF_DMS = 5


def place_language(location: Location | None) -> str:
    """The language of a place's team channel: Spanish for places in Spain or Latin America, else English."""
    country = str(location.inherited("country") or "") if location is not None else ""
    return "es" if country[:2] in SPANISH_COUNTRIES else "en"


def team_language(ticket: Ticket) -> str:
    """The language of the ticket's team card."""
    return place_language(ticket.location or (ticket.asset.location if ticket.asset else None))


def _entity(ticket: Ticket) -> Entity:
    return Entity(TICKET_ENTITY, ticket.id)


def _team_targets(session: Session, ticket: Ticket, config: MaintenanceConfig) -> tuple[str | None, list[Employee]]:
    channel = (ticket.team.channel if ticket.team else None) or config.facilities_channel
    if channel:
        return channel, []
    if ticket.team is not None:
        ids = [i for i in [ticket.team.lead_id, *(ticket.team.member_ids or [])] if i is not None]
        return None, employees_named(session, ids)[:STAFF_DMS]
    return None, facilities_people(session)[:STAFF_DMS]


def post_team_card(session: Session, ticket: Ticket, config: MaintenanceConfig) -> None:
    """The team's card with Take / Assign / On hold / Resolve, where the team reads it."""
    card = views.team_card(ticket, team_language(ticket))
    channel, people = _team_targets(session, ticket, config)
    if channel:
        enqueue(session, text=card.text, blocks=card.blocks, channel=channel, entity=_entity(ticket))
    for person in people:
        enqueue(session, text=card.text, blocks=card.blocks, recipient=person, entity=_entity(ticket))


def _team_people(session: Session, ticket: Ticket) -> list[Employee]:
    """Who takes the ticket's work when its channel cannot be reached: the team's lead and members, else the
    facilities people."""
    if ticket.team is not None:
        ids = [i for i in [ticket.team.lead_id, *(ticket.team.member_ids or [])] if i is not None]
        people = [person for person in employees_named(session, ids) if person.active]
        if people:
            return people[:STAFF_DMS]
    return facilities_people(session)[:STAFF_DMS]


def team_card_undelivered(session: Session, ticket: Ticket, message: OutboxMessage) -> int:
    """When ``message`` (given up) is the team's card in a channel, the card as it stands now goes to the DMs of the
    team's people instead; how many (0 for any other message)."""
    is_team_card = message.kind == "post" and message.channel is not None and message.thread_ts is None
    if not is_team_card or not message.blocks or not views.is_ticket_card(message.blocks):
        return 0
    card = views.team_card(ticket, team_language(ticket))
    people = _team_people(session, ticket)
    for person in people:
        enqueue(session, text=card.text, blocks=card.blocks, recipient=person, entity=_entity(ticket))
    return len(people)


def post_requester_card(session: Session, ticket: Ticket) -> None:
    """The requester's own card of the ticket (a DM): replies in its thread reach the team."""
    if ticket.requester is None:
        return
    card = views.requester_card(ticket, ticket.lang)
    enqueue(session, text=card.text, blocks=card.blocks, recipient=ticket.requester, entity=_entity(ticket))


def _cards(session: Session, ticket: Ticket) -> tuple[list[OutboxMessage], list[OutboxMessage]]:
    """The team's cards and the requester's card(s) of the ticket."""
    team: list[OutboxMessage] = []
    mine: list[OutboxMessage] = []
    for message in ticket_cards(session, ticket.id):
        if message.kind != "post" or not message.blocks or not views.is_ticket_card(message.blocks):
            continue
        if message.status == OutboxStatus.FAILED:  # never in Slack: nothing to redraw or answer under
            continue
        (mine if message.recipient_id == ticket.requester_id and message.channel is None else team).append(message)
    return team, mine


def _in_thread(session: Session, card: OutboxMessage, text: str, ticket: Ticket) -> None:
    """Say ``text`` under ``card`` (in its thread once it was sent; else next to it)."""
    thread = card.sent_ts
    if card.recipient_id is not None and card.channel is None:
        person = session.get(Employee, card.recipient_id)
        if person is not None:
            enqueue(session, text=text, recipient=person, thread_ts=thread, entity=_entity(ticket))
        return
    channel = card.sent_channel or card.channel
    if channel:
        enqueue(session, text=text, channel=channel, thread_ts=thread, entity=_entity(ticket))


def refresh(session: Session, ticket: Ticket) -> None:
    """Redraw every card of the ticket (status, assignee, buttons)."""
    team, mine = _cards(session, ticket)
    for message in team:
        card = views.team_card(ticket, team_language(ticket))
        enqueue_update(session, message, text=card.text, blocks=card.blocks)
    for message in mine:
        card = views.requester_card(ticket, ticket.lang)
        enqueue_update(session, message, text=card.text, blocks=card.blocks)


def _tell_requester(session: Session, ticket: Ticket, key: str, **params: str) -> None:
    """Tell the requester (under their card) and each follower (a DM) in their own language."""
    _, mine = _cards(session, ticket)
    if ticket.requester is not None:
        text = translate(ticket.lang, key, ticket=ticket.reference, **params)
        if mine:
            _in_thread(session, mine[0], text, ticket)
        else:
            enqueue(session, text=text, recipient=ticket.requester, entity=_entity(ticket))
    for follower in employees_named(session, list(ticket.followers or [])):
        enqueue(
            session,
            text=translate(follower.language, key, ticket=ticket.reference, **params),
            recipient=follower,
            entity=_entity(ticket),
        )


def moved(session: Session, ticket: Ticket, action: str, actor: Actor, notes: str, config: MaintenanceConfig) -> None:
    """After a move: redraw the cards, say it in the team's thread, tell the requester (with 👍/👎 on resolve)."""
    refresh(session, ticket)
    name = actor.employee.name if actor.employee else "backoffice"
    team, mine = _cards(session, ticket)
    team_lang = team_language(ticket)
    for card in team:
        _in_thread(
            session,
            card,
            translate(
                team_lang,
                f"maintenance.team.{action}",
                name=name,
                notes=notes,
                ticket=ticket.reference,
                assignee=ticket.assignee.name if ticket.assignee else "",
            ),
            ticket,
        )
    if action == "resolve" and ticket.requester is not None:
        rating = views.rating_card(ticket, ticket.lang, notes, name)
        target = mine[0] if mine else None
        enqueue(
            session,
            text=rating.text,
            blocks=rating.blocks,
            recipient=ticket.requester,
            thread_ts=target.sent_ts if target else None,
            entity=_entity(ticket),
        )
        for follower in employees_named(session, list(ticket.followers or [])):
            enqueue(
                session,
                text=translate(
                    follower.language, "maintenance.told.resolve", ticket=ticket.reference, name=name, notes=notes
                ),
                recipient=follower,
                entity=_entity(ticket),
            )
        return
    if actor.employee is not None and actor.employee.id == ticket.requester_id:
        return
    _tell_requester(
        session,
        ticket,
        f"maintenance.told.{action}",
        name=name,
        notes=notes,
        assignee=ticket.assignee.name if ticket.assignee else name,
    )


def mirror(session: Session, ticket: Ticket, actor: Actor, text: str, side: str, photo: str) -> None:
    """A comment written under one side's card, posted (attributed) under the other side's."""
    name = actor.employee.name if actor.employee else "backoffice"
    team, mine = _cards(session, ticket)
    if side == "requester":
        lang = team_language(ticket)
        said = translate(
            lang, "maintenance.mirror.photo" if photo else "maintenance.mirror.comment", name=name, text=text, url=photo
        )
        for card in team:
            _in_thread(session, card, said, ticket)
        return
    said = translate(
        ticket.lang,
        "maintenance.mirror.photo" if photo else "maintenance.mirror.comment",
        name=name,
        text=text,
        url=photo,
    )
    if mine:
        _in_thread(session, mine[0], said, ticket)
    elif ticket.requester is not None:
        enqueue(session, text=said, recipient=ticket.requester, entity=_entity(ticket))


def followed(session: Session, ticket: Ticket, follower: Employee) -> None:
    """A +1 is said in the team's thread (how many people are affected matters for triage)."""
    team, _ = _cards(session, ticket)
    lang = team_language(ticket)
    for card in team:
        _in_thread(
            session,
            card,
            translate(lang, "maintenance.team.follow", name=follower.name, count=str(len(ticket.followers or []) + 1)),
            ticket,
        )
    refresh(session, ticket)


def sla_reminder(session: Session, ticket: Ticket, step: str) -> None:
    """50 % and 75 %: the assignee (else the team's thread); breach: the team's lead (else the team's thread); someone
    who left the company (``active`` false) counts as nobody, so the team's thread hears it."""
    team, _ = _cards(session, ticket)
    lang = team_language(ticket)
    due = views.moment(ticket.resolution_due, lang, views.zone_of(ticket)) if ticket.resolution_due else "-"
    text = translate(lang, f"maintenance.sla.{step}", ticket=ticket.reference, summary=ticket.summary, due=due)
    person = ticket.assignee if step != "breach" else (ticket.team.lead if ticket.team else None)
    if person is not None and person.active:
        enqueue(
            session,
            text=translate(
                person.language, f"maintenance.sla.{step}", ticket=ticket.reference, summary=ticket.summary, due=due
            ),
            recipient=person,
            entity=_entity(ticket),
        )
        if step != "breach":
            return
    for card in team:
        _in_thread(session, card, text, ticket)


def reprioritised(session: Session, ticket: Ticket, actor: Actor, before: str) -> None:
    """A new priority: the cards redrawn (new due time), said in the team's thread and to the requester."""
    refresh(session, ticket)
    name = actor.employee.name if actor.employee else "backoffice"
    team, _ = _cards(session, ticket)
    text = translate(
        team_language(ticket), "maintenance.team.priority", name=name, before=before, after=ticket.priority
    )
    for card in team:
        _in_thread(session, card, text, ticket)
    if actor.employee is None or actor.employee.id != ticket.requester_id:
        _tell_requester(session, ticket, "maintenance.told.priority", name=name, before=before, after=ticket.priority)
