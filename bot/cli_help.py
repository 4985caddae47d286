"""Typer for the ``backoffice`` command line, with boolean flags shown as flags in ``--help`` and usage errors said in
one line.

Typer 0.29 labels every flag ``<bool>`` in its rich help (``--json <bool>``, ``--help <bool>``), as if it took a
value. These classes blank the type label of flags, so ``--json`` reads as the switch it is; options that take a
value keep theirs (``--port <int>``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError  # Typer 0.29 ships its own click
from typer.core import TyperCommand, TyperGroup, TyperOption
from typer.exceptions import Abort


def _flags_as_flags(params: list[Any]) -> list[Any]:
    """``params`` with the type label of every flag blanked (only the help shows it)."""
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""
    return params


class FlagHelpCommand(TyperCommand):
    """A Typer command whose help lists flags without a type."""

    def get_params(self, ctx: Any) -> list[Any]:
        """The command's parameters, ``--help`` included, flags without a type label."""
        return _flags_as_flags(super().get_params(ctx))


class FlagHelpGroup(TyperGroup):
    """A Typer group whose help lists flags (``--help``, ``--install-completion``) without a type."""

    def get_params(self, ctx: Any) -> list[Any]:
        """The group's parameters, ``--help`` included, flags without a type label."""
        return _flags_as_flags(super().get_params(ctx))


class Typer(typer.Typer):
    """``typer.Typer`` whose groups and commands show boolean flags as flags in ``--help``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", FlagHelpGroup)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Any], Any]:
        """Register a command (as :class:`FlagHelpCommand` unless ``cls`` says otherwise)."""
        kwargs.setdefault("cls", FlagHelpCommand)
        return super().command(*args, **kwargs)


def counted(count: int, noun: str, nouns: str | None = None) -> str:
    """``count`` with ``noun`` in the form English gives that number (CLDR, through Babel): 1 row, 2 rows, 0 rows."""
    from skills.i18n import plural_category

    return f"{count} {noun if plural_category('en', count) == 'one' else (nouns or noun + 's')}"


def database_problem(error: BaseException, url: str) -> str | None:
    """One line saying why the database at ``url`` cannot be used, when ``error`` is about that; None otherwise.

    A wrong ``DATABASE_URL`` or a database that does not answer is the operator's to fix, not a bug: they get what
    is wrong and where (the password hidden), never a stack trace.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    try:
        where = make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        where = "(not a URL)"
    example = "postgresql+psycopg://user:password@host:5432/backoffice"
    if isinstance(error, NoSuchModuleError) or (
        isinstance(error, ModuleNotFoundError) and where.split(":", 1)[0] not in ("sqlite", "postgresql+psycopg")
    ):
        return f"DATABASE_URL {where} names a database this install cannot use; expected {example} or sqlite:///PATH."
    if isinstance(error, ArgumentError):
        return f"DATABASE_URL is not a database URL: {where}; expected {example} or sqlite:///PATH."
    if isinstance(error, DBAPIError) and _is_connection_error(error):
        reason = str(error.orig).strip().splitlines()[0] if error.orig is not None else type(error).__name__
        return f"Cannot reach the database at {where}: {reason}."
    return None


def _is_connection_error(error: BaseException) -> bool:
    from sqlalchemy.exc import InterfaceError, OperationalError

    text = str(error).lower()
    return isinstance(error, OperationalError | InterfaceError) and (
        "connection" in text or "unable to open database file" in text
    )


def usage_error_line(error: ClickException) -> str:
    """A usage error as one line: the command, what is wrong, and where the help is (Typer draws a box of several)."""
    context = getattr(error, "ctx", None)
    command = context.command_path if context is not None else "backoffice"
    help_hint = f" (see {command} --help)" if context is not None else ""
    message = " ".join(error.format_message().split())
    return f"{command}: {message}{help_hint}"


class CommandLineGroup(FlagHelpGroup):
    """The root ``backoffice`` group: a usage error or a setting it cannot use is one line with exit code 2, and a
    database it cannot use ends any command with one line and exit code 1."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line; a usage error (unknown command, missing or bad argument) is said in one line."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except NoArgsIsHelpError as error:  # the help is already printed
            sys.exit(error.exit_code)
        except ClickException as error:
            typer.echo(usage_error_line(error), err=True)
            sys.exit(error.exit_code)
        except Abort:
            typer.echo("Aborted.", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        """Run the sub-command; a setting it cannot use, a bad ``DATABASE_URL`` or an unreachable database is said in
        one line."""
        try:
            return super().invoke(ctx)
        except Exception as error:
            from bot.settings import Settings, settings_problem

            unusable = settings_problem(error)
            if unusable is not None:
                typer.echo(unusable, err=True)
                raise typer.Exit(2) from None
            try:
                url = Settings().resolved_database_url
            except Exception:  # settings that do not load are not this handler's to explain
                raise error from None
            message = database_problem(error, url)
            if message is None:
                raise
            typer.echo(message, err=True)
            raise typer.Exit(1) from None
