"""The answer to a question about the holiday calendar: one day (a holiday, a closure, a working day or a weekend day)
or the holidays of a period, as Block Kit and plain text from already-loaded holidays."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from babel.dates import format_skeleton

from skills.blocks import context_block, section_block
from skills.core import Blocks
from skills.i18n import normalise_language, translate
from skills.leave.messages import format_day

if TYPE_CHECKING:
    from skills.leave.queries.calendar import Holiday

MAX_LINES = 40
"""A year of a country's holidays and closures fits; more is cut (Block Kit's 3000 characters a text)."""


def weekday_day(day: date, lang: str, *, with_year: bool = False) -> str:
    """A date with its weekday: ``Mon, Dec 7`` / ``lun, 7 dic`` (and the year when asked)."""
    skeleton = "yMMMEd" if with_year else "MMMEd"
    return format_skeleton(skeleton, day, locale=normalise_language(lang)).replace("\u202f", " ")


def holiday_line(holiday: Holiday, lang: str) -> str:
    """``Mon, Dec 7 · Constitution Day`` (a closure day says so)."""
    line = f"{weekday_day(holiday.day, lang)} · {holiday.name}"
    return f"{line} ({translate(lang, 'leave.holidays.closure')})" if holiday.closure else line


def day_text(day: date, holiday: Holiday | None, country: str, lang: str) -> str:
    """Whether ``day`` is a holiday of the reader's office, and which."""
    shown = weekday_day(day, lang, with_year=True)
    if holiday is not None:
        key = "leave.holidays.day_closure" if holiday.closure else "leave.holidays.day_public"
        return translate(lang, key, day=shown, country=country, name=holiday.name)
    key = "leave.holidays.day_weekend" if day.weekday() >= 5 else "leave.holidays.day_working"
    return translate(lang, key, day=shown, country=country)


def list_text(title: str, holidays: Sequence[Holiday], first: date, last: date, country: str, lang: str) -> str:
    """The holidays of a period as lines under their title, or the sentence that says there are none."""
    if not holidays:
        return translate(lang, "leave.holidays.none", country=country, first=format_day(first, lang),
                         last=format_day(last, lang))  # fmt: skip
    return "\n".join([title, *(f"• {holiday_line(h, lang)}" for h in holidays[:MAX_LINES])])


def answer_blocks(text: str, country: str, lang: str) -> Blocks:
    """The answer as one section, and where its days come from."""
    return [section_block(text), context_block(translate(lang, "leave.holidays.source", country=country))]
