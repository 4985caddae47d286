"""Places in the office in English and Spanish ("3rd floor", "sala de reuniones 2") -> a normalised label.

Labels are English and language-neutral so they can be matched against the database: ``floor 3``,
``meeting room B``, ``warehouse B``, ``building 2``, ``kitchen``. Several parts join from the largest down:
"meeting room B on the 3rd floor" is ``floor 3, meeting room B``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._numbers import ALL_CARDINALS
from ._text import Lang, fold, merged, squash, words_pattern

# Kinds of place that take an identifier ("warehouse B", "planta 2") -> (label, rank: larger places first).
NUMBERED_PLACES: dict[Lang, dict[str, str]] = {
    "en": {
        "building": "building", "bldg": "building", "block": "building", "warehouse": "warehouse",
        "floor": "floor", "level": "floor", "meeting room": "meeting room", "conference room": "meeting room",
        "boardroom": "meeting room", "room": "room", "office": "office", "desk": "desk", "bay": "bay",
        "aisle": "aisle", "dock": "dock", "loading dock": "dock", "wing": "wing", "lab": "lab",
    },
    "es": {
        "edificio": "building", "nave": "warehouse", "almacen": "warehouse", "bodega": "warehouse",
        "deposito": "warehouse", "planta": "floor", "piso": "floor", "sala de reuniones": "meeting room",
        "sala de juntas": "meeting room", "sala": "meeting room", "despacho": "office", "oficina": "office",
        "mesa": "desk", "puesto": "desk", "pasillo": "aisle", "muelle": "dock", "muelle de carga": "dock",
        "ala": "wing", "laboratorio": "lab", "habitacion": "room",
    },
}  # fmt: skip
_RANK = (
    "building",
    "wing",
    "warehouse",
    "floor",
    "aisle",
    "bay",
    "dock",
    "office",
    "meeting room",
    "room",
    "lab",
    "desk",
)

# Places named by a word alone -> label.
NAMED_PLACES: dict[Lang, dict[str, str]] = {
    "en": {
        "kitchen": "kitchen", "kitchenette": "kitchen", "reception": "reception", "front desk": "reception",
        "lobby": "lobby", "bathroom": "restroom", "restroom": "restroom", "toilet": "restroom",
        "toilets": "restroom", "washroom": "restroom", "men's room": "restroom", "ladies' room": "restroom",
        "parking lot": "parking", "car park": "parking", "garage": "parking", "server room": "server room",
        "break room": "break room", "canteen": "canteen", "cafeteria": "canteen", "basement": "basement",
        "ground floor": "ground floor", "roof": "roof", "rooftop": "roof", "terrace": "terrace",
        "entrance": "entrance", "main entrance": "entrance", "elevator": "elevator", "lift": "elevator",
        "stairs": "stairs", "stairwell": "stairs", "storage room": "storage room", "mailroom": "mailroom",
        "print room": "print room", "open space": "open space", "gym": "gym", "meeting rooms": "meeting room",
        "warehouse": "warehouse", "meeting room": "meeting room", "conference room": "meeting room",
        "boardroom": "meeting room",
    },
    "es": {
        "cocina": "kitchen", "recepcion": "reception", "vestibulo": "lobby",
        "entrada": "entrance", "bano": "restroom", "banos": "restroom", "aseo": "restroom", "aseos": "restroom",
        "servicios": "restroom", "aparcamiento": "parking", "estacionamiento": "parking", "garaje": "parking",
        "sala de servidores": "server room", "cuarto de servidores": "server room", "comedor": "canteen",
        "cafeteria": "canteen", "sotano": "basement", "planta baja": "ground floor", "azotea": "roof",
        "terraza": "terrace", "ascensor": "elevator", "escaleras": "stairs", "sala de descanso": "break room",
        "trastero": "storage room", "cuarto de limpieza": "storage room", "sala de impresion": "print room",
        "gimnasio": "gym", "zona de descanso": "break room", "almacen": "warehouse", "bodega": "warehouse",
        "sala de reuniones": "meeting room", "sala de juntas": "meeting room",
    },
}  # fmt: skip

# Ordinals that may stand before a numbered place ("3rd floor", "segunda planta", "primer piso").
ORDINAL_WORDS: dict[Lang, dict[str, int]] = {
    "en": {
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
        "eighth": 8, "ninth": 9, "tenth": 10, "top": 0,
    },
    "es": {
        "primer": 1, "primera": 1, "primero": 1, "segunda": 2, "segundo": 2, "tercer": 3, "tercera": 3,
        "tercero": 3, "cuarta": 4, "cuarto": 4, "quinta": 5, "quinto": 5, "sexta": 6, "sexto": 6,
        "septima": 7, "septimo": 7, "octava": 8, "octavo": 8, "novena": 9, "noveno": 9, "decima": 10,
        "decimo": 10,
    },
}  # fmt: skip

_NUMBERED = merged(NUMBERED_PLACES)
_NAMED = merged(NAMED_PLACES)
_ORDINALS = {k: v for k, v in merged(ORDINAL_WORDS).items() if v}
_PLACE = words_pattern(_NUMBERED)
_ID = r"(?:n(?:o|um|umber|umero|º)\.?\s*|#\s*)?(?P<id>\d{1,4}[a-z]?|[a-z]\d{0,3})(?![\w'])"
_ORD = rf"(?:(?P<num>\d{{1,2}})(?:st|nd|rd|th|a|o|er|era)?|(?P<word>{words_pattern(_ORDINALS)}))"

_P_PLACE_ID = re.compile(rf"(?<![\w'])(?P<place>{_PLACE})(?:\s+(?:de\s+)?)?\s*{_ID}")
_P_ORDINAL_PLACE = re.compile(rf"(?<![\w'])(?:the\s+|la\s+|el\s+)?{_ORD}\s+(?P<place>floor|level|planta|piso)(?![\w])")
_P_NAMED = re.compile(rf"(?<![\w'])(?:{words_pattern(_NAMED)})(?![\w'])")
# A lone lower-case letter that is really a word ("room a bit cold", "almacén y oficina").
_NOT_IDS = frozenset("a i o y e u".split())
_NUMBER_WORD_IDS = {
    w: v for w, v in ALL_CARDINALS.items() if 1 <= v <= 99 and " " not in w and "-" not in w and w not in ("un", "una")
}
_P_PLACE_WORD_ID = re.compile(rf"(?<![\w'])(?P<place>{_PLACE})\s+(?P<wid>{words_pattern(_NUMBER_WORD_IDS)})(?![\w'])")


@dataclass(frozen=True)
class _Part:
    start: int
    end: int
    kind: str
    label: str


def _id_label(raw_id: str, original: str) -> str | None:
    if raw_id.isdigit() or raw_id[0].isdigit():
        return raw_id.upper()
    if len(raw_id) == 1 and raw_id in _NOT_IDS and not original.isupper():
        return None
    return raw_id.upper()


def _parts(text: str) -> list[_Part]:
    folded = fold(text)
    parts: list[_Part] = []
    for match in _P_PLACE_ID.finditer(folded):
        kind = _NUMBERED[squash(match["place"])]
        label = _id_label(match["id"], text[match.start("id") : match.end("id")])
        if label is not None:
            parts.append(_Part(match.start(), match.end(), kind, f"{kind} {label}"))
    for match in _P_PLACE_WORD_ID.finditer(folded):
        kind = _NUMBERED[squash(match["place"])]
        parts.append(_Part(match.start(), match.end(), kind, f"{kind} {_NUMBER_WORD_IDS[match['wid']]}"))
    for match in _P_ORDINAL_PLACE.finditer(folded):
        number = int(match["num"]) if match["num"] else _ORDINALS[match["word"]]
        parts.append(_Part(match.start(), match.end(), "floor", f"floor {number}"))
    for match in _P_NAMED.finditer(folded):
        label = _NAMED[squash(match.group())]
        parts.append(_Part(match.start(), match.end(), label, label))
    return parts


def extract_location(text: str) -> str | None:
    """A normalised label for the place(s) ``text`` mentions ("floor 3, meeting room B"), or None."""
    kept: list[_Part] = []
    for part in sorted(_parts(text), key=lambda p: (p.start - p.end, p.start)):
        overlaps = any(part.start < other.end and other.start < part.end for other in kept)
        if not overlaps and all(part.kind != other.kind for other in kept):
            kept.append(part)
    if not kept:
        return None
    ordered = sorted(kept, key=lambda p: (_RANK.index(p.kind) if p.kind in _RANK else len(_RANK), p.start))
    return ", ".join(part.label for part in ordered)


def location_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that name a place (other extractors skip them: "3rd floor" is not a date)."""
    return [(part.start, part.end) for part in _parts(text)]
