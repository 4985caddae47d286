"""The message catalog: every user-facing string, keyed, in English and Spanish, with a fallback to English."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"

log = logging.getLogger(__name__)

_CATALOG: dict[str, dict[str, str]] = {}

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


def message_keys() -> set[str]:
    """Every key in the catalog (for tests that check both languages are present)."""
    return set(_CATALOG)


def missing_translations() -> dict[str, list[str]]:
    """Keys whose text is missing in some supported language, by language."""
    return {lang: sorted(key for key, texts in _CATALOG.items() if lang not in texts) for lang in LANGUAGES}


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
