"""Finding the item someone means: by SKU, or by any of its names and aliases in either language, typos forgiven.

rapidfuzz scores the item phrase of the sentence (``extract_item_phrase``) against every name, alias and SKU of
every item, accents and case ignored, also after dropping plural endings and the packaging it is counted in
("resmas de papel" is also scored as "papel"); the best score per item ranks the items.
One item clearly ahead is the match; several close together are offered as buttons; none above the threshold
gives the closest names as suggestions. Pure: it never opens the database (``Catalog.of`` takes the items).

A large catalog (over ``SHORTLIST_OVER`` names) is not scored whole: its names are indexed by word, and only the
``SHORTLIST`` names sharing the most words (or near spellings) with the phrase are scored, so a lookup among
50,000 items costs about what one among a hundred does.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process, utils

from skills.common.extract import extract_item_phrase, fold
from skills.common.extract.items import ITEM_STOPS
from skills.common.extract.quantities import UNIT_WORDS
from skills.stock.models import Item

THRESHOLD = 80.0
"""Lowest score (0-100) at which an item counts as meant."""
SUGGEST_OVER = 55.0
"""Lowest score at which an item is offered as a suggestion when nothing matches."""
MARGIN = 3.0
"""Items within this many points of the best are offered together (a real ambiguity)."""

_SKU_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9]")
_WORDS = re.compile(r"[\w-]+")
_QUESTION_NOISE = frozenset(
    """how many much do does we have any is there are left stock check inventory of the a an some spare
    cuantos cuantas cuanto cuanta hay tenemos quedan queda nos de del el la los las algun alguna algunos algunas
    existencias please por favor
    what whats s in who took taken moved used got has been taking quien se llevo llevado cogio cogido saco sacado
    movio movido uso usado ha han this last week month year recently lately semana mes ano pasada pasado ultima
    ultimo este esta""".split()
)
"""Words of a stock question that name no item: how many, where, who moved it and when."""


@dataclass(frozen=True)
class Candidate:
    """An item and how well (0-100) the text matched one of its names."""

    item_id: int
    sku: str
    name: str
    score: float


@dataclass(frozen=True)
class ItemMatches:
    """What a text matched: the phrase read from it and the items, best first."""

    phrase: str
    candidates: tuple[Candidate, ...]

    @property
    def matched(self) -> tuple[Candidate, ...]:
        """The items at or above the threshold within the margin of the best: one is a match, several a choice."""
        if not self.candidates or self.candidates[0].score < THRESHOLD:
            return ()
        best = self.candidates[0].score
        return tuple(c for c in self.candidates if c.score >= THRESHOLD and c.score >= best - MARGIN)

    @property
    def best(self) -> Candidate | None:
        """The one item meant, when exactly one matched."""
        found = self.matched
        return found[0] if len(found) == 1 else None

    @property
    def suggestions(self) -> tuple[Candidate, ...]:
        """When nothing matched: up to three closest items worth suggesting."""
        return tuple(c for c in self.candidates[:3] if c.score >= SUGGEST_OVER)


def name_score(query: str, label: str, **kwargs: Any) -> float:
    """How well ``query`` names ``label`` (0-100): rapidfuzz WRatio, tempered by token_sort_ratio so a phrase that
    is only part of a longer name ("printers" in "printer paper") scores below a whole-name match.

    The 0.7/0.3 weights were chosen on the tuning split of tests/data/stock_lookups.jsonl (see bench/stock_match.py).
    """
    return float(0.7 * fuzz.WRatio(query, label, **kwargs) + 0.3 * fuzz.token_sort_ratio(query, label, **kwargs))


def singular(phrase: str) -> str:
    """``phrase`` with English and Spanish plural endings dropped word by word ("adaptadores" -> "adaptador")."""
    out = []
    for word in phrase.split():
        if len(word) > 4 and word.endswith("es") and word[-3] in "rnlsdz":
            out.append(word[:-2])
        elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            out.append(word[:-1])
        else:
            out.append(word)
    return " ".join(out)


_UNIT_OF = {word: unit for words in UNIT_WORDS.values() for word, unit in words.items()}
_PACKAGING = frozenset(_UNIT_OF)
"""Words an item is counted in, either language ("reams", "cajas", "packs"): "5 reams of paper" is paper."""
_PACKAGING_LINKS = frozenset(("of", "de", "del"))


def without_packaging(phrase: str) -> str:
    """The folded ``phrase`` without the count and packaging it leads with ("resmas de papel" -> "papel", "2 boxes
    of gloves" -> "gloves"); "" when it leads with none, or when nothing else is left ("cajas")."""
    words = phrase.split()
    start = 0
    while start < len(words) and words[start].isdigit():
        start += 1
    if start >= len(words) or words[start] not in _PACKAGING:
        return ""
    start += 1
    if start < len(words) and words[start] in _PACKAGING_LINKS:
        start += 1
    return " ".join(words[start:])


GENERIC_UNITS = frozenset(("unit", "piece"))
"""Units every other item is counted in: saying one tells nothing about which item is meant."""
UNIT_BONUS = 8.0
"""What naming the unit an item is counted in adds to its score: "A4 reams" is the paper, not the A4 folder."""


def units_said(phrase: str) -> tuple[str, set[str]]:
    """The folded ``phrase`` without its packaging words ("a4 reams" -> "a4"; "" when nothing else is left), and the
    particular units they name ({"ream"}; "units" and "pieces" name none)."""
    words = phrase.split()
    kept = [word for word in words if word not in _PACKAGING]
    said = {_UNIT_OF[word] for word in words if word in _PACKAGING} - GENERIC_UNITS
    return (" ".join(kept) if kept != words else ""), said


def phrase_of(text: str, skip: Sequence[tuple[int, int]] = ()) -> str:
    """The item phrase of a sentence ("how many HDMI adapters are left" -> "HDMI adapters"), else its content words."""
    found = extract_item_phrase(text, skip=skip)
    if found:
        return found
    kept = "".join(" " if any(start <= at < end for start, end in skip) else char for at, char in enumerate(text))
    words = [w for w in _WORDS.findall(fold(kept)) if w not in _QUESTION_NOISE and w not in ITEM_STOPS]
    return " ".join(words)


SHORTLIST_OVER = 2_000
"""A catalog with more names than this scores a shortlist of them, not all (a demo catalog has about a hundred)."""
SHORTLIST = 300
"""How many names a large catalog scores: those sharing the most words (or near spellings of them) with the phrase."""
NEAR_WORD = 70.0
"""Lowest rapidfuzz WRatio at which a word of a name counts for a word of the phrase no name holds: a misspelling
of it or a part of it ("tonr" and "toner", "pen" and "pencils")."""


@dataclass(frozen=True)
class Catalog:
    """Every name of every item, folded, ready to match; a large catalog also indexes the words of its names."""

    skus: dict[str, tuple[int, str, str]]
    labels: dict[str, tuple[int, str, str]]
    units: dict[int, str] = field(default_factory=dict)
    """Each item's unit, as the quantity extractor names it (``ream``, ``box``)."""
    words: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Each word of the names (rapidfuzz-processed) -> the positions in ``labels`` of the names holding it; empty
    for a catalog of up to ``SHORTLIST_OVER`` names, which is scored whole."""
    names: tuple[str, ...] = ()
    """A large catalog's names in ``labels`` order, and its words, kept so a question does not copy them."""
    vocabulary: tuple[str, ...] = ()

    @classmethod
    def of(cls, items: Iterable[Item]) -> Catalog:
        """The catalog of ``items`` (their SKUs, names and aliases)."""
        skus: dict[str, tuple[int, str, str]] = {}
        labels: dict[str, tuple[int, str, str]] = {}
        units: dict[int, str] = {}
        for item in items:
            entry = (item.id, item.sku, item.name)
            skus[item.sku.upper()] = entry
            unit = fold(item.unit or "").strip()
            units[item.id] = _UNIT_OF.get(unit, unit)
            for label in item.names():
                folded = fold(label).strip()
                if folded:
                    labels.setdefault(folded, entry)
                    labels.setdefault(singular(folded), entry)
        if len(labels) <= SHORTLIST_OVER:
            return cls(skus, labels, units)
        words = _word_index(labels)
        return cls(skus, labels, units, words, tuple(labels), tuple(words))

    def choices(self, queries: Iterable[str]) -> list[str]:
        """The names worth scoring for ``queries``: all of them, or in a large catalog the ``SHORTLIST`` names
        holding the most words of the queries (for a word no name holds, its near spellings)."""
        if not self.words:
            return list(self.labels)
        names, vocabulary = self.names, self.vocabulary
        hits: Counter[int] = Counter()
        for word in {word for query in queries for word in utils.default_process(query).split()}:
            if word in self.words:  # a word some name holds: no need to look for its near spellings
                hits.update(self.words[word])
                continue
            for near, _, _ in process.extract(word, vocabulary, scorer=fuzz.WRatio, score_cutoff=NEAR_WORD, limit=None):
                hits.update(self.words[near])
        return [names[position] for position, _ in hits.most_common(SHORTLIST)]

    def by_sku(self, text: str) -> Candidate | None:
        """The item whose SKU the text contains as a word ("LAP-DELL", "lap-dell"), if any."""
        for token in _SKU_TOKEN.findall(text):
            entry = self.skus.get(token.upper())
            if entry is not None:
                return Candidate(entry[0], entry[1], entry[2], 100.0)
        return None

    def by_whole_name(self, text: str) -> Candidate | None:
        """The item whose name or alias of two or more words the text says whole, in the singular or not ("do we
        have any USB-C to HDMI adapters?"): the longest such name, if any. A phrase extractor may cut a name at a
        linking word ("to", "de"); a name said whole is as sure as its SKU."""
        spoken = " ".join(_WORDS.findall(fold(text)))
        said = {f" {spoken} ", f" {singular(spoken)} "}
        found = [label for label in self.labels if " " in label and any(f" {label} " in s for s in said)]
        if not found:
            return None
        entry = self.labels[max(found, key=len)]
        return Candidate(entry[0], entry[1], entry[2], 100.0)

    def match(self, text: str, *, skip: Sequence[tuple[int, int]] = (), phrase: str | None = None) -> ItemMatches:
        """The items ``text`` (or the already extracted ``phrase``) names, best first."""
        exact = self.by_sku(text) or (self.by_sku(phrase) if phrase else None) or self.by_whole_name(text)
        wanted = phrase if phrase is not None else phrase_of(text, skip)
        if exact is not None:
            return ItemMatches(wanted, (exact,))
        folded = fold(wanted).strip()
        if not folded or not self.labels:
            return ItemMatches(wanted, ())
        best: dict[int, Candidate] = {}
        bare = without_packaging(folded)
        unpacked, _ = units_said(folded)
        _, said = units_said(fold(text))  # "how many reams of A4": the phrase is "a4", the unit is in the question
        queries = list(dict.fromkeys(q for q in (folded, singular(folded), bare, singular(bare), unpacked) if q))
        choices = self.choices(queries)
        for query in queries:
            for label, score, _ in process.extract(
                query, choices, scorer=name_score, processor=utils.default_process, limit=12
            ):
                item_id, sku, name = self.labels[label]
                if self.units.get(item_id) in said:
                    score = min(100.0, float(score) + UNIT_BONUS)
                if item_id not in best or best[item_id].score < score:
                    best[item_id] = Candidate(item_id, sku, name, round(float(score), 1))
        ranked = sorted(best.values(), key=lambda c: (-c.score, c.sku))
        return ItemMatches(wanted, tuple(ranked))


def _word_index(labels: dict[str, tuple[int, str, str]]) -> dict[str, tuple[int, ...]]:
    """Each processed word of the names -> the positions of the names holding it."""
    index: dict[str, list[int]] = {}
    for position, label in enumerate(labels):
        for word in set(utils.default_process(label).split()):
            index.setdefault(word, []).append(position)
    return {word: tuple(positions) for word, positions in index.items()}
