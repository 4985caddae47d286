"""The message catalog: every user-facing string, keyed, in English and Spanish, with a fallback to English."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"

log = logging.getLogger(__name__)

_CATALOG: dict[str, dict[str, str]] = {}
_PLURALS: dict[str, dict[str, dict[str, str]]] = {}
"""Messages that depend on a number: ``{key: {lang: {CLDR plural category: text}}}`` (``other`` always given)."""

WORDS_OPEN, WORDS_CLOSE = "\u2068", "\u2069"
"""Unicode's first-strong isolate and pop isolate (invisible): they mark people's words inside a bot's message."""
PEOPLE_WORDS_PARAMS = frozenset({"reason", "question", "phrase", "note"})
"""Placeholders that always hold what a person wrote; ``translate`` quotes them with :func:`people_words`."""


def unmarked(text: str) -> str:
    """``text`` without the marks around people's words (for a reader that shows them as they are)."""
    return text.replace(WORDS_OPEN, "").replace(WORDS_CLOSE, "")


def people_words(text: str) -> str:
    """``text`` marked as a person's own words, so the chat edge shows it inert (``bot.slack.safe_text``)."""
    return WORDS_OPEN + unmarked(text) + WORDS_CLOSE


def mid_sentence(name: str) -> str:
    """A name as it reads inside a sentence: its capital dropped ("Toner cartridge" -> "toner cartridge"), unless it
    starts with an acronym ("HDMI adapter", "USB-C to HDMI adapter")."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def add_messages(messages: Mapping[str, Mapping[str, str]]) -> None:
    """Add a module's ``{key: {lang: text}}`` messages to the catalog; every key needs English."""
    for key, texts in messages.items():
        if DEFAULT_LANGUAGE not in texts:
            raise ValueError(f"message {key!r} has no English text")
        if key in _CATALOG and _CATALOG[key] != dict(texts):
            raise ValueError(f"message {key!r} defined twice with different texts")
        _CATALOG[key] = dict(texts)


def normalise_language(lang: str | None) -> str:
    """Map a locale or language tag (``es-ES``, ``es_MX``, ``EN``) to a supported language."""
    code = (lang or "").replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def translate(lang: str | None, key: str, **params: Any) -> str:
    """The text for ``key`` in ``lang`` (English if missing), formatted with ``params``."""
    texts = _CATALOG.get(key)
    if texts is None:
        log.error("missing message %s", key)
        return key
    template = texts.get(normalise_language(lang)) or texts[DEFAULT_LANGUAGE]
    for name in PEOPLE_WORDS_PARAMS.intersection(params):
        if isinstance(params[name], str) and params[name]:
            params[name] = people_words(params[name])
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        log.exception("message %s could not be formatted with %s", key, sorted(params))
        return template


def add_plurals(messages: Mapping[str, Mapping[str, Mapping[str, str]]]) -> None:
    """Add messages that agree with a number: ``{key: {lang: {"one": ..., "other": ...}}}``.

    The categories are CLDR's (``zero``, ``one``, ``two``, ``few``, ``many``, ``other``); Babel picks the one a
    number takes in each language, so callers never choose a form themselves. Every language needs ``other``.
    """
    for key, texts in messages.items():
        if DEFAULT_LANGUAGE not in texts:
            raise ValueError(f"message {key!r} has no English text")
        if any("other" not in forms for forms in texts.values()):
            raise ValueError(f"plural message {key!r} lacks the 'other' form in some language")
        if key in _PLURALS and _PLURALS[key] != {lang: dict(forms) for lang, forms in texts.items()}:
            raise ValueError(f"message {key!r} defined twice with different texts")
        _PLURALS[key] = {lang: dict(forms) for lang, forms in texts.items()}


def plural_category(lang: str | None, count: int | float | Decimal) -> str:
    """The CLDR plural category ``count`` takes in ``lang`` (``1`` → ``one``; ``0``, ``2``, ``0.5`` → ``other``)."""
    from babel import Locale

    number = count
    if isinstance(count, Decimal) and count == count.to_integral_value():
        number = int(count)  # "1.0" days is shown as "1": agree with what is shown
    return str(Locale.parse(normalise_language(lang)).plural_form(number))


def translate_count(lang: str | None, key: str, count: int | float | Decimal, **params: Any) -> str:
    """The form of plural message ``key`` that agrees with ``count`` in ``lang``, formatted with ``params``."""
    texts = _PLURALS.get(key)
    if texts is None:
        log.error("missing plural message %s", key)
        return key
    forms = texts.get(normalise_language(lang)) or texts[DEFAULT_LANGUAGE]
    template = forms.get(plural_category(lang, count)) or forms["other"]
    try:
        return template.format(count=count, **params)
    except (KeyError, IndexError, ValueError):
        log.exception("message %s could not be formatted with %s", key, sorted(params))
        return template


def message_keys() -> set[str]:
    """Every key in the catalog (for tests that check both languages are present)."""
    return set(_CATALOG) | set(_PLURALS)


def missing_translations() -> dict[str, list[str]]:
    """Keys whose text is missing in some supported language, by language."""
    return {
        lang: sorted(
            [key for key, texts in _CATALOG.items() if lang not in texts]
            + [key for key, texts in _PLURALS.items() if lang not in texts]
        )
        for lang in LANGUAGES
    }


def language_of_label(label: str) -> str | None:
    """The language whose catalog has exactly ``label`` (a button's text) and the other does not; else None.

    A button answers in the language of the card it is on, which is the language of its label.
    """
    wanted = label.strip()
    if not wanted:
        return None
    found = {lang for texts in _CATALOG.values() for lang, text in texts.items() if text == wanted}
    return found.pop() if len(found) == 1 else None


add_messages(
    {
        "error.domain_error": {
            "en": "I can't do that: {detail}",
            "es": "No puedo hacerlo: {detail}",
        },
        "error.not_allowed": {
            "en": "You're not allowed to do that.",
            "es": "No tienes permiso para hacer eso.",
        },
    }
)
