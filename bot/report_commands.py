"""``backoffice export stock``, ``backoffice export movements --from --to`` and ``backoffice export tickets --from
--to``: open the database, pick the file, and let the skill write the CSV (``skills/<skill>/reports.py``)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TextIO

import typer
from sqlalchemy.orm import Session

from bot.reference_commands import open_database
from bot.settings import Settings


def _export(settings: Settings, path: Path | None, name: str, write: Callable[[Session, TextIO], int]) -> int:
    database = open_database(settings)
    try:
        with database.session() as session:
            if path is None:
                write(session, sys.stdout)
                return 0
            with path.open("w", encoding="utf-8", newline="") as out:
                count = write(session, out)
    finally:
        database.dispose()
    typer.echo(f"Exported {count} {name} row(s) to {path}.", err=True)
    return 0


def run_stock_export(settings: Settings, path: Path | None) -> int:
    """Write the stock report to ``path`` (or standard output); the exit code."""
    from skills.stock.reports import write_stock

    return _export(settings, path, "stock", write_stock)


def run_movements_export(settings: Settings, start: date, end: date, path: Path | None) -> int:
    """Write the movements from ``start`` to ``end`` to ``path`` (or standard output); the exit code."""
    from skills.stock.reports import write_movements

    return _export(settings, path, "movement", lambda session, out: write_movements(session, out, start, end))


def run_tickets_export(settings: Settings, start: date, end: date, path: Path | None, chart: Path | None) -> int:
    """Write the tickets from ``start`` to ``end`` to ``path`` (or standard output), and the PNG chart to ``chart``
    when asked; the exit code."""
    from skills.maintenance.reports import chart_png, write_tickets

    now = settings.clock().now()
    code = _export(settings, path, "ticket", lambda session, out: write_tickets(session, out, start, end, now))
    if chart is not None:
        database = open_database(settings)
        try:
            with database.session() as session:
                chart.write_bytes(chart_png(session, start, end, now))
        finally:
            database.dispose()
        typer.echo(f"Wrote the chart to {chart}.", err=True)
    return code
