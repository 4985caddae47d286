"""The working-day calendar, once: weekends, public holidays of a country and its region, company closure days.

Counting a request, balances, what-if, who is off, reminders and escalation all ask :func:`working_calendar`.
Weekends and the business-day arithmetic come from ``skills.common.time``; the public holidays from the offline
``holidays`` package (``ES-MD`` adds the Comunidad de Madrid's days to Spain's); the closure days from the
``company_holidays`` table (empty country = every office, else a country or a subdivision).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

import holidays
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from skills.common.time import is_business_day
from skills.leave.models import CompanyHoliday

HALF = Decimal("0.5")
Half = str  # "am" or "pm"
FULL_DAY: frozenset[Half] = frozenset({"am", "pm"})
WEEKEND = "weekend"


@dataclass(frozen=True)
class DayOff:
    """A day in a range that is not a working day, and why (``weekend`` or the holiday's name)."""

    day: date
    reason: str

    @property
    def is_holiday(self) -> bool:
        """Whether it is a public or company holiday (not a weekend)."""
        return self.reason != WEEKEND


@dataclass(frozen=True)
class WorkingDays:
    """How many working days a range covers, the days in it that are not working days, and the days per year."""

    days: Decimal
    days_off: tuple[DayOff, ...]
    by_year: Mapping[int, Decimal] = field(default_factory=dict)

    @property
    def holidays(self) -> dict[date, str]:
        """The holidays inside the range, by date (weekends left out)."""
        return {off.day: off.reason for off in self.days_off if off.is_holiday}


def split_region(country: str) -> tuple[str, str | None]:
    """Split ``ES-MD`` into (``ES``, ``MD``); a plain ``US`` has no region."""
    code, _, region = (country or "").upper().partition("-")
    return code, region or None


@lru_cache(maxsize=512)
def public_holidays(country: str, year: int, language: str = "en") -> Mapping[date, str]:
    """Public holidays of ``country`` (``ES``, or ``ES-MD`` with its region's days) in ``year``, named in ``language``.

    An unknown region falls back to the country's days; an unknown country has none.
    """
    code, region = split_region(country)
    for subdivision in (region, None) if region else (None,):
        try:
            found = holidays.country_holidays(code, subdiv=subdivision, years=year, language=language)
        except NotImplementedError:  # unknown country or region
            continue
        return dict(found.items())
    return {}


def company_holidays(session: Session, country: str, start: date, end: date) -> dict[date, str]:
    """Company closure days from ``start`` to ``end`` for an office in ``country``: everyone's, its country's, its region's."""
    code, _ = split_region(country)
    scopes = {code, (country or "").upper()}
    rows = session.scalars(
        select(CompanyHoliday).where(
            CompanyHoliday.day.between(start, end),
            or_(CompanyHoliday.country.is_(None), CompanyHoliday.country.in_(scopes)),
        )
    )
    found: dict[date, str] = {}
    for row in sorted(rows, key=lambda row: (row.day, -len(row.country or ""))):  # the region's name first
        found.setdefault(row.day, row.name)
    return found


@dataclass(frozen=True)
class Holiday:
    """A public holiday or company closure day of an office, named in the reader's language."""

    day: date
    name: str
    closure: bool
    """True for a company closure day that is not also a public holiday."""


def holidays_between(session: Session, country: str, start: date, end: date, *, language: str = "en") -> list[Holiday]:
    """The public holidays and company closure days of an office in ``country`` from ``start`` to ``end``, by date."""
    calendar = working_calendar(session, country, start, end, language=language)
    public = {day for year in range(start.year, end.year + 1) for day in public_holidays(country, year, language)}
    return [Holiday(day, name, closure=day not in public) for day, name in sorted(calendar.holidays.items())]


def each_day(start: date, end: date) -> Iterator[date]:
    """Every date from ``start`` to ``end`` inclusive."""
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def halves_on(day: date, start: date, end: date, start_half: bool, end_half: bool) -> frozenset[Half]:
    """Which halves of ``day`` a request from ``start`` to ``end`` takes (``start_half``: from midday)."""
    if not start <= day <= end:
        return frozenset()
    taken = set(FULL_DAY)
    if day == start and start_half:
        taken.discard("am")
    if day == end and end_half:
        taken.discard("pm")
    return frozenset(taken)


@dataclass(frozen=True)
class WorkingCalendar:
    """The closed days of one office over a period; ``in`` tells a holiday, so it serves as ``closed`` days."""

    country: str
    start: date
    end: date
    holidays: Mapping[date, str]

    def __contains__(self, day: object) -> bool:
        return day in self.holidays

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday and not a public or company holiday."""
        return is_business_day(day, self)

    def count(self, start: date, end: date, *, start_half: bool = False, end_half: bool = False) -> WorkingDays:
        """Working days from ``start`` to ``end`` (inside this calendar's period): weekends and holidays count 0,
        half days 0.5; with the count of each calendar year."""
        if end < start:
            return WorkingDays(Decimal(0), ())
        by_year: dict[int, Decimal] = {}
        days_off: list[DayOff] = []
        for day in each_day(start, end):
            if self.is_working_day(day):
                taken = HALF * len(halves_on(day, start, end, start_half, end_half))
                by_year[day.year] = by_year.get(day.year, Decimal(0)) + taken
            else:
                days_off.append(DayOff(day, self.holidays.get(day, WEEKEND)))
        return WorkingDays(sum(by_year.values(), Decimal(0)), tuple(days_off), by_year)


def working_calendar(
    session: Session, country: str, start: date, end: date, *, language: str = "en"
) -> WorkingCalendar:
    """The working-day calendar of an office in ``country`` from ``start`` to ``end``, holidays named in ``language``.

    Public holidays first; a company closure day on another day adds to them (on the same day the public name stays).
    """
    found: dict[date, str] = {}
    for year in range(start.year, end.year + 1):
        found.update(
            (day, name) for day, name in public_holidays(country, year, language).items() if start <= day <= end
        )
    for day, name in company_holidays(session, country, start, end).items():
        found.setdefault(day, name)
    return WorkingCalendar(country, start, end, found)


def count_working_days(
    session: Session,
    country: str,
    start: date,
    end: date,
    *,
    start_half: bool = False,
    end_half: bool = False,
    language: str = "en",
) -> WorkingDays:
    """Working days from ``start`` to ``end`` for an office in ``country`` (see :func:`working_calendar`)."""
    if end < start:
        return WorkingDays(Decimal(0), ())
    calendar = working_calendar(session, country, start, end, language=language)
    return calendar.count(start, end, start_half=start_half, end_half=end_half)
