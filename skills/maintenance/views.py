"""Pure functions from already-loaded tickets to Block Kit and text: the team's card, the requester's card, the
👍/👎 card, the duplicate offer, status answers, the resolve modal, reports. No database, no client."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from babel.dates import format_date, format_time

from db.models import Employee
from skills.blocks import button, context_block, section_block
from skills.common.time import local_now
from skills.core import Blocks, Capability
from skills.i18n import mid_sentence, normalise_language, translate
from skills.maintenance.models import Status, Ticket

TAKE = "maintenance.take"
ASSIGN = "maintenance.assign"
ASSIGN_TO = "maintenance.assign_to"
HOLD = "maintenance.hold"
RESUME = "maintenance.resume"
RESOLVE = "maintenance.resolve"
CANCEL = "maintenance.cancel"
UP = "maintenance.up"
DOWN = "maintenance.down"
FOLLOW = "maintenance.follow"
RESOLVE_VIEW = "maintenance.resolve_view"
NOTES = "notes"
CARD_BLOCK = "maintenance.ticket"
PRIORITY_ICONS = {"P1": "🔴", "P2": "🟠", "P3": "🟡", "P4": "⚪"}


@dataclass(frozen=True)
class Card:
    """A message: its plain text (notifications, screen readers) and its blocks."""

    text: str
    blocks: Blocks


def _actions(*elements: dict[str, Any]) -> dict[str, Any]:
    return {"type": "actions", "elements": list(elements)}


def is_ticket_card(blocks: Sequence[dict[str, Any]] | None) -> bool:
    """Whether ``blocks`` are a ticket's card (not a note in its thread)."""
    return any(block.get("block_id") == CARD_BLOCK for block in blocks or [])


def day(value: date, lang: str) -> str:
    """A date as a reader of ``lang`` writes it: ``Nov 25, 2026`` / ``25 nov 2026``."""
    return format_date(value, format="medium", locale=normalise_language(lang))


def moment(when: datetime, lang: str, timezone: str | None) -> str:
    """A UTC time shown in ``timezone``: ``Nov 25, 2026, 10:30 AM`` / ``25 nov 2026, 10:30``."""
    local = local_now(when, timezone)
    locale = normalise_language(lang)
    day = format_date(local.date(), format="medium", locale=locale)
    return f"{day}, {format_time(local, format='short', locale=locale)}".replace("\u202f", " ")


def zone_of(ticket: Ticket) -> str:
    """The time zone a ticket's times are shown in: its place's, else its requester's, else (a preventive plan's
    ticket has no requester) its team lead's, else UTC."""
    place = ticket.location or (ticket.asset.location if ticket.asset else None)
    found = place.inherited("timezone") if place is not None else None
    if found:
        return str(found)
    if ticket.requester is not None:
        return ticket.requester.timezone
    lead = ticket.team.lead if ticket.team is not None else None
    return lead.timezone if lead is not None and lead.timezone else "UTC"


def where(ticket: Ticket) -> str:
    """The asset and place of a ticket, as people read them."""
    parts = []
    if ticket.asset is not None:
        parts.append(f"{ticket.asset.name} (`{ticket.asset.tag}`)")
    if ticket.location is not None:
        parts.append(ticket.location.path)
    return " · ".join(parts) or "-"


def status_label(status: str, lang: str) -> str:
    """A status in words."""
    return translate(lang, f"maintenance.status.{status}")


def _fields(ticket: Ticket, lang: str) -> str:
    zone = zone_of(ticket)
    lines = [
        f"*{translate(lang, 'maintenance.label.where')}:* {where(ticket)}",
        f"*{translate(lang, 'maintenance.label.category')}:* {translate(lang, f'maintenance.category.{ticket.category}')}",
        f"*{translate(lang, 'maintenance.label.priority')}:* {PRIORITY_ICONS.get(ticket.priority, '')} {ticket.priority}",
        f"*{translate(lang, 'maintenance.label.status')}:* {status_label(ticket.status, lang)}",
        f"*{translate(lang, 'maintenance.label.assignee')}:* {ticket.assignee.name if ticket.assignee else '-'}",
    ]
    if ticket.requester is not None:
        lines.append(f"*{translate(lang, 'maintenance.label.requester')}:* {ticket.requester.name}")
    if ticket.is_open and ticket.resolution_due is not None:
        due = moment(ticket.resolution_due, lang, zone)
        paused = f" ({translate(lang, 'maintenance.sla.paused')})" if ticket.status == Status.ON_HOLD else ""
        lines.append(f"*{translate(lang, 'maintenance.label.due')}:* {due}{paused}")
    if ticket.followers:
        lines.append(f"*{translate(lang, 'maintenance.label.affected')}:* {len(ticket.followers) + 1}")
    if ticket.resolution:
        lines.append(f"*{translate(lang, 'maintenance.label.resolution')}:* {ticket.resolution[:500]}")
    return "\n".join(lines)


def team_card(ticket: Ticket, lang: str) -> Card:
    """The card in the team's channel: the ticket and, while open, Take / Assign / On hold / Resolve."""
    title = f"🎫 *{ticket.reference}* {ticket.summary}"
    blocks: Blocks = [
        {**section_block(title), "block_id": CARD_BLOCK},
        section_block(_fields(ticket, lang)),
    ]
    value = str(ticket.id)
    if ticket.is_open:
        buttons = []
        if ticket.status != Status.IN_PROGRESS:
            buttons.append(button(translate(lang, "maintenance.button.take"), TAKE, value, "primary"))
        buttons.append(button(translate(lang, "maintenance.button.assign"), ASSIGN, value))
        if ticket.status == Status.ON_HOLD:
            buttons.append(button(translate(lang, "maintenance.button.resume"), RESUME, value))
        else:
            buttons.append(button(translate(lang, "maintenance.button.hold"), HOLD, value))
        buttons.append(button(translate(lang, "maintenance.button.resolve"), RESOLVE, value))
        blocks.append(_actions(*buttons))
    blocks.append(context_block(translate(lang, "maintenance.team.hint")))
    return Card(f"{ticket.reference} {ticket.summary} ({status_label(ticket.status, lang)})", blocks)


def requester_card(ticket: Ticket, lang: str) -> Card:
    """The requester's card: their ticket, its state, Cancel while open; replies in its thread reach the team."""
    title = f"🎫 *{ticket.reference}* {ticket.summary}"
    team = ticket.team.name if ticket.team else translate(lang, "maintenance.no_team")
    blocks: Blocks = [
        {**section_block(title), "block_id": CARD_BLOCK},
        section_block(f"{_fields(ticket, lang)}\n*{translate(lang, 'maintenance.label.team')}:* {team}"),
    ]
    if ticket.is_open:
        blocks.append(_actions(button(translate(lang, "maintenance.button.cancel"), CANCEL, str(ticket.id), "danger")))
    blocks.append(context_block(translate(lang, "maintenance.requester.hint")))
    return Card(f"{ticket.reference} {ticket.summary} ({status_label(ticket.status, lang)})", blocks)


def rating_card(ticket: Ticket, lang: str, notes: str, name: str) -> Card:
    """Resolved (by ``name``): what was done, and 👍 (close) / 👎 (reopen)."""
    text = translate(lang, "maintenance.told.resolve", ticket=ticket.reference, notes=notes, name=name)
    value = str(ticket.id)
    blocks: Blocks = [
        section_block(text),
        _actions(
            button(translate(lang, "maintenance.button.up"), UP, value, "primary"),
            button(translate(lang, "maintenance.button.down"), DOWN, value),
        ),
    ]
    return Card(text, blocks)


def duplicate_offer(tickets: Sequence[Ticket], lang: str) -> Blocks:
    """Open tickets that look like the same problem, each with "+1 and follow"."""
    blocks: Blocks = [section_block(translate(lang, "maintenance.duplicate.intro"))]
    for ticket in tickets:
        line = f"*{ticket.reference}* {ticket.summary} · {where(ticket)} · {status_label(ticket.status, lang)}"
        blocks.append(section_block(line))
        blocks.append(
            _actions(
                button(
                    translate(lang, "maintenance.button.follow", ticket=ticket.reference),
                    FOLLOW,
                    str(ticket.id),
                    "primary",
                )
            )
        )
    return blocks


def assign_choices(ticket: Ticket, people: Sequence[Employee], lang: str) -> Blocks:
    """One button per team member to assign the ticket to."""
    buttons = [button(person.name, f"{ASSIGN_TO}.{person.id}", f"{ticket.id}:{person.id}") for person in people[:10]]
    return [section_block(translate(lang, "maintenance.assign.pick", ticket=ticket.reference)), _actions(*buttons)]


def resolve_modal(ticket: Ticket, lang: str) -> dict[str, Any]:
    """The Slack modal asking for the resolution notes."""
    return {
        "type": "modal",
        "callback_id": RESOLVE_VIEW,
        "title": {"type": "plain_text", "text": translate(lang, "maintenance.resolve.title")[:24]},
        "submit": {"type": "plain_text", "text": translate(lang, "maintenance.resolve.send")[:24]},
        "close": {"type": "plain_text", "text": translate(lang, "maintenance.resolve.cancel")[:24]},
        "private_metadata": f'{{"ticket_id": {ticket.id}}}',
        "blocks": [
            {
                "type": "input",
                "block_id": NOTES,
                "label": {"type": "plain_text", "text": translate(lang, "maintenance.resolve.label")},
                "element": {"type": "plain_text_input", "action_id": NOTES, "multiline": True, "max_length": 1000},
            }
        ],
    }


def status_card(tickets: Sequence[Ticket], lang: str) -> Card:
    """ "Any news on my ticket?": each open (or just resolved) ticket with its status, assignee and due time."""
    if not tickets:
        text = translate(lang, "maintenance.status.none")
        return Card(text, [section_block(text)])
    blocks: Blocks = []
    for ticket in tickets:
        blocks.append(section_block(f"🎫 *{ticket.reference}* {ticket.summary}"))
        blocks.append(section_block(_fields(ticket, lang)))
    return Card(translate(lang, "maintenance.status.title", count=len(tickets)), blocks)


def queue_card(tickets: Sequence[Ticket], lang: str, now: datetime) -> Card:
    """A team's open tickets grouped by SLA state (breached first), each with its priority, assignee and due time."""
    order = ("breached", "at_risk", "on_time", "paused")
    groups: dict[str, list[Ticket]] = {state: [] for state in order}
    for ticket in tickets:
        groups.setdefault(ticket.sla_state(now), []).append(ticket)
    blocks: Blocks = []
    for state, found in groups.items():
        if not found:
            continue
        lines = [
            f"• *{t.reference}* {PRIORITY_ICONS.get(t.priority, '')} {t.priority} {t.summary[:80]} · "
            f"{t.assignee.name if t.assignee else translate(lang, 'maintenance.queue.unassigned')}"
            + (
                f" · {translate(lang, 'maintenance.queue.due', due=moment(t.resolution_due, lang, zone_of(t)))}"
                if t.resolution_due
                else ""
            )
            for t in found[:15]
        ]
        title = translate(lang, f"maintenance.queue.{state}", count=len(found))
        blocks.append(section_block(f"*{title}*\n" + "\n".join(lines)))
    return Card(translate(lang, "maintenance.queue.title", count=len(tickets)), blocks)


def capability(lang: str, asset_name: str | None) -> Capability:
    """The help card's line about maintenance, its example naming one of the company's own assets when it has one."""
    if asset_name is None:
        return Capability(translate(lang, "maintenance.capability"), translate(lang, "maintenance.capability.example"))
    named = mid_sentence(asset_name) if lang == "en" else asset_name  # Spanish starts with it: "Caldera Madrid no…"
    example = translate(lang, "maintenance.capability.example_asset", asset=named)
    return Capability(translate(lang, "maintenance.capability"), example)
