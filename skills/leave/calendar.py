"""Working days: weekends, public holidays of the employee's country and region, and company holidays."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

import holidays
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from skills.leave.models import CompanyHoliday

WEEKEND = (5, 6)  # Saturday, Sunday
HALF = Decimal("0.5")
Half = str  # "am" or "pm"
FULL_DAY: frozenset[Half] = frozenset({"am", "pm"})


@dataclass(frozen=True)
class DayOff:
    """A day in a range that is not a working day, and why (``weekend`` or a holiday's name)."""

    day: date
    reason: str


def split_region(country: str) -> tuple[str, str | None]:
    """Split ``ES-MD`` into (``ES``, ``MD``); a plain ``US`` has no region."""
    code, _, region = (country or "").upper().partition("-")
    return code, region or None


@lru_cache(maxsize=256)
def _public_holidays(country: str, year: int, language: str) -> dict[date, str]:
    """Public holidays of ``country`` (``ES`` or ``ES-MD``) in ``year``, from the offline ``holidays`` package."""
    code, region = split_region(country)
    try:
        calendar = holidays.country_holidays(code, subdiv=region, years=year, language=language)
    except NotImplementedError:  # unknown country: no public holidays rather than a crash
        return {}
    except Exception:  # unknown region or language: the country's own holidays
        try:
            calendar = holidays.country_holidays(code, years=year)
        except NotImplementedError:
            return {}
    return dict(calendar.items())


def holidays_between(session: Session, country: str, start: date, end: date, language: str = "en") -> dict[date, str]:
    """Every public and company holiday from ``start`` to ``end`` (inclusive) for an employee in ``country``."""
    found: dict[date, str] = {}
    for year in range(start.year, end.year + 1):
        for day, name in _public_holidays(country, year, language).items():
            if start <= day <= end:
                found[day] = name
    code, _ = split_region(country)
    scopes = {code, (country or "").upper()}
    rows = session.scalars(
        select(CompanyHoliday).where(
            CompanyHoliday.day.between(start, end),
            or_(CompanyHoliday.country.is_(None), CompanyHoliday.country.in_(scopes)),
        )
    )
    for row in rows:
        found.setdefault(row.day, row.name)
    return found


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
class WorkingDays:
    """How many working days a range covers, and the days in it that are not working days."""

    days: Decimal
    days_off: tuple[DayOff, ...]


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
    """Working days from ``start`` to ``end``: weekends and holidays count 0, half days 0.5."""
    if end < start:
        return WorkingDays(Decimal(0), ())
    closed = holidays_between(session, country, start, end, language)
    total = Decimal(0)
    days_off: list[DayOff] = []
    for day in each_day(start, end):
        if day.weekday() in WEEKEND:
            days_off.append(DayOff(day, "weekend"))
        elif day in closed:
            days_off.append(DayOff(day, closed[day]))
        else:
            total += HALF * len(halves_on(day, start, end, start_half, end_half))
    return WorkingDays(total, tuple(days_off))
