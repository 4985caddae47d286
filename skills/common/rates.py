"""How a mileage rate is written (``MILEAGE_RATES``: ``0.26 EUR/km``): read by the expenses skill, checked by the
settings when the process starts."""

from __future__ import annotations

import re

MILEAGE_RATE = re.compile(r"\s*(?P<amount>\d+(?:[.,]\d+)?)\s*(?P<currency>[A-Za-z]{3})\s*/\s*(?P<unit>km|mi)\s*")
"""One mileage rate: ``0.26 EUR/km``, ``0,26 EUR / km``, ``0.67 USD/mi``."""


def check_mileage_rates(rates: dict[str, str]) -> dict[str, str]:
    """``rates`` unchanged when every value reads like ``0.26 EUR/km``; else a ValueError naming the bad ones."""
    bad = [f"{country}: {rate!r}" for country, rate in rates.items() if MILEAGE_RATE.fullmatch(rate) is None]
    if bad:
        raise ValueError(f"each rate reads like 0.26 EUR/km or 0.67 USD/mi, not {', '.join(bad)}")
    return rates
