"""``backoffice import employees|holidays``: run an import and report it for a person at a terminal."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import typer
from sqlalchemy.orm import Session

from bot.settings import Settings
from db.directory import DirectoryImportError, import_employees
from db.engine import Database
from db.migrate import upgrade


class BadRow(Protocol):
    """A row an import refused: its line and why."""

    @property
    def line(self) -> int: ...  # noqa: D102

    @property
    def reason(self) -> str: ...  # noqa: D102


def _run_import(settings: Settings, path: Path, importer: Callable[[Session], str], refused: type[Exception]) -> int:
    """Run ``importer`` in one transaction; print its summary, or every bad row of a refused file."""
    settings.home.mkdir(parents=True, exist_ok=True)
    database = Database(settings.resolved_database_url)
    upgrade(database.engine)
    try:
        with database.session() as session:
            summary = importer(session)
    except refused as error:
        problems: Sequence[BadRow] = getattr(error, "problems", [])
        typer.echo(f"Nothing was imported: {len(problems)} bad row(s) in {path.name}.", err=True)
        for problem in problems:
            typer.echo(f"  line {problem.line}: {problem.reason}", err=True)
        return 1
    finally:
        database.dispose()
    typer.echo(f"Imported {path.name}: {summary}.")
    return 0


def run_employee_import(settings: Settings, path: Path) -> int:
    """Import employees from ``path``; print a summary or every bad row; return the exit code."""

    def employees(session: Session) -> str:
        summary = import_employees(session, path)
        return f"{summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged"

    return _run_import(settings, path, employees, DirectoryImportError)


def run_holiday_import(settings: Settings, path: Path) -> int:
    """Import company holidays from ``path``; print a summary or every bad row; return the exit code."""
    from skills.leave.holidays_import import HolidayImportError, import_holidays

    def holidays(session: Session) -> str:
        created, renamed = import_holidays(session, path)
        return f"{created} created, {renamed} renamed"

    return _run_import(settings, path, holidays, HolidayImportError)
