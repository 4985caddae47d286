"""SLA clocks on business hours: a place's opening hours on its working days (weekends, public holidays of its
country and region, company closure days — leave's working calendar, not a second one).

``BusinessHours`` adds business time to a moment and measures the business time between two moments, in the
place's time zone; every moment in and out is UTC.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from skills.common.time import zone
from skills.leave.queries.calendar import working_calendar

HORIZON_DAYS = 400
"""How far ahead a due time is looked for (a year of holidays is loaded at most once per call)."""


@dataclass(frozen=True)
class BusinessHours:
    """Open from ``opens`` to ``closes`` (local hours) on the days ``is_open_day`` says, in ``timezone``."""

    timezone: str
    opens: int
    closes: int
    is_open_day: Callable[[date], bool]

    def _window(self, day: date) -> tuple[datetime, datetime]:
        tz = zone(self.timezone)
        start = datetime.combine(day, time(self.opens), tzinfo=tz).astimezone(UTC)
        end = datetime.combine(day, time(self.closes), tzinfo=tz).astimezone(UTC)
        return start, end

    def add(self, moment: datetime, duration: timedelta) -> datetime:
        """The moment ``duration`` of business time after ``moment``."""
        left = duration
        day = moment.astimezone(zone(self.timezone)).date()
        for _ in range(HORIZON_DAYS):
            if self.is_open_day(day):
                start, end = self._window(day)
                start = max(start, moment)
                if start < end:
                    if start + left <= end:
                        return start + left
                    left -= end - start
            day += timedelta(days=1)
        return moment + duration  # pragma: no cover - a place closed for more than a year

    def between(self, start: datetime, end: datetime) -> timedelta:
        """The business time from ``start`` to ``end`` (zero when ``end`` is not after ``start``)."""
        total = timedelta(0)
        if end <= start:
            return total
        day = start.astimezone(zone(self.timezone)).date()
        last = end.astimezone(zone(self.timezone)).date()
        while day <= last:
            if self.is_open_day(day):
                opens, closes = self._window(day)
                lower, upper = max(opens, start), min(closes, end)
                if lower < upper:
                    total += upper - lower
            day += timedelta(days=1)
        return total


def business_hours(
    session: Session, *, country: str, timezone: str, opens: int, closes: int, start: date
) -> BusinessHours:
    """The business hours of an office in ``country`` from ``start`` on, with its holidays and closure days."""
    calendar = working_calendar(session, country, start - timedelta(days=7), start + timedelta(days=HORIZON_DAYS))
    return BusinessHours(timezone, opens, closes, calendar.is_working_day)
