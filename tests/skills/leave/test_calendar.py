from datetime import date
from decimal import Decimal

import pytest

from skills.leave.models import CompanyHoliday
from skills.leave.queries.calendar import count_working_days, halves_on, split_region


@pytest.mark.parametrize(
    ("country", "start", "end", "expected"),
    [
        ("US", date(2026, 11, 23), date(2026, 11, 27), "4"),  # Thanksgiving, Thu 26 Nov
        ("ES-MD", date(2026, 11, 23), date(2026, 11, 27), "5"),  # not a holiday in Spain
        ("ES-MD", date(2026, 12, 7), date(2026, 12, 11), "3"),  # Mon 7 (Constitution, moved) and Tue 8 Inmaculada
        ("ES", date(2026, 12, 8), date(2026, 12, 8), "0"),  # Inmaculada is national too
        ("US", date(2026, 12, 7), date(2026, 12, 11), "5"),
        ("US", date(2026, 12, 5), date(2026, 12, 6), "0"),  # a weekend
        ("XX", date(2026, 12, 7), date(2026, 12, 11), "5"),  # an unknown country has no public holidays
    ],
)
def test_weekends_and_public_holidays_do_not_count(session, country, start, end, expected):
    assert count_working_days(session, country, start, end).days == Decimal(expected)


def test_the_holiday_is_named_in_the_employees_language(session):
    counted = count_working_days(session, "ES-MD", date(2026, 12, 8), date(2026, 12, 8), language="es")
    assert counted.days_off[0].reason == "Inmaculada Concepción"


@pytest.mark.parametrize(
    ("start", "end", "start_half", "end_half", "expected"),
    [
        (date(2026, 12, 14), date(2026, 12, 14), False, True, "0.5"),  # a morning
        (date(2026, 12, 14), date(2026, 12, 14), True, False, "0.5"),  # an afternoon
        (date(2026, 12, 14), date(2026, 12, 16), True, False, "2.5"),
        (date(2026, 12, 14), date(2026, 12, 16), True, True, "2"),
        (date(2026, 12, 11), date(2026, 12, 14), True, True, "1"),  # Fri afternoon + Mon morning
        (date(2026, 12, 12), date(2026, 12, 14), True, False, "1"),  # the half falls on a Saturday
    ],
)
def test_half_days_count_a_half(session, start, end, start_half, end_half, expected):
    counted = count_working_days(session, "US", start, end, start_half=start_half, end_half=end_half)
    assert counted.days == Decimal(expected)


def test_company_holidays_count_for_their_country_or_everyone(session):
    session.add_all(
        [
            CompanyHoliday(day=date(2026, 12, 14), name="Company day", country=None),
            CompanyHoliday(day=date(2026, 12, 15), name="Madrid office party", country="ES-MD"),
            CompanyHoliday(day=date(2026, 12, 16), name="Spain offsite", country="ES"),
        ]
    )
    session.flush()
    assert count_working_days(session, "US", date(2026, 12, 14), date(2026, 12, 16)).days == 2
    assert count_working_days(session, "ES-MD", date(2026, 12, 14), date(2026, 12, 16)).days == 0
    assert count_working_days(session, "ES-CT", date(2026, 12, 14), date(2026, 12, 16)).days == 1


def test_halves_and_regions():
    assert halves_on(date(2026, 12, 14), date(2026, 12, 14), date(2026, 12, 15), True, False) == {"pm"}
    assert halves_on(date(2026, 12, 17), date(2026, 12, 14), date(2026, 12, 15), False, False) == set()
    assert split_region("es-md") == ("ES", "MD")
    assert split_region("US") == ("US", None)
