"""The Form of leave.request: its slots, the draft they describe, the preview (every rule checked) and the commit."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from skills.common.extract.leave_types import LEAVE_TYPES
from skills.core import Context, Reply
from skills.forms import Form, Preview, Slot, SlotKind, Slots
from skills.leave import service
from skills.leave.queries.balances import active_types
from skills.leave.queries.facts import what_if
from skills.leave.rules import LeaveDraft, Period, check_one_period
from skills.leave.views.preview import TYPE_LABEL, request_preview, submitted_text

INTENT = "leave.request"
HALF_DAYS = ("full", "am", "pm")
DEFAULT_TYPE = "vacation"

SLOTS = (
    # The date extractor marks half days along with the dates ("Dec 14 afternoon"): keep them with any answer.
    Slot(
        "dates",
        SlotKind.DATE_RANGE,
        "leave.ask.dates",
        "leave.label.dates",
        extra_keys=("half_day", "end_half_day", "other_dates"),
        value_keys=("other_dates",),
    ),
    # Asked with the company's types in use (``leave-types`` import: its own codes and names, none switched off);
    # ``choices`` (the default codes, the extractor's vocabulary) stay for the Edit modal.
    Slot(
        "leave_type",
        SlotKind.CHOICE,
        "leave.ask.leave_type",
        TYPE_LABEL,
        choices=LEAVE_TYPES,
        choices_from=lambda context: types_in_use(context.session),
    ),
    Slot("reason", SlotKind.TEXT, "leave.ask.reason", "leave.label.reason", required=False),
    # Never asked (optional); shown in the Edit modal so a half day can be picked there.
    Slot("half_day", SlotKind.CHOICE, "leave.ask.half_day", "leave.label.half_day", required=False, choices=HALF_DAYS),
)


def types_in_use(session: Session) -> list[tuple[str, str, str]]:
    """The active leave types as ``(code, English name, Spanish name)``: the default ones in their usual order, then
    the company's own by code."""
    order = {code: index for index, code in enumerate(LEAVE_TYPES)}
    types = sorted(active_types(session), key=lambda t: (order.get(t.code, len(order)), t.code))
    return [(leave_type.code, leave_type.name_en, leave_type.name_es) for leave_type in types]


def half_flags(start: str | None, end: str | None, half_day: str | None, end_half_day: str | None) -> tuple[bool, bool]:
    """The extractor's half-day markers (``am``/``pm``/``half``) as the request's (start_half, end_half) flags.

    ``pm`` on the first day = afternoon off (``start_half``); ``am`` = morning off, which on a single day is
    ``end_half``; a bare ``half`` on one day is read as the morning. On a range, ``end_half_day == "am"`` ends the
    last day at midday.
    """
    first = None if half_day == "full" else half_day
    single = start is not None and start == (end or start)
    end_half = (single and first in ("am", "half")) or (not single and end_half_day in ("am", "half"))
    return first == "pm", end_half


def normalise_slots(slots: Slots) -> Slots:
    """Fill the end date of a single day, turn the half-day markers into start/end half flags, tidy the type."""
    out = dict(slots)
    if out.get("start_date") and not out.get("end_date"):
        out["end_date"] = out["start_date"]
    out["start_half"], out["end_half"] = half_flags(
        out.get("start_date"), out.get("end_date"), out.get("half_day"), out.get("end_half_day")
    )
    if isinstance(out.get("leave_type"), str):
        out["leave_type"] = out["leave_type"].strip().lower()
    return out


def normalise(_context: Context, slots: Slots) -> Slots:
    """The form's normaliser (see :func:`normalise_slots`)."""
    return normalise_slots(slots)


def draft_of(slots: Slots) -> LeaveDraft:
    """The LeaveDraft the (normalised) slots describe."""
    return LeaveDraft(
        leave_type=str(slots["leave_type"]),
        start=date.fromisoformat(str(slots["start_date"])),
        end=date.fromisoformat(str(slots.get("end_date") or slots["start_date"])),
        start_half=bool(slots.get("start_half")),
        end_half=bool(slots.get("end_half")),
        reason=str(slots.get("reason") or ""),
    )


def draft_from_slots(slots: Slots) -> LeaveDraft | None:
    """A draft from a read intent's slots when they carry dates (vacation unless a type is named), else None."""
    if not slots.get("start_date"):
        return None
    given = {key: value for key, value in slots.items() if value}
    return draft_of(normalise_slots({"leave_type": DEFAULT_TYPE, **given}))


def preview(context: Context, slots: Slots) -> Preview:
    """Check every rule (the first broken one is raised) and show what the request will be."""
    draft = draft_of(slots)
    return request_preview(
        what_if(context.session, context.employee, draft, context.today, context.lang), draft, context.lang
    )


def _period(start: str, end: str | None, half_day: str | None, end_half_day: str | None) -> Period:
    """Dates as the extractor read them ("2026-12-30", …, "am") as a request holds them."""
    flags = half_flags(start, end or start, half_day or None, end_half_day or None)
    return (date.fromisoformat(start), date.fromisoformat(end or start), *flags)


def check_said(context: Context, slots: Slots) -> None:
    """What the dates said can be refused for before the type is asked: several separate periods at once."""
    if not slots.get("start_date"):
        return
    first = _period(str(slots["start_date"]), slots.get("end_date"), slots.get("half_day"), slots.get("end_half_day"))
    others = [_period(*listed) for listed in slots.get("other_dates") or []]
    check_one_period(first, others, context.lang)


def commit(context: Context, slots: Slots) -> list[Reply]:
    """Create the request (pending for its approver, who gets the card through the outbox) and say so."""
    request = service.submit(context.session, actor=context.actor, draft=draft_of(slots), lang=context.lang)
    return [Reply(text=submitted_text(request, context.lang))]


LEAVE_REQUEST = Form(
    intent=INTENT, slots=SLOTS, preview=preview, commit=commit, normalise=normalise, check_early=check_said
)
