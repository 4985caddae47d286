"""The leave.request form: its slots, the preview (every rule checked by ``what_if``) and what Confirm writes."""

from __future__ import annotations

from datetime import date
from typing import Any

from skills.common.extract.leave_types import LEAVE_TYPES
from skills.core import Context, Reply
from skills.forms import Form, Preview, Slot, SlotKind, Slots
from skills.i18n import add_messages, translate
from skills.leave import messages as text
from skills.leave.models import LeaveType
from skills.leave.queries import OffEntry, what_if
from skills.leave.rules import LeaveDraft, known_type
from skills.leave.service import submit

INTENT = "leave.request"
TYPE_LABEL = "leave.label.leave_type"
HALF_DAYS = ("full", "am", "pm")

SLOTS = (
    # The date extractor marks half days along with the dates ("Dec 14 afternoon"): keep them with any answer.
    Slot("dates", SlotKind.DATE_RANGE, "leave.ask.dates", "leave.label.dates", extra_keys=("half_day", "end_half_day")),
    # The choices are the default types' codes (the extractor's vocabulary); a type the company switched off is
    # refused by rule 0 (``leave_unknown_type``, slot ``leave_type``), so the dialogue asks again.
    Slot("leave_type", SlotKind.CHOICE, "leave.ask.leave_type", TYPE_LABEL, choices=LEAVE_TYPES),
    Slot("reason", SlotKind.TEXT, "leave.ask.reason", "leave.label.reason", required=False),
    # Never asked (optional); shown in the Edit modal so a half day can be picked there.
    Slot("half_day", SlotKind.CHOICE, "leave.ask.half_day", "leave.label.half_day", required=False, choices=HALF_DAYS),
)


add_messages(
    {
        "leave.ask.half_day": {"en": "A whole day or half of it?", "es": "¿El día entero o medio?"},
        "leave.label.half_day": {"en": "Half day", "es": "Medio día"},
        "leave.label.half_day.full": {"en": "Whole days", "es": "Días enteros"},
        "leave.label.half_day.am": {"en": "Morning off", "es": "Mañana libre"},
        "leave.label.half_day.pm": {"en": "Afternoon off", "es": "Tarde libre"},
    }
)


def normalise(context: Context, slots: Slots) -> Slots:
    """Turn the extractor's half-day markers (``am``/``pm``/``half``) into the service's start/end half flags.

    ``pm`` on the first day = afternoon off (``start_half``); ``am`` = morning off, which on a single day is
    ``end_half``; a bare ``half`` on one day is read as the morning. On a range, ``end_half_day == "am"`` ends the
    last day at midday.
    """
    out = dict(slots)
    start, end = out.get("start_date"), out.get("end_date") or out.get("start_date")
    if start and not out.get("end_date"):
        out["end_date"] = start
    single = start is not None and start == end
    first, last = out.get("half_day"), out.get("end_half_day")
    first = None if first == "full" else first
    out["start_half"] = first == "pm"
    out["end_half"] = (single and first in ("am", "half")) or (not single and last in ("am", "half"))
    if isinstance(out.get("leave_type"), str):
        out["leave_type"] = out["leave_type"].strip().lower()
    return out


def draft_of(slots: Slots) -> LeaveDraft:
    """The LeaveDraft the slots describe."""
    return LeaveDraft(
        leave_type=str(slots["leave_type"]),
        start=date.fromisoformat(str(slots["start_date"])),
        end=date.fromisoformat(str(slots.get("end_date") or slots["start_date"])),
        start_half=bool(slots.get("start_half")),
        end_half=bool(slots.get("end_half")),
        reason=str(slots.get("reason") or ""),
    )


def today_of(context: Context) -> date:
    """The requester's today, in their time zone."""
    return context.today


def conflicts_text(conflicts: list[OffEntry], lang: str) -> str:
    """Teammates already off, one per line with their dates (``nobody`` if none)."""
    if not conflicts:
        return translate(lang, "leave.nobody_off")
    lines = [f"{c.name} ({text.format_span(c.start, c.end, c.start_half, c.end_half, lang)})" for c in conflicts]
    return "\n".join(lines[:10]) + (f"\n+{len(lines) - 10}" if len(lines) > 10 else "")


def balance_text(available: Any, lang: str) -> str:
    """A balance in days, or ``no yearly limit`` for types without an allowance."""
    if available is None:
        return translate(lang, "leave.no_limit")
    return translate(lang, "leave.balance_days", days=text.format_days(available, lang))


def preview(context: Context, slots: Slots) -> Preview:
    """Check every rule (the first broken one is raised) and show what the request will be."""
    lang = context.lang
    draft = draft_of(slots)
    result = what_if(context.session, context.employee, draft, today_of(context))
    leave_type: LeaveType = known_type(context.session, draft.leave_type)
    span = text.format_span(draft.start, draft.end, draft.start_half, draft.end_half, lang)
    if result.approver is None or not result.needs_approval:
        approver = translate(lang, "leave.no_approval_needed")
    else:
        approver = result.approver.approver.name
        stand_in = result.approver.explain(lang)
        if stand_in:
            approver = f"{approver}\n_{stand_in}_"
    fields = [
        (translate(lang, "leave.label.dates"), span),
        (translate(lang, "leave.label.working_days"), text.format_days(result.working_days, lang)),
        (translate(lang, TYPE_LABEL), leave_type.name(lang)),
        (translate(lang, "leave.label.balance_after"), balance_text(result.available_after, lang)),
        (translate(lang, "leave.label.approver"), approver),
        (translate(lang, "leave.label.team_off"), conflicts_text(result.conflicts, lang)),
    ]
    if draft.reason:
        fields.append((translate(lang, "leave.label.reason"), draft.reason[:500]))
    title = translate(lang, "leave.preview.title", type=leave_type.name(lang), span=span)
    return Preview(title=title, fields=fields)


def commit(context: Context, slots: Slots) -> list[Reply]:
    """Create the request (pending for its approver, who gets the card through the outbox) and say so."""
    lang = context.lang
    request = submit(context.session, context.employee, draft_of(slots), today_of(context), context.via, context.now)
    span = text.format_span(request.start_date, request.end_date, request.start_half, request.end_half, lang)
    kind = request.type.name(lang)
    if request.status == "pending" and request.approver is not None:
        return [Reply(text=translate(lang, "leave.request.sent", approver=request.approver.name))]
    if request.approver is not None:
        return [
            Reply(
                text=translate(
                    lang, "leave.request.auto_approved", type=kind, span=span, approver=request.approver.name
                )
            )
        ]
    return [Reply(text=translate(lang, "leave.request.recorded", type=kind, span=span))]


LEAVE_REQUEST = Form(intent=INTENT, slots=SLOTS, preview=preview, commit=commit, normalise=normalise)
