"""One call that runs every extractor on an utterance and returns JSON-friendly slot values."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from ._calendar import Prefer
from .categories import extract_category
from .dates import DateParseFailure, find_dates, listed_dates
from .distances import extract_distance, extract_nights
from .half_days import extract_half_day
from .items import extract_item_phrase, match_item
from .leave_types import extract_leave_type
from .locations import extract_location, location_spans
from .merchant import extract_merchant
from .money import Money, MoneyParseFailure, find_money
from .periods import report_period
from .places import place_phrases, place_slots
from .priority import extract_priority
from .quantities import Quantity, extract_quantity
from .stock_actions import extract_stock_action

DEFAULT_SLOT_NAMES = (
    "date", "half_day", "leave_type", "money", "category", "merchant", "quantity", "item", "location", "priority",
)  # fmt: skip
"""The extractors ``extract_slots`` runs when not told which (``only=None``)."""
SLOT_NAMES = (*DEFAULT_SLOT_NAMES, "places", "stock_action", "distance", "nights", "period", "past")
"""Extractor names accepted by ``extract_slots(only=...)``: the defaults, plus the stock ones an intent asks for by
name (``places``: the raw ``place``/``to_place`` phrases; ``stock_action``: receive/issue/transfer/count;
``distance``: ``distance`` and ``distance_unit`` for mileage; ``nights``: a hotel's nights; ``period``: for an
intent that looks back (a history, a report), year-less dates are read as past and a period with no day in it
("in February", "last year", "2025") gives ``start_date``/``end_date``; ``past``: for an intent about something
already done (an expense), year-less dates and weekdays are read as past, without reading a period)."""

Span = tuple[int, int]

_PAST_CUES = (
    "paid", "spent", "bought", "purchased", "was sick", "was ill", "was off", "was out", "were off",
    "called in sick", "didn't come in", "did not come in", "had the flu", "pague", "gaste", "compre", "estuve",
    "falte", "me puse malo", "me puse mala", "no vine", "no fui", "no pude ir", "no pude venir", "estaba enfermo",
    "estaba enferma", "estaba malo", "estaba mala", "estaba con",
)  # fmt: skip


def guess_prefer(text: str) -> Prefer:
    """``past`` when the sentence clearly talks about the past ("I paid", "estuve enfermo"), else ``future``."""
    from ._text import fold

    folded = f" {fold(text)} "
    return "past" if any(f" {cue} " in folded for cue in _PAST_CUES) else "future"


_CURRENCY_MARK = re.compile(r"[^\d\s.,'+-]")
"""Anything in an amount's text besides its digits and separators: a symbol or a currency's code or name."""


def _overlaps(span: Span, taken: Sequence[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _date_slots(
    text: str, today: date, locale: str, prefer: Prefer, slots: dict[str, Any], errors: list[dict[str, str]]
) -> list[Span]:
    found = find_dates(text, today=today, locale=locale, prefer=prefer)
    failure = next((r for r in found if isinstance(r, DateParseFailure)), None)
    listed = listed_dates(found, text)
    if failure is not None:
        errors.append({"slot": "date", "raw": failure.raw})
    elif listed:
        first = listed[0]
        slots["start_date"], slots["end_date"] = first.start.isoformat(), first.end.isoformat()
        if first.start_half:
            slots["half_day"] = first.start_half
        if first.end_half and not first.is_single_day:
            slots["end_half_day"] = first.end_half
        if len(listed) > 1:  # "Jan 4 and Jan 8": separate days, said so by whoever takes one range only
            slots["other_dates"] = [
                [
                    r.start.isoformat(),
                    r.end.isoformat(),
                    r.start_half or "",
                    "" if r.is_single_day else r.end_half or "",
                ]
                for r in listed[1:]
            ]  # each as the dates are: start, end, half_day, end_half_day
    return [r.span for r in found]


def _money_slots(
    text: str,
    default_currency: str,
    locale: str,
    taken: list[Span],
    slots: dict[str, Any],
    errors: list[dict[str, str]],
) -> None:
    found = [
        r for r in find_money(text, default_currency=default_currency, locale=locale) if not _overlaps(r.span, taken)
    ]
    failure = next((r for r in found if isinstance(r, MoneyParseFailure)), None)
    first = next((r for r in found if isinstance(r, Money)), None)
    if failure is not None:
        errors.append({"slot": "money", "raw": failure.raw})
    elif first is not None:
        slots["amount"], slots["currency"] = str(first.amount), first.currency
    taken.extend(r.span for r in found)


def _item_slots(text: str, catalog: Sequence[str], taken: Sequence[Span], slots: dict[str, Any]) -> None:
    phrase = extract_item_phrase(text, skip=taken)
    if phrase is None:
        return
    matched = match_item(phrase, catalog)
    slots["item"] = matched.name if matched else phrase
    if matched:
        slots["item_score"] = matched.score


def _bare_count(text: str) -> Quantity | None:
    """A message that is only a whole number ("3", "tres") is also a count: the answer to "how many?" (money reads
    the same message as an amount; the dialogue keeps whichever its question asked for)."""
    stripped = text.strip()
    if not stripped or len(stripped.split()) > 1:
        return None
    if stripped.lower() in ("one", "un", "una", "uno"):
        return Quantity(1, None, stripped)
    found = extract_quantity(stripped)
    return found if found is not None and found.raw.strip() == stripped else None


def _keyword_slots(text: str, want: Collection[str], slots: dict[str, Any]) -> None:
    simple = {
        "leave_type": extract_leave_type,
        "category": extract_category,
        "merchant": extract_merchant,
        "location": extract_location,
        "priority": extract_priority,
    }
    for name, extractor in simple.items():
        if name in want and (value := extractor(text)) is not None:
            slots[name] = value


def extract_slots(
    text: str,
    *,
    today: date,
    locale: str,
    timezone: str = "UTC",
    default_currency: str = "USD",
    catalog: Sequence[str] = (),
    prefer: Prefer | None = None,
    only: Collection[str] | None = None,
) -> dict[str, object]:
    """Every slot found in ``text`` as JSON-friendly values, plus ``errors`` for values that could not be read.

    ``today`` is the user's local date (``skills.common.time.local_today``); ``timezone`` is accepted for that
    reason and not otherwise used. ``prefer`` decides year-less dates ("Nov 20"); by default it is ``past`` when
    the sentence clearly talks about the past ("I paid...") or ``period`` is wanted, and ``future`` otherwise.
    ``only`` limits the work to some of ``SLOT_NAMES`` (``None``: ``DEFAULT_SLOT_NAMES``).
    """
    want = set(DEFAULT_SLOT_NAMES if only is None else only)
    slots: dict[str, Any] = {}
    errors: list[dict[str, str]] = []
    taken: list[Span] = list(location_spans(text))
    if "money" in want:  # "material de oficina 30 €": a number with its currency is money, not "office 30"
        priced = [found.span for found in find_money(text, default_currency=default_currency, locale=locale)
                  if isinstance(found, Money) and _CURRENCY_MARK.search(found.raw)]  # fmt: skip
        taken = [span for span in taken if not _overlaps(span, priced)]
    if "date" in want:
        looks_back = "period" in want
        past = looks_back or "past" in want
        taken += _date_slots(text, today, locale, prefer or ("past" if past else guess_prefer(text)), slots, errors)
        if looks_back and "start_date" not in slots and not errors and (period := report_period(text, today)):
            slots["start_date"], slots["end_date"] = period.start.isoformat(), period.end.isoformat()
    if "half_day" in want and "half_day" not in slots and (half := extract_half_day(text)):
        slots["half_day"] = half
    if "money" in want:
        _money_slots(text, default_currency, locale, taken, slots, errors)
    _keyword_slots(text, want, slots)
    if "places" in want:
        phrases = place_phrases(text)  # read once: it looks for the sentence's dates too
        slots.update(place_slots(text, phrases))
        taken += list(phrases.spans)
    if "stock_action" in want and (action := extract_stock_action(text)) is not None:
        slots["action"] = action
    if "distance" in want and (distance := extract_distance(text)) is not None:
        slots["distance"], slots["distance_unit"] = str(distance.value), distance.unit
    if "nights" in want and (nights := extract_nights(text)) is not None:
        slots["nights"] = nights
    if "quantity" in want and (quantity := extract_quantity(text, skip=taken) or _bare_count(text)):
        slots["quantity"] = quantity.value
        if quantity.unit:
            slots["unit"] = quantity.unit
    if "item" in want:
        _item_slots(text, catalog, taken, slots)
    slots["errors"] = errors
    return slots
