"""Answering in the thread of a ticket's card, as people do in Slack. Under the team's card: "resolved: replaced the
filter" / "resuelto: …" resolves, "take" / "me la quedo" takes, "on hold" / "en espera" holds (a reason after a colon
or comma, "en espera, falta una pieza", is shown to the requester); anything else is a comment the requester sees. Under the requester's card: "cancel" / "cancelar" cancels; anything else (photos
included) is a comment the team sees, and a ticket on hold waiting for the requester resumes."""

from __future__ import annotations

import re
from functools import partial

from db.outbox import card_posted_at
from skills.base import SkillDeps
from skills.clicks import entity_id, refused_click
from skills.common.extract import fold
from skills.core import Context, Reply, SkillRegistry
from skills.errors import DomainError
from skills.i18n import translate
from skills.maintenance import service, views
from skills.maintenance.config import MaintenanceConfig
from skills.maintenance.models import TICKET_ENTITY, Status, Ticket
from skills.maintenance.queries import get_ticket
from skills.maintenance.rules import REQUESTER, TEAM, roles_on

RESOLVED = re.compile(
    r"^\s*(?:resolved|fixed|done|resuelt[oa]|arreglad[oa]|hecho|solucionad[oa])\s*[:,.-]\s*(\S.*)$", re.I | re.S
)
TAKE = frozenset(
    {"take", "take it", "taking it", "i'll take it", "i'll take", "mine", "on it", "me la quedo", "me lo quedo",
     "me quedo", "voy", "la cojo", "cojo", "coge", "yo me encargo", "me encargo", "me encargo yo"}
)  # fmt: skip
HOLD = frozenset({"on hold", "hold", "en espera", "en pausa"})
HELD = re.compile(r"^\s*(?:on hold|en espera|en pausa)\s*[:,.-]\s*(\S.*)$", re.I | re.S)
"""A hold with its reason ("on hold: waiting for the part", "en espera, falta una pieza"): held, and the reason is
a comment the requester sees."""
CANCEL = frozenset({"cancel", "cancel it", "cancelar", "cancela", "cancelala", "anular"})
PHOTO = re.compile(r"https?://\S+/files(?:-pri)?/\S+", re.I)


def _word(text: str) -> str:
    return re.sub(r"[!.¡¿?\s]+$", "", fold(text.strip()))


def side_of(context: Context, ticket: Ticket) -> str:
    """Which side writes: the team or the requester (and followers), by who the writer is; someone on both sides is
    placed by the thread (under the requester's card, a DM to them, or the team's)."""
    roles = roles_on(context.employee, ticket)
    if roles != {TEAM, REQUESTER}:
        return "team" if TEAM in roles else "requester"
    channel, _, ts = context.thread_key.rpartition(":")
    card = card_posted_at(context.session, channel, ts) if channel else None
    if card is not None and card.channel is None and card.recipient_id == ticket.requester_id:
        return "requester"
    return "team"


def team_command(text: str) -> tuple[str, str] | None:
    """What the team's words do to a ticket: ("resolve", notes), ("hold", reason or ""), ("take", ""); None for
    anything else (a comment)."""
    resolved = RESOLVED.match(text)
    if resolved is not None:
        return "resolve", resolved.group(1).strip()
    held = HELD.match(text)
    if held is not None:
        return "hold", held.group(1).strip()
    word = _word(text)
    if word in TAKE:
        return "take", ""
    if word in HOLD:
        return "hold", ""
    return None


def apply_team_command(
    deps: SkillDeps[MaintenanceConfig], context: Context, ticket: Ticket, command: tuple[str, str]
) -> list[Reply]:
    """Do what ``team_command`` read (service.move checks who may) and say the ticket's new status; a hold's
    reason is a comment the requester sees. Raises DomainError when the move is refused."""
    action, words = command
    notes = words if action == "resolve" else ""
    moved = service.move(
        context.session, actor=context.actor, ticket_id=ticket.id, action=action, config=deps.config, notes=notes
    )
    if action == "hold" and words:
        service.comment(context.session, actor=context.actor, ticket_id=ticket.id, text=words, side="team")
    status = views.status_label(moved.status, context.lang)
    return [Reply(text=translate(context.lang, "maintenance.ack", ticket=moved.reference, status=status))]


def on_ticket(deps: SkillDeps[MaintenanceConfig], context: Context, card_entity: str, text: str) -> list[Reply] | None:
    """Act on (or comment on) the ticket under whose card this was written."""
    ticket_id = entity_id(card_entity)
    ticket = get_ticket(context.session, ticket_id) if ticket_id is not None else None
    if ticket is None:
        return None
    side = side_of(context, ticket)
    config = deps.config
    try:
        command = team_command(text) if side == "team" else None
        if command is not None:
            return apply_team_command(deps, context, ticket, command)
        if side != "team" and _word(text) in CANCEL:
            moved = service.move(
                context.session, actor=context.actor, ticket_id=ticket.id, action="cancel", config=config
            )
            status = views.status_label(moved.status, context.lang)
            return [Reply(text=translate(context.lang, "maintenance.ack", ticket=moved.reference, status=status))]
        photos = PHOTO.findall(text)
        words = PHOTO.sub("", text).strip()
        if words or not photos:
            service.comment(context.session, actor=context.actor, ticket_id=ticket.id, text=words or text, side=side)
        for url in photos:
            service.comment(context.session, actor=context.actor, ticket_id=ticket.id, text=words, side=side, photo=url)
        if side == "requester" and ticket.status == Status.ON_HOLD and ticket.requester_id == context.employee.id:
            service.move(context.session, actor=context.actor, ticket_id=ticket.id, action="resume", config=config)
    except DomainError as error:
        return refused_click(context, error)
    return []


def register(registry: SkillRegistry, deps: SkillDeps[MaintenanceConfig]) -> None:
    """Let teams and requesters work a ticket in the threads of its cards."""
    registry.on_thread_reply(TICKET_ENTITY, partial(on_ticket, deps))
