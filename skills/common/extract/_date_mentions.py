"""Date mentions for the date extractor: the regex rules (en + es) and what each match stands for."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from . import _calendar as cal
from ._calendar import Prefer
from ._date_words import (
    HOLIDAY_WEEKS,
    MONTHS,
    NOT_A_DAY_AFTER,
    PERIODS,
    RELATIVE_DAYS,
    TOMORROW_ES,
    UNITS,
    WEEKDAY_AFTER,
    WEEKDAY_BEFORE,
    WEEKDAYS,
    WORKING_UNIT_WORDS,
)
from ._numbers import DAY_WORD_RE, DAY_WORDS, NUMBER_RE, number_value
from ._text import Lang, merged, squash, words_pattern
from .half_days import HalfDay, HalfDayMarker


@dataclass
class Mention:
    """One date-like phrase: either resolved already (``fixed``) or calendar fields still to place."""

    start: int
    end: int
    kind: str  # "calendar" | "weak" | "weekday" | "fixed" | "duration"
    day: int | None = None
    month: int | None = None
    year: int | None = None
    month_offset: int | None = None
    weekday: int | None = None
    fixed: date | None = None
    fixed_end: date | None = None
    week_of: bool = False
    half: HalfDay | None = None
    invalid: bool = False
    span_days: int = 0
    span_months: int = 0
    working: bool = False
    ordinal: bool = False


_MONTHS = merged(MONTHS)
_WEEKDAYS = merged(WEEKDAYS)
_RELATIVE = merged(RELATIVE_DAYS)
_BEFORE = merged(WEEKDAY_BEFORE)
_AFTER = merged(WEEKDAY_AFTER)
_PERIODS = merged(PERIODS)
_HOLIDAY_WEEKS = merged(HOLIDAY_WEEKS)
_UNITS = merged(UNITS)

_MONTH = rf"(?P<mon>{words_pattern(_MONTHS)})(?![a-z])\.?"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|o)?(?![\w/])"
_DAYW = rf"(?P<dw>{DAY_WORD_RE})(?![a-z])"
_YEAR = r"(?:,?\s+(?:de\s+|del\s+|of\s+)?(?P<y>\d{4})(?!\d))?"
_COUNT = rf"(?P<n>{NUMBER_RE}|an?|una?|a\s+couple\s+of|un\s+par\s+de)"
_UNIT = rf"(?P<unit>{words_pattern(_UNITS)})(?![a-z])"
_NEXT_MONTH = (
    r"(?:\s+(?:of\s+)?(?P<rel>next|this|the\s+next)\s+month"
    r"|\s+del?\s+(?P<relx>mes\s+que\s+viene|proximo\s+mes|mes\s+proximo|siguiente\s+mes|este\s+mes))?"
)
_AMOUNT = rf"(?:{NUMBER_RE}|an?|una?)\s+(?:{words_pattern(_UNITS)})(?![a-z])"

# All patterns run on folded text (lower case, no accents). Examples after each.
# 2026-12-03, 2026/12/03
_P_ISO = re.compile(r"(?<![\d/.-])(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?![\d/.-])")
# 12/18/2026, 18.12.26, 18-12-2026
_P_NUM3 = re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/.-])")
# 12/18, 18/12 (not "1/2 day")
_P_NUM2 = re.compile(r"(?<![\d/.,$€£])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\d/.,]|\s*(?:day|dia|jornada|de\s+jornada))")
# 3 December, the 3rd of December, el tres de diciembre de 2027
_P_DAY_MONTH = re.compile(rf"\b(?:(?:the|el)\s+)?(?:dia\s+)?(?:{_DAY}|{_DAYW})(?:\s+(?:of|de))?\s+{_MONTH}{_YEAR}")
# Dec 3, December 3rd, 2026, december the third
_P_MONTH_DAY = re.compile(rf"\b{_MONTH}\s*(?:the\s+)?(?:{_DAY}|{_DAYW}){_YEAR}")
# the 3rd, the 3rd of next month (not "the 3rd floor")
_P_DAY_ONLY_EN = re.compile(
    rf"\bthe\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)\b(?!\s+(?:{'|'.join(NOT_A_DAY_AFTER)})\b){_NEXT_MONTH}"
)
# el día 3, día 3 del mes que viene
_P_DAY_ONLY_ES = re.compile(rf"\b(?:el\s+)?dia\s+(?P<d>[0-3]?\d)\b{_NEXT_MONTH}")
# "me voy el 3", "el 3 y el 4" (only before an end, a connector or "del mes")
_P_EL_DAY_ES = re.compile(
    r"\bel\s+(?P<d>[0-3]?\d)(?:o)?\b(?=\s*(?:$|[,.;:!?)]|y\b|al?\b|hasta\b|por\b|o\b|libre|del?\s+(?:mes|proximo)))"
    + _NEXT_MONTH
)
# a bare day number: only kept as one end of a range ("Dec 3-5", "del 3 al 5")
_P_WEAK = re.compile(r"(?<![\d.,/:$€£])\b(?P<d>[0-3]?\d)(?:st|nd|rd|th|o)?\b(?![.,/:]\d|\s*(?:%|€|\$|h\b))")
# tomorrow, pasado mañana, anteayer
_P_RELATIVE = re.compile(rf"\b(?:{words_pattern(_RELATIVE)})\b")
# mañana, but not "la mañana" / "esta mañana" (a morning)
_P_TOMORROW_ES = re.compile(rf"(?<!\bla )(?<!\besta )(?<!\bmedia )(?<!\bpasado )\b{TOMORROW_ES}\b")
# next Monday, el lunes que viene, el viernes pasado, Friday next week
_P_WEEKDAY = re.compile(
    rf"\b(?:(?P<pre>{words_pattern(_BEFORE)})\s+)?(?P<wd>{words_pattern(_WEEKDAYS)})\b\.?"
    rf"(?:\s+(?P<post>{words_pattern(_AFTER)})(?!\s+manana)\b)?"
)
# next week, la semana que viene, this weekend, el mes que viene, end of the month
_P_PERIOD = re.compile(rf"\b(?:{words_pattern(_PERIODS)})\b")
# Christmas, Nochebuena, thanksgiving
_P_HOLIDAY = re.compile(rf"\b(?:{words_pattern(cal.ALL_HOLIDAYS)})(?![a-z])")
# semana santa, holy week
_P_HOLIDAY_WEEK = re.compile(rf"\b(?:{words_pattern(_HOLIDAY_WEEKS)})\b")
# in 2 weeks, dentro de dos semanas, en 3 días, in 3 business days
_P_OFFSET = re.compile(rf"\b(?:in|within|en|dentro\s+de)\s+{_COUNT}\s+{_UNIT}")
# a week from today, 2 days from now
_P_FROM_NOW = re.compile(rf"\b{_COUNT}\s+{_UNIT}\s+from\s+(?:now|today)\b")
# 3 days ago
_P_AGO = re.compile(rf"\b{_COUNT}\s+{_UNIT}\s+ago\b")
# hace 3 días
_P_HACE = re.compile(rf"\bhace\s+{_COUNT}\s+{_UNIT}")
# in 3 weeks and 2 days, dentro de 3 semanas y 2 días (read by dateparser)
_P_COMPOUND = re.compile(
    rf"\b(?:in|within|en|dentro\s+de)\s+{_AMOUNT}(?:,?\s+(?:and|y)\s+{_AMOUNT})+"
    rf"|\b{_AMOUNT}(?:,?\s+(?:and|y)\s+{_AMOUNT})+\s+from\s+(?:now|today)\b"
)
# for 3 days, durante 2 semanas (stretches the day next to it)
_P_DURATION = re.compile(rf"\b(?:for|durante|por)\s+{_COUNT}\s+{_UNIT}(?:\s+(?:off|libres?))?")
# 3 days off starting, 3 días libres a partir del
_P_DURATION_FROM = re.compile(
    rf"\b{_COUNT}\s+{_UNIT}(?:\s+(?:off|libres?|de\s+vacaciones|of\s+leave))?"
    rf"\s+(?:starting(?:\s+on|\s+from)?|from|beginning|a\s+partir\s+del?|desde|empezando(?:\s+el)?)"
)

_PRONOUNS_BEFORE_MAY = re.compile(r"\b(?:i|we|you|they|he|she|it|who|that)\s+$")


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _day_value(match: re.Match[str]) -> int:
    digits = match.group("d")
    return int(digits) if digits else DAY_WORDS[squash(match.group("dw"))]


def _month_offset(match: re.Match[str]) -> int | None:
    rel = match.groupdict().get("rel") or match.groupdict().get("relx")
    if not rel:
        return None
    return 0 if squash(rel) in ("this", "este mes") else 1


def _calendar(match: re.Match[str], day: int | None, month: int | None, year: int | None = None) -> Mention:
    invalid = (day is not None and not 1 <= day <= 31) or (month is not None and not 1 <= month <= 12)
    return Mention(match.start(), match.end(), "calendar", day=day, month=month, year=year, invalid=invalid)


def _full_year(year: int | None) -> int | None:
    if year is not None and year < 100:
        return 2000 + year
    return year


# Each handler turns one regex match into a mention (or None when the match turns out not to be a date).
Handler = Callable[[re.Match[str], "Context"], "Mention | None"]


@dataclass(frozen=True)
class Context:
    """What handlers need besides the match: the reference day, preferences and the texts."""

    today: date
    prefer: Prefer
    order: str
    folded: str
    text: str
    lang: Lang


def _on_iso(match: re.Match[str], ctx: Context) -> Mention:
    return _calendar(match, int(match["d"]), int(match["m"]), int(match["y"]))


def _numeric_parts(a: int, b: int, order: str) -> tuple[int, int]:
    """(day, month) of ``a/b`` in the locale's order; an impossible month with a possible swap is swapped."""
    day, month = (b, a) if order in ("MDY", "YMD") else (a, b)
    if month > 12 >= day:
        day, month = month, day
    return day, month


def _on_numeric3(match: re.Match[str], ctx: Context) -> Mention:
    day, month = _numeric_parts(int(match["a"]), int(match["b"]), ctx.order)
    return _calendar(match, day, month, _full_year(int(match["y"])))


def _on_numeric2(match: re.Match[str], ctx: Context) -> Mention | None:
    if match.group() == "24/7":
        return None
    day, month = _numeric_parts(int(match["a"]), int(match["b"]), ctx.order)
    return _calendar(match, day, month)


def _on_month_name(match: re.Match[str], ctx: Context) -> Mention | None:
    if match["mon"] == "may" and _PRONOUNS_BEFORE_MAY.search(ctx.folded[: match.start()]):
        return None
    return _calendar(match, _day_value(match), _MONTHS[match["mon"]], _int(match["y"]))


def _on_day_only(match: re.Match[str], ctx: Context) -> Mention:
    mention = _calendar(match, int(match["d"]), None)
    mention.month_offset = _month_offset(match)
    return mention


def _on_weak(match: re.Match[str], ctx: Context) -> Mention | None:
    day = int(match["d"])
    if not 1 <= day <= 31:
        return None
    return Mention(match.start(), match.end(), "weak", day=day, ordinal=not match.group().isdigit())


def _on_relative(match: re.Match[str], ctx: Context) -> Mention:
    offset = _RELATIVE[squash(match.group())]
    return _fixed(match, ctx.today + timedelta(days=offset))


def _on_tomorrow_es(match: re.Match[str], ctx: Context) -> Mention:
    return _fixed(match, ctx.today + timedelta(days=1))


def _fixed(match: re.Match[str], start: date, end: date | None = None) -> Mention:
    return Mention(match.start(), match.end(), "fixed", fixed=start, fixed_end=end)


def _on_weekday(match: re.Match[str], ctx: Context) -> Mention:
    weekday = _WEEKDAYS[match["wd"]]
    mode = _AFTER[squash(match["post"])] if match["post"] else _BEFORE.get(squash(match["pre"] or ""), "plain")
    if mode == "plain":
        return Mention(match.start(), match.end(), "weekday", weekday=weekday)
    return _fixed(match, _weekday_by_mode(ctx.today, weekday, mode))


def _weekday_by_mode(today: date, weekday: int, mode: str) -> date:
    if mode == "coming":
        return cal.weekday_on_or_after(today + timedelta(days=1), weekday)
    if mode == "last":
        return cal.previous_weekday(today, weekday)
    weeks = {"this_week": 0, "next_week": 1, "after_next": 2}[mode]
    return cal.weekday_in_week(today, weekday, weeks)


def _period_bounds(name: str, today: date) -> tuple[date, date]:
    """The first and last day of a named period (``next_week`` is next Monday to Friday)."""
    monday = cal.week_monday(today)
    weeks = {"next_week": 1, "week_after_next": 2, "last_week": -1}
    if name in weeks:
        return cal.work_week(monday + timedelta(days=7 * weeks[name]))
    if name == "this_week":
        start = max(today, monday) if today.weekday() < 5 else monday + timedelta(days=7)
        return start, cal.work_week(start)[1]
    if name in ("this_weekend", "next_weekend"):
        saturday = monday + timedelta(days=5 + (7 if name == "next_weekend" else 0))
        return max(today, saturday), saturday + timedelta(days=1)
    if name == "week_end":
        friday = monday + timedelta(days=4)
        return (friday, friday) if today <= friday else (today, today)
    first, last = cal.month_bounds(today)
    if name == "next_month":
        return cal.month_bounds(cal.add_months(first, 1))
    if name == "month_end":
        return last, last
    return today, last  # this_month


def _on_period(match: re.Match[str], ctx: Context) -> Mention:
    start, end = _period_bounds(_PERIODS[squash(match.group())], ctx.today)
    return _fixed(match, start, end)


def _on_holiday(match: re.Match[str], ctx: Context) -> Mention:
    return _fixed(match, cal.next_holiday(squash(match.group()), ctx.today, ctx.prefer))


def _on_holiday_week(match: re.Match[str], ctx: Context) -> Mention:
    offset = _HOLIDAY_WEEKS[squash(match.group())]
    day = cal.easter(ctx.today.year) + timedelta(days=offset)
    if day + timedelta(days=4) < ctx.today:
        day = cal.easter(ctx.today.year + 1) + timedelta(days=offset)
    mention = _fixed(match, day)
    mention.week_of = True
    return mention


def _count(match: re.Match[str]) -> int | None:
    return number_value(match["n"]) or (2 if "couple" in match["n"] or "par" in match["n"] else None)


def _shift(today: date, amount: int, unit: str) -> date:
    days_per_unit = _UNITS[squash(unit)]
    if days_per_unit == 0:
        return cal.add_months(today, amount)
    if any(word in unit for word in WORKING_UNIT_WORDS):
        step = 1 if amount >= 0 else -1
        current = today
        for _ in range(abs(amount)):
            current += timedelta(days=step)
            while current.weekday() >= 5:
                current += timedelta(days=step)
        return current
    return today + timedelta(days=amount * days_per_unit)


def _on_offset(match: re.Match[str], ctx: Context) -> Mention | None:
    amount = _count(match)
    return None if amount is None else _fixed(match, _shift(ctx.today, amount, match["unit"]))


def _on_ago(match: re.Match[str], ctx: Context) -> Mention | None:
    amount = _count(match)
    return None if amount is None else _fixed(match, _shift(ctx.today, -amount, match["unit"]))


def _on_compound(match: re.Match[str], ctx: Context) -> Mention | None:
    found = dateparser_date(ctx.text[match.start() : match.end()], ctx)
    return None if found is None else _fixed(match, found)


def _on_duration(match: re.Match[str], ctx: Context) -> Mention | None:
    amount = _count(match)
    if not amount:
        return None
    unit = squash(match["unit"])
    mention = Mention(match.start(), match.end(), "duration", working=any(w in unit for w in WORKING_UNIT_WORDS))
    per_unit = _UNITS[unit]
    if per_unit == 0:
        mention.span_months = amount
    else:
        mention.span_days = amount * per_unit
    return mention


def _on_today_half(marker: HalfDayMarker, ctx: Context) -> Mention:
    return Mention(marker.start, marker.end, "fixed", fixed=ctx.today, half=marker.half)


_HANDLERS: tuple[tuple[re.Pattern[str], Handler], ...] = (
    (_P_ISO, _on_iso),
    (_P_NUM3, _on_numeric3),
    (_P_NUM2, _on_numeric2),
    (_P_DAY_MONTH, _on_month_name),
    (_P_MONTH_DAY, _on_month_name),
    (_P_DAY_ONLY_EN, _on_day_only),
    (_P_DAY_ONLY_ES, _on_day_only),
    (_P_EL_DAY_ES, _on_day_only),
    (_P_RELATIVE, _on_relative),
    (_P_TOMORROW_ES, _on_tomorrow_es),
    (_P_WEEKDAY, _on_weekday),
    (_P_PERIOD, _on_period),
    (_P_HOLIDAY, _on_holiday),
    (_P_HOLIDAY_WEEK, _on_holiday_week),
    (_P_COMPOUND, _on_compound),
    (_P_OFFSET, _on_offset),
    (_P_FROM_NOW, _on_offset),
    (_P_AGO, _on_ago),
    (_P_HACE, _on_ago),
    (_P_DURATION, _on_duration),
    (_P_DURATION_FROM, _on_duration),
    (_P_WEAK, _on_weak),
)


def scan_mentions(ctx: Context, markers: list[HalfDayMarker]) -> list[Mention]:
    """All mentions, longest first where they overlap, then in text order."""
    found = [m for m in (_on_today_half(k, ctx) for k in markers if k.today)]
    for pattern, handler in _HANDLERS:
        for match in pattern.finditer(ctx.folded):
            mention = handler(match, ctx)
            if mention is not None:
                found.append(mention)
    kept: list[Mention] = []
    for mention in sorted(found, key=lambda m: (m.kind == "weak", m.start - m.end, m.start)):
        if all(mention.end <= other.start or mention.start >= other.end for other in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def dateparser_date(phrase: str, ctx: Context) -> date | None:
    """Ask dateparser (imported on first use, one language only) for the day ``phrase`` names."""
    import dateparser

    settings: dict[str, Any] = {
        "RELATIVE_BASE": datetime(ctx.today.year, ctx.today.month, ctx.today.day),
        "PREFER_DATES_FROM": ctx.prefer,
        "DATE_ORDER": ctx.order,
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(phrase, languages=[ctx.lang], settings=settings)
    return parsed.date() if parsed is not None else None
