"""Calendar arithmetic for the date extractor: next/previous occurrences, weeks, months, holidays."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from typing import Literal

Prefer = Literal["future", "past"]


def safe_date(year: int, month: int, day: int) -> date | None:
    """``date(year, month, day)``, or None when that day does not exist."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, clamped to the end of shorter months."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def month_bounds(day: date) -> tuple[date, date]:
    """First and last day of ``day``'s month."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def week_monday(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def work_week(day: date) -> tuple[date, date]:
    """Monday and Friday of the week containing ``day``."""
    monday = week_monday(day)
    return monday, monday + timedelta(days=4)


def weekday_on_or_after(ref: date, weekday: int, prefer: Prefer = "future") -> date:
    """The first ``weekday`` (0 = Monday) on/after ``ref``, or on/before it when ``prefer`` is past."""
    if prefer == "past":
        return ref - timedelta(days=(ref.weekday() - weekday) % 7)
    return ref + timedelta(days=(weekday - ref.weekday()) % 7)


def weekday_in_week(ref: date, weekday: int, weeks_ahead: int) -> date:
    """The ``weekday`` of the ISO week ``weeks_ahead`` weeks after ``ref``'s week."""
    return week_monday(ref) + timedelta(days=7 * weeks_ahead + weekday)


def previous_weekday(ref: date, weekday: int) -> date:
    """The most recent ``weekday`` strictly before ``ref``."""
    return ref - timedelta(days=(ref.weekday() - weekday - 1) % 7 + 1)


def add_working_days(start: date, days: int) -> date:
    """The last day of a run of ``days`` working days (Mon-Fri) starting at ``start``."""
    current, counted = start, 0
    while True:
        if current.weekday() < 5:
            counted += 1
            if counted >= days:
                return current
        current += timedelta(days=1)


def next_month_day(ref: date, month: int, day: int, prefer: Prefer = "future", recent: int = 0) -> date | None:
    """The next ``month``/``day`` on/after ``ref`` (this year or next), or on/before it when preferring past.

    Looking ahead, a day at most ``recent`` days before ``ref`` is that day, not the same day a year later: "Dec 3"
    said on Dec 6 is three days ago (which a rule may then refuse), not next December.
    """
    step = -1 if prefer == "past" else 1
    if step > 0 and recent > 0:
        # Last year's day too: "Dec 28" said on Jan 3 is six days ago, not this coming December.
        for year in (ref.year, ref.year - 1):
            candidate = safe_date(year, month, day)
            if candidate and ref - timedelta(days=recent) <= candidate < ref:
                return candidate
    for year in (ref.year, ref.year + step):
        candidate = safe_date(year, month, day)
        if candidate and (candidate >= ref if step > 0 else candidate <= ref):
            return candidate
    return None


def next_day_of_month(ref: date, day: int, prefer: Prefer = "future") -> date | None:
    """The next date whose day of month is ``day``, on/after ``ref`` (or on/before when preferring past)."""
    step = -1 if prefer == "past" else 1
    for offset in range(3):
        month_start = add_months(ref.replace(day=1), step * offset)
        candidate = safe_date(month_start.year, month_start.month, day)
        if candidate and (candidate >= ref if step > 0 else candidate <= ref):
            return candidate
    return None


def easter(year: int) -> date:
    """Western Easter Sunday of ``year`` (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _fixed(month: int, day: int) -> Callable[[int], date]:
    return lambda year: date(year, month, day)


def _thanksgiving(year: int) -> date:
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


def _from_easter(days: int) -> Callable[[int], date]:
    return lambda year: easter(year) + timedelta(days=days)


# Holiday names (folded) -> the day in a given year.
HOLIDAYS: dict[str, dict[str, Callable[[int], date]]] = {
    "en": {
        "christmas": _fixed(12, 25),
        "christmas day": _fixed(12, 25),
        "xmas": _fixed(12, 25),
        "christmas eve": _fixed(12, 24),
        "boxing day": _fixed(12, 26),
        "new year's eve": _fixed(12, 31),
        "new years eve": _fixed(12, 31),
        "new year's day": _fixed(1, 1),
        "new years day": _fixed(1, 1),
        "new year": _fixed(1, 1),
        "epiphany": _fixed(1, 6),
        "valentine's day": _fixed(2, 14),
        "independence day": _fixed(7, 4),
        "halloween": _fixed(10, 31),
        "all saints' day": _fixed(11, 1),
        "thanksgiving": _thanksgiving,
        "good friday": _from_easter(-2),
        "easter monday": _from_easter(1),
        "easter": _from_easter(0),
    },
    "es": {
        "navidad": _fixed(12, 25),
        "navidades": _fixed(12, 25),
        "nochebuena": _fixed(12, 24),
        "nochevieja": _fixed(12, 31),
        "ano nuevo": _fixed(1, 1),
        "reyes magos": _fixed(1, 6),
        "dia de reyes": _fixed(1, 6),
        "san valentin": _fixed(2, 14),
        "dia de la hispanidad": _fixed(10, 12),
        "todos los santos": _fixed(11, 1),
        "dia de muertos": _fixed(11, 2),
        "dia de la constitucion": _fixed(12, 6),
        "la inmaculada": _fixed(12, 8),
        "jueves santo": _from_easter(-3),
        "viernes santo": _from_easter(-2),
        "lunes de pascua": _from_easter(1),
        "pascua": _from_easter(0),
        "domingo de resurreccion": _from_easter(0),
    },
}
ALL_HOLIDAYS: dict[str, Callable[[int], date]] = {**HOLIDAYS["es"], **HOLIDAYS["en"]}


def next_holiday(name: str, ref: date, prefer: Prefer = "future") -> date:
    """The holiday ``name`` (a key of ``ALL_HOLIDAYS``) in ``ref``'s year, or the next/previous one."""
    rule = ALL_HOLIDAYS[name]
    this_year = rule(ref.year)
    if prefer == "past":
        return this_year if this_year <= ref else rule(ref.year - 1)
    return this_year if this_year >= ref else rule(ref.year + 1)
