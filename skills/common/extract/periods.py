"""The period a report asks about, in English or Spanish: "last month", "in November", "este trimestre", "2025".

A report looks back, unlike a leave request: a month named without a year is its latest one up to today ("November"
in December is this year's, "December" in November last year's), and "this month" is the whole month, not what is
left of it. Month names come from Babel's CLDR data, month arithmetic from dateutil.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel.dates import get_month_names
from dateutil.relativedelta import relativedelta

from skills.common.extract._text import fold


@dataclass(frozen=True)
class Period:
    """A closed range of days a report covers, and how it was asked for (``month``, ``quarter``, ``year``)."""

    start: date
    end: date
    unit: str


def month_period(year: int, month: int) -> Period:
    """The whole of one month."""
    start = date(year, month, 1)
    return Period(start, start + relativedelta(months=1, days=-1), "month")


def quarter_period(day: date) -> Period:
    """The calendar quarter ``day`` falls in."""
    start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return Period(start, start + relativedelta(months=3, days=-1), "quarter")


def year_period(year: int) -> Period:
    """January 1 to December 31 of ``year``."""
    return Period(date(year, 1, 1), date(year, 12, 31), "year")


@cache
def _month_numbers() -> dict[str, int]:
    """Folded month names, wide and abbreviated, English and Spanish -> month number."""
    names: dict[str, int] = {}
    for locale in ("en", "es"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                names[fold(name).rstrip(".")] = number
    for word in ("may", "ago", "mar"):  # the verb "may", "two weeks ago", "mar" (sea): only said in full, or "in May"
        names.pop(word, None)
    return names


THIS = r"(?:this|current|este|esta|el presente|en curso)"
RELATIVE = [
    (re.compile(rf"\b(?:{THIS}\s+(?:month|mes)|month to date|(?:en )?lo que va de mes)\b"), "month", 0),
    (re.compile(r"\b(?:last|previous|past)\s+month\b|\bmes\s+(?:pasado|anterior)\b|\bultimo\s+mes\b"), "month", -1),
    (
        re.compile(r"\bnext\s+month\b|\bmes\s+que\s+viene\b|\b(?:proximo|siguiente)\s+mes\b|\bmes\s+siguiente\b"),
        "month",
        1,
    ),
    (re.compile(rf"\b{THIS}\s+(?:quarter|trimestre)\b|\bquarter to date\b"), "quarter", 0),
    (re.compile(r"\b(?:last|previous|past)\s+quarter\b|\btrimestre\s+(?:pasado|anterior)\b"), "quarter", -1),
    (re.compile(rf"\b{THIS}\s+(?:year|ano)\b|\byear to date\b|\bytd\b"), "year", 0),
    (re.compile(r"\b(?:last|previous|past)\s+year\b|\bano\s+(?:pasado|anterior)\b"), "year", -1),
]
YEAR = re.compile(r"\b(20\d\d)\b")


def report_period(text: str, today: date, *, ahead: bool = False) -> Period | None:
    """The period ``text`` asks a report about, or None when it names none (the caller keeps its default).

    With ``ahead`` (a question about what is coming, "who is off in January?"), a month named without a year is its
    next one from today (this month included) instead of its latest one."""
    folded = fold(text)
    for pattern, unit, shift in RELATIVE:
        if pattern.search(folded):
            return _relative(unit, shift, today)
    year = YEAR.search(folded)
    month = _named_month(folded)
    if month is not None:
        if year is not None:
            return month_period(int(year.group(1)), month)
        if ahead:
            return month_period(today.year if month >= today.month else today.year + 1, month)
        return month_period(today.year if month <= today.month else today.year - 1, month)
    if year is not None:
        return year_period(int(year.group(1)))
    return None


def _relative(unit: str, shift: int, today: date) -> Period:
    if unit == "month":
        moved = today + relativedelta(months=shift)
        return month_period(moved.year, moved.month)
    if unit == "quarter":
        return quarter_period(today + relativedelta(months=3 * shift))
    return year_period(today.year + shift)


def _named_month(folded: str) -> int | None:
    names = _month_numbers()
    for word in re.findall(r"[a-z]+", folded):
        if word in names:
            return names[word]
    if re.search(r"\b(?:in|for|during|of)\s+may\b", folded):
        return 5
    return None
