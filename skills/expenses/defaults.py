"""The default expense categories a fresh install starts with (every office; limits in US dollars), written once
as data: migration 0013 seeds them and the tests seed the same rows. ``backoffice import expense-categories``
replaces them with the company's own."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from skills.expenses.models import EVERY_OFFICE, ExpenseCategory

COLUMNS = ("code", "name_en", "name_es", "limit", "currency", "per", "receipt_over", "country")
DEFAULTS: tuple[tuple[str, str, str, Decimal | None, str, str, Decimal | None, str], ...] = (
    ("travel", "Travel", "Viajes", None, "USD", "item", Decimal(25), EVERY_OFFICE),
    ("lodging", "Lodging", "Alojamiento", Decimal(200), "USD", "day", Decimal(0), EVERY_OFFICE),
    ("meals", "Meals", "Comidas", Decimal(75), "USD", "day", Decimal(25), EVERY_OFFICE),
    ("mileage", "Mileage", "Kilometraje", None, "USD", "item", None, EVERY_OFFICE),
    ("equipment", "Equipment", "Equipamiento", Decimal(1000), "USD", "item", Decimal(25), EVERY_OFFICE),
    ("software", "Software", "Software", Decimal(500), "USD", "month", Decimal(25), EVERY_OFFICE),
    ("training", "Training", "Formación", Decimal(2000), "USD", "item", Decimal(25), EVERY_OFFICE),
    ("other", "Other", "Otros", Decimal(250), "USD", "item", Decimal(25), EVERY_OFFICE),
)  # fmt: skip


def default_rows() -> list[dict[str, object]]:
    """The default categories as column → value rows (what the migration inserts)."""
    return [dict(zip(COLUMNS, values, strict=True)) | {"active": True} for values in DEFAULTS]


def seed_defaults(session: Session) -> int:
    """Add the default categories that are not stored yet (by code and scope); how many were added."""
    stored = {(c.code, c.country) for c in session.scalars(select(ExpenseCategory))}
    added = [row for row in default_rows() if (row["code"], row["country"]) not in stored]
    session.add_all(ExpenseCategory(**row) for row in added)
    session.flush()
    return len(added)
