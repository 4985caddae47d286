"""``backoffice import KIND FILE`` and ``backoffice export KIND [FILE]``: every kind of reference data the skills
declare (DESIGN §3), one sub-command each, loaded only when ``import`` or ``export`` is asked for.

An import is all or nothing and reports every bad row by line; an export writes the same header back, so what it
writes imports again unchanged.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from bot.cli_help import FlagHelpGroup, Typer, counted
from bot.settings import Settings


def reference_kinds() -> dict[str, Any]:
    """Every reference kind of every skill, by name."""
    from skills import all_skills

    return {kind.name: kind for skill in all_skills() for kind in skill.reference}


def open_database(settings: Settings) -> Any:
    """The database the settings name, upgraded to the newest migration."""
    return _open_database(settings)


def _open_database(settings: Settings) -> Any:
    from db.engine import Database
    from db.migrate import upgrade

    settings.home.mkdir(parents=True, exist_ok=True)
    database = Database(settings.resolved_database_url)
    upgrade(database.engine)
    return database


def run_import(settings: Settings, kind_name: str, path: Path) -> int:
    """Import ``path`` as ``kind_name`` in one transaction; print the summary, or every bad row; the exit code."""
    from skills import all_skills
    from skills.common.reference import ImportContext, ReferenceImportError, import_source
    from skills.core import Actor
    from skills.directory.reference import EMPLOYEES_JOINED, EMPLOYEES_LEFT

    kind = reference_kinds()[kind_name]
    now = settings.clock().now()
    joined = [skill.on_employees_joined for skill in all_skills() if skill.on_employees_joined is not None]
    left = [skill.on_employees_left for skill in all_skills() if skill.on_employees_left is not None]
    context = ImportContext(
        actor=Actor(None, "cli", now), source=path.name, today=now.date(),
        hooks={EMPLOYEES_JOINED: joined, EMPLOYEES_LEFT: left},
    )  # fmt: skip
    database = _open_database(settings)
    try:
        with database.session() as session:
            summary = import_source(session, kind, path, context)
    except OSError as error:  # no permission to read it, or it went away: one line, no trace
        typer.echo(f"Cannot read {path}: {error.strerror or error}. Nothing was imported.", err=True)
        return 1
    except ReferenceImportError as error:
        bad_rows = len({problem.line for problem in error.problems})  # a row may break several rules
        typer.echo(f"Nothing was imported: {counted(bad_rows, 'bad row')} in {path.name}.", err=True)
        for problem in error.problems:
            typer.echo(f"  {problem}", err=True)
        return 1
    finally:
        database.dispose()
    typer.echo(f"Imported {path.name} ({kind_name}): {summary}.")
    return 0


def run_export(settings: Settings, kind_name: str, path: Path | None) -> int:
    """Write every stored row of ``kind_name`` to ``path`` (or standard output); the exit code."""
    from skills.common.reference import export_to

    kind = reference_kinds()[kind_name]
    database = _open_database(settings)
    try:
        with database.session() as session:
            if path is None:
                export_to(session, kind, sys.stdout)
                return 0
            try:
                with path.open("w", encoding="utf-8", newline="") as out:
                    count = export_to(session, kind, out)
            except OSError as error:  # a missing folder, no permission, a full disk: one line, no trace
                typer.echo(f"Cannot write {path}: {error.strerror or error}.", err=True)
                return 1
    finally:
        database.dispose()
    typer.echo(f"Exported {counted(count, 'row')} of {kind_name} to {path}.", err=True)
    return 0


def _header_help(kind: Any) -> str:
    optional = f" (optionally then {','.join(kind.optional)})" if kind.optional else ""
    return f"{kind.description[:1].upper()}{kind.description[1:]}. Header: {','.join(kind.columns)}{optional}."


def _import_command(kind: Any) -> Any:
    """The ``import <kind> FILE`` command, built with Typer so it runs on Typer's own click."""
    one = Typer(add_completion=False)

    @one.command(name=kind.name, help=f"Import {kind.name} from a CSV file; nothing is imported if any row is bad. "
                 f"{_header_help(kind)}")  # fmt: skip
    def run(
        path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, metavar="FILE", help="The CSV file.")],
    ) -> None:
        raise typer.Exit(run_import(Settings(), kind.name, path))

    return typer.main.get_command(one)


def _export_command(kind: Any) -> Any:
    """The ``export <kind> [FILE]`` command."""
    one = Typer(add_completion=False)

    @one.command(name=kind.name, help=f"Export the stored {kind.name} as CSV, to FILE or standard output. "
                 f"{_header_help(kind)}")  # fmt: skip
    def run(
        path: Annotated[
            Path | None,
            typer.Argument(dir_okay=False, metavar="FILE", help="Where to write it (standard output without one)."),
        ] = None,
    ) -> None:
        raise typer.Exit(run_export(Settings(), kind.name, path))

    return typer.main.get_command(one)


class ReferenceGroup(FlagHelpGroup):
    """A group with one sub-command per reference kind, built when the group is used (skills load lazily)."""

    build: Callable[[Any], Any] = staticmethod(_import_command)

    def list_commands(self, ctx: Any) -> list[str]:
        """The kinds' names, with any command registered by hand."""
        return sorted({*super().list_commands(ctx), *reference_kinds()})

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command registered by hand as ``cmd_name``, else the one of the kind ``cmd_name``."""
        found = super().get_command(ctx, cmd_name)
        if found is not None:
            return found
        kind = reference_kinds().get(cmd_name)
        return type(self).build(kind) if kind is not None else None

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """The command ``args`` names; an unknown kind ("employes") is refused with the kinds there are."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            ctx.fail(f"No kind called {name!r}.{hint} Kinds: {', '.join(self.list_commands(ctx))}.")
        return super().resolve_command(ctx, args)


class ImportGroup(ReferenceGroup):
    """``import``: one sub-command per reference kind."""

    build = staticmethod(_import_command)


class ExportGroup(ReferenceGroup):
    """``export``: one sub-command per reference kind, and the skills' own exports registered by hand."""

    build = staticmethod(_export_command)
