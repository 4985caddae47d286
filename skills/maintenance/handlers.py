"""The maintenance skill's registration: thin adapters from maintenance.create (a form), maintenance.status, the
meter form, the card buttons (take, assign, hold, resume, resolve, cancel, 👍/👎, +1) and the resolve modal to the
queries, the service and the views."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from db.models import OutboxMessage
from skills.base import SkillDeps
from skills.clicks import entity_id, on_entity, stale_click
from skills.common.extract import fold
from skills.core import Action, Blocks, Capability, Context, Reply, Request, SkillRegistry
from skills.errors import DomainError
from skills.evidence import ask_first
from skills.i18n import people_words, translate
from skills.maintenance import meters, queries, service, thread_replies, views
from skills.maintenance.config import MaintenanceConfig
from skills.maintenance.errors import TicketNotFound, TicketNumberNotFound
from skills.maintenance.forms import TICKET_NUMBER, create_form, update_form
from skills.maintenance.matching import read_report, says_a_problem, vague_report_subject
from skills.maintenance.models import TICKET_ENTITY
from skills.maintenance.rules import TEAM, is_team_member, roles_on

Deps = SkillDeps[MaintenanceConfig]
REFERENCE = re.compile(r"#\s?(\d{1,9})\b|\b(?:ticket|incidencia)\s+(\d{1,9})\b", re.I)
QUEUE = re.compile(
    r"\b(?:queue|our (?:open )?tickets|team'?s (?:open )?tickets|tickets (?:for|of) (?:my|our|the) team|my team|cola|"
    r"incidencias del equipo|nuestras incidencias|mi equipo|nuestro equipo)\b"
)


CHART = re.compile(r"\b(?:chart|graph|grafic[oa]s?)\b")
CHART_DAYS = 90
"""How far back the chart's mean time to resolve looks."""


def _card(card: views.Card, **extra: Any) -> Reply:
    return Reply(text=card.text, blocks=card.blocks, **extra)


def status(context: Context, request: Request) -> list[Reply]:
    """ "Any news on my ticket?": the ticket named by ``#12``; a team's queue by SLA state ("our queue"); the
    tickets on the asset or place the question names ("has the AC in Sala Goya been fixed?"); else the asker's."""
    named = REFERENCE.search(request.text)
    if named is None and QUEUE.search(fold(request.text)) and _in_a_team(context):
        queue = queries.team_queue(context.session, context.employee)
        if not queue:
            return [Reply(text=translate(context.lang, "maintenance.queue.empty"))]
        return [_card(views.queue_card(queue, context.lang, context.now))]
    if named is None:
        office = queries.office_of(context.session, context.employee)
        reading = read_report(request.text, queries.registry(context.session), office=office)
        about = queries.tickets_about(
            context.session, asset_tag=reading.asset if reading.sure else None, place_code=reading.location
        )
        if about:
            return [_card(views.status_card(about, context.lang))]
    if named is not None:
        number = int(named.group(1) or named.group(2))
        ticket = queries.get_ticket(context.session, number)
        allowed = ticket is not None and (
            ticket.requester_id == context.employee.id
            or context.employee.id in (ticket.followers or [])
            or is_team_member(context.employee, ticket.team)
        )
        if ticket is None or not allowed:
            raise TicketNumberNotFound(number=number)
        return [_card(views.status_card([ticket], context.lang))]
    return [_card(views.status_card(queries.open_tickets_of(context.session, context.employee), context.lang))]


def team_capability(context: Context) -> Capability | None:
    """The help card's line of a maintenance team's own work (its queue, commands by ticket number), for members."""
    if not _in_a_team(context):
        return None
    lang = context.lang
    return Capability(
        translate(lang, "maintenance.capability.team_title"), translate(lang, "maintenance.capability.team")
    )


def _in_a_team(context: Context) -> bool:
    return any(team.is_member(context.employee) for team in queries.teams(context.session))


def team_queue_asked(context: Context, request: Request) -> list[Reply] | None:
    """A team member asking for "my queue" / "mi cola" in words the router reads as nothing: the team's queue."""
    if REFERENCE.search(request.text) or not QUEUE.search(fold(request.text)) or not _in_a_team(context):
        return None
    return status(context, request)


def status_or_chart(deps: Deps, context: Context, request: Request) -> list[Reply]:
    """A team member asking for a chart gets the queue and the tickets chart (PNG); anything else is a status."""
    if not (_in_a_team(context) and CHART.search(fold(request.text))):
        return status(context, request)
    from skills.core import ReplyFile
    from skills.files import saved_outside_slack
    from skills.maintenance.reports import chart_png

    start = context.today - timedelta(days=CHART_DAYS)
    content = chart_png(context.session, start, context.today, context.now, context.lang)
    name = f"tickets-{start.isoformat()}-{context.today.isoformat()}-{context.employee.id}.png"
    saved = saved_outside_slack(deps.config.backoffice_home, context, name, content)
    period = f"{views.day(start, context.lang)} – {views.day(context.today, context.lang)}"
    text = translate(context.lang, "maintenance.chart.caption", period=period)
    if saved is not None:
        text += "\n" + translate(context.lang, "maintenance.chart.saved", path=saved)
    return [Reply(text=text, file=ReplyFile(name=name, content=content, title=text.splitlines()[0], saved_at=saved))]


def _ack(context: Context, ticket: Any) -> list[Reply]:
    text = translate(
        context.lang, "maintenance.ack", ticket=ticket.reference, status=views.status_label(ticket.status, context.lang)
    )
    return [Reply(text=text, ephemeral=True)]


def simple_move(deps: Deps, action_name: str, context: Context, action: Action, ticket_id: int) -> list[Reply]:
    """Take, On hold, Resume, Cancel: one click, one move."""
    ticket = service.move(
        context.session, actor=context.actor, ticket_id=ticket_id, action=action_name, config=deps.config
    )
    return _ack(context, ticket)


def assign(context: Context, action: Action, ticket_id: int) -> list[Reply]:
    """Assign: offer the team's people (only the team may)."""
    ticket = queries.get_ticket(context.session, ticket_id)
    if ticket is None:
        raise TicketNotFound()
    refusal = queries.can_act(context.employee, ticket, "assign")
    if refusal is not None:
        raise refusal
    ids = [i for i in [ticket.team.lead_id, *(ticket.team.member_ids or [])] if i] if ticket.team else []
    people = queries.employees_named(context.session, ids) or queries.facilities_people(context.session)
    return [
        Reply(
            text=translate(context.lang, "maintenance.assign.pick", ticket=ticket.reference),
            blocks=views.assign_choices(ticket, people, context.lang),
            ephemeral=True,
        )
    ]


def assign_to(deps: Deps, context: Context, action: Action, ticket_id: int) -> list[Reply]:
    """Assign to the chosen person (``<ticket id>:<employee id>``)."""
    _, _, who = action.value.partition(":")
    people = queries.employees_named(context.session, [int(who)]) if who.isdigit() else []
    if not people:
        return stale_click(context)
    ticket = service.move(
        context.session,
        actor=context.actor,
        ticket_id=ticket_id,
        action="assign",
        assignee=people[0],
        config=deps.config,
    )
    return _ack(context, ticket)


def resolve(context: Context, action: Action, ticket_id: int) -> list[Reply]:
    """Resolve: ask for the notes (a modal in Slack; "resolved: …" in the thread elsewhere); nothing changes yet."""
    ticket = queries.get_ticket(context.session, ticket_id)
    if ticket is None:
        raise TicketNotFound()
    refusal = queries.can_act(context.employee, ticket, "resolve")
    if refusal is not None:
        raise refusal
    ask = translate(context.lang, "maintenance.resolve.ask")
    if context.via == "slack":
        return [Reply(text=ask, modal=views.resolve_modal(ticket, context.lang), ephemeral=True)]
    return [Reply(text=ask)]


def resolve_notes(
    deps: Deps, context: Context, values: dict[str, str], metadata: dict[str, Any]
) -> tuple[dict[str, str], list[Reply]]:
    """The resolve modal: empty notes are a field error; otherwise resolve and say so."""
    try:
        ticket_id = int(metadata.get("ticket_id", 0))
    except (TypeError, ValueError):
        return {}, stale_click(context)
    try:
        ticket = service.move(
            context.session,
            actor=context.actor,
            ticket_id=ticket_id,
            action="resolve",
            notes=values.get(views.NOTES, ""),
            config=deps.config,
        )
    except DomainError as error:
        context.session.rollback()
        if error.blamed_slot == "notes":
            return {views.NOTES: error.message(context.lang)}, []
        return {}, [Reply(text=error.message(context.lang), ephemeral=True)]
    return {}, _ack(context, ticket)


def rate(deps: Deps, happy: bool, context: Context, action: Action, ticket_id: int) -> list[Reply]:
    """👍 closes, 👎 reopens (the requester, within the window)."""
    ticket = service.rate(context.session, actor=context.actor, ticket_id=ticket_id, happy=happy, config=deps.config)
    key = "maintenance.rated.up" if happy else "maintenance.rated.down"
    return [Reply(text=translate(context.lang, key, ticket=ticket.reference))]


def follow(context: Context, action: Action, ticket_id: int) -> list[Reply]:
    """+1 and follow: follow the open ticket, and drop the draft of a new one in this thread."""
    ticket = service.follow(context.session, actor=context.actor, ticket_id=ticket_id)
    service.drop_draft(context.session, thread_key=context.thread_key, employee_id=context.employee.id)
    return [Reply(text=translate(context.lang, "maintenance.followed", ticket=ticket.reference))]


def open_items(context: Context) -> Blocks:
    """Home: a team member's queue by SLA state, then the person's own open tickets."""
    blocks: Blocks = []
    queue = queries.team_queue(context.session, context.employee)
    if queue:
        blocks += views.queue_card(queue, context.lang, context.now).blocks[:4]
    tickets = queries.open_tickets_of(context.session, context.employee, limit=3)
    if tickets:
        blocks += views.status_card(tickets, context.lang).blocks
    return blocks


def capability(context: Context) -> Capability:
    """The help card's maintenance line, with an asset of the asker's office as its example."""
    asset = queries.example_asset(context.session, context.employee)
    return views.capability(context.lang, asset.name if asset else None)


def offer_report(context: Context, request: Request) -> list[Reply] | None:
    """A message nobody understood that reports a vague problem with an asset or a thing facilities look after
    ("the boiler has a problem", "algo le pasa al ascensor"): ask whether to report it; Yes starts the report."""
    if not says_a_problem(request.text):  # most unrouted messages: no need to read the places and assets
        return None
    subject = vague_report_subject(request.text, queries.registry(context.session))
    if subject is None:
        return None
    lang = context.lang
    if subject:
        question = translate(lang, "maintenance.offer_report", subject=subject)
    else:
        question = translate(lang, "maintenance.offer_report_plain")
    return [ask_first(lang, "maintenance.create", request.text, question)]


def offer_update(context: Context, request: Request) -> list[Reply] | None:
    """A message nobody understood that names one of the asker's tickets by number ("#3 can wait", "la #5 ya da
    igual"): ask whether to update that ticket; Yes reads the sentence as an update (a priority said, else a note)."""
    named = TICKET_NUMBER.search(request.text)
    if named is None:
        return None
    ticket = queries.get_ticket(context.session, int(named.group(1)))
    if ticket is None or not roles_on(context.employee, ticket) or queries.can_act(context.employee, ticket, "comment"):
        return None
    question = translate(context.lang, "maintenance.offer_update", ticket=ticket.reference,
                         summary=people_words(ticket.summary))  # fmt: skip
    return [ask_first(context.lang, "maintenance.update", request.text, question)]


NAMED_BEFORE = re.compile(r"(?:\b(?:la|el|the|ticket|incidencia)\s+)*$", re.I)
"""Words that only introduce the ticket's number ("coge la #12", "take ticket 4")."""
SAID_OF_IT = re.compile(r"^\s*(?:is|was|has been|est[aá]|ya est[aá]|ha sido|queda)\s+", re.I)
"""What turns "#12 is fixed: …" / "la #12 está arreglada, …" into the thread's "fixed: …"."""


def command_on_named_ticket(deps: Deps, context: Context, request: Request) -> list[Reply] | None:
    """The team's thread words typed anywhere with the ticket's number ("take #12", "coge la #12", "#12 resolved:
    replaced the tap", "la #12 está arreglada, cambiamos el grifo", "#12 on hold: waiting for the part"): done as
    under the ticket's card. None when the words are not one of those, or the ticket is not the asker's team's."""
    named = TICKET_NUMBER.search(request.text)
    if named is None:
        return None
    before = NAMED_BEFORE.sub("", request.text[: named.start()])
    rest = " ".join(part.strip(" ,") for part in (before, request.text[named.end() :]) if part.strip(" ,"))
    command = thread_replies.team_command(SAID_OF_IT.sub("", rest))
    if command is None:
        return None
    ticket = queries.get_ticket(context.session, int(named.group(1)))
    if ticket is None or TEAM not in roles_on(context.employee, ticket):
        return None  # someone else's words about a ticket: the update form or the status answers them
    try:
        return thread_replies.apply_team_command(deps, context, ticket, command)
    except DomainError as error:
        return [Reply(text=error.message(context.lang))]


def card_undelivered(session: Session, message: OutboxMessage) -> None:
    """A message about a ticket was given up: the team's card its channel refused goes to the team's people."""
    ticket_id = entity_id(message.entity_id or "")
    if ticket_id is not None:
        service.team_card_undelivered(session, ticket_id=ticket_id, message=message)


def register(registry: SkillRegistry, deps: Deps) -> None:
    """Register the forms, maintenance.status, every button, the resolve modal, thread replies, Home and help."""
    registry.on_form(create_form(deps.config))
    registry.on_form(meters.meter_form(deps.config))
    registry.on_form(update_form(deps.config))
    registry.on_intent("maintenance.status", partial(status_or_chart, deps))
    for name, prefix in (
        ("take", views.TAKE),
        ("hold", views.HOLD),
        ("resume", views.RESUME),
        ("cancel", views.CANCEL),
    ):
        registry.on_action(prefix, on_entity(partial(simple_move, deps, name)))
    registry.on_action(views.ASSIGN_TO, on_entity(partial(assign_to, deps)))
    registry.on_action(views.ASSIGN, on_entity(assign))
    registry.on_action(views.RESOLVE, on_entity(resolve))
    registry.on_view(views.RESOLVE_VIEW, partial(resolve_notes, deps))
    registry.on_action(views.UP, on_entity(partial(rate, deps, True)))
    registry.on_action(views.DOWN, on_entity(partial(rate, deps, False)))
    registry.on_action(views.FOLLOW, on_entity(follow))
    thread_replies.register(registry, deps)
    registry.on_open_items(open_items)
    registry.on_capability(capability)
    registry.on_capability(team_capability)
    command = partial(command_on_named_ticket, deps)
    registry.on_fallback(command, narrow=True)  # before the update offer: "take #12" is done, not offered as a note
    for intent in ("maintenance.update", "maintenance.status", "maintenance.create"):
        registry.on_intent_first(intent, command)
    registry.on_fallback(team_queue_asked, narrow=True)
    registry.on_fallback(offer_update)
    registry.on_fallback(offer_report)
    registry.on_undelivered(TICKET_ENTITY, card_undelivered)
