"""Every text a skill's modal asks for carries Slack's max_length, so Slack stops an over-long text in the modal
itself: most services keep at most 1000 characters of it and would otherwise cut it without a word."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from skills.expenses import views as expenses
from skills.maintenance import views as maintenance
from skills.stock import views as stock


def text_inputs(modal: dict[str, Any]) -> list[dict[str, Any]]:
    return [block["element"] for block in modal["blocks"] if block.get("type") == "input"]


def test_the_skills_modals_limit_their_texts_to_what_is_kept():
    claim = SimpleNamespace(
        id=7, amount=Decimal(10), currency="EUR", office_currency="EUR", converted_amount=Decimal(10),
        expense_date=date(2026, 11, 24),
        employee=SimpleNamespace(name="Eva"), category=SimpleNamespace(label=lambda lang: "Meals"), merchant="Cab",
        description="", over_limit=False, has_receipt=True, no_receipt_reason=None, duplicate_of_id=None,
    )  # fmt: skip
    modals = [
        expenses.approve_less_modal(claim, "en"),  # type: ignore[arg-type]
        expenses.ask_info_modal(claim, "es"),  # type: ignore[arg-type]
        maintenance.resolve_modal(SimpleNamespace(id=3), "en"),  # type: ignore[arg-type]
        stock.decline_modal(SimpleNamespace(id=5), "es"),  # type: ignore[arg-type]
    ]
    inputs = [element for modal in modals for element in text_inputs(modal)]
    assert len(inputs) == 5
    assert all(element.get("max_length") == 1000 for element in inputs), inputs
