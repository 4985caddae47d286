"""The expenses skill's reference data (DESIGN §3): ``expense-categories``.

``code,name_en,name_es,limit,currency,per,receipt_over,country`` — ``per`` is ``item``, ``day`` or ``month``; an
empty ``limit`` means no limit, an empty ``receipt_over`` means no receipt is ever required, an empty ``country``
means every office. The file is the company's whole list: categories it names (by code and country) are created
or updated, and stored ones it leaves out are switched off (kept, because claims refer to them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator
from sqlalchemy import select
from sqlalchemy.orm import Session

from skills.common.reference.cells import OptionalCountry, bounded_text, non_negative_decimal
from skills.common.reference.kind import ImportContext, Parsed, ReferenceKind, repeats
from skills.common.reference.problems import ImportSummary, RowProblem
from skills.expenses.defaults import COLUMNS
from skills.expenses.models import CATEGORY_ENTITY, EVERY_OFFICE, ExpenseCategory, LimitPeriod
from skills.expenses.rates import iso_currencies

MAX_NAME = 100
_CODE = re.compile(r"[a-z][a-z0-9_-]{0,31}")


def _code(raw: str) -> str:
    code = raw.strip().lower()
    if not _CODE.fullmatch(code):
        raise ValueError(f"bad code {raw!r}: expected a short word like meals or client_meals (a-z, 0-9, _ or -)")
    return code


def _optional_amount(raw: str) -> Decimal | None:
    return non_negative_decimal(raw) if raw.strip() else None


def _currency(raw: str) -> str:
    code = raw.strip().upper()
    if code not in iso_currencies():
        raise ValueError(f"bad currency {raw!r}: expected an ISO 4217 code, like EUR, USD or COP")
    return code


def _per(raw: str) -> str:
    word = raw.strip().lower() or LimitPeriod.ITEM
    if word not in {str(period) for period in LimitPeriod}:
        raise ValueError(f"bad per {raw!r}: expected item, day or month")
    return word


class CategoryRow(BaseModel):
    """One expense category as the company writes it."""

    code: Annotated[str, BeforeValidator(_code)]
    name_en: Annotated[str, bounded_text("name_en", MAX_NAME, required=True)]
    name_es: Annotated[str, bounded_text("name_es", MAX_NAME, required=True)]
    limit: Annotated[Decimal | None, BeforeValidator(_optional_amount)]
    currency: Annotated[str, BeforeValidator(_currency)]
    per: Annotated[str, BeforeValidator(_per)]
    receipt_over: Annotated[Decimal | None, BeforeValidator(_optional_amount)]
    country: OptionalCountry


def _scope(row: CategoryRow) -> tuple[str, str]:
    return row.code, row.country or EVERY_OFFICE


def check_categories(session: Session, rows: Sequence[Parsed[CategoryRow]]) -> list[RowProblem]:
    """Each code is listed once per country (a bad country cell, None here, is left out of this check)."""
    return repeats(
        rows,
        lambda row: (row.code, row.country),
        "category",
        lambda scope: f"category {scope[0]} for {scope[1] or 'every office'}",
    )


def _values(row: CategoryRow) -> dict[str, Any]:
    return {"name_en": row.name_en, "name_es": row.name_es, "limit": row.limit, "currency": row.currency,
            "per": row.per, "receipt_over": row.receipt_over, "active": True}  # fmt: skip


def _state(category: ExpenseCategory) -> dict[str, Any]:
    return {"name_en": category.name_en, "name_es": category.name_es, "limit": category.limit,
            "currency": category.currency, "per": category.per, "receipt_over": category.receipt_over,
            "active": category.active}  # fmt: skip


def _json(values: dict[str, Any]) -> dict[str, Any]:
    return {key: str(value) if isinstance(value, Decimal) else value for key, value in values.items()}


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all((a[k] == b[k]) if not isinstance(a[k], Decimal) else a[k].compare(b[k]) == 0 for k in a)


def apply_categories(session: Session, rows: Sequence[Parsed[CategoryRow]], context: ImportContext) -> ImportSummary:
    """Create or update every category in the file and switch off the stored ones it leaves out; each audited."""
    stored = {(c.code, c.country): c for c in session.scalars(select(ExpenseCategory))}
    created = updated = 0
    for parsed in rows:
        scope = _scope(parsed.row)
        wanted = _values(parsed.row)
        current = stored.get(scope)
        if current is None:
            category = ExpenseCategory(code=scope[0], country=scope[1], **wanted)
            session.add(category)
            session.flush()
            created += 1
            context.audit(session, action="expense_category.created", entity=(CATEGORY_ENTITY, category.id),
                          before=None, after=_json(wanted) | {"code": scope[0], "country": scope[1]})  # fmt: skip
            continue
        before = _state(current)
        if _same(before, wanted):
            continue
        for key, value in wanted.items():
            setattr(current, key, value)
        updated += 1
        context.audit(session, action="expense_category.updated", entity=(CATEGORY_ENTITY, current.id),
                      before=_json(before), after=_json(wanted))  # fmt: skip
    named = {_scope(parsed.row) for parsed in rows}
    off = [c for scope, c in sorted(stored.items()) if scope not in named and c.active]
    for category in off:
        category.active = False
        context.audit(session, action="expense_category.switched_off", entity=(CATEGORY_ENTITY, category.id),
                      before={"active": True}, after={"active": False})  # fmt: skip
    notes = (f"switched off {len(off)} categor{'y' if len(off) == 1 else 'ies'} the file leaves out",) if off else ()
    return ImportSummary(created=created, updated=updated, unchanged=len(rows) - created - updated, notes=notes)


def _cell(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def export_categories(session: Session) -> list[dict[str, str]]:
    """Every active category, every-office ones first, then by country and code."""
    found = session.scalars(select(ExpenseCategory).where(ExpenseCategory.active.is_(True))
                            .order_by(ExpenseCategory.country, ExpenseCategory.code))  # fmt: skip
    return [
        {"code": c.code, "name_en": c.name_en, "name_es": c.name_es, "limit": _cell(c.limit), "currency": c.currency,
         "per": c.per, "receipt_over": _cell(c.receipt_over), "country": c.country}
        for c in found
    ]  # fmt: skip


CATEGORIES: ReferenceKind[CategoryRow] = ReferenceKind(
    name="expense-categories",
    columns=COLUMNS,
    row=CategoryRow,
    label_column="code",
    check=check_categories,
    apply=apply_categories,
    export=export_categories,
    whole_list=True,
    description="expense categories: limit per item/day/month, receipt threshold, per country or every office",
)
