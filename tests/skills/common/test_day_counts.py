"""Days off counted without their dates: "5 days", "a week", "tres días y medio"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from skills.common.extract.day_counts import extract_day_count


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("what if I take 5 days of vacation in January?", Decimal(5)),
        ("a week off in March", Decimal(5)),  # a week off is its working days
        ("two weeks", Decimal(10)),
        ("una quincena en agosto", Decimal(10)),
        ("¿y si pido 3 días en febrero?", Decimal(3)),
        ("tres días y medio", Decimal("3.5")),
        ("2 and a half days", Decimal("2.5")),
        ("half a day on Friday", Decimal("0.5")),  # not "a day"
        ("medio día", Decimal("0.5")),
        ("a couple of days", Decimal(2)),
    ],
)
def test_counts_days_off_in_both_languages(text: str, days: Decimal) -> None:
    assert extract_day_count(text) == days


@pytest.mark.parametrize("text", ["how many days do I have left", "3 months off", "the 3rd floor", "Dec 3-5"])
def test_no_count_where_none_is_given(text: str) -> None:
    assert extract_day_count(text) is None
