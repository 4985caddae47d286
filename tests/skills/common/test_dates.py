"""Dates and ranges, English and Spanish, relative to Wednesday 2026-11-25."""

from __future__ import annotations

from datetime import UTC, date

import pytest

from skills.common.extract import DateParseFailure, DateRange, extract_date_range, find_dates
from skills.common.extract.dates import listed_dates
from skills.common.time import local_today

TODAY = date(2026, 11, 25)  # a Wednesday


def d(iso: str) -> date:
    return date.fromisoformat(iso)


def span(text: str, locale: str = "en-US", **kwargs: object) -> tuple[str, str] | None:
    found = extract_date_range(text, today=TODAY, locale=locale, **kwargs)  # type: ignore[arg-type]
    if found is None:
        return None
    assert isinstance(found, DateRange), found
    return found.start.isoformat(), found.end.isoformat()


ENGLISH = [
    ("today", "2026-11-25", "2026-11-25"),
    ("tomorrow", "2026-11-26", "2026-11-26"),
    ("I'm off tomorrow", "2026-11-26", "2026-11-26"),
    ("the day after tomorrow", "2026-11-27", "2026-11-27"),
    ("yesterday", "2026-11-24", "2026-11-24"),
    ("next Monday", "2026-11-30", "2026-11-30"),
    ("next Thursday", "2026-12-03", "2026-12-03"),
    ("next Wednesday", "2026-12-02", "2026-12-02"),
    ("this Friday", "2026-11-27", "2026-11-27"),
    ("on Friday", "2026-11-27", "2026-11-27"),
    ("Wednesday", "2026-11-25", "2026-11-25"),
    ("coming Friday", "2026-11-27", "2026-11-27"),
    ("Friday next week", "2026-12-04", "2026-12-04"),
    ("last Friday", "2026-11-20", "2026-11-20"),
    ("Dec 3", "2026-12-03", "2026-12-03"),
    ("December 3rd", "2026-12-03", "2026-12-03"),
    ("3 December", "2026-12-03", "2026-12-03"),
    ("the 3rd of December", "2026-12-03", "2026-12-03"),
    ("the third of December", "2026-12-03", "2026-12-03"),
    ("Dec 3, 2027", "2027-12-03", "2027-12-03"),
    ("Jan 15", "2027-01-15", "2027-01-15"),
    ("Nov 20", "2026-11-20", "2026-11-20"),  # five days ago: that day, not next year (a rule may refuse it)
    ("Nov 2", "2027-11-02", "2027-11-02"),  # over two weeks ago: looking ahead, next year
    ("the 30th", "2026-11-30", "2026-11-30"),
    ("on the 3rd", "2026-12-03", "2026-12-03"),
    ("the 3rd of next month", "2026-12-03", "2026-12-03"),
    ("Monday, December 7", "2026-12-07", "2026-12-07"),
    ("Friday the 4th", "2026-12-04", "2026-12-04"),
    ("2026-12-03", "2026-12-03", "2026-12-03"),
    ("12/18", "2026-12-18", "2026-12-18"),
    ("12/18/2026", "2026-12-18", "2026-12-18"),
    ("1/4/27", "2027-01-04", "2027-01-04"),
    ("Dec 3-5", "2026-12-03", "2026-12-05"),
    ("December 3 to 5", "2026-12-03", "2026-12-05"),
    ("from December 3 to December 5", "2026-12-03", "2026-12-05"),
    ("from the 3rd to the 5th", "2026-12-03", "2026-12-05"),
    ("the 3rd-5th", "2026-12-03", "2026-12-05"),
    ("3-5 December", "2026-12-03", "2026-12-05"),
    ("between Dec 3 and Dec 5", "2026-12-03", "2026-12-05"),
    ("Dec 3 through Dec 7", "2026-12-03", "2026-12-07"),
    ("12/18-12/22", "2026-12-18", "2026-12-22"),
    ("from Dec 28 to Jan 3", "2026-12-28", "2027-01-03"),
    ("from the 28th to the 2nd", "2026-11-28", "2026-12-02"),
    ("Monday to Wednesday", "2026-11-30", "2026-12-02"),
    ("Mon-Wed", "2026-11-30", "2026-12-02"),
    ("from next Monday until Friday", "2026-11-30", "2026-12-04"),
    ("from tomorrow until Friday", "2026-11-26", "2026-11-27"),
    ("the week of Christmas", "2026-12-21", "2026-12-25"),
    ("christmas week", "2026-12-21", "2026-12-25"),
    ("the week of Dec 14", "2026-12-14", "2026-12-18"),
    ("Christmas Eve", "2026-12-24", "2026-12-24"),
    ("new year's day", "2027-01-01", "2027-01-01"),
    ("thanksgiving", "2026-11-26", "2026-11-26"),
    ("next week", "2026-11-30", "2026-12-04"),
    ("this week", "2026-11-25", "2026-11-27"),
    ("the week after next", "2026-12-07", "2026-12-11"),
    ("this weekend", "2026-11-28", "2026-11-29"),
    ("next month", "2026-12-01", "2026-12-31"),
    ("end of the month", "2026-11-30", "2026-11-30"),
    ("in 2 weeks", "2026-12-09", "2026-12-09"),
    ("in two weeks", "2026-12-09", "2026-12-09"),
    ("in a fortnight", "2026-12-09", "2026-12-09"),
    ("in 3 days", "2026-11-28", "2026-11-28"),
    ("in 3 business days", "2026-11-30", "2026-11-30"),
    ("a week from today", "2026-12-02", "2026-12-02"),
    ("in a month", "2026-12-25", "2026-12-25"),
    ("3 days ago", "2026-11-22", "2026-11-22"),
    ("3 weeks and 2 days from now", "2026-12-18", "2026-12-18"),
    ("Monday for 3 days", "2026-11-30", "2026-12-02"),
    ("3 days off starting Monday", "2026-11-30", "2026-12-02"),
    ("next Monday for a week", "2026-11-30", "2026-12-04"),
    ("Monday for 3 working days", "2026-11-30", "2026-12-02"),
    ("schedule a meeting with Anna tomorrow", "2026-11-26", "2026-11-26"),
    ("remind me to call mom on Friday", "2026-11-27", "2026-11-27"),
    ("may I take Dec 3 off?", "2026-12-03", "2026-12-03"),
]

SPANISH = [
    ("hoy", "2026-11-25", "2026-11-25"),
    ("mañana", "2026-11-26", "2026-11-26"),
    ("manana", "2026-11-26", "2026-11-26"),
    ("pasado mañana", "2026-11-27", "2026-11-27"),
    ("ayer", "2026-11-24", "2026-11-24"),
    ("anteayer", "2026-11-23", "2026-11-23"),
    ("el próximo lunes", "2026-11-30", "2026-11-30"),
    ("el proximo lunes", "2026-11-30", "2026-11-30"),
    ("el lunes que viene", "2026-11-30", "2026-11-30"),
    ("el jueves que viene", "2026-12-03", "2026-12-03"),
    ("el jueves q viene", "2026-12-03", "2026-12-03"),
    ("la semana q viene", "2026-11-30", "2026-12-04"),
    ("el mes q viene", "2026-12-01", "2026-12-31"),
    ("el viernes", "2026-11-27", "2026-11-27"),
    ("este viernes", "2026-11-27", "2026-11-27"),
    ("el viernes pasado", "2026-11-20", "2026-11-20"),
    ("el jueves de la semana que viene", "2026-12-03", "2026-12-03"),
    ("el 3 de diciembre", "2026-12-03", "2026-12-03"),
    ("3 de diciembre de 2027", "2027-12-03", "2027-12-03"),
    ("el tres de diciembre", "2026-12-03", "2026-12-03"),
    ("1º de diciembre", "2026-12-01", "2026-12-01"),
    ("primero de enero", "2027-01-01", "2027-01-01"),
    ("el día 3", "2026-12-03", "2026-12-03"),
    ("me voy el 3", "2026-12-03", "2026-12-03"),
    ("el 3 del mes que viene", "2026-12-03", "2026-12-03"),
    ("el lunes 30", "2026-11-30", "2026-11-30"),
    ("18/12", "2026-12-18", "2026-12-18"),
    ("el 3/12", "2026-12-03", "2026-12-03"),
    ("18.12.2026", "2026-12-18", "2026-12-18"),
    ("del 3 al 5 de diciembre", "2026-12-03", "2026-12-05"),
    ("del 3 al 5", "2026-12-03", "2026-12-05"),
    ("del 28 al 3 de diciembre", "2026-11-28", "2026-12-03"),
    ("del 28 de diciembre al 2 de enero", "2026-12-28", "2027-01-02"),
    ("entre el 3 y el 5 de diciembre", "2026-12-03", "2026-12-05"),
    ("desde el 3 hasta el 5 de diciembre", "2026-12-03", "2026-12-05"),
    ("del lunes al miércoles", "2026-11-30", "2026-12-02"),
    ("de lunes a miércoles", "2026-11-30", "2026-12-02"),
    ("desde mañana hasta el viernes", "2026-11-26", "2026-11-27"),
    ("la semana que viene", "2026-11-30", "2026-12-04"),
    ("la próxima semana", "2026-11-30", "2026-12-04"),
    ("esta semana", "2026-11-25", "2026-11-27"),
    ("este fin de semana", "2026-11-28", "2026-11-29"),
    ("el mes que viene", "2026-12-01", "2026-12-31"),
    ("a fin de mes", "2026-11-30", "2026-11-30"),
    ("la semana de Navidad", "2026-12-21", "2026-12-25"),
    ("la semana del 14 de diciembre", "2026-12-14", "2026-12-18"),
    ("Navidad", "2026-12-25", "2026-12-25"),
    ("Nochebuena", "2026-12-24", "2026-12-24"),
    ("día de Reyes", "2027-01-06", "2027-01-06"),
    ("semana santa", "2027-03-22", "2027-03-26"),
    ("dentro de dos semanas", "2026-12-09", "2026-12-09"),
    ("en 3 días", "2026-11-28", "2026-11-28"),
    ("dentro de un mes", "2026-12-25", "2026-12-25"),
    ("hace 3 días", "2026-11-22", "2026-11-22"),
    ("dentro de 3 semanas y 2 días", "2026-12-18", "2026-12-18"),
    ("el lunes durante 3 días", "2026-11-30", "2026-12-02"),
    ("3 días libres a partir del lunes", "2026-11-30", "2026-12-02"),
    ("agenda una reunión con Ana mañana", "2026-11-26", "2026-11-26"),
]


@pytest.mark.parametrize(("text", "start", "end"), ENGLISH)
def test_english_dates(text: str, start: str, end: str) -> None:
    assert span(text, "en-US", lang="en") == (start, end)


@pytest.mark.parametrize(("text", "start", "end"), SPANISH)
def test_spanish_dates(text: str, start: str, end: str) -> None:
    assert span(text, "es-ES", lang="es") == (start, end)


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("12/18", "en-US", "2026-12-18"),
        ("18/12", "en-GB", "2026-12-18"),
        ("18/12", "es-ES", "2026-12-18"),
        ("18/12", "es-MX", "2026-12-18"),
        ("3/12", "en-US", "2027-03-12"),
        ("3/12", "en-GB", "2026-12-03"),
        ("3/12", "es-ES", "2026-12-03"),
        ("18/12", "en-US", "2026-12-18"),  # month 18 is impossible, so the other order is read
        ("04/01/2027", "en-US", "2027-04-01"),
        ("04/01/2027", "es-ES", "2027-01-04"),
    ],
)
def test_numeric_order_follows_locale(text: str, locale: str, expected: str) -> None:
    assert span(text, locale) == (expected, expected)


@pytest.mark.parametrize(
    ("text", "locale", "raw"),
    [
        ("31/02", "en-GB", "31/02"),
        ("I'm off on 31/02", "es-ES", "31/02"),
        ("Feb 30", "en-US", "Feb 30"),
        ("30 de febrero", "es-ES", "30 de febrero"),
        ("2026-02-30", "en-US", "2026-02-30"),
        ("13/13", "en-GB", "13/13"),
        ("Dec 32", "en-US", "Dec 32"),
        ("the 32nd", "en-US", "32nd"),
        ("Feb 29", "en-US", "Feb 29"),  # neither 2026 nor 2027 has one
        ("from Feb 28 to Feb 30", "en-US", "Feb 30"),
        ("del 3 al 31 de febrero", "es-ES", "31 de febrero"),
        ("0/5", "en-GB", "0/5"),
    ],
)
def test_invalid_dates_are_explicit_failures(text: str, locale: str, raw: str) -> None:
    assert extract_date_range(text, today=TODAY, locale=locale) == DateParseFailure(raw)


@pytest.mark.parametrize(
    "text",
    [
        "I have 3 questions",
        "the 3rd floor printer is broken",
        "order 5 boxes of paper",
        "from 9 to 5",
        "24/7 support",
        "I paid $45.20",
        "1.250,00 EUR",
        "meeting room 3",
        "pedir 10 unidades",
        "half a day",
    ],
)
def test_no_date(text: str) -> None:
    assert extract_date_range(text, today=TODAY, locale="en-US") is None


@pytest.mark.parametrize(
    ("text", "locale", "start_half", "end_half"),
    [
        ("tomorrow morning", "en-US", "am", "am"),
        ("Friday afternoon", "en-US", "pm", "pm"),
        ("afternoon off tomorrow", "en-US", "pm", "pm"),
        ("half day on Friday", "en-US", "half", "half"),
        ("this afternoon", "en-US", "pm", "pm"),
        ("from Monday afternoon to Wednesday morning", "en-US", "pm", "am"),
        ("Dec 3-5", "en-US", None, None),
        ("mañana por la mañana", "es-ES", "am", "am"),
        ("el viernes por la tarde", "es-ES", "pm", "pm"),
        ("medio día el viernes", "es-ES", "half", "half"),
        ("media jornada mañana", "es-ES", "half", "half"),
        ("esta tarde", "es-ES", "pm", "pm"),
        ("del lunes por la tarde al miércoles", "es-ES", "pm", None),
    ],
)
def test_half_days_attach_to_range_ends(text: str, locale: str, start_half: str | None, end_half: str | None) -> None:
    found = extract_date_range(text, today=TODAY, locale=locale)
    assert isinstance(found, DateRange)
    assert (found.start_half, found.end_half) == (start_half, end_half)


def test_tomorrow_versus_morning_in_spanish() -> None:
    found = extract_date_range("mañana por la mañana", today=TODAY, locale="es-ES")
    assert found == DateRange(d("2026-11-26"), d("2026-11-26"), "am", "am")
    morning_only = extract_date_range("por la mañana", today=TODAY, locale="es-ES")
    assert morning_only is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Nov 20", "2026-11-20"), ("Friday", "2026-11-20"), ("the 24th", "2026-11-24"), ("Dec 3", "2025-12-03")],
)
def test_prefer_past(text: str, expected: str) -> None:
    assert span(text, prefer="past") == (expected, expected)


@pytest.mark.parametrize(
    ("today", "text", "locale", "expected"),
    [
        ("2027-01-03", "Dec 28", "en-US", ("2026-12-28", "2026-12-28")),  # six days ago, across the new year
        ("2027-01-03", "el 28 de diciembre", "es-ES", ("2026-12-28", "2026-12-28")),
        ("2027-01-03", "Dec 28 - Jan 2", "en-US", ("2026-12-28", "2027-01-02")),
        ("2027-01-03", "del 28 de diciembre al 2 de enero", "es-ES", ("2026-12-28", "2027-01-02")),
        ("2027-01-03", "Dec 10", "en-US", ("2027-12-10", "2027-12-10")),  # over two weeks ago: next December
        ("2026-12-06", "Dec 3-5", "en-US", ("2026-12-03", "2026-12-05")),
        ("2026-12-06", "del 3 al 5 de diciembre", "es-ES", ("2026-12-03", "2026-12-05")),
        ("2026-12-06", "Nov 30 – Dec 2", "en-US", ("2026-11-30", "2026-12-02")),
        ("2026-12-06", "del 30 de noviembre al 2 de diciembre", "es-ES", ("2026-11-30", "2026-12-02")),
    ],
)
def test_recent_days_around_month_and_year_ends(today: str, text: str, locale: str, expected: tuple[str, str]) -> None:
    found = extract_date_range(text, today=d(today), locale=locale)
    assert isinstance(found, DateRange), found
    assert (found.start.isoformat(), found.end.isoformat()) == expected


def test_failure_beats_a_good_date() -> None:
    found = find_dates("tomorrow or 31/02", today=TODAY, locale="en-GB")
    assert found[0] == DateRange(d("2026-11-26"), d("2026-11-26"))
    assert extract_date_range("tomorrow or 31/02", today=TODAY, locale="en-GB") == DateParseFailure("31/02")


def test_range_properties_and_raw() -> None:
    found = extract_date_range("quiero del 3 al 5 de diciembre", today=TODAY, locale="es-ES")
    assert isinstance(found, DateRange)
    assert found.days == 3 and not found.is_single_day
    assert found.raw == "3 al 5 de diciembre"


def test_local_today_uses_the_timezone() -> None:
    from datetime import datetime

    late_utc = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    assert local_today("Europe/Madrid", late_utc) == d("2026-11-26")
    assert local_today("America/Mexico_City", late_utc) == d("2026-11-25")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("el 3 y el 5 de febrero", [("2027-02-03", "2027-02-03"), ("2027-02-05", "2027-02-05")]),  # was Dec 3
        ("the 3rd and the 5th of February", [("2027-02-03", "2027-02-03"), ("2027-02-05", "2027-02-05")]),
        ("el 5 de febrero y el 9", [("2027-02-05", "2027-02-05"), ("2027-02-09", "2027-02-09")]),
        ("el 3, el 4 y el 5 de marzo", [("2027-03-03", "2027-03-03"), ("2027-03-04", "2027-03-04"),
                                         ("2027-03-05", "2027-03-05")]),
        ("Friday and Monday", [("2026-11-27", "2026-11-27"), ("2026-11-30", "2026-11-30")]),  # the Monday after
    ],
)  # fmt: skip
def test_the_days_of_a_list_share_its_month_and_follow_each_other(text: str, expected: list[tuple[str, str]]) -> None:
    found = [(r.start.isoformat(), r.end.isoformat()) for r in find_dates(text, today=TODAY, locale="es-ES")
             if isinstance(r, DateRange)]  # fmt: skip
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dec 14 and Dec 15", [("2026-12-14", "2026-12-15", None, None)]),
        ("Friday and Monday", [("2026-11-27", "2026-11-30", None, None)]),  # only a weekend between
        ("Dec 14 afternoon and Dec 15", [("2026-12-14", "2026-12-15", "pm", None)]),
        ("Dec 14 morning and Dec 15 afternoon", [("2026-12-14", "2026-12-14", "am", "am"),
                                                 ("2026-12-15", "2026-12-15", "pm", "pm")]),
        ("Jan 4 and Jan 8", [("2027-01-04", "2027-01-04", None, None), ("2027-01-08", "2027-01-08", None, None)]),
        ("sick on Monday, can I take Friday off?", [("2026-11-30", "2026-11-30", None, None)]),  # not a list
    ],
)  # fmt: skip
def test_listed_days_that_follow_each_other_are_one_range(text: str, expected: list[tuple]) -> None:
    found = find_dates(text, today=TODAY, locale="en-US")
    listed = listed_dates(found, text)
    assert [(r.start.isoformat(), r.end.isoformat(), r.start_half, r.end_half) for r in listed] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vacation on the 3rd and 4th", [("2026-12-03", "2026-12-04")]),  # was the 3rd only
        ("the 3rd, 4th and 5th of January", [("2027-01-03", "2027-01-05")]),  # was Jan 3 only
        ("Dec 3 and 4", [("2026-12-03", "2026-12-04")]),
        ("off Dec 21 and 23", [("2026-12-21", "2026-12-21"), ("2026-12-23", "2026-12-23")]),
        ("Jan 5, 12 and 19", [("2027-01-05", "2027-01-05"), ("2027-01-12", "2027-01-12"),
                              ("2027-01-19", "2027-01-19")]),
        # not days of a list: a count, a floor, an amount, an alternative
        ("Dec 3 and 4 people", [("2026-12-03", "2026-12-03")]),
        ("vacation Jan 4 and 4 more days", [("2027-01-04", "2027-01-04")]),
        ("the 3rd and 4th floor", [("2026-12-03", "2026-12-03")]),
        ("taxi on Dec 3, 25", [("2026-12-03", "2026-12-03")]),
        ("the 10th or 11th", [("2026-12-10", "2026-12-10")]),
    ],
)  # fmt: skip
def test_a_day_number_listed_after_a_date_is_a_date_too(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_dates(text, today=TODAY, locale="en-US")
    assert [(r.start.isoformat(), r.end.isoformat()) for r in listed_dates(found, text)] == expected
