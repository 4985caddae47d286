"""From slots to a claim draft: the category named in either language (or the extractor's code), mileage as the
distance times the country's rate, a receipt path read and kept, and the nights of a hotel; then the rules'
assessment with its usage of the limit and its possible duplicates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.orm import Session

from db.models import Employee
from skills.common.extract import extract_category
from skills.common.rates import MILEAGE_RATE
from skills.expenses.config import ExpensesConfig
from skills.expenses.errors import AmountUnreadable, DistanceNeeded
from skills.expenses.models import ExpenseCategory, LimitPeriod
from skills.expenses.queries import (
    categories_named_in,
    category_for,
    match_category,
    office_currency,
    period_bounds,
    possible_duplicates,
    used_in_period,
)
from skills.expenses.receipts import store_path
from skills.expenses.rules import Assessment, ClaimDraft, Receipt, assess, validate

ORIGINAL_TEXT = "original_text"
"""The first sentence, read once for the company's own category names and then dropped."""
EXTRACTOR_CODES = {"office_supplies": "equipment"}
"""Codes the shared category extractor returns that the default set names otherwise."""
KM_PER_MILE = Decimal("1.609344")
MILEAGE_FROM = "mileage_from"
"""The distance a mileage claim's amount was worked out from ("120 km"): a new distance works it out again, and an
amount typed after it ("make it 35 €") is kept."""
PATH = re.compile(r"(?:[~./]|[A-Za-z]:\\)\S*|\S+\.(?:pdf|png|jpe?g|gif|webp|heic|tiff?)", re.IGNORECASE)
"""An answer that is a file path (the terminal's way of sharing a receipt)."""


@dataclass(frozen=True)
class MileageRate:
    """What one unit of distance pays in a country: ``0.26 EUR/km``."""

    amount: Decimal
    currency: str
    unit: str


def mileage_rate(config: ExpensesConfig, country: str) -> MileageRate | None:
    """The mileage rate of ``country`` (``ES-MD`` falls back to ``ES``) from the settings, or None."""
    for key in (country.upper(), country.split("-")[0].upper()):
        raw = config.mileage_rates.get(key)
        match = MILEAGE_RATE.fullmatch(raw or "")
        if match is not None:
            return MileageRate(Decimal(match["amount"].replace(",", ".")), match["currency"].upper(), match["unit"])
    return None


def category_of(session: Session, phrase: str, country: str) -> ExpenseCategory | None:
    """The category ``phrase`` names: a code or name in either language, or a word the extractor knows."""
    if not phrase.strip():
        return None
    found = match_category(session, phrase, country)
    if found is not None:
        return found
    code = extract_category(phrase)
    code = EXTRACTOR_CODES.get(code or "", code)
    return category_for(session, code, country) if code else None


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def normalise(config: ExpensesConfig, session: Session, employee: Employee, today: date, slots: dict[str, Any]
              ) -> dict[str, Any]:  # fmt: skip
    """Fill what can be worked out: the category code, today as the date, mileage's amount from its distance."""
    out = dict(slots)
    sentence = str(out.pop(ORIGINAL_TEXT, None) or "")
    if out.get("category"):
        category = category_of(session, str(out["category"]), employee.country)
        if category is not None:
            out["category"] = category.code
    named = categories_named_in(session, sentence, employee.country) if sentence else []
    if named and out.get("category") not in {category.code for category in named}:
        out["category"] = named[0].code  # the company's own "Taxi" or "Material de oficina", said in the sentence
    reason = str(out.get("no_receipt_reason") or "").strip()
    if reason and PATH.fullmatch(reason):
        out["receipt"] = out.pop("no_receipt_reason")  # the terminal's answer to "why no receipt?" is the file
    merchant = str(out.get("merchant") or "")
    if merchant.islower() and extract_category(merchant) is not None:
        out.pop("merchant")  # "en un taxi": a kind of expense, not a shop
    if out.get("distance") and not out.get("category"):
        out["category"] = "mileage"
    if not out.get("start_date"):
        out["start_date"] = today.isoformat()
    said = f"{out.get('distance') or ''} {out.get('distance_unit') or ''}".strip()
    if out.get("category") == "mileage" and out.get("distance") and out.get(MILEAGE_FROM) != said:
        # The amount of a mileage claim is its distance times the rate: worked out again when the distance is new
        # ("mejor 150 km") or the claim just became mileage (a dinner's 85,50 € is not what 120 km pay).
        rate = mileage_rate(config, employee.country)
        distance = _decimal(out["distance"])
        if rate is None or distance is None:
            raise DistanceNeeded()
        unit = str(out.get("distance_unit") or rate.unit)
        if unit != rate.unit:
            distance = distance * KM_PER_MILE if unit == "mi" else distance / KM_PER_MILE
        out["amount"] = str((distance * rate.amount).quantize(Decimal("0.01")))
        out["currency"] = rate.currency
        out["mileage_rate"] = f"{rate.amount} {rate.currency}/{rate.unit}"
        out[MILEAGE_FROM] = said
    return out


def draft_of(config: ExpensesConfig, session: Session, employee: Employee, slots: dict[str, Any],
             receipt: Receipt | None = None) -> ClaimDraft:  # fmt: skip
    """The claim the slots describe (the receipt path read and kept when one was given)."""
    amount = _decimal(slots.get("amount"))
    if amount is None:
        raise AmountUnreadable()
    category = category_of(session, str(slots.get("category") or ""), employee.country)
    if receipt is None and str(slots.get("receipt") or "").strip():
        receipt = store_path(str(slots["receipt"]), home=config.backoffice_home, max_bytes=config.receipt_max_bytes,
                             lang=employee.language)  # fmt: skip
    nights = int(slots.get("nights") or 1)
    return ClaimDraft(
        employee=employee, amount=amount, currency=str(slots.get("currency") or office_currency(employee.country)),
        expense_date=date.fromisoformat(str(slots["start_date"])), category=category,
        merchant=str(slots.get("merchant") or "").strip()[:200],
        description=str(slots.get("description") or "").strip()[:1000], country=employee.country,
        nights=max(1, min(nights, 60)), distance=_decimal(slots.get("distance")),
        distance_unit=slots.get("distance_unit"), justification=str(slots.get("justification") or "").strip(),
        no_receipt_reason=str(slots.get("no_receipt_reason") or "").strip(), receipt=receipt,
    )  # fmt: skip


def _context(session: Session, draft: ClaimDraft, exclude: int | None) -> dict[str, Any]:
    office = office_currency(draft.employee.country)
    used = Decimal(0)
    if draft.category is not None and draft.category.per != LimitPeriod.ITEM:  # a per-expense limit counts no other
        start, end = period_bounds(draft.category.per, draft.expense_date)
        used = used_in_period(session, employee_id=draft.employee.id, category_code=draft.category.code,
                              start=start, end=end, exclude=exclude)  # fmt: skip
    duplicates = possible_duplicates(
        session, employee_id=draft.employee.id, amount=draft.amount, currency=draft.currency,
        merchant=draft.merchant, expense_date=draft.expense_date,
        receipt_sha256=draft.receipt.sha256 if draft.receipt else None, exclude=exclude,
    )  # fmt: skip
    return {"office_currency": office, "used": used, "duplicates": duplicates}


def checked(config: ExpensesConfig, session: Session, draft: ClaimDraft, today: date,
            exclude: int | None = None) -> Assessment:  # fmt: skip
    """Every rule on ``draft`` (raising the first broken one); its assessment."""
    return validate(draft, today=today, config=config, **_context(session, draft, exclude))


def assessed(config: ExpensesConfig, session: Session, draft: ClaimDraft) -> Assessment:
    """The assessment of ``draft`` without refusing over-limit or receipt-less ones (for "can I expense this?")."""
    return assess(draft, config=config, **_context(session, draft, None))
