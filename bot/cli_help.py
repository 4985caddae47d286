"""Typer for the ``backoffice`` command line, with boolean flags shown as flags in ``--help``.

Typer 0.29 labels every flag ``<bool>`` in its rich help (``--json <bool>``, ``--help <bool>``), as if it took a
value. These classes blank the type label of flags, so ``--json`` reads as the switch it is; options that take a
value keep theirs (``--port <int>``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption


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
