"""Time, once: the clock a test pins, a person's today in their zone, and business days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from skills.common.time import (
    FixedClock,
    StartedClock,
    add_business_days,
    business_days_between,
    is_business_day,
    local_today,
    zone,
)

WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
FRIDAY_NOON = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (FRIDAY_NOON, datetime(2026, 11, 30, 11, tzinfo=UTC), 0),  # Friday noon -> Monday 11:00
        (FRIDAY_NOON, datetime(2026, 11, 30, 12, tzinfo=UTC), 1),  # the weekend does not count
        (FRIDAY_NOON, datetime(2026, 11, 30, 13, tzinfo=UTC), 1),
        (WEDNESDAY, datetime(2026, 11, 26, 9, tzinfo=UTC), 0),
        (WEDNESDAY, datetime(2026, 11, 26, 10, tzinfo=UTC), 1),
        (WEDNESDAY, datetime(2026, 11, 30, 10, tzinfo=UTC), 3),  # Wed -> Mon: Thu, Fri, Mon
        (datetime(2026, 11, 28, 9, tzinfo=UTC), datetime(2026, 11, 29, 18, tzinfo=UTC), 0),  # Saturday -> Sunday
        (WEDNESDAY, WEDNESDAY - timedelta(hours=1), 0),
    ],
)
def test_business_days_skip_weekends(start, end, expected):
    assert business_days_between(start, end) == expected


NEW_YORK, MADRID = "America/New_York", "Europe/Madrid"


@pytest.mark.parametrize(
    ("start", "end", "timezone", "expected"),
    [
        # Friday 20:00 in New York is Saturday 01:00 UTC: Sunday 21:00 there is still the weekend, Monday 20:00 counts
        (datetime(2026, 12, 5, 1, tzinfo=UTC), datetime(2026, 12, 7, 2, tzinfo=UTC), NEW_YORK, 0),
        (datetime(2026, 12, 5, 1, tzinfo=UTC), datetime(2026, 12, 8, 1, tzinfo=UTC), NEW_YORK, 1),
        # Madrid moves to summer time on Sunday 2027-03-28: Friday 09:00 CET -> Monday 09:00 CEST is one day
        (datetime(2027, 3, 26, 8, tzinfo=UTC), datetime(2027, 3, 29, 7, tzinfo=UTC), MADRID, 1),
        (datetime(2027, 3, 26, 8, tzinfo=UTC), datetime(2027, 3, 29, 6, 59, tzinfo=UTC), MADRID, 0),
        # ... and back on Sunday 2026-10-25: Friday 09:00 CEST -> Monday 08:59 CET is not yet one
        (datetime(2026, 10, 23, 7, tzinfo=UTC), datetime(2026, 10, 26, 7, 59, tzinfo=UTC), MADRID, 0),
        (datetime(2026, 10, 23, 7, tzinfo=UTC), datetime(2026, 10, 26, 8, tzinfo=UTC), MADRID, 1),
        # New York leaves summer time on Sunday 2026-11-01: Friday 09:00 EDT -> Monday 09:00 EST
        (datetime(2026, 10, 30, 13, tzinfo=UTC), datetime(2026, 11, 2, 14, tzinfo=UTC), NEW_YORK, 1),
        (datetime(2026, 10, 30, 13, tzinfo=UTC), datetime(2026, 11, 2, 13, 59, tzinfo=UTC), NEW_YORK, 0),
    ],
)
def test_business_days_are_counted_on_the_wall_clock_of_the_zone(start, end, timezone, expected):
    assert business_days_between(start, end, (), timezone) == expected


def test_closed_days_are_not_business_days():
    thanksgiving = date(2026, 11, 26)
    assert not is_business_day(thanksgiving, {thanksgiving}) and is_business_day(thanksgiving)
    assert business_days_between(WEDNESDAY, datetime(2026, 11, 30, 10, tzinfo=UTC), {thanksgiving}) == 2
    assert add_business_days(date(2026, 11, 25), 2, {thanksgiving}) == date(2026, 11, 30)
    assert add_business_days(date(2026, 11, 27), 1) == date(2026, 11, 30)


def test_a_fixed_clock_stands_still_until_moved():
    clock = FixedClock(WEDNESDAY)
    assert clock.now() == clock.now() == WEDNESDAY
    assert clock.advance(timedelta(days=1)) == WEDNESDAY + timedelta(days=1) == clock.now()
    clock.set(datetime(2027, 1, 1, 9, 0))  # a naive moment is taken as UTC
    assert clock.now() == datetime(2027, 1, 1, 9, 0, tzinfo=UTC)


def test_a_started_clock_runs_from_its_origin_at_its_rate():
    elapsed = [100.0]
    clock = StartedClock(WEDNESDAY, lambda: elapsed[0], rate=120, origin=90.0)  # started 10 s ago, 120 times fast
    assert clock.now() == WEDNESDAY + timedelta(minutes=20)
    elapsed[0] += 7.5
    assert clock.now() == WEDNESDAY + timedelta(minutes=35)  # a 15-minute job's slot every 7.5 s
    assert StartedClock(WEDNESDAY, lambda: elapsed[0]).now() == WEDNESDAY  # by default: from when it is made


def test_today_depends_on_where_you_are():
    late = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    assert local_today("Europe/Madrid", late) == date(2026, 11, 26)
    assert local_today("America/New_York", late) == date(2026, 11, 25)
    assert local_today("Not/AZone", late) == date(2026, 11, 25)  # an unknown zone is UTC
    assert zone("") == zone(None) == zone("UTC")
