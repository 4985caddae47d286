"""What the dialogue reads from a message besides the extractors' slots: a labelled free text ("reason: family
trip", "motivo: boda") and, for each date it resolved, the words it read and the day they mean ("next Friday =
Fri, Dec 11")."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from babel.dates import format_interval, format_skeleton, get_month_names

import bot.dialogue.messages  # noqa: F401  (registers the texts)
from skills.common.extract import DateRange, find_dates, fold
from skills.common.extract.dates import listed_dates
from skills.forms import Form, SlotKind
from skills.i18n import LANGUAGES, normalise_language, translate

MAX_TEXT = 1000
REASON = "reason"
"""The optional free-text slot a "because …" clause fills, besides its label ("I need Dec 22 off because …")."""
_BECAUSE = re.compile(r"[\s,;]+(?:because|due to|porque|ya que|debido a(?: que)?)\s+")


def labelled_text(form: Form, text: str, *, because_clause: bool = True) -> tuple[str, dict[str, str]]:
    """The message without a ``<label>: value`` part naming a free-text slot (in either language), and that value;
    the label opens the message or follows a comma, a semicolon, a full stop or a line break.

    "Dec 14-16, reason: family trip" gives ``("Dec 14-16,", {"reason": "family trip"})``, and so does "Dec 14-16
    because family trip" for a slot named ``reason`` (also "porque", "ya que", "due to"); the label is the slot's
    own (its catalog label in English or Spanish, or its name), so every form gets this without declaring it. Only
    optional free-text slots (a reason, a note) are filled this way: a required one names what the form is about
    ("update on my ticket: it smells now" is a note, not ticket number "it smells now"). With ``because_clause`` False only
    a label counts: a "because" clause says why, not that the message is about this form.
    """
    folded = fold(text)  # one character per character: offsets found in it cut ``text``
    for slot in form.slots:
        if slot.kind is not SlotKind.TEXT or slot.required:
            continue
        names = {fold(slot.name)} | {fold(translate(lang, slot.label)) for lang in LANGUAGES}
        alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True) if name)
        # At the start or after a separator, so "my ticket: it smells" is a sentence, not a labelled field.
        match = re.search(rf"(?:^|[,;.\n(]\s*)((?:{alternatives})\s*[:=])", folded)
        value = text[match.end() :].strip()[:MAX_TEXT] if match else ""
        if match and value:
            return text[: match.start(1)].strip(), {slot.name: value}
        because = _BECAUSE.search(folded) if slot.name == REASON and because_clause else None
        value = text[because.end() :].strip()[:MAX_TEXT] if because else ""
        if because and value and because.start() > 0:
            return text[: because.start()].strip(), {slot.name: value}
    return text, {}


def _shown(start: date, end: date, lang: str) -> str:
    locale = normalise_language(lang)
    if start == end:
        text = format_skeleton("MMMEd", start, locale=locale)
    else:
        text = format_interval(start, end, "MMMEd", locale=locale)
    return text.replace("\u2009", " ").replace("\u202f", " ")


@lru_cache(maxsize=1)
def _month_names() -> frozenset[str]:
    names: set[str] = set()
    for lang in LANGUAGES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                months = get_month_names(width, context, locale=lang).values()
                names |= {fold(str(name)).strip(".") for name in months}
    return frozenset(names)


def spelt_out(raw: str, day: date) -> bool:
    """Whether the words name the day and its month outright ("Dec 14", "14 de diciembre", "2026-12-14"), so
    saying which day they mean would add nothing; "next Friday", "the 9th" or "12/11" are interpreted."""
    if day.isoformat() in raw:
        return True
    words = re.findall(r"\w+", fold(raw))
    return str(day.day) in [word.lstrip("0") for word in words] and any(word in _month_names() for word in words)


def dates_read(text: str, slots: dict[str, Any], today: date, locale: str, lang: str) -> str | None:
    """ "I read “next Friday” as Fri, Dec 11." for a date in ``text`` that the bot interpreted to fill ``slots``;
    None when no date was read or the words already said it."""
    if not slots.get("start_date"):
        return None
    every = find_dates(text, today=today, locale=locale)
    for found in [*listed_dates(every, text), *every]:  # "the 28th and 29th" as one, before "28th" alone
        if not isinstance(found, DateRange) or found.start.isoformat() != slots["start_date"]:
            continue
        if spelt_out(found.raw, found.start):
            return None
        return translate(lang, "dialogue.dates_read", raw=found.raw, dates=_shown(found.start, found.end, lang))
    return None
