"""Which pending approval a sentence names: "approve Sam's vacation Dec 21-23", "aprueba la de Javier".

The requester's name (first name, full name or a close misspelling, by rapidfuzz), the dates the router read (they
must overlap what the skill says the request covers), and the leave type or kind named narrow the approver's inbox
down; what is left is the match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from skills.common.extract import fold

NAME_SIMILARITY = 85
WORD = re.compile(r"\w+", re.U)


@dataclass(frozen=True)
class Candidate:
    """One pending approval as matching sees it: its id, the requester's name, its period and its description."""

    approval_id: int
    requester: str
    period: tuple[date, date] | None
    description: str


def names_in(text: str, name: str, *, whole: bool = False) -> bool:
    """Whether ``text`` names the person ``name``: their full name, or (unless ``whole``) their first name or a
    close misspelling of it."""
    words = [w for w in WORD.findall(fold(text)) if len(w) > 1]
    parts = [p for p in WORD.findall(fold(name)) if len(p) > 1]
    if not parts:
        return False
    if f" {' '.join(parts)} " in f" {' '.join(words)} ":
        return True
    if whole:
        return False
    return any(fuzz.ratio(word, parts[0]) >= NAME_SIMILARITY for word in words if len(word) >= 3)


NAMED = re.compile(r"\b([A-ZÁÉÍÓÚÑ][\w-]+)(?:'s|’s|')(?=\s|$)|\b(?:de|from|of|for|a)\s+([A-ZÁÉÍÓÚÑ][\w-]+)", re.U)


def mentions_a_name(text: str) -> bool:
    """Whether ``text`` points at someone by name ("Sam's", "from Sam", "la de Javier"), matched or not."""
    return NAMED.search(text) is not None


def names_someone(text: str, candidates: Sequence[Candidate]) -> bool:
    """Whether ``text`` names the requester of any candidate."""
    return any(names_in(text, c.requester) for c in candidates)


def narrow(
    text: str, candidates: Sequence[Candidate], start: date | None, end: date | None, type_words: Sequence[str] = ()
) -> list[Candidate]:
    """The candidates ``text`` points at: by requester name when it names one, then by dates, then by type."""
    found = list(candidates)
    named = [c for c in found if names_in(text, c.requester)]
    if named:
        found = named
    elif mentions_a_name(text):  # someone is named, and nobody waiting is them
        return []
    if start is not None:
        last = end or start
        dated = [c for c in found if c.period is not None and c.period[0] <= last and c.period[1] >= start]
        found = dated
    if type_words:
        typed = [c for c in found if any(fold(w) in fold(c.description) for w in type_words)]
        found = typed or found
    return found
