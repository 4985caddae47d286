"""``backoffice import employees|holidays``: run an import and report it for a person at a terminal."""

from __future__ import annotations

from pathlib import Path

import typer

from bot.settings import Settings
from db.directory import DirectoryImportError, import_employees
from db.engine import Database
from db.migrate import upgrade


def run_employee_import(settings: Settings, path: Path) -> int:
    """Import ``path``; print a summary or every bad row; return the exit code."""
    settings.home.mkdir(parents=True, exist_ok=True)
    database = Database(settings.resolved_database_url)
    upgrade(database.engine)
    try:
        with database.session() as session:
            summary = import_employees(session, path)
    except DirectoryImportError as error:
        typer.echo(f"Nothing was imported: {len(error.problems)} bad row(s) in {path.name}.", err=True)
        for problem in error.problems:
            typer.echo(f"  line {problem.line}: {problem.reason}", err=True)
        return 1
    finally:
        database.dispose()
    typer.echo(
        f"Imported {path.name}: {summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged."
    )
    return 0


def run_holiday_import(settings: Settings, path: Path) -> int:
    """Import company holidays from ``path``; print a summary or every bad row; return the exit code."""
    from skills.leave.holidays_import import HolidayImportError, import_holidays

    settings.home.mkdir(parents=True, exist_ok=True)
    database = Database(settings.resolved_database_url)
    upgrade(database.engine)
    try:
        with database.session() as session:
            created, updated = import_holidays(session, path)
    except HolidayImportError as error:
        typer.echo(f"Nothing was imported: {len(error.problems)} bad row(s) in {path.name}.", err=True)
        for problem in error.problems:
            typer.echo(f"  line {problem.line}: {problem.reason}", err=True)
        return 1
    finally:
        database.dispose()
    typer.echo(f"Imported {path.name}: {created} created, {updated} renamed.")
    return 0
