"""Distances driven and nights stayed, in English and Spanish: "120 km", "85 miles", "40 kilómetros", "3 nights",
"2 noches" (for mileage and hotel claims)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ._text import fold

_UNITS = {
    "km": "km", "kms": "km", "kilometer": "km", "kilometers": "km", "kilometre": "km", "kilometres": "km",
    "kilometro": "km", "kilometros": "km", "mi": "mi", "mile": "mi", "miles": "mi", "milla": "mi", "millas": "mi",
}  # fmt: skip
_DISTANCE = re.compile(
    r"(?<![\w.,])(?P<num>\d+(?:[.,]\d+)?)\s?(?P<unit>" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")\b"
)
_NIGHTS = re.compile(r"(?<![\w.,])(?P<num>\d{1,2})\s+(?:nights?|noches?)\b")
_NIGHT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "una": 1, "dos": 2, "tres": 3, "cuatro": 4,
                "cinco": 5}  # fmt: skip
_NIGHTS_WORD = re.compile(r"\b(?P<word>" + "|".join(_NIGHT_WORDS) + r")\s+(?:nights?|noches?)\b")


@dataclass(frozen=True)
class Distance:
    """A distance as written: its value and ``km`` or ``mi``."""

    value: Decimal
    unit: str


def extract_distance(text: str) -> Distance | None:
    """The first distance in ``text`` ("120 km", "85 miles", "40,5 kilómetros"), or None."""
    match = _DISTANCE.search(fold(text))
    if match is None:
        return None
    return Distance(Decimal(match["num"].replace(",", ".")), _UNITS[match["unit"]])


def extract_nights(text: str) -> int | None:
    """How many nights ``text`` says ("3 nights", "dos noches"), or None."""
    folded = fold(text)
    match = _NIGHTS.search(folded)
    if match is not None:
        return int(match["num"]) or None
    word = _NIGHTS_WORD.search(folded)
    return _NIGHT_WORDS[word["word"]] if word else None
