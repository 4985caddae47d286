"""The period a report asks about: whole months, quarters and years, looking back from today, in both languages."""

from __future__ import annotations

from datetime import date

import pytest

from skills.common.extract.periods import Period, report_period

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("team spend this month", date(2026, 12, 1), date(2026, 12, 31)),
        ("what did we spend last month?", date(2026, 11, 1), date(2026, 11, 30)),
        ("gastos del mes pasado", date(2026, 11, 1), date(2026, 11, 30)),
        ("show team spend for November", date(2026, 11, 1), date(2026, 11, 30)),
        ("gastos de diciembre", date(2026, 12, 1), date(2026, 12, 31)),
        ("gastos del equipo en octubre", date(2026, 10, 1), date(2026, 10, 31)),
        ("spend in May", date(2026, 5, 1), date(2026, 5, 31)),
        ("marzo de 2025", date(2025, 3, 1), date(2025, 3, 31)),
        ("this quarter", date(2026, 10, 1), date(2026, 12, 31)),
        ("el trimestre pasado", date(2026, 7, 1), date(2026, 9, 30)),
        ("my expenses in 2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("el año pasado", date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_a_named_period_is_read_whole_and_looking_back(text: str, start: date, end: date):
    found = report_period(text, TODAY)
    assert found is not None and (found.start, found.end) == (start, end)


def test_a_month_not_reached_yet_this_year_is_last_years():
    assert report_period("spend in February", date(2026, 1, 15)) == Period(date(2025, 2, 1), date(2025, 2, 28), "month")


def test_looking_ahead_a_month_named_is_the_next_one():
    assert report_period("who is off in January?", TODAY, ahead=True) == Period(
        date(2027, 1, 1), date(2027, 1, 31), "month"
    )
    assert report_period("quién falta en diciembre", TODAY, ahead=True).start == date(2026, 12, 1)  # type: ignore[union-attr]
    assert report_period("el mes que viene", TODAY) == Period(date(2027, 1, 1), date(2027, 1, 31), "month")
    assert report_period("next month", TODAY, ahead=True) == Period(date(2027, 1, 1), date(2027, 1, 31), "month")


@pytest.mark.parametrize("text", ["help", "I may go to Lisbon", "the taxi two weeks ago", "my claims"])
def test_no_period_named_leaves_the_default(text: str):
    assert report_period(text, TODAY) is None
