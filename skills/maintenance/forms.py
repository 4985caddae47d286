"""The maintenance forms. maintenance.create: a ticket from one sentence. The sentence is read once against the registry
(category, priority, place, asset); what is unsure is said on the card; open tickets that look like the same problem
are offered first (+1 and follow); Confirm files the ticket and routes it to its team. maintenance.update: a new
priority for a ticket (its due times recomputed) or a note for its team.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from skills.core import Context, Reply
from skills.forms import Form, Preview, Slot, SlotKind, Slots
from skills.i18n import translate
from skills.locations.models import Location
from skills.maintenance import service, views
from skills.maintenance.config import MaintenanceConfig
from skills.maintenance.errors import PlaceNotNamed, PlaceUnknown, TicketNotFound, TicketNumberNotFound
from skills.maintenance.matching import read_report
from skills.maintenance.models import CATEGORIES, PRIORITIES, Asset, Ticket
from skills.maintenance.queries import (
    asset_by_tag,
    can_act,
    duplicates,
    get_ticket,
    known_places,
    location_by_code,
    office_of,
    open_tickets_of,
    registry,
    team_for,
)
from skills.maintenance.rules import check_update, roles_on, validate_ticket

CREATE = "maintenance.create"
WORDS_TO_PRIORITY = {"urgent": "P1", "high": "P2", "normal": "P3", "low": "P4"}
READ_KEYS = ("original_text", "asset", "place", "guessed", "candidates", "where_read")

SLOTS = (
    Slot("summary", SlotKind.TEXT, "maintenance.ask.summary", "maintenance.label.summary", extra_keys=READ_KEYS),
    Slot("where", SlotKind.TEXT, "maintenance.ask.where", "maintenance.label.where", required=False),
    Slot("category", SlotKind.CHOICE, "maintenance.ask.category", "maintenance.category", choices=CATEGORIES),
    Slot("priority", SlotKind.CHOICE, "maintenance.ask.priority", "maintenance.priority", choices=PRIORITIES),
)
LEADING = re.compile(
    r"^\s*(?:@\w+\s*)?(?:(?:please\s+)?(?:open|raise|log|file|create)\s+(?:a\s+)?(?:ticket|issue|request)|"
    r"new maintenance request|report|abre(?:r)?\s+(?:una\s+)?(?:incidencia|ticket|averia)|registra\s+una\s+averia|"
    r"nueva petici[oó]n de mantenimiento)\s*[:,-]?\s*",
    re.I,
)


@dataclass(frozen=True)
class Draft:
    """The ticket the slots describe, place and asset resolved."""

    summary: str
    original_text: str
    category: str
    priority: str
    asset: Asset | None
    location: Location | None


def summary_of(text: str) -> str:
    """The problem as a title: the sentence without a leading "open a ticket:" and the bot's name, capitalised."""
    cleaned = LEADING.sub("", text.strip()).strip(" .!") or text.strip()
    return (cleaned[:1].upper() + cleaned[1:])[:300]


def _priority(value: Any) -> str | None:
    said = str(value or "").strip()
    if said.upper() in PRIORITIES:
        return said.upper()
    return WORDS_TO_PRIORITY.get(said.lower())


def normalise(context: Context, slots: Slots) -> Slots:
    """Read the first sentence once (summary, category, priority, place, asset); read a new "where" again; turn
    "urgent"/"high" into P1-P4."""
    out = dict(slots)
    text = str(out.get("original_text") or "")
    places = registry(context.session)
    office = office_of(context.session, context.employee)
    if text and not out.get("summary"):
        reading = read_report(text, places, office=office)
        out["summary"] = summary_of(text)
        out.setdefault("category", reading.category if reading.category in CATEGORIES else None)
        out["priority"] = reading.priority
        out.update(
            asset=reading.asset, place=reading.location, guessed=not reading.sure, candidates=list(reading.candidates)
        )
    where = str(out.get("where") or "").strip()
    if where and where != out.get("where_read"):
        reading = read_report(where, places, office=office)
        out.update(
            asset=reading.asset,
            place=reading.location,
            guessed=False,
            candidates=list(reading.candidates),
            where_read=where,
        )
    if out.get("priority") is not None:
        out["priority"] = _priority(out["priority"])
    if str(out.get("category") or "") not in CATEGORIES:
        out.pop("category", None)
    return out


def draft_of(context: Context, slots: Slots) -> Draft:
    """The ticket the slots describe; a "where" that names nothing known is refused, and so is a report that names no
    place at all while places are known (asked again, with the places the reporter's office has)."""
    asset = asset_by_tag(context.session, str(slots["asset"])) if slots.get("asset") else None
    location = location_by_code(context.session, str(slots["place"])) if slots.get("place") else None
    where = str(slots.get("where") or "").strip()
    if asset is None and location is None and not slots.get("candidates"):
        places = known_places(context.session, office_of(context.session, context.employee))
        if where:
            raise PlaceUnknown(phrase=where, places=", ".join(places) or "-")
        if places:
            raise PlaceNotNamed(places=", ".join(places))
    draft = Draft(
        summary=str(slots.get("summary") or "").strip(),
        original_text=str(slots.get("original_text") or slots.get("summary") or ""),
        category=str(slots.get("category") or ""),
        priority=str(slots.get("priority") or ""),
        asset=asset,
        location=location or (asset.location if asset else None),
    )
    validate_ticket(draft.summary, draft.priority, draft.category)
    return draft


def _where(draft: Draft) -> str:
    parts = []
    if draft.asset is not None:
        parts.append(f"{draft.asset.name} (`{draft.asset.tag}`)")
    if draft.location is not None:
        parts.append(draft.location.path)
    return " · ".join(parts) or "-"


def preview(config: MaintenanceConfig, context: Context, slots: Slots) -> Preview:
    """What will be filed, where it goes, what was guessed, and open tickets that look like the same problem."""
    lang = context.lang
    draft = draft_of(context, slots)
    team = team_for(context.session, draft.category, draft.asset, draft.location)
    team_name = team.name if team else translate(lang, "maintenance.no_team")
    fields = [
        (translate(lang, "maintenance.label.summary"), draft.summary),
        (translate(lang, "maintenance.label.where"), _where(draft)),
        (translate(lang, "maintenance.label.category"), translate(lang, f"maintenance.category.{draft.category}")),
        (
            translate(lang, "maintenance.label.priority"),
            f"{views.PRIORITY_ICONS[draft.priority]} {translate(lang, f'maintenance.priority.{draft.priority}')}",
        ),
        (translate(lang, "maintenance.label.team"), team_name),
    ]
    notes = []
    if slots.get("guessed") and (draft.asset or draft.location):
        notes.append(translate(lang, "maintenance.preview.guess", where=_where(draft)))
    candidates = [str(tag) for tag in slots.get("candidates") or []]
    if candidates and draft.asset is None:
        names = [asset.name for tag in candidates[:5] if (asset := asset_by_tag(context.session, tag)) is not None]
        notes.append(translate(lang, "maintenance.preview.which", names=", ".join(names)))
    same = duplicates(
        context.session,
        summary=draft.summary,
        asset_id=draft.asset.id if draft.asset else None,
        location_id=draft.location.id if draft.location else None,
        threshold=config.duplicate_score,
    )
    extra = views.duplicate_offer(same, lang) if same else []
    return Preview(
        title=translate(lang, "maintenance.preview.title"), fields=fields, note="\n".join(notes), extra_blocks=extra
    )


def commit(config: MaintenanceConfig, context: Context, slots: Slots) -> list[Reply]:
    """File the ticket, route it, and tell the requester where it went."""
    draft = draft_of(context, slots)
    new = service.NewTicket(
        summary=draft.summary,
        original_text=draft.original_text,
        category=draft.category,
        priority=draft.priority,
        asset=draft.asset,
        location=draft.location,
        lang=context.lang,
        thread_key=context.thread_key,
    )
    ticket = service.create_ticket(context.session, actor=context.actor, new=new, config=config)
    team = ticket.team.name if ticket.team else translate(context.lang, "maintenance.no_team")
    channel = ticket.team.channel if ticket.team and ticket.team.channel else config.facilities_channel
    where = f"{team} ({channel})" if channel else team
    return [Reply(text=translate(context.lang, "maintenance.created", ticket=ticket.reference, team=where))]


def create_form(config: MaintenanceConfig) -> Form:
    """The maintenance.create form, bound to the skill's config."""
    return Form(
        intent=CREATE,
        slots=SLOTS,
        preview=lambda context, slots: preview(config, context, slots),
        commit=lambda context, slots: commit(config, context, slots),
        normalise=normalise,
    )


# --- maintenance.update -----------------------------------------------------------------------------------------

UPDATE = "maintenance.update"
TICKET_NUMBER = re.compile(r"(?:#|\b(?:ticket|incidencia|n\.?º|number|numero|número)\s*#?\s*)(\d{1,9})\b", re.I)
UPDATE_SLOTS = (
    Slot("ticket", SlotKind.TEXT, "maintenance.ask.ticket", "maintenance.label.ticket", extra_keys=("original_text",)),
    Slot(
        "priority",
        SlotKind.CHOICE,
        "maintenance.ask.priority",
        "maintenance.priority",
        choices=PRIORITIES,
        required=False,
    ),
    Slot("note", SlotKind.TEXT, "maintenance.ask.note", "maintenance.label.note", required=False),
)


def update_normalise(context: Context, slots: Slots) -> Slots:
    """The ticket named by its number (else the asker's only open ticket), the priority said, else the sentence as
    a note for the team."""
    out = dict(slots)
    text = str(out.get("original_text") or "")
    if text and not out.get("ticket"):
        named = TICKET_NUMBER.search(text)
        mine = open_tickets_of(context.session, context.employee)
        if named is not None:
            out["ticket"] = named.group(1)
        elif len([t for t in mine if t.is_open]) == 1:
            out["ticket"] = str(next(t for t in mine if t.is_open).id)
        said = _priority(out.get("priority"))
        if said is None and not out.get("note"):
            out["note"] = text.strip()[:1000]
    if out.get("priority") is not None:
        out["priority"] = _priority(out["priority"])
    if out.get("ticket") is not None:
        out["ticket"] = str(out["ticket"]).strip().lstrip("#")
    return out


def _ticket_of(context: Context, slots: Slots) -> Ticket:
    number = str(slots.get("ticket") or "")
    ticket = get_ticket(context.session, int(number)) if number.isdigit() else None
    if ticket is None or not roles_on(context.employee, ticket):
        raise TicketNumberNotFound(number=number) if number.isdigit() else TicketNotFound()
    return ticket


def update_preview(context: Context, slots: Slots) -> Preview:
    """The ticket, the priority before and after, and the note."""
    lang = context.lang
    ticket = _ticket_of(context, slots)
    refusal = can_act(context.employee, ticket, "comment")
    if refusal is not None:
        raise refusal
    priority = slots.get("priority")
    check_update(ticket, str(priority) if priority else None, str(slots.get("note") or ""))
    fields = [(translate(lang, "maintenance.label.summary"), ticket.summary)]
    if priority and priority != ticket.priority:
        fields.append((translate(lang, "maintenance.label.priority"), f"{ticket.priority} → {priority}"))
    if slots.get("note"):
        fields.append((translate(lang, "maintenance.label.note"), str(slots["note"])[:500]))
    return Preview(title=translate(lang, "maintenance.update.title", ticket=ticket.reference), fields=fields)


def update_commit(config: MaintenanceConfig, context: Context, slots: Slots) -> list[Reply]:
    """Change the priority and/or add the note."""
    ticket = _ticket_of(context, slots)
    priority = str(slots["priority"]) if slots.get("priority") else None
    service.update_ticket(
        context.session,
        actor=context.actor,
        ticket_id=ticket.id,
        priority=priority,
        note=str(slots.get("note") or ""),
        config=config,
    )
    return [Reply(text=translate(context.lang, "maintenance.updated", ticket=ticket.reference))]


def update_form(config: MaintenanceConfig) -> Form:
    """The maintenance.update form, bound to the skill's config."""
    return Form(
        intent=UPDATE,
        slots=UPDATE_SLOTS,
        preview=update_preview,
        commit=lambda context, slots: update_commit(config, context, slots),
        normalise=update_normalise,
    )
