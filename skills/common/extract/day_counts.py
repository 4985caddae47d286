"""How many days off a sentence counts without giving the dates: "5 days", "a week", "tres días", "una semana"."""

from __future__ import annotations

import re
from decimal import Decimal

from ._date_words import UNITS
from ._numbers import NUMBER_RE, number_value
from ._text import fold, merged, squash, words_pattern

_UNITS = merged(UNITS)
WORKING_DAYS_A_WEEK = 5
_HALF = re.compile(r"\b(?:half\s+a\s+day|a\s+half\s+day|half\s+day|medio\s+dia|media\s+jornada)\b")
_COUNT = re.compile(
    rf"\b(?P<n>{NUMBER_RE}|an?|una?|a\s+couple\s+of|un\s+par\s+de)(?P<half>\s+and\s+a\s+half|\s+y\s+medio)?"
    rf"\s+(?P<unit>{words_pattern(_UNITS)})(?![a-z])(?P<half_after>\s+y\s+medio)?"
)


def extract_day_count(text: str) -> Decimal | None:
    """The working days ``text`` counts ("5 days" 5, "a week" 5, "dos semanas" 10, "half a day" 0.5), or None
    when it counts none (or only months, which have no fixed number of working days)."""
    folded = fold(text)
    match, half = _COUNT.search(folded), _HALF.search(folded)
    if half is not None and (match is None or match.start() >= half.start()):
        return Decimal("0.5")  # "half a day": its "a day" is not one day
    if match is None:
        return None
    words = squash(match["n"])
    amount = number_value(words) or (2 if "couple" in words or "par" in words else None)
    per_unit = _UNITS[squash(match["unit"])]
    if not amount or per_unit == 0:
        return None
    days = Decimal(amount) + (Decimal("0.5") if match["half"] or match["half_after"] else 0)
    if per_unit % 7 == 0:  # weeks and fortnights off are their working days
        return days * per_unit // 7 * WORKING_DAYS_A_WEEK
    return days * per_unit
