"""The merchant of an expense ("at Starbucks", "en Mercadona", "from Amazon") as the user wrote it."""

from __future__ import annotations

import re

from ._text import fold, words_pattern
from .categories import extract_category
from .locations import NAMED_PLACES, NUMBERED_PLACES, extract_location

# Words that introduce a merchant.
MERCHANT_PREPOSITIONS = ("at", "from", "en")  # and "@"

# Well-known merchants recognised without a preposition ("Uber to the airport, $23").
KNOWN_MERCHANTS = (
    "Uber",
    "Lyft",
    "Cabify",
    "FreeNow",
    "Amazon",
    "Starbucks",
    "McDonald's",
    "Mercadona",
    "Carrefour",
    "El Corte Inglés",
    "Renfe",
    "Iberia",
    "Ryanair",
    "Vueling",
    "Airbnb",
    "Booking.com",
    "Staples",
    "Walmart",
    "Costco",
    "Ikea",
    "Udemy",
    "Coursera",
    "Oxxo",
)

# Words that end a merchant phrase (times, dates, amounts, other clauses).
STOP_WORDS = frozenset(
    """on for to in at by with and or but yesterday today tomorrow last this next the a an for of
    was is were it its i we my our because so then since about around during while per
    por para el la los las y o pero ayer hoy manana el del al con que este esta pasado semana fue
    monday tuesday wednesday thursday friday saturday sunday lunes martes miercoles jueves viernes sabado domingo
    january february march april may june july august september october november december enero febrero marzo
    abril mayo junio julio agosto septiembre octubre noviembre diciembre jan feb mar apr jun jul aug sep sept
    oct nov dec ene abr dic mon tue tues wed thu thur thurs fri now ahora under over than about""".split()
)

# Phrases after a preposition that are places or times, not shops ("at the airport", "en la oficina").
NOT_MERCHANTS = frozenset(
    """home work office airport the airport hotel the hotel station the station conference a conference
    casa trabajo oficina aeropuerto la oficina el aeropuerto estacion la estacion el hotel hotel
    almacen el almacen planta la planta sala la sala warehouse floor room meeting madrid barcelona
    london new york total least most all once first last night morning afternoon noon lunch dinner
    breakfast comida cena desayuno efectivo cash card tarjeta now ahora""".split()
) | {word.split()[0] for table in (*NUMBERED_PLACES.values(), *NAMED_PLACES.values()) for word in table}

# Leading articles kept when they are part of a name ("El Corte Inglés") but dropped when lower-case.
_ARTICLES = ("the", "el", "la", "los", "las")
_TOKEN = r"[\w&'.’-]+"
_P_MERCHANT = re.compile(
    rf"(?<![\w@])(?:(?:{'|'.join(MERCHANT_PREPOSITIONS)})\s+|@\s*)(?P<name>{_TOKEN}(?:\s+{_TOKEN}){{0,4}})",
    re.IGNORECASE,
)
_P_DIGITS = re.compile(r"\d")


def _trim(words: list[str]) -> list[str]:
    """Keep words up to the first stop word, number or trailing punctuation."""
    kept: list[str] = []
    for word in words:
        bare = word.strip(".,;:!?'’")
        folded = fold(bare)
        if not bare or _P_DIGITS.search(bare) or (kept and folded in STOP_WORDS) or folded in ("$", "€", "£"):
            break
        kept.append(bare)
        if word != bare and word[-1] in ".,;:!?":
            break
    return kept


def _clean(words: list[str]) -> str | None:
    if words and fold(words[0]) in _ARTICLES and words[0].islower():
        words = words[1:]
    if not words or fold(words[0]) in STOP_WORDS:
        return None
    phrase = " ".join(words)
    if fold(phrase) in NOT_MERCHANTS or extract_location(phrase) is not None:
        return None
    if words[0].islower() and fold(words[0]) in NOT_MERCHANTS:
        return None  # "en casa", "at work"; "en Casa Lucio" is a restaurant
    if phrase.islower() and extract_category(words[0]) is not None:
        return None  # "gasté 30 en taxi": a kind of expense, not a shop
    return phrase


_P_KNOWN = re.compile(rf"(?<!\w)(?:{words_pattern(fold(name) for name in KNOWN_MERCHANTS)})(?!\w)")
_KNOWN = {fold(name): name for name in KNOWN_MERCHANTS}


def extract_merchant(text: str) -> str | None:
    """The merchant named after "at"/"from"/"en" in ``text`` (as written), or None."""
    for match in _P_MERCHANT.finditer(text):
        phrase = _clean(_trim(match["name"].split()))
        if phrase:
            return phrase
    known = _P_KNOWN.search(fold(text))
    return _KNOWN[known.group()] if known else None
