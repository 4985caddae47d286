"""Number words in English and Spanish (cardinals 0-99 and day ordinals), as tables and a lookup."""

from __future__ import annotations

import re

from ._text import squash, words_pattern

_EN_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
_EN_UNITS += "sixteen seventeen eighteen nineteen"
_EN_TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty"}
_EN_TENS[90] = "ninety"
_EN_ORDINAL_UNITS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
)
_EN_ORDINAL_TENS = {20: "twentieth", 30: "thirtieth"}

_ES_UNITS = "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
_ES_UNITS += "dieciseis diecisiete dieciocho diecinueve veinte veintiuno veintidos veintitres veinticuatro "
_ES_UNITS += "veinticinco veintiseis veintisiete veintiocho veintinueve"
_ES_TENS = {30: "treinta", 40: "cuarenta", 50: "cincuenta", 60: "sesenta", 70: "setenta", 80: "ochenta"}
_ES_TENS[90] = "noventa"

# Words that mean a number only in front of a counted noun ("a box", "un par de días").
ARTICLE_NUMBERS: dict[str, int] = {"a": 1, "an": 1, "un": 1, "una": 1, "one": 1}
COLLECTIVES: dict[str, int] = {
    "a dozen": 12,
    "dozen": 12,
    "half a dozen": 6,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "a pair of": 2,
    "a pair": 2,
    "una docena de": 12,
    "una docena": 12,
    "docena": 12,
    "media docena de": 6,
    "media docena": 6,
    "un par de": 2,
    "un par": 2,
}


def _english_cardinals() -> dict[str, int]:
    table = {word: value for value, word in enumerate(_EN_UNITS.split())}
    for tens, word in _EN_TENS.items():
        table[word] = tens
        for unit in range(1, 10):
            unit_word = _EN_UNITS.split()[unit]
            table[f"{word}-{unit_word}"] = tens + unit
            table[f"{word} {unit_word}"] = tens + unit
    table["hundred"] = table["a hundred"] = table["one hundred"] = 100
    return table


def _spanish_cardinals() -> dict[str, int]:
    table = {word: value for value, word in enumerate(_ES_UNITS.split())}
    table.update({"un": 1, "una": 1, "veintiun": 21, "veintiuna": 21, "cien": 100})
    units = _ES_UNITS.split()
    for tens, word in _ES_TENS.items():
        table[word] = tens
        for unit in range(1, 10):
            table[f"{word} y {units[unit]}"] = tens + unit
        table[f"{word} y un"] = table[f"{word} y una"] = tens + 1
    return table


def _english_day_ordinals() -> dict[str, int]:
    table = {word: value for value, word in enumerate(_EN_ORDINAL_UNITS.split()) if value}
    table.update({word: value for value, word in _EN_ORDINAL_TENS.items()})
    for unit in range(1, 10):
        ordinal = _EN_ORDINAL_UNITS.split()[unit]
        table[f"twenty-{ordinal}"] = table[f"twenty {ordinal}"] = 20 + unit
    table["thirty-first"] = table["thirty first"] = 31
    return table


CARDINALS: dict[str, dict[str, int]] = {"en": _english_cardinals(), "es": _spanish_cardinals()}
ALL_CARDINALS: dict[str, int] = {**CARDINALS["es"], **CARDINALS["en"]}
DAY_WORDS: dict[str, int] = {
    **{w: v for w, v in CARDINALS["es"].items() if 1 <= v <= 31 and w not in ("un", "una")},
    "primero": 1,
    **_english_day_ordinals(),
}

CARDINAL_RE = words_pattern(ALL_CARDINALS)
DAY_WORD_RE = words_pattern(DAY_WORDS)
NUMBER_RE = rf"(?:\d{{1,3}}|{CARDINAL_RE})"


def number_value(token: str) -> int | None:
    """The integer a digit string or a number word (``"three"``, ``"veintidós"``, folded) stands for."""
    token = squash(token)
    if re.fullmatch(r"\d+", token):
        return int(token)
    if token in ALL_CARDINALS:
        return ALL_CARDINALS[token]
    if token in ARTICLE_NUMBERS:
        return ARTICLE_NUMBERS[token]
    return None
