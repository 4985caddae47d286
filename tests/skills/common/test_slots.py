"""extract_slots: every extractor together, JSON-friendly output, errors for unreadable values."""

from __future__ import annotations

import json
from datetime import date

import pytest

from skills.common.extract import SLOT_NAMES, detect_language, extract_slots, guess_prefer
from skills.common.extract._text import date_order, fold

TODAY = date(2026, 11, 25)
CATALOG = ["Dell Latitude 5440 Laptop", "A4 Paper Ream", "Office Chair Ergonomic", "USB-C Charger 65W"]

CASES = [
    (
        "I'd like vacation from Dec 3-5",
        "en-US",
        {"start_date": "2026-12-03", "end_date": "2026-12-05", "leave_type": "vacation"},
    ),
    (
        "quiero vacaciones del 3 al 5 de diciembre",
        "es-ES",
        {"start_date": "2026-12-03", "end_date": "2026-12-05", "leave_type": "vacation"},
    ),
    (
        "sick tomorrow morning",
        "en-US",
        {"start_date": "2026-11-26", "end_date": "2026-11-26", "half_day": "am", "leave_type": "sick"},
    ),
    (
        "medio día el viernes por asuntos propios",
        "es-ES",
        {"start_date": "2026-11-27", "end_date": "2026-11-27", "half_day": "half", "leave_type": "personal"},
    ),
    (
        "off from Monday afternoon to Wednesday",
        "en-GB",
        {"start_date": "2026-11-30", "end_date": "2026-12-02", "half_day": "pm"},
    ),
    (
        "I paid $45.20 at Starbucks yesterday for lunch",
        "en-US",
        {
            "start_date": "2026-11-24",
            "end_date": "2026-11-24",
            "amount": "45.20",
            "currency": "USD",
            "category": "meals",
            "merchant": "Starbucks",
        },
    ),
    (
        "gasté 45,20 € en Mercadona el lunes pasado",
        "es-ES",
        {
            "start_date": "2026-11-23",
            "end_date": "2026-11-23",
            "amount": "45.20",
            "currency": "EUR",
            "merchant": "Mercadona",
        },
    ),
    (
        "I paid 30 for a taxi on Nov 20",
        "en-US",
        {"start_date": "2026-11-20", "end_date": "2026-11-20", "amount": "30", "currency": "EUR", "category": "travel"},
    ),
    (
        "hotel 1.250,00 EUR del 1 al 3 de diciembre",
        "es-ES",
        {
            "start_date": "2026-12-01",
            "end_date": "2026-12-03",
            "amount": "1250.00",
            "currency": "EUR",
            "category": "lodging",
        },
    ),
    (
        "how many dell latitude laptops do we have in warehouse B",
        "en-US",
        {"item": "Dell Latitude 5440 Laptop", "item_score": 95.0, "location": "warehouse B"},
    ),
    (
        "cuántos portátiles hay en el almacén B",
        "es-ES",
        {"item": "Dell Latitude 5440 Laptop", "item_score": 90.0, "location": "warehouse B"},
    ),
    (
        "receive 10 boxes of A4 paper into warehouse B",
        "en-US",
        {
            "quantity": 10,
            "unit": "box",
            "item": "A4 Paper Ream",
            "item_score": 90.0,
            "location": "warehouse B",
            "category": "office_supplies",
        },
    ),
    (
        "the printer on the 3rd floor is broken, urgent",
        "en-US",
        {"location": "floor 3", "priority": "urgent"},
    ),
    (
        "la impresora de la segunda planta no funciona, no corre prisa",
        "es-ES",
        {"location": "floor 2", "priority": "low"},
    ),
    ("schedule a meeting with Anna tomorrow", "en-US", {"start_date": "2026-11-26", "end_date": "2026-11-26"}),
    ("I have 3 questions", "en-US", {"quantity": 3, "item": "questions"}),
]


@pytest.mark.parametrize(("text", "locale", "expected"), CASES)
def test_extract_slots(text: str, locale: str, expected: dict[str, object]) -> None:
    currency = "EUR" if locale.startswith("es") or locale == "en-GB" else "EUR" if "taxi" in text else "USD"
    slots = extract_slots(text, today=TODAY, locale=locale, default_currency=currency, catalog=CATALOG)
    assert slots == {**expected, "errors": []}
    json.dumps(slots)


@pytest.mark.parametrize(
    ("text", "locale", "errors"),
    [
        ("I'm off on 31/02", "en-GB", [{"slot": "date", "raw": "31/02"}]),
        ("vacaciones el 30 de febrero", "es-ES", [{"slot": "date", "raw": "30 de febrero"}]),
        ("Feb 30 please", "en-US", [{"slot": "date", "raw": "Feb 30"}]),
        ("taxi abc €", "es-ES", [{"slot": "money", "raw": "abc €"}]),
        ("lunch 12,3,4 € on 31/02", "es-ES", [{"slot": "date", "raw": "31/02"}, {"slot": "money", "raw": "12,3,4 €"}]),
    ],
)
def test_errors_carry_the_raw_text(text: str, locale: str, errors: list[dict[str, str]]) -> None:
    slots = extract_slots(text, today=TODAY, locale=locale)
    assert slots["errors"] == errors
    assert "start_date" not in slots and "amount" not in slots


def test_only_runs_the_requested_extractors() -> None:
    slots = extract_slots("I have 3 questions about Dec 3", today=TODAY, locale="en-US", only={"date"})
    assert slots == {"start_date": "2026-12-03", "end_date": "2026-12-03", "errors": []}
    assert set(SLOT_NAMES) >= {"date", "quantity", "item"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("which days was i off in february?", ("2026-02-01", "2026-02-28")),
        ("my leave in december", ("2025-12-01", "2025-12-31")),
        ("summary of my expenses last month", ("2026-02-01", "2026-02-28")),
        ("historial de ausencias del año pasado", ("2025-01-01", "2025-12-31")),
        ("gastos de enero de 2026", ("2026-01-01", "2026-01-31")),
        ("leave I took from the 3rd to the 5th of february", ("2026-02-03", "2026-02-05")),
        ("show my leave history", None),
    ],
)
def test_period_reads_a_look_back_range(text: str, expected: tuple[str, str] | None) -> None:
    """With ``period`` (a history, a report) a month, year or "last month" is a range, and year-less dates are past."""
    slots = extract_slots(text, today=date(2026, 3, 2), locale="en-US", only={"date", "period"})
    found = (slots["start_date"], slots["end_date"]) if "start_date" in slots else None
    assert found == expected


def test_without_period_a_month_name_gives_no_range() -> None:
    """A leave request's "in February" stays open: only look-back intents ask for ``period``."""
    slots = extract_slots("vacation in february", today=date(2026, 3, 2), locale="en-US", only={"date"})
    assert "start_date" not in slots


def test_date_numbers_are_not_quantities_or_money() -> None:
    slots = extract_slots("5 boxes on Dec 3", today=TODAY, locale="en-US")
    assert slots["quantity"] == 5 and slots["start_date"] == "2026-12-03" and "amount" not in slots


def test_raw_phrase_is_kept_without_a_catalog() -> None:
    slots = extract_slots("do we have any staplers?", today=TODAY, locale="en-US")
    assert slots == {"item": "staplers", "errors": []}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I paid 30 on Friday", "past"),
        ("estuve enfermo el lunes", "past"),
        ("el martes no vine, estaba con gripe", "past"),  # no "estuve": the absence itself is in the past
        ("I didn't come in on Tuesday, I had the flu", "past"),
        ("gasté 20 en el taxi", "past"),
        ("I'd like Friday off", "future"),
        ("I was hoping to take Dec 3 off", "future"),
    ],
)
def test_guess_prefer(text: str, expected: str) -> None:
    assert guess_prefer(text) == expected


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("I need next Monday off", "es-ES", "en"),
        ("necesito el lunes libre", "en-US", "es"),
        ("¿cuántos portátiles hay?", "en-US", "es"),
        ("ok", "es-MX", "es"),
        ("ok", "en-GB", "en"),
        ("how many laptops are there", "es-ES", "en"),
        ("mañana", "en-US", "es"),
        ("Dec 3-5", "en-US", "en"),
        ("vacaciones del 3 al 5", "es-ES", "es"),
        ("tomorrow", "es-ES", "en"),
    ],
)
def test_detect_language(text: str, locale: str, expected: str) -> None:
    assert detect_language(text, locale) == expected


@pytest.mark.parametrize(
    ("locale", "order"),
    [
        ("en-US", "MDY"),
        ("en", "MDY"),
        ("en-GB", "DMY"),
        ("es-ES", "DMY"),
        ("es-MX", "DMY"),
        ("en-CA", "YMD"),
        ("xx-YY", "DMY"),
    ],
)
def test_date_order(locale: str, order: str) -> None:
    assert date_order(locale) == order


def test_fold_keeps_offsets() -> None:
    text = "Mañana a las 10º — Ñandú"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "manana a las 10o - nandu"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        # "oficina 30" read as a room ("office 30") hid the amount, so "¿Cuánto fue?" followed a sentence saying it
        ("material de oficina 30 € ayer", "30"),
        ("office supplies 12.50 USD", "12.50"),
        ("floor 3 parking $15", "15"),
    ],
)
def test_a_number_with_its_currency_is_money_even_after_a_place_word(text, amount):
    slots = extract_slots(text, today=date(2026, 12, 6), locale="es-ES" if "€" in text else "en-US", only={"money"})
    assert slots.get("amount") == amount, slots
