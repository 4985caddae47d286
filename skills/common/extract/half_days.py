"""Half-day markers ("afternoon off", "por la mañana", "media jornada") in English and Spanish."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ._text import Lang, fold, words_pattern

HalfDay = Literal["am", "pm", "half"]
"""``am``/``pm`` for a morning/afternoon, ``half`` for a half day whose part was not said."""

# Folded phrases -> which half. "mañana" alone is tomorrow; only "la mañana" / "esta mañana" is a morning.
HALF_DAY_WORDS: dict[Lang, dict[str, HalfDay]] = {
    "en": {
        "morning": "am",
        "in the morning": "am",
        "mornings": "am",
        "first half of the day": "am",
        "afternoon": "pm",
        "in the afternoon": "pm",
        "afternoons": "pm",
        "second half of the day": "pm",
        "half day": "half",
        "half-day": "half",
        "half a day": "half",
        "half days": "half",
        "1/2 day": "half",
    },
    "es": {
        "por la manana": "am",
        "en la manana": "am",
        "de la manana": "am",
        "la manana": "am",
        "por la tarde": "pm",
        "en la tarde": "pm",
        "de la tarde": "pm",
        "la tarde": "pm",
        "de tarde": "pm",
        "medio dia": "half",
        "media jornada": "half",
        "media manana": "am",
        "media tarde": "pm",
    },
}
# Markers that also name the day: "this afternoon" is today, afternoon.
TODAY_HALF_WORDS: dict[str, HalfDay] = {
    "this morning": "am",
    "this afternoon": "pm",
    "esta manana": "am",
    "esta tarde": "pm",
}

_ALL: dict[str, HalfDay] = {**HALF_DAY_WORDS["en"], **HALF_DAY_WORDS["es"], **TODAY_HALF_WORDS}
HALF_DAY_RE = rf"(?<![\w-])(?:{words_pattern(_ALL)})(?![\w-])"
_RE = re.compile(HALF_DAY_RE)


@dataclass(frozen=True)
class HalfDayMarker:
    """One half-day phrase found in a text, with its span."""

    start: int
    end: int
    half: HalfDay
    today: bool


def find_half_days(text: str) -> list[HalfDayMarker]:
    """Every half-day phrase in ``text`` (any language), in order."""
    folded = fold(text)
    return [
        HalfDayMarker(
            m.start(), m.end(), _ALL[" ".join(m.group().split())], " ".join(m.group().split()) in TODAY_HALF_WORDS
        )
        for m in _RE.finditer(folded)
    ]


def combine_halves(halves: list[HalfDay]) -> HalfDay | None:
    """One flag for several markers: a specific ``am``/``pm`` beats an unspecified ``half``."""
    specific = [h for h in halves if h != "half"]
    if specific:
        return specific[0]
    return "half" if halves else None


def extract_half_day(text: str) -> HalfDay | None:
    """The half-day flag of ``text`` (``am``, ``pm``, ``half``) or None when it names no half day."""
    return combine_halves([marker.half for marker in find_half_days(text)])
