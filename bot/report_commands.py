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

from bot.cli_help import counted
from bot.reference_commands import open_database
from bot.settings import Settings


def _export(settings: Settings, path: Path | None, noun: str, write: Callable[[Session, TextIO], int]) -> int:
    database = open_database(settings)
    try:
        with database.session() as session:
            if path is None:
                write(session, sys.stdout)
                return 0
            try:
                out = path.open("w", encoding="utf-8", newline="")
            except OSError as error:  # a missing folder, no permission: one line, no trace, nothing marked
                typer.echo(f"Cannot write {path}: {error.strerror or error}. Nothing was exported.", err=True)
                return 1
            with out:
                count = write(session, out)
    finally:
        database.dispose()
    typer.echo(f"Exported {counted(count, noun)} to {path}.", err=True)  # "1 expense claim", not "1 row of …"
    return 0


def run_stock_export(settings: Settings, path: Path | None) -> int:
    """Write the stock report to ``path`` (or standard output); the exit code."""
    from skills.stock.reports import write_stock

    return _export(settings, path, "stock line", write_stock)


def run_movements_export(settings: Settings, start: date, end: date, path: Path | None) -> int:
    """Write the movements from ``start`` to ``end`` to ``path`` (or standard output); the exit code."""
    from skills.stock.reports import write_movements

    return _export(settings, path, "movement", lambda session, out: write_movements(session, out, start, end))


def run_expenses_export(settings: Settings, status: str, month: str | None, path: Path | None) -> int:
    """Write the payroll CSV of the claims in ``status`` (of ``month``); approved ones become exported in the same
    transaction as the file is written. The exit code."""
    from skills.core import Actor
    from skills.expenses.reports import export_payroll

    actor = Actor(None, "cli", settings.clock().now())
    return _export(settings, path, "expense claim",
                   lambda session, out: export_payroll(session, out, actor=actor, status=status, month=month))  # fmt: skip


def run_mark_paid(settings: Settings, path: Path) -> int:
    """Mark the claims of a payroll file paid and tell each employee once; the exit code (2: the file is bad)."""
    from skills.core import Actor
    from skills.errors import DomainError
    from skills.expenses.reports import mark_paid_file

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        typer.echo(f"cannot read {path}: {error}", err=True)
        return 2
    database = open_database(settings)
    try:
        with database.session() as session:
            paid, skipped = mark_paid_file(session, text, actor=Actor(None, "cli", settings.clock().now()))
    except DomainError as error:
        typer.echo(error.message("en"), err=True)
        return 2
    finally:
        database.dispose()
    people = len({claim.employee_id for claim in paid})
    typer.echo(f"Marked {counted(len(paid), 'claim')} paid; told {counted(people, 'employee')}.")
    if skipped:
        typer.echo(f"Not exported (unknown or already paid), left as they were: {', '.join(map(str, skipped))}",
                   err=True)  # fmt: skip
    return 0


def run_tickets_export(settings: Settings, start: date, end: date, path: Path | None, chart: Path | None) -> int:
    """Write the tickets from ``start`` to ``end`` to ``path`` (or standard output), and the PNG chart to ``chart``
    when asked; the exit code."""
    from skills.maintenance.reports import chart_png, write_tickets

    now = settings.clock().now()
    if chart is not None and not chart.parent.is_dir():  # said before the CSV is written, not after
        typer.echo(f"Cannot write the chart to {chart}: there is no folder {chart.parent}.", err=True)
        return 1
    code = _export(settings, path, "ticket", lambda session, out: write_tickets(session, out, start, end, now))
    if chart is not None and code == 0:
        database = open_database(settings)
        try:
            with database.session() as session:
                png = chart_png(session, start, end, now)
        finally:
            database.dispose()
        try:
            chart.write_bytes(png)
        except OSError as error:
            typer.echo(f"Cannot write the chart to {chart}: {error.strerror or error}.", err=True)
            return 1
        typer.echo(f"Wrote the chart to {chart}.", err=True)
    return code
