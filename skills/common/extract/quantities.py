"""Counts of things in English and Spanish ("5 boxes", "a dozen", "tres", "10 unidades") -> an int and a unit."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ._numbers import ALL_CARDINALS, ARTICLE_NUMBERS, CARDINAL_RE, COLLECTIVES
from ._text import Lang, fold, merged, squash, words_pattern


@dataclass(frozen=True)
class Quantity:
    """A whole number of things, with the packaging unit when one was said (``box``, ``unit``, ``pack``...)."""

    value: int
    unit: str | None = None
    raw: str = field(default="", compare=False)


UNIT_WORDS: dict[Lang, dict[str, str]] = {
    "en": {
        "box": "box", "boxes": "box", "unit": "unit", "units": "unit", "pack": "pack", "packs": "pack",
        "package": "pack", "packages": "pack", "piece": "piece", "pieces": "piece", "pcs": "piece",
        "pc": "piece", "case": "case", "cases": "case", "bottle": "bottle", "bottles": "bottle",
        "ream": "ream", "reams": "ream", "pair": "pair", "pairs": "pair", "carton": "carton",
        "cartons": "carton", "roll": "roll", "rolls": "roll", "bag": "bag", "bags": "bag", "crate": "crate",
        "crates": "crate", "pallet": "pallet", "pallets": "pallet", "set": "set", "sets": "set", "kg": "kg",
        "kilo": "kg", "kilos": "kg", "kilograms": "kg", "liter": "l", "liters": "l", "litre": "l", "litres": "l",
        "can": "can", "cans": "can", "tube": "tube", "tubes": "tube", "sheet": "sheet", "sheets": "sheet",
    },
    "es": {
        "caja": "box", "cajas": "box", "unidad": "unit", "unidades": "unit", "uds": "unit", "ud": "unit",
        "paquete": "pack", "paquetes": "pack", "pieza": "piece", "piezas": "piece", "botella": "bottle",
        "botellas": "bottle", "resma": "ream", "resmas": "ream", "par": "pair", "pares": "pair",
        "carton": "carton", "cartones": "carton", "rollo": "roll", "rollos": "roll", "bolsa": "bag",
        "bolsas": "bag", "pale": "pallet", "pales": "pallet", "palet": "pallet", "palets": "pallet",
        "juego": "set", "juegos": "set", "kilo": "kg", "kilos": "kg", "litro": "l", "litros": "l",
        "lata": "can", "latas": "can", "tubo": "tube", "tubos": "tube", "hoja": "sheet", "hojas": "sheet",
    },
}  # fmt: skip

# Words after a number that make it a time, a date, money or a percentage rather than a count.
NOT_COUNTED = frozenset(
    """day days week weeks month months year years hour hours hr hrs h minute minutes min mins am pm
    dia dias semana semanas mes meses ano anos hora horas minuto minutos de
    percent por euros euro dollars dollar bucks usd eur gbp pesos libras pounds cents st nd rd th
    floor planta piso of people's""".split()
)
# Words before a number that make it a label ("room 3", "planta 2", "model 5440").
LABEL_BEFORE = frozenset(
    """room floor building level warehouse model version v no number # sala planta piso edificio almacen
    modelo version numero aisle pasillo desk mesa bay dock muelle gate page ticket order_no id ref""".split()
)

_UNITS = merged(UNIT_WORDS)
_COUNT = rf"(?P<n>\d{{1,3}}(?:[.,]\d{{3}})+|\d+|{CARDINAL_RE}|{words_pattern(ARTICLE_NUMBERS)})"
_P_COUNT = re.compile(
    rf"(?<![\w$€£.,/:#-])(?P<minus>[-−](?=\d))?{_COUNT}(?![\w/:%]|[.,]\d)"
    rf"(?:\s+(?P<dozen>dozen|docenas?)(?:\s+(?:of|de))?)?"
    rf"(?:\s+(?P<unit>{words_pattern(_UNITS)})(?![\w]))?"
)
_P_COLLECTIVE = re.compile(
    rf"(?<![\w])(?P<c>{words_pattern(COLLECTIVES)})(?![\w])(?:\s+(?P<unit>{words_pattern(_UNITS)})(?![\w]))?"
)
_NEXT_WORD = re.compile(r"\s*([\w']+)")
_PREVIOUS_WORD = re.compile(r"([\w#']+)\s*$")


def _value(token: str) -> int | None:
    token = squash(token)
    if token[0].isdigit():
        return int(re.sub(r"[.,]", "", token))
    return ALL_CARDINALS.get(token, ARTICLE_NUMBERS.get(token))


def _is_label(text: str, folded: str, start: int) -> bool:
    """True when the number is a label: after "room", "planta"... or after a capitalised name ("Latitude 5440")."""
    previous = _PREVIOUS_WORD.search(folded, 0, start)
    if previous is None:
        return False
    if previous.group(1) in LABEL_BEFORE:
        return True
    word = text[previous.start(1) : previous.end(1)]
    return word[:1].isupper() and previous.start(1) > 0 and not word.isupper()


def _count_hit(match: re.Match[str], text: str, folded: str) -> Quantity | None:
    token = squash(match["n"])
    value = _value(token)
    if value is None:
        return None
    following = _NEXT_WORD.match(folded, match.end())
    next_word = following.group(1) if following else ""
    is_article = token in ARTICLE_NUMBERS
    if is_article and not (match["unit"] or match["dozen"]):
        return None  # "a meeting" is not a count; "a box" is
    if (
        not match["unit"]
        and not match["dozen"]
        and (next_word in NOT_COUNTED or _is_label(text, folded, match.start()))
    ):
        return None
    if match["dozen"]:
        value *= 12
    if match["minus"]:  # "take -5": read as said, so the rules can say a count is above zero
        value = -value
    unit = _UNITS[squash(match["unit"])] if match["unit"] else None
    return Quantity(value, unit, text[match.start() : match.end()].strip())


def find_quantities(text: str, *, skip: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int, Quantity]]:
    """Every count in ``text`` as (start, end, quantity), ignoring numbers inside the ``skip`` spans."""
    folded = fold(text)
    found: list[tuple[int, int, Quantity]] = []
    for match in _P_COLLECTIVE.finditer(folded):
        unit = _UNITS[squash(match["unit"])] if match["unit"] else None
        found.append((match.start(), match.end(), Quantity(COLLECTIVES[squash(match["c"])], unit, match.group())))
    for match in _P_COUNT.finditer(folded):
        quantity = _count_hit(match, text, folded)
        if quantity is not None:
            found.append((match.start(), match.end(), quantity))
    kept: list[tuple[int, int, Quantity]] = []
    for start, end, quantity in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        clear = all(end <= s or start >= e for s, e, _ in kept) and all(end <= s or start >= e for s, e in skip)
        if clear:
            kept.append((start, end, quantity))
    return sorted(kept, key=lambda f: f[0])


def extract_quantity(text: str, *, skip: Sequence[tuple[int, int]] = ()) -> Quantity | None:
    """The first count in ``text`` ("5 boxes" -> 5 box, "una docena" -> 12), or None."""
    found = find_quantities(text, skip=skip)
    return found[0][2] if found else None
