"""A small write skill for tests: a trip request form and a keyword router, to exercise the dialogue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from db.audit import record
from skills.common.extract.slots import extract_slots
from skills.core import Context, Reply
from skills.errors import DomainError
from skills.forms import Form, Preview, Slot, SlotKind
from skills.i18n import add_messages

add_messages(
    {
        "trip.ask.dates": {"en": "Which dates?", "es": "¿Qué fechas?"},
        "trip.ask.budget": {"en": "What budget?", "es": "¿Qué presupuesto?"},
        "trip.ask.purpose": {"en": "What is it for?", "es": "¿Para qué es?"},
        "trip.ask.mode": {"en": "How will you travel?", "es": "¿Cómo viajarás?"},
        "trip.label.dates": {"en": "Dates", "es": "Fechas"},
        "trip.label.budget": {"en": "Budget", "es": "Presupuesto"},
        "trip.label.purpose": {"en": "Purpose", "es": "Motivo"},
        "trip.label.mode": {"en": "Travel by", "es": "Medio"},
        "trip.label.mode.train": {"en": "train", "es": "tren"},
        "trip.label.mode.plane": {"en": "plane", "es": "avión"},
        "trip.title": {"en": "Trip request", "es": "Solicitud de viaje"},
        "error.trip_in_the_past": {
            "en": "A trip can't start in the past.",
            "es": "Un viaje no puede empezar en el pasado.",
        },
    }
)


class TripInThePast(DomainError):
    key = "trip_in_the_past"
    slot = "dates"


def trip_preview(context: Context, slots: dict[str, Any]) -> Preview:
    if date.fromisoformat(slots["start_date"]) < context.today:
        raise TripInThePast()
    return Preview(
        title="Trip request",
        fields=[
            ("Dates", f"{slots['start_date']} → {slots['end_date']}"),
            ("Budget", f"{slots['amount']} {slots['currency']}"),
            ("Purpose", slots["purpose"]),
            ("Travel by", slots["mode"]),
        ],
    )


def trip_commit(context: Context, slots: dict[str, Any]) -> list[Reply]:
    record(
        context.session, action="trip.requested", entity_type="trip", entity_id="1",
        before=None, after=dict(slots), via=context.via, actor=context.employee,
    )  # fmt: skip
    return [Reply(text="Trip booked.")]


TRIP = Form(
    intent="trip.request",
    slots=(
        Slot("dates", SlotKind.DATE_RANGE, "trip.ask.dates", "trip.label.dates"),
        Slot("budget", SlotKind.MONEY, "trip.ask.budget", "trip.label.budget"),
        Slot("purpose", SlotKind.TEXT, "trip.ask.purpose", "trip.label.purpose"),
        Slot("mode", SlotKind.CHOICE, "trip.ask.mode", "trip.label.mode", choices=("train", "plane")),
    ),
    preview=trip_preview,
    commit=trip_commit,
)


@dataclass(frozen=True)
class Routed:
    intent: str
    skill: str
    lang: str
    confidence: float
    slots: dict[str, Any] = field(default_factory=dict)


class KeywordRouter:
    """Routes 'trip'/'viaje' to the test form and 'help' to help: the dialogue is under test, not routing."""

    def route(self, text: str, *, locale: str | None = None, today: date, **_: object) -> Routed:
        lang = "es" if (locale or "").startswith("es") else "en"
        lowered = text.lower()
        if "trip" in lowered or "viaje" in lowered:
            slots = extract_slots(text, today=today, locale=locale or "en-US")
            return Routed("trip.request", "trips", lang, 0.95, slots)
        if lowered in ("help", "ayuda"):
            return Routed("help", "help", lang, 0.95)
        return Routed("none", "none", lang, 0.2)
