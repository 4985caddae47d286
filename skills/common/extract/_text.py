"""Text helpers shared by the extractors: offset-keeping accent folding, locales, language guess, regex tables."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, TypeVar

from skills.common import language

Lang = Literal["en", "es"]
T = TypeVar("T")
LANGS: tuple[Lang, ...] = ("en", "es")

_SPECIAL_FOLDS = {"º": "o", "ª": "a", "’": "'", "‘": "'", "–": "-", "—": "-", "\u00a0": " "}


def _fold_char(ch: str) -> str:
    if ch in _SPECIAL_FOLDS:
        return _SPECIAL_FOLDS[ch]
    low = ch.lower()
    if len(low) != 1:
        return ch
    if low.isascii():
        return low
    base = "".join(c for c in unicodedata.normalize("NFD", low) if not unicodedata.combining(c))
    return base if len(base) == 1 else low


@lru_cache(maxsize=512)
def fold(text: str) -> str:
    """Lower-case ``text`` and drop accents, one output character per input character (offsets stay valid)."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(ch) for ch in text)


@dataclass(frozen=True)
class Locale:
    """A parsed locale such as ``es-MX``: a language code and an optional territory."""

    language: str
    territory: str | None

    @property
    def babel_id(self) -> str:
        """The locale as Babel spells it (``es_MX``)."""
        return f"{self.language}_{self.territory}" if self.territory else self.language


@lru_cache(maxsize=64)
def parse_locale(locale: str) -> Locale:
    """Split ``en-US``/``es_MX``/``es`` into language and territory (lower/upper cased)."""
    parts = re.split(r"[-_]", locale.strip()) if locale else ["en"]
    language = parts[0].lower() or "en"
    territory = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    return Locale(language, territory)


@lru_cache(maxsize=64)
def date_order(locale: str) -> Literal["MDY", "DMY", "YMD"]:
    """Order of a numeric date's parts in ``locale`` (en-US ``MDY``, en-GB/es ``DMY``, en-CA ``YMD``)."""
    from babel.core import UnknownLocaleError
    from babel.dates import get_date_format

    parsed = parse_locale(locale)
    try:
        pattern = get_date_format("short", locale=parsed.babel_id).pattern
    except (UnknownLocaleError, ValueError):
        return "MDY" if parsed.language == "en" and parsed.territory in (None, "US") else "DMY"
    positions = {part: pattern.find(part) for part in "yMd"}
    ordered = "".join(sorted("yMd", key=lambda part: positions[part])).upper()
    if ordered.startswith("Y"):
        return "YMD"
    return "MDY" if ordered.startswith("M") else "DMY"


@lru_cache(maxsize=512)
def detect_language(text: str, locale: str = "en") -> Lang:
    """``en`` or ``es`` for ``text`` (the one detector in ``skills.common.language``), cached for the extractors."""
    return "es" if language.detect_language(text, locale) == "es" else "en"


def words_pattern(words: Iterable[str]) -> str:
    """A regex alternation of folded ``words``, longest first, with spaces matching any whitespace run."""
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in unique)


def merged(table: Mapping[Lang, Mapping[str, T]]) -> dict[str, T]:
    """Merge a per-language word table into one lookup (later languages never override earlier ones)."""
    out: dict[str, T] = {}
    for lang in LANGS:
        for word, value in table.get(lang, {}).items():
            out.setdefault(word, value)
    return out


def squash(text: str) -> str:
    """Collapse whitespace runs to single spaces (for looking matched phrases up in tables)."""
    return " ".join(text.split())


@dataclass(frozen=True)
class KeywordHit:
    """A table phrase found in a text: its span and the code it stands for."""

    start: int
    end: int
    code: str


class KeywordTable:
    """Folded phrases of several languages -> canonical codes, matched as whole words in any language."""

    def __init__(self, table: Mapping[Lang, Mapping[str, str]]) -> None:
        self.codes: dict[str, str] = merged(table)
        self.pattern = re.compile(rf"(?<![\w'])(?:{words_pattern(self.codes)})(?![\w'])")

    def find_all(self, text: str) -> list[KeywordHit]:
        """Every phrase in ``text`` (folded first), in order, longest at each position."""
        return [
            KeywordHit(m.start(), m.end(), self.codes[squash(m.group())]) for m in self.pattern.finditer(fold(text))
        ]

    def first(self, text: str) -> str | None:
        """The code of the earliest phrase, or None."""
        hits = self.find_all(text)
        return hits[0].code if hits else None

    def best(self, text: str, ranking: Sequence[str]) -> str | None:
        """The code found that comes first in ``ranking`` (codes not ranked come last), or None."""
        codes = [hit.code for hit in self.find_all(text)]
        if not codes:
            return None
        return min(codes, key=lambda code: ranking.index(code) if code in ranking else len(ranking))
