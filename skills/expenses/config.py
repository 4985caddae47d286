"""The expenses skill's settings: when finance approves after the manager, where finance works, mileage rates,
how old a claim may be and how big a receipt file may be."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, Field

DEFAULT_MILEAGE_RATES = {"ES": "0.26 EUR/km", "US": "0.67 USD/mi"}


class ExpensesConfig(BaseModel):
    """Built from Settings by field name (``FINANCE_APPROVAL_OVER``, ``MILEAGE_RATES``, ``BACKOFFICE_HOME``)."""

    finance_approval_over: Decimal = Decimal(500)
    """Above this converted amount (in the office's currency) finance approves after the manager (DESIGN §3)."""
    mileage_rates: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_MILEAGE_RATES))
    """Per country (ISO 3166-1): ``"<amount> <currency>/<km|mi>"``, e.g. Spain's 0.26 €/km."""
    max_age_days: int = 90
    """Claims for expenses older than this are refused (the handbook: "claims older than 90 days are not paid")."""
    max_amount: Decimal = Decimal(50000)
    """A single claim above this (in ``max_amount_currency``) is not plausible: a typo, most likely."""
    max_amount_currency: str = "EUR"
    """The currency of ``max_amount``: one cap for every office (50,000 pesos is a dinner in Bogotá, not a typo)."""
    receipt_max_bytes: int = 10 * 1024 * 1024
    """The biggest receipt file accepted."""
    backoffice_home: Path = Path("./var")
    """All local state; receipts are kept in its ``receipts/`` folder."""
