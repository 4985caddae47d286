"""Every text of the leave skill in English and Spanish, and how its dates, day counts and times are written.

The texts are in ``requests.py`` (a request's life: rules, card, decision, notices, jobs) and ``questions.py``
(the answers to leave questions); this module writes dates, day counts, spans and holiday names.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel.dates import format_date, format_interval, format_skeleton, format_time
from babel.numbers import format_decimal

from skills.common.time import local_now
from skills.i18n import normalise_language, translate, translate_count
from skills.leave.messages import questions, requests  # noqa: F401  (registers the texts)


def format_day(day: date, lang: str) -> str:
    """A date as a person reads it: ``Dec 8, 2026`` / ``8 dic 2026``."""
    return format_date(day, format="medium", locale=normalise_language(lang))


def short_day(day: date, lang: str) -> str:
    """A date without its year, for dates inside a request: ``Dec 8`` / ``8 dic``."""
    return _plain_spaces(format_skeleton("MMMd", day, locale=normalise_language(lang)))


def short_span(start: date, end: date, lang: str) -> str:
    """A compact date range for labels: ``Dec 14 – 16`` / ``14–16 dic``."""
    return _plain_spaces(format_interval(start, end, "MMMd", locale=normalise_language(lang)))


def format_days(days: Decimal, lang: str) -> str:
    """A day count with its half: ``2.5`` / ``2,5``."""
    return format_decimal(days, format="#,##0.#", locale=normalise_language(lang))


def day_count(days: Decimal, lang: str) -> str:
    """A number of days with its unit: ``1 day``, ``0.5 days`` / ``1 día``, ``2,5 días``."""
    return translate_count(lang, "leave.count.days", days, days=format_days(days, lang))


def working_day_count(days: Decimal, lang: str) -> str:
    """A number of working days that agrees with it: ``1 working day``, ``2 working days`` / ``1 día laborable``."""
    return translate_count(lang, "leave.count.working_days", days, days=format_days(days, lang))


def available_count(days: Decimal, lang: str) -> str:
    """Days available, agreeing with the number: ``1 day available``, ``21,5 días disponibles``."""
    return translate_count(lang, "leave.count.available", days, days=format_days(days, lang))


def taken_and_pending(taken: Decimal, pending: Decimal, lang: str) -> tuple[str, str]:
    """Days taken and pending, each agreeing with its number: ``1 disfrutado``, ``2 pendientes``."""
    return (
        translate_count(lang, "leave.count.taken", taken, days=format_days(taken, lang)),
        translate_count(lang, "leave.count.pending", pending, days=format_days(pending, lang)),
    )


def format_moment(moment: datetime, lang: str, timezone: str | None = "UTC") -> str:
    """A UTC time shown in ``timezone``: ``Nov 25, 2026, 10:30 AM`` / ``25 nov 2026, 10:30``."""
    local = local_now(moment, timezone)
    locale = normalise_language(lang)
    shown = f"{format_date(local.date(), format='medium', locale=locale)}, {format_time(local, format='short', locale=locale)}"
    return _plain_spaces(shown)


def format_span(start: date, end: date, start_half: bool, end_half: bool, lang: str) -> str:
    """A request's dates with its half days: ``Dec 8, 2026 (afternoon)`` or ``Dec 8, 2026 – Dec 11, 2026``."""
    if start == end:
        half = "leave.half.pm" if start_half else "leave.half.am" if end_half else ""
        text = format_day(start, lang)
        return f"{text} ({translate(lang, half)})" if half else text
    first = format_day(start, lang) + (f" ({translate(lang, 'leave.half.pm')})" if start_half else "")
    last = format_day(end, lang) + (f" ({translate(lang, 'leave.half.am')})" if end_half else "")
    return f"{first} – {last}"


def per_year(values: Mapping[int, str], lang: str) -> str:
    """One figure, or one per year for leave spanning two years: ``19 days in 2026, 20 days in 2027``."""
    if len(values) == 1:
        return next(iter(values.values()))
    return ", ".join(translate(lang, "leave.in_year", value=value, year=year) for year, value in sorted(values.items()))


def holiday_names(holidays: Mapping[date, str], lang: str) -> str:
    """The holidays inside a request, each named: ``Dec 7 is Constitution Day, Dec 8 is Immaculate Conception``."""
    return ", ".join(
        translate(lang, "leave.holiday_is", day=short_day(day, lang), name=name)
        for day, name in sorted(holidays.items())
    )


def stand_in_text(reason: str | None, params: Mapping[str, Any] | None, approver: str, lang: str) -> str | None:
    """Why a stand-in approves (a stored ``approver_reason`` and its params) in ``lang``; None for the manager."""
    if reason is None:
        return None
    values = dict(params or {})
    if values.get("until"):
        values["until"] = format_day(date.fromisoformat(values["until"]), lang)
    values["approver"] = approver
    return translate(lang, f"leave.stand_in.{reason}", **values)


def _plain_spaces(text: str) -> str:
    """Babel's thin and narrow no-break spaces as plain spaces (terminals and tests read them as such)."""
    return text.replace("\u2009", " ").replace("\u202f", " ")
