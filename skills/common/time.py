"""Time, once: the clock the composition root hands down, time zones, a person's "today", and business days.

Domain code never reads the real clock. ``Context.now`` and ``JobContext.now`` come from the :class:`Clock` the
assistant and the scheduler were given; only the composition root builds a :class:`SystemClock`, and tests pin a
:class:`FixedClock`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Container
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKEND = (5, 6)  # Saturday, Sunday


class Clock(Protocol):
    """Where "now" comes from: an aware UTC datetime."""

    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The machine's clock; built by the composition root only."""

    def now(self) -> datetime:
        """The machine's current time in UTC."""
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until moved: tests, the scripted demo and ``backoffice nlu --today`` use it."""

    def __init__(self, moment: datetime) -> None:
        self._moment = as_utc(moment)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The pinned moment."""
        with self._lock:
            return self._moment

    def set(self, moment: datetime) -> None:
        """Move the clock to ``moment``."""
        with self._lock:
            self._moment = as_utc(moment)

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock forward by ``delta`` and return the new moment."""
        with self._lock:
            self._moment += delta
            return self._moment


class StartedClock:
    """A clock that starts at a chosen moment and then runs at the machine's pace, or ``rate`` times faster
    (``BACKOFFICE_CLOCK_START``, ``BACKOFFICE_CLOCK_RATE``): for a training session, a demo on a fixed day, or an
    acceptance test of the installed program. ``origin`` is the reading of ``elapsed`` at which the clock shows
    ``start`` (default: when it is made), so processes given the same origin share one clock."""

    def __init__(
        self,
        start: datetime,
        elapsed: Callable[[], float] = time.monotonic,
        *,
        rate: float = 1.0,
        origin: float | None = None,
    ) -> None:
        self._start = as_utc(start)
        self._elapsed = elapsed
        self._rate = rate
        self._origin = elapsed() if origin is None else origin

    def now(self) -> datetime:
        """The start moment plus the time elapsed since the origin, times the rate."""
        return self._start + timedelta(seconds=(self._elapsed() - self._origin) * self._rate)


def as_utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC datetime (a naive one is taken to be UTC already)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def noon_utc(day: date) -> datetime:
    """Midday UTC of ``day``: a moment that is ``day`` in every office from UTC-11 to UTC+11."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@lru_cache(maxsize=512)
def zone(name: str | None) -> ZoneInfo:
    """The IANA time zone ``name``, or UTC when it is empty or unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_now(now: datetime, timezone: str | None) -> datetime:
    """``now`` as wall-clock time in ``timezone``."""
    return as_utc(now).astimezone(zone(timezone))


def local_today(timezone: str | None, now: datetime) -> date:
    """The date it is in ``timezone`` at ``now``: a person's "today"."""
    return local_now(now, timezone).date()


def is_business_day(day: date, closed: Container[date] = ()) -> bool:
    """Monday to Friday and not one of the ``closed`` days (public or company holidays)."""
    return day.weekday() not in WEEKEND and day not in closed


def business_days_between(
    start: datetime, end: datetime, closed: Container[date] = (), timezone: str | None = None
) -> int:
    """Whole business days from ``start`` to ``end`` on the wall clock of ``timezone`` (UTC when None): a business
    day counts once its hour of ``start`` has come there.

    Friday 10:00 -> Monday 09:59 is 0 business days; -> Monday 10:00 is 1. Weekends and ``closed`` days are the
    days of that zone, so a Friday evening in New York is not a Saturday, and a DST change moves no day.
    """
    if end <= start:
        return 0
    first, last = local_now(start, timezone), local_now(end, timezone)
    days, day = 0, first.date() + timedelta(days=1)
    while day < last.date() or (day == last.date() and last.time() >= first.time()):
        if is_business_day(day, closed):
            days += 1
        day += timedelta(days=1)
    return days


def add_business_days(day: date, count: int, closed: Container[date] = ()) -> date:
    """The date ``count`` business days after ``day`` (``count`` >= 0)."""
    current = day
    while count > 0:
        current += timedelta(days=1)
        if is_business_day(current, closed):
            count -= 1
    return current
