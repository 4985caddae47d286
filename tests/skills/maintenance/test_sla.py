"""SLA clocks on business hours: due times across a weekend and a regional holiday (the place's calendar from leave:
Comunidad de Madrid's days on top of Spain's), and the business time between two moments."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from skills.maintenance.sla import BusinessHours, business_hours


def madrid(session) -> BusinessHours:
    return business_hours(session, country="ES-MD", timezone="Europe/Madrid", opens=9, closes=18,
                          start=date(2026, 12, 4))  # fmt: skip


def test_a_friday_afternoon_ticket_in_madrid_skips_the_weekend_and_two_holidays(session):
    # Friday 4 Dec 2026, 16:00 in Madrid. 9 business hours: 2 on Friday; Sat and Sun closed; Mon 7 Dec is Madrid's
    # regional holiday, Tue 8 Dec Spain's; 7 more on Wednesday 9 Dec: due 16:00 Madrid (15:00 UTC).
    start = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)
    assert madrid(session).add(start, timedelta(hours=9)) == datetime(2026, 12, 9, 15, 0, tzinfo=UTC)


def test_the_region_decides_barcelona_works_on_madrids_holiday(session):
    barcelona = business_hours(session, country="ES-CT", timezone="Europe/Madrid", opens=9, closes=18,
                               start=date(2026, 12, 4))  # fmt: skip
    start = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)
    assert barcelona.add(start, timedelta(hours=9)) == datetime(2026, 12, 7, 15, 0, tzinfo=UTC)


def test_a_company_closure_day_counts_too(session):
    from skills.leave.models import CompanyHoliday

    session.add(CompanyHoliday(day=date(2026, 12, 9), name="Office move", country="ES"))
    session.flush()
    start = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)
    assert madrid(session).add(start, timedelta(hours=9)) == datetime(2026, 12, 10, 15, 0, tzinfo=UTC)


def test_before_opening_the_clock_starts_at_opening_and_thanksgiving_is_closed_in_new_york(session):
    ny = business_hours(session, country="US-NY", timezone="America/New_York", opens=9, closes=18,
                        start=date(2026, 11, 25))  # fmt: skip
    # Wednesday 25 Nov 05:00 New York: the clock starts at 09:00; 9 h fill Wednesday; Thursday is Thanksgiving.
    start = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    assert ny.add(start, timedelta(hours=9)) == datetime(2026, 11, 25, 23, 0, tzinfo=UTC)
    assert ny.add(start, timedelta(hours=10)) == datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


def test_business_time_between_two_moments(session):
    hours = madrid(session)
    friday = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)  # 16:00 Madrid
    wednesday = datetime(2026, 12, 9, 10, 0, tzinfo=UTC)  # 11:00 Madrid
    assert hours.between(friday, wednesday) == timedelta(hours=4)
    assert hours.between(wednesday, friday) == timedelta(0)
