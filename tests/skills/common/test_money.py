"""Money with symbol, ISO code or word, either decimal convention, in English and Spanish."""

from __future__ import annotations

from decimal import Decimal

import pytest

from skills.common.extract import Money, MoneyParseFailure, extract_money, find_money, parse_amount

CASES = [
    # text, locale, default currency, amount, currency
    ("$45.20", "en-US", "USD", "45.20", "USD"),
    ("Lunch was $45.20", "en-US", "USD", "45.20", "USD"),
    ("£86.40", "en-GB", "GBP", "86.40", "GBP"),
    ("15 bucks", "en-US", "USD", "15", "USD"),
    ("USD 30", "en-US", "EUR", "30", "USD"),
    ("30 EUR", "en-US", "USD", "30", "EUR"),
    ("20 CHF", "en-US", "USD", "20", "CHF"),
    ("1,250.00", "en-US", "USD", "1250.00", "USD"),
    ("$1,250", "en-US", "USD", "1250", "USD"),
    ("1,234,567.89 USD", "en-US", "USD", "1234567.89", "USD"),
    ("$12k", "en-US", "USD", "12000", "USD"),
    ("spent 12.5k on flights", "en-US", "USD", "12500", "USD"),
    ("I paid 45 at Starbucks", "en-US", "USD", "45", "USD"),
    ("taxi 23.50", "en-US", "USD", "23.50", "USD"),
    ("45", "en-US", "USD", "45", "USD"),
    ("50 cents", "en-US", "USD", "0.50", "USD"),
    ("40 dollars", "en-CA", "CAD", "40", "CAD"),
    ("$500", "en-US", "EUR", "500", "USD"),
    ("CA$20", "en-CA", "CAD", "20", "CAD"),
    ("transfer $500 to savings", "en-US", "USD", "500", "USD"),
    ("do I need a receipt under $20?", "en-US", "USD", "20", "USD"),
    ("€1.250", "en-GB", "GBP", "1250", "EUR"),
    ("paid 1.250", "en-US", "USD", "1250", "USD"),
    ("45,20 €", "es-ES", "EUR", "45.20", "EUR"),
    ("Comida 45,00€", "es-ES", "EUR", "45.00", "EUR"),
    ("1.250,00 EUR", "es-ES", "EUR", "1250.00", "EUR"),
    ("1.250", "es-ES", "EUR", "1250", "EUR"),
    ("120 euros", "es-ES", "EUR", "120", "EUR"),
    ("30 dólares", "es-MX", "MXN", "30", "USD"),
    ("$500", "es-MX", "MXN", "500", "MXN"),
    ("500 pesos", "es-MX", "EUR", "500", "MXN"),
    ("gasté 30 en comida", "es-ES", "EUR", "30", "EUR"),
    ("el taxi costó 23,40", "es-ES", "EUR", "23.40", "EUR"),
    ("12 mil euros", "es-ES", "EUR", "12000", "EUR"),
    ("50 céntimos", "es-ES", "EUR", "0.50", "EUR"),
    ("20 pavos", "es-ES", "EUR", "20", "EUR"),
    ("1 250,00 €", "es-ES", "EUR", "1250.00", "EUR"),
    ("US$ 40", "es-AR", "ARS", "40", "USD"),
    ("gasté 45,20 € en Mercadona", "es-ES", "EUR", "45.20", "EUR"),
    ("10 libras", "es-ES", "EUR", "10", "GBP"),
    ("hotel in Boston Nov 20 $900", "en-US", "USD", "900", "USD"),  # the $ is 900's, not the date's 20
    ("taxi 20 $30", "en-US", "USD", "30", "USD"),
]


@pytest.mark.parametrize(("text", "locale", "default", "amount", "currency"), CASES)
def test_amounts(text: str, locale: str, default: str, amount: str, currency: str) -> None:
    found = extract_money(text, default_currency=default, locale=locale)
    assert found == Money(Decimal(amount), currency)
    assert isinstance(found, Money) and str(found.amount) == amount


@pytest.mark.parametrize(
    ("text", "raw"),
    [("abc €", "abc €"), ("taxi abc €", "abc €"), ("12,3,4 €", "12,3,4 €"), ("$1.2.3", "$1.2.3"), ("€xyz", "€xyz")],
)
def test_unreadable_amounts_are_failures(text: str, raw: str) -> None:
    assert extract_money(text, default_currency="EUR", locale="es-ES") == MoneyParseFailure(raw)


@pytest.mark.parametrize(
    "text",
    [
        "5 boxes",
        "I have 3 questions",
        "at 10.30",
        "20% off",
        "paid for 3 days",
        "paid in €",
        "25 pounds of coffee",
        "2 libras de café",
        "5 pen",
        "18.12.2026",
        "tomorrow",
        "nos vemos a las 10.30",
    ],
)
def test_not_money(text: str) -> None:
    assert extract_money(text, default_currency="USD", locale="en-US") is None


@pytest.mark.parametrize(
    ("number", "value"),
    [
        ("1,5", "1.5"),
        ("1.250", "1250"),
        ("1,250", "1250"),
        ("45,20", "45.20"),
        ("1.250,00", "1250.00"),
        ("1,250.00", "1250.00"),
        ("1.250.000,50", "1250000.50"),
        ("0,99", "0.99"),
        ("12,3,4", None),
        ("1.250.00", None),
        ("0,001", None),  # read as 1 (thousands after a zero): a three-decimal price is not one
        ("0.500", None),
        ("0,50", "0.50"),
    ],
)
def test_decimal_rule(number: str, value: str | None) -> None:
    assert parse_amount(number) == (Decimal(value) if value else None)


def test_several_amounts_in_order() -> None:
    found = find_money("hotel 450 EUR and taxi 30 EUR", default_currency="USD", locale="en-US")
    assert found == [Money(Decimal("450"), "EUR"), Money(Decimal("30"), "EUR")]


def test_amount_is_never_float() -> None:
    found = extract_money("$0.10", default_currency="USD", locale="en-US")
    assert isinstance(found, Money) and isinstance(found.amount, Decimal)
