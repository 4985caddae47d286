"""The ``items`` reference data (DESIGN §3): ``sku,name,aliases,unit,location_code,quantity,reorder_level,
reorder_qty`` (then optionally ``name_es``, ``category``, ``serialized``), one row per item and place.

``aliases`` are other names people use for the item, in any language, separated by ``;``. Rows of one SKU must
agree on the item's own columns. ``quantity`` is what is on hand at that place: for a place where the item was
never stocked it becomes an *opening* movement in the ledger; for one already stocked, a *count* movement by the
difference (so the ledger always adds up to on hand, and importing an export again changes nothing). An empty
``location_code`` declares the item without stock anywhere. Items and places missing from the file are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator
from sqlalchemy import select
from sqlalchemy.orm import Session

from skills.common.reference.cells import Boolean, Items, bounded_text, whole_number
from skills.common.reference.kind import ImportContext, Parsed, ReferenceKind, repeats
from skills.common.reference.problems import ImportSummary, RowProblem
from skills.locations.models import Location
from skills.stock.models import ITEM_ENTITY, Item, StockLevel
from skills.stock.queries import all_levels, level_at
from skills.stock.service import open_balance

_SKU = re.compile(r"[A-Z0-9][A-Z0-9._/-]{0,63}")
_UNIT = re.compile(r"[^\W\d][\w .-]{0,31}")
ITEM_COLUMNS = ("name", "aliases", "unit", "name_es", "category", "serialized")
"""The columns that describe the item itself (the same on every row of one SKU)."""


def _sku(raw: str) -> str:
    sku = raw.strip().upper()
    if not sku:
        raise ValueError("missing sku")
    if not _SKU.fullmatch(sku):
        raise ValueError(f"bad sku {raw!r}: expected letters, digits, '.', '_', '/' or '-' (at most 64)")
    return sku


def _unit(raw: str) -> str:
    unit = raw.strip().lower() or "unit"
    if not _UNIT.fullmatch(unit):
        raise ValueError(f"bad unit {raw!r}: expected a word like unit, box, ream or pack")
    return unit


def _location(raw: str) -> str | None:
    return raw.strip().upper() or None


def _optional_whole(raw: str) -> int:
    return whole_number(raw) if raw.strip() else 0


class ItemRow(BaseModel):
    """One item at one place as the file writes it."""

    sku: Annotated[str, BeforeValidator(_sku)]
    name: Annotated[str, bounded_text("name", 200, required=True)]
    aliases: Items = ()
    unit: Annotated[str, BeforeValidator(_unit)] = "unit"
    location_code: Annotated[str | None, BeforeValidator(_location)] = None
    quantity: Annotated[int, BeforeValidator(_optional_whole)] = 0
    reorder_level: Annotated[int, BeforeValidator(_optional_whole)] = 0
    reorder_qty: Annotated[int, BeforeValidator(_optional_whole)] = 0
    name_es: Annotated[str, bounded_text("name_es", 200, required=False)] = ""
    category: Annotated[str, bounded_text("category", 64, required=False)] = ""
    serialized: Boolean = False


def _described(row: ItemRow) -> dict[str, Any]:
    return {
        "name": row.name,
        "aliases": list(row.aliases),
        "unit": row.unit,
        "name_es": row.name_es or None,
        "category": row.category or None,
        "serialized": bool(row.serialized),
    }


def check(session: Session, rows: Sequence[Parsed[ItemRow]]) -> list[RowProblem]:
    """Each item once per place; the rows of one SKU agree on the item; places known; a count covers reservations."""
    problems = repeats(rows, lambda row: (row.sku, row.location_code) if row.location_code else None,
                       "sku {value[0]} at {value[1]}")  # fmt: skip
    first: dict[str, tuple[int, dict[str, Any]]] = {}
    for parsed in rows:
        if not parsed.ok:
            continue
        described = _described(parsed.row)
        seen = first.setdefault(parsed.row.sku, (parsed.line, described))
        differing = [key for key in ITEM_COLUMNS if seen[1][key] != described[key]]
        if differing:
            reason = f"sku {parsed.row.sku} is described differently on line {seen[0]} ({', '.join(differing)})"
            problems.append(RowProblem(parsed.line, parsed.label, reason))
    places = {location.code: location for location in session.scalars(select(Location))}
    items = {item.sku: item for item in session.scalars(select(Item))}
    for parsed in rows:  # a row with a bad cell is checked too, on its good cells (a bad one holds None)
        row = parsed.row
        if row.location_code is None:
            if row.quantity:
                problems.append(RowProblem(parsed.line, parsed.label, "a quantity needs a location_code"))
            continue
        place = places.get(row.location_code)
        if place is None:
            problems.append(RowProblem(parsed.line, parsed.label, f"unknown location_code {row.location_code}"))
            continue
        item = items.get(row.sku) if row.sku is not None else None
        level = level_at(session, item.id, place.id) if item is not None else None
        if level is not None and row.quantity is not None and row.quantity < level.reserved:
            reason = f"quantity {row.quantity} is below the {level.reserved} reserved there for open requests"
            problems.append(RowProblem(parsed.line, parsed.label, reason))
    return problems


def _state(item: Item) -> dict[str, Any]:
    return {
        "name": item.name,
        "aliases": list(item.aliases or []),
        "unit": item.unit,
        "name_es": item.name_es,
        "category": item.category,
        "serialized": bool(item.serialized),
    }


def apply(session: Session, rows: Sequence[Parsed[ItemRow]], context: ImportContext) -> ImportSummary:
    """Create or update each item, then each place's level: reorder points, and the quantity through the ledger.

    A row counts as created when it created its item or its level, updated when it changed either.
    """
    items = {item.sku: item for item in session.scalars(select(Item))}
    places = {location.code: location for location in session.scalars(select(Location))}
    created = updated = 0
    for parsed in rows:
        row = parsed.row
        item_outcome = _apply_item(session, items, row, context)
        level_outcome = None
        if row.location_code is not None:
            level_outcome = _apply_level(session, items[row.sku], places[row.location_code], row, context)
        outcomes = {item_outcome, level_outcome}
        if "created" in outcomes:
            created += 1
        elif "updated" in outcomes:
            updated += 1
    return ImportSummary(created, updated, len(rows) - created - updated)


def _apply_item(session: Session, items: dict[str, Item], row: ItemRow, context: ImportContext) -> str | None:
    item = items.get(row.sku)
    wanted = _described(row)
    if item is not None and _state(item) == wanted and item.active:
        return None
    before = _state(item) if item is not None else None
    if item is None:
        item = Item(sku=row.sku)
        session.add(item)
        items[row.sku] = item
    for key, value in wanted.items():
        setattr(item, key, value)
    item.active = True
    session.flush()
    action = "stock.item_created" if before is None else "stock.item_updated"
    context.audit(session, action=action, entity=(ITEM_ENTITY, item.id), before=before, after=wanted)
    return "created" if before is None else "updated"


def _apply_level(session: Session, item: Item, place: Location, row: ItemRow, context: ImportContext) -> str | None:
    existing = level_at(session, item.id, place.id)
    points = {"reorder_level": row.reorder_level, "reorder_qty": row.reorder_qty}
    if (
        existing is not None
        and existing.on_hand == row.quantity
        and all(getattr(existing, key) == value for key, value in points.items())
    ):
        return None
    level, _ = open_balance(
        session, actor=context.actor, item=item, location=place, quantity=row.quantity, source=context.source
    )
    if any(getattr(level, key) != value for key, value in points.items()):
        before = {key: getattr(level, key) for key in points}
        for key, value in points.items():
            setattr(level, key, value)
        session.flush()
        context.audit(session, action="stock.reorder_points", entity=("stock_level", level.id), before=before,
                      after=dict(points))  # fmt: skip
    return "created" if existing is None else "updated"


def export(session: Session) -> list[dict[str, str]]:
    """Every item at every place it is stocked (items stocked nowhere get one row without a place), by SKU."""
    rows: list[dict[str, str]] = []
    stocked: set[int] = set()
    for level in all_levels(session):
        stocked.add(level.item_id)
        rows.append(_export_row(level.item, level))
    for item in session.scalars(select(Item).order_by(Item.sku)):
        if item.id not in stocked:
            rows.append(_export_row(item, None))
    return sorted(rows, key=lambda row: (row["sku"], row["location_code"]))


def _export_row(item: Item, level: StockLevel | None) -> dict[str, str]:
    return {
        "sku": item.sku,
        "name": item.name,
        "aliases": ";".join(item.aliases or []),
        "unit": item.unit,
        "location_code": level.location.code if level is not None else "",
        "quantity": str(level.on_hand) if level is not None else "",
        "reorder_level": str(level.reorder_level) if level is not None else "",
        "reorder_qty": str(level.reorder_qty) if level is not None else "",
        "name_es": item.name_es or "",
        "category": item.category or "",
        "serialized": "yes" if item.serialized else "no",
    }


ITEMS: ReferenceKind[ItemRow] = ReferenceKind(
    name="items",
    columns=("sku", "name", "aliases", "unit", "location_code", "quantity", "reorder_level", "reorder_qty"),
    optional=("name_es", "category", "serialized"),
    row=ItemRow,
    label_column="sku",
    check=check,
    apply=apply,
    export=export,
    description="stock items, one row per item and place, with the quantity on hand and the reorder point there",
)
