"""The stock reports behind ``backoffice export stock`` and ``backoffice export movements --from --to``: CSV rows
from the queries (the CLI is a thin adapter that opens the database and picks the file)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TextIO

from sqlalchemy.orm import Session

from skills.common.reference.table import write_table
from skills.stock.queries import all_levels, history

STOCK_COLUMNS = ("sku", "name", "location_code", "location", "unit", "on_hand", "reserved", "available",
                 "reorder_level", "reorder_qty", "below_level")  # fmt: skip
MOVEMENT_COLUMNS = ("id", "at_utc", "sku", "name", "location_code", "kind", "quantity", "balance_after", "actor",
                    "via", "reason", "reference", "reverses_id", "request_id", "batch")  # fmt: skip


def stock_rows(session: Session) -> list[dict[str, str]]:
    """Every item at every place: on hand, reserved, available and the reorder point, by SKU then place."""
    return [
        {
            "sku": level.item.sku,
            "name": level.item.name,
            "location_code": level.location.code,
            "location": level.location.name,
            "unit": level.item.unit,
            "on_hand": str(level.on_hand),
            "reserved": str(level.reserved),
            "available": str(level.available),
            "reorder_level": str(level.reorder_level),
            "reorder_qty": str(level.reorder_qty),
            "below_level": "yes" if level.reorder_level and level.is_below else "no",
        }
        for level in all_levels(session)
    ]


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """``start`` 00:00 UTC up to (not including) the day after ``end``: the whole days from one to the other."""
    return datetime.combine(start, time(), UTC), datetime.combine(end + timedelta(days=1), time(), UTC)


def movement_rows(session: Session, start: date, end: date) -> list[dict[str, str]]:
    """Every ledger row from ``start`` to ``end`` (whole UTC days, both included), oldest first."""
    since, until = day_bounds(start, end)
    return [
        {
            "id": str(m.id),
            "at_utc": m.created_at.isoformat(timespec="seconds"),
            "sku": m.item.sku,
            "name": m.item.name,
            "location_code": m.location.code,
            "kind": m.kind,
            "quantity": str(m.quantity),
            "balance_after": str(m.balance_after),
            "actor": m.actor.email if m.actor is not None else m.actor_label,
            "via": m.via,
            "reason": m.reason,
            "reference": m.reference,
            "reverses_id": str(m.reverses_id or ""),
            "request_id": str(m.request_id or ""),
            "batch": m.batch,
        }
        for m in history(session, start=since, end=until)
    ]


def write_stock(session: Session, out: TextIO) -> int:
    """The stock report as CSV; how many rows."""
    rows = stock_rows(session)
    write_table(STOCK_COLUMNS, rows, out)
    return len(rows)


def write_movements(session: Session, out: TextIO, start: date, end: date) -> int:
    """The movements report as CSV; how many rows."""
    rows = movement_rows(session, start, end)
    write_table(MOVEMENT_COLUMNS, rows, out)
    return len(rows)
