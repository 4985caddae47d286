"""Misspelt key words put right: a word close to one of the words a form's extractor knows ("vaction" → "vacation",
"vacaton", "personel", "vacacioens") is replaced by it, using rapidfuzz against that vocabulary.

The vocabulary is the extractors' own word tables (``key_words()``: leave types in English and Spanish), so there is
no list of typos to keep: a word added to a table is understood misspelt too. Words known otherwise (the caller
passes the words of the intent catalog's examples, so "medio" never becomes "medico") and short words are left
alone; only close matches with the same first and last letters count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process

from ._text import fold
from .leave_types import LEAVE_WORDS

MIN_LENGTH = 3
"""Words shorter than this are never corrected."""
MIN_SCORE = 85.0
"""Lowest rapidfuzz ratio (0-100) for a known word to replace an unknown one ("sik" → "sick" is 86)."""
_WORD = re.compile(r"[^\W\d_]+")


class SpellingFixer:
    """Replaces words close to (but not in) a vocabulary with their closest vocabulary word."""

    def __init__(self, vocabulary: Iterable[str], known: Iterable[str] = ()) -> None:
        self.words = tuple(sorted({fold(word) for word in vocabulary if len(word) >= MIN_LENGTH}))
        self.known = frozenset(self.words) | {fold(word) for word in known}
        self._closest = lru_cache(maxsize=4096)(self._closest_uncached)

    def _closest_uncached(self, word: str) -> str | None:
        # Typing slips rarely touch a word's first and last letters, while other real words near a key word
        # usually differ there ("personas" is not "personal"): only same-ends candidates count.
        found = process.extract(word, self.words, scorer=fuzz.ratio, score_cutoff=MIN_SCORE, processor=None, limit=5)
        return next((known for known, _, _ in found if known[0] == word[0] and known[-1] == word[-1]), None)

    def fix(self, text: str) -> str:
        """``text`` with each misspelt vocabulary word replaced by the word it was meant to be."""

        def replace(match: re.Match[str]) -> str:
            word = match.group()
            folded = fold(word)
            if len(folded) < MIN_LENGTH or folded in self.known:
                return word
            return self._closest(folded) or word

        return _WORD.sub(replace, text)


def words_of(texts: Iterable[str]) -> set[str]:
    """Every word in ``texts``, folded."""
    return {fold(word) for text in texts for word in _WORD.findall(text)}


def key_words() -> set[str]:
    """The forms' key words: every one-word entry of the leave-type table, in both languages."""
    return {word for words in LEAVE_WORDS.values() for word in words if _WORD.fullmatch(word)}
