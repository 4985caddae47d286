"""Where a stock sentence says things are, as the person wrote it: "at the NY warehouse", "en el almacén de Madrid",
"from Madrid to Barcelona", "de Madrid a Barcelona".

The phrases are kept raw (original case and accents); a skill matches them against its own places (the locations
tree). ``location_spans``'s labels ("floor 3") answer a different question: what kind of place, not which one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ._date_words import MONTHS
from ._text import fold
from .dates import DateRange, find_dates

# "from X to Y" / "de X a Y" / "del X al Y": X may not itself contain "de"/"del" ("5 paquetes de folios de Madrid a
# Barcelona" moves from Madrid, not from "folios de Madrid").
_END = r"(?=\s*(?:$|[,.;:?!]|\s(?:for|because|please|today|now|para|porque|hoy|ahora|por\s+favor)\b))"
_P_TRANSFER_EN = re.compile(
    rf"(?<![\w])from\s+(?:the\s+)?(?P<src>(?:(?!\bto\b|\binto\b)[^,.;:?!])+?)\s+(?:to|into)\s+(?:the\s+)?"
    rf"(?P<dst>[^,.;:?!]+?){_END}"
)
_P_TRANSFER_ES = re.compile(
    rf"(?<![\w])(?:desde|del|de)\s+(?:el\s+|la\s+)?(?P<src>(?:(?!\bdel?\b|\ba\b|\bal\b)[^,.;:?!])+?)\s+"
    rf"(?:a\s+la|al|a|hasta\s+el|hasta\s+la|hasta|hacia)\s+(?P<dst>[^,.;:?!]+?){_END}"
)
_P_TO_EN = re.compile(rf"(?<![\w])(?:to|into)\s+(?:the\s+)?(?P<dst>[^,.;:?!]+?){_END}")
_P_TO_ES = re.compile(rf"(?<![\w])(?:a\s+la|al|a\s+el|hacia|hasta)\s+(?P<dst>[^,.;:?!]+?){_END}")
_P_TO_NAME_ES = re.compile(rf"(?<![\w])a\s+(?P<dst>[A-ZÁÉÍÓÚÑ][^,.;:?!]*?){_END}")
_AT_WORDS = frozenset("at in on from inside en del desde dentro".split())
_STOP = frozenset(
    """at in on from to into for because please today now this that and or with by left remaining right there
    available do does is are was have has we i you it stock inventory
    en del desde a al para porque hoy ahora esta este y o con por quedan queda hay tenemos disponibles stock
    inventario que""".split()
)
_TAKE_WORDS = frozenset(
    "take took taking taken get got pull pulled remove removed issue issued grab grabbed bring".split()
)
"""Verbs that make a later "out of" say where from ("take 2 out of the NY warehouse"), not "none left" ("are we out
of paper?")."""
_ARTICLES = frozenset("the a an el la los las".split())
_WORD = re.compile(r"[\w'-]+|[^\w\s]")
MAX_WORDS = 5


@dataclass(frozen=True)
class PlacePhrases:
    """The places a sentence names, raw: where things are (``at``), and a transfer's source and destination."""

    at: tuple[str, ...] = ()
    source: str | None = None
    destination: str | None = None
    spans: tuple[tuple[int, int], ...] = ()


def _transfer(text: str, folded: str) -> tuple[tuple[str, str], list[tuple[int, int]]] | None:
    for pattern in (_P_TRANSFER_EN, _P_TRANSFER_ES):
        match = pattern.search(folded)
        if match is not None:
            spans = [match.span("src"), match.span("dst")]
            return (text[slice(*spans[0])].strip(), text[slice(*spans[1])].strip()), spans
    return None


def _at_phrases(text: str, folded: str) -> list[tuple[str, tuple[int, int]]]:
    tokens = list(_WORD.finditer(folded))
    found: list[tuple[str, tuple[int, int]]] = []
    index = 0
    while index < len(tokens):
        word = tokens[index].group()
        out_of = (  # "take 2 out of the NY warehouse", not "we ran out of toner"
            word == "of"
            and index > 1
            and tokens[index - 1].group() == "out"
            and any(token.group() in _TAKE_WORDS for token in tokens[: index - 1])
        )
        if word not in _AT_WORDS and not out_of:
            index += 1
            continue
        first = index + 1
        while first < len(tokens) and tokens[first].group() in _ARTICLES:
            first += 1
        last = first
        while last < len(tokens) and last - first < MAX_WORDS:
            word = tokens[last].group()
            connector = word in ("de", "of") and last > first
            original = text[tokens[last].start() : tokens[last].end()]
            label = len(original) == 1 and original.isupper() and last > first  # "shelf A", "almacén B"
            if (word in _STOP or not word[0].isalnum()) and not connector and not label:
                break
            last += 1
        while last > first and tokens[last - 1].group() in ("de", "of"):
            last -= 1
        if last > first:
            span = (tokens[first].start(), tokens[last - 1].end())
            found.append((text[span[0] : span[1]], span))
        index = max(last, index + 1)
    return found


_ANY_DAY = date(2000, 1, 1)
"""Where a sentence's dates are counted from: only where they are matters here, not which day they are."""
_MONTH_NAMES = frozenset(word for table in MONTHS.values() for word in table if len(word) > 3 or word == "may")
_TRAILING_GLUE = re.compile(r"[\s,]*(?:\b(?:the|el|la|on|de|del|of)\b[\s,]*)*$", re.IGNORECASE)


def _before_dates(
    text: str, phrase: str, span: tuple[int, int], days: list[tuple[int, int]]
) -> tuple[str, tuple[int, int]] | None:
    """A place phrase without the day it runs into ("almacén de Madrid el lunes" → "almacén de Madrid", ``days``
    being where the sentence's dates are), or None when it is only a day ("on Monday", "on the 3rd", "in May")."""
    if fold(phrase) in _MONTH_NAMES:
        return None
    cut = min((start for start, end in days if start < span[1] and end > span[0]), default=None)
    if cut is None:
        return phrase, span
    head = _TRAILING_GLUE.sub("", text[span[0] : max(cut, span[0])])
    return (head, (span[0], span[0] + len(head))) if head.strip() else None


def _date_spans(text: str) -> list[tuple[int, int]]:
    return [result.span for result in find_dates(text, today=_ANY_DAY) if isinstance(result, DateRange)]


def place_phrases(text: str) -> PlacePhrases:
    """The places ``text`` names: a transfer's "from X to Y" (either language), else every "at/in/en/del X"."""
    folded = fold(text)
    days = _date_spans(text)
    transfer = _transfer(text, folded)
    if transfer is not None:  # not "from Monday to Friday"
        (source, target), (source_span, target_span) = transfer
        source_kept = _before_dates(text, source, source_span, days)
        target_kept = _before_dates(text, target, target_span, days)
        if source_kept and target_kept:
            return PlacePhrases(at=(), source=source_kept[0].strip(), destination=target_kept[0].strip(),
                                spans=(source_kept[1], target_kept[1]))  # fmt: skip
    at = [kept for phrase, span in _at_phrases(text, folded) if (kept := _before_dates(text, phrase, span, days))]
    destination: str | None = None
    spans = [span for _, span in at]
    for pattern, source_text in ((_P_TO_EN, folded), (_P_TO_ES, folded), (_P_TO_NAME_ES, text)):
        match = pattern.search(source_text)
        if match is not None:
            kept = _before_dates(text, text[slice(*match.span("dst"))], match.span("dst"), days)
            if kept is not None:
                destination = kept[0].strip()
                spans.append(kept[1])
            break
    return PlacePhrases(at=tuple(phrase for phrase, _ in at), destination=destination, spans=tuple(spans))


def place_slots(text: str, found: PlacePhrases | None = None) -> dict[str, str]:
    """``place`` (a transfer's source, or the places named, ", "-joined) and ``to_place``, when the text has them
    (``found``: its phrases, when the caller read them already)."""
    found = found if found is not None else place_phrases(text)
    slots: dict[str, str] = {}
    place = found.source or ", ".join(found.at)
    if place:
        slots["place"] = place
    if found.destination:
        slots["to_place"] = found.destination
    return slots
