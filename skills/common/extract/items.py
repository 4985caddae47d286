"""Catalog items: pull the item phrase out of a stock question and match it fuzzily (rapidfuzz) to catalog names."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from ._text import Lang, fold, words_pattern

DEFAULT_THRESHOLD = 80.0
"""Lowest rapidfuzz WRatio score (0-100) that counts as a match."""


@dataclass(frozen=True)
class ItemMatch:
    """The catalog name a phrase matched and its rapidfuzz score (0-100)."""

    name: str
    score: float


# Spanish (and a few English) item words -> the English word catalogs usually use, tried when the phrase
# as written matches nothing ("portátiles" -> "laptop").
ITEM_SYNONYMS: dict[str, str] = {
    "portatil": "laptop", "portatiles": "laptop", "ordenador": "computer", "ordenadores": "computer",
    "computadora": "computer", "computadoras": "computer", "notebook": "laptop", "raton": "mouse",
    "ratones": "mouse", "teclado": "keyboard", "teclados": "keyboard", "pantalla": "monitor",
    "pantallas": "monitor", "monitores": "monitor", "silla": "chair", "sillas": "chair", "mesa": "desk",
    "mesas": "desk", "escritorio": "desk", "escritorios": "desk", "papel": "paper", "folios": "paper",
    "boligrafo": "pen", "boligrafos": "pen", "impresora": "printer", "impresoras": "printer",
    "cargador": "charger", "cargadores": "charger", "auriculares": "headset", "cascos": "headset",
    "cable": "cable", "cables": "cable", "toner": "toner", "cartucho": "cartridge", "cartuchos": "cartridge",
    "movil": "phone", "moviles": "phone", "telefono": "phone", "telefonos": "phone", "celular": "phone",
    "celulares": "phone", "grapadora": "stapler", "cuaderno": "notebook", "cuadernos": "notebook",
    "camara": "camera", "camaras": "camera", "adaptador": "adapter", "adaptadores": "adapter",
    "bateria": "battery", "baterias": "battery", "pilas": "battery", "cafe": "coffee", "agua": "water",
    "tijeras": "scissors", "proyector": "projector", "altavoz": "speaker", "altavoces": "speaker",
    "sobres": "envelopes", "carpetas": "folders", "carpeta": "folder",
}  # fmt: skip

# Question frames around an item ("how many X do we have", "cuántos X hay", "stock of X").
ITEM_FRAMES: dict[Lang, tuple[str, ...]] = {
    "en": (
        "how many", "how much", "do we have any", "do we have", "have we got any", "have we got", "is there any",
        "are there any", "any", "stock of", "stock level of", "stock levels for", "stock for", "inventory of",
        "out of", "running low on", "run out of", "low on", "check stock of", "check", "need", "order",
        "receive", "received", "issue", "issued", "move", "moved", "transfer", "add", "remove", "take",
    ),
    "es": (
        "cuantos", "cuantas", "cuanto", "cuanta", "hay", "tenemos", "quedan", "queda", "stock de",
        "existencias de", "inventario de", "nos quedan", "sin", "se acabaron los", "se acabaron las",
        "necesito", "necesitamos", "pedir", "recibimos", "recibir", "mover", "sacar", "anadir", "mete", "saca",
    ),
}  # fmt: skip

# Words that end an item phrase.
ITEM_STOPS = frozenset(
    """do does did are is was were we have has left in at on from to into for there here please
    available remaining right now today tomorrow this that of stock inventory ? , . and or by with under over
    than about left until out
    hay quedan queda tenemos en el la los las del al a de para por que y o disponibles ahora hoy manana
    este esta con sobre en el stock inventario repuesto recambio sobra""".split()
)
_LEADING_NOISE = frozenset(
    "the a an any some more of de los las el la unos unas algun alguna algunos algunas mas spare extra".split()
)
_ALL_FRAMES = [frame for frames in ITEM_FRAMES.values() for frame in frames]
_P_FRAME = re.compile(rf"(?<![\w])(?:{words_pattern(_ALL_FRAMES)})(?![\w])")
_P_COUNT_LEAD = re.compile(
    r"^(?:\d+(?:[.,]\d+)*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|dozen|un|una|uno|dos|tres|cuatro|cinco|"
    r"seis|siete|ocho|nueve|diez|docena)$"
)
_PACKAGING = frozenset(
    """box boxes pack packs package packages unit units case cases piece pieces ream reams bottle bottles pair pairs
    bag bags carton cartons crate crates pallet pallets caja cajas paquete paquetes unidad unidades pieza piezas resma
    resmas botella botellas par pares bolsa bolsas""".split()
)
"""What an item is counted in, skipped before its name ("5 reams of paper" is paper). Not "roll", "can", "set" or
"sheet": they start item names too ("rollo de cocina", "can opener")."""
_WORD = re.compile(r"\d+(?:[.,]\d+)+|[\w'-]+|[?,.!]")  # "1.000" and "2,5" are one word, not a stop inside one
_CONNECTORS = frozenset(("de", "of"))
_P_LEADING_COUNT = re.compile(r"(?<![\w$€£.,])\d+(?:[.,]\d+)*(?=\s)")


def _is_lead(word: str) -> bool:
    return word in _LEADING_NOISE or word in _PACKAGING or _P_COUNT_LEAD.match(word) is not None


def _claimed(token: re.Match[str], skip: Sequence[tuple[int, int]]) -> bool:
    """Whether ``token`` lies in a span another extractor claimed (a place, a date, an amount)."""
    return any(token.start() < end and start < token.end() for start, end in skip)


def _blocked(token: re.Match[str], skip: Sequence[tuple[int, int]]) -> bool:
    return token.group() in ITEM_STOPS or _claimed(token, skip)


def _joins_compound(
    tokens: list[re.Match[str]], at: int, text: str, skip: Sequence[tuple[int, int]], *, packaging_names: bool = False
) -> bool:
    """Whether "de"/"of" at ``at`` joins a compound name ("cartuchos de tóner", "cable de red"): the next word is an
    ordinary item word, not a stop word, a place another extractor claimed, or a proper name ("sillas de Madrid").
    With ``packaging_names`` a packaging word counts as an item word ("cajas de cartón")."""
    if tokens[at].group() not in _CONNECTORS or at + 1 >= len(tokens):
        return False
    following = tokens[at + 1]
    original = text[following.start() : following.end()]
    proper_name = original[:1].isupper() and not original.isupper()
    word = following.group()
    leads = _is_lead(word) and not (packaging_names and word in _PACKAGING)
    return not _blocked(following, skip) and not leads and not proper_name


def _phrase_span(
    tokens: list[re.Match[str]], skip: Sequence[tuple[int, int]], text: str = ""
) -> tuple[int, int] | None:
    """Span of the item words: skip articles, counts and packaging ("5 boxes of"), stop at a stop word (a "de"
    joining a Spanish compound name does not stop it)."""
    first = 0
    while first < len(tokens) and _is_lead(tokens[first].group()):
        first += 1
    # Only counts, articles and packaging, then the end or a stop word: the packaging names the item ("50 cajas de
    # cartón en…"). Before a place another extractor claimed ("5 resmas de MAD-WH") no item was said.
    packaging_names = first >= len(tokens) or (
        tokens[first].group() in ITEM_STOPS and not _claimed(tokens[first], skip)
    )
    if packaging_names:
        first = 0
        while first < len(tokens) and _is_lead(tokens[first].group()) and tokens[first].group() not in _PACKAGING:
            first += 1
    last = first
    while last < len(tokens) and last - first < 6:
        joins = last > first and text and _joins_compound(tokens, last, text, skip, packaging_names=packaging_names)
        if _blocked(tokens[last], skip) and not joins:
            break
        last += 1
    return (tokens[first].start(), tokens[last - 1].end()) if last > first else None


def extract_item_phrase(text: str, *, skip: Sequence[tuple[int, int]] = ()) -> str | None:
    """The item a stock sentence is about ("how many dell latitude laptops do we have" -> "dell latitude laptops").

    Words inside the ``skip`` spans (dates, amounts, places found by other extractors) are never part of it.
    """
    folded = fold(text)
    starts = [m.end() for m in _P_FRAME.finditer(folded)] + [m.start() for m in _P_LEADING_COUNT.finditer(folded)]
    for start in starts:
        if any(s <= start < e for s, e in skip):
            continue
        span = _phrase_span(list(_WORD.finditer(folded, start)), skip, text)
        if span is not None:
            return text[span[0] : span[1]]
    return None


def has_item_frame(text: str) -> bool:
    """Whether a verb or question frame introduces an item in ``text`` ("saca 5 guantes", "how many toners")."""
    return _P_FRAME.search(fold(text)) is not None


def item_answer(text: str) -> str | None:
    """The item a reply to "which item?" names: its item phrase ("saca 5 guantes" -> "guantes"), else its own words
    from the start, counts, articles and packaging skipped ("guantes de nitrilo", "2 cajas de tóner", "GUA-02")."""
    folded = fold(text)
    found = extract_item_phrase(text) if has_item_frame(text) else None
    if found:
        return found
    span = _phrase_span(list(_WORD.finditer(folded)), (), text)
    return text[span[0] : span[1]] if span is not None else None


def _translated(phrase: str) -> str:
    words = fold(phrase).split()
    return " ".join(ITEM_SYNONYMS.get(word, word) for word in words)


def match_item(phrase: str, catalog: Sequence[str], *, threshold: float = DEFAULT_THRESHOLD) -> ItemMatch | None:
    """The catalog name closest to ``phrase`` (rapidfuzz WRatio, accents ignored), if it scores ``threshold``+."""
    if not catalog or not phrase.strip():
        return None
    choices = {name: fold(name) for name in catalog}
    best: ItemMatch | None = None
    for query in dict.fromkeys((fold(phrase), _translated(phrase), _singular(_translated(phrase)))):
        found = process.extractOne(
            query, choices, scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=threshold
        )
        if found is not None and (best is None or found[1] > best.score):
            best = ItemMatch(name=found[2], score=round(float(found[1]), 1))
    return best


def _singular(phrase: str) -> str:
    words = phrase.split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def resolve_item(
    text: str, catalog: Sequence[str] = (), *, threshold: float = DEFAULT_THRESHOLD
) -> tuple[str, ItemMatch | None] | None:
    """The item phrase of ``text`` and its catalog match (None when there is no catalog or no good match)."""
    phrase = extract_item_phrase(text)
    if phrase is None:
        return None
    return phrase, match_item(phrase, catalog, threshold=threshold)
