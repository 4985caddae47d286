"""The stock reports behind ``backoffice export stock`` and ``backoffice export movements --from --to``: CSV rows
from the queries (the CLI is a thin adapter that opens the database and picks the file); and the same stock file
with a summary per place when someone asks for a stock report in a conversation."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TextIO

from sqlalchemy.orm import Session

from skills.common.reference.table import write_table
from skills.core import Context, Reply, ReplyFile
from skills.files import saved_outside_slack
from skills.i18n import translate
from skills.locations.models import Location
from skills.stock import views
from skills.stock.messages import format_day
from skills.stock.models import StockLevel
from skills.stock.queries import all_levels, history

STOCK_COLUMNS = ("sku", "name", "location_code", "location", "unit", "on_hand", "reserved", "available",
                 "reorder_level", "reorder_qty", "below_level")  # fmt: skip
MOVEMENT_COLUMNS = ("id", "at_utc", "sku", "name", "location_code", "kind", "quantity", "balance_after", "actor",
                    "via", "reason", "reference", "reverses_id", "request_id", "batch")  # fmt: skip


def stock_rows(session: Session) -> list[dict[str, str]]:
    """Every item at every place: on hand, reserved, available and the reorder point, by SKU then place."""
    return [stock_row(level) for level in all_levels(session)]


def stock_row(level: StockLevel) -> dict[str, str]:
    """One item at one place as a line of the stock file."""
    return {
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
        "below_level": "yes" if is_low(level) else "no",
    }


def is_low(level: StockLevel) -> bool:
    """Whether a level with a reorder point is under it."""
    return bool(level.reorder_level) and level.is_below


def stock_report(home: Path, context: Context, places: Sequence[Location] | None, place: str | None) -> list[Reply]:
    """ "stock report" / "informe de stock": how many items each place holds and how many are under their reorder
    level, with the stock file of ``backoffice export stock`` (only the places under the one named, if any)."""
    lang = context.lang
    levels = [level for level in all_levels(context.session) if places is None or level.location in places]
    if not levels:
        empty = (
            translate(lang, "stock.lookup.place_empty", place=place)
            if place
            else translate(lang, "stock.report.nothing")
        )
        return [Reply(text=empty)]
    by_place: dict[str, list[StockLevel]] = {}
    for level in sorted(levels, key=lambda level: level.location.name):
        by_place.setdefault(level.location.name, []).append(level)
    counts = [(name, len(held), sum(is_low(level) for level in held)) for name, held in by_place.items()]
    out = io.StringIO()
    write_table(STOCK_COLUMNS, [stock_row(level) for level in levels], out)
    name = f"stock-{context.today.isoformat()}-{context.employee.id}.csv"
    content = out.getvalue().encode("utf-8")
    saved = saved_outside_slack(home, context, name, content)
    card = views.report_card(counts, place, format_day(context.today, lang), lang, saved)
    return [Reply(text=card.text, blocks=card.blocks, file=ReplyFile(name=name, content=content, title=name,
                                                                       saved_at=saved))]  # fmt: skip


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
