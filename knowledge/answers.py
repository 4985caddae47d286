"""Extractive answers: the sentences of the best passages that answer a question, quoted and cited, or a refusal."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from knowledge.documents import guess_language
from knowledge.embeddings import Embedder
from knowledge.keywords import fold, tokenize
from knowledge.sentences import (
    Sentence,
    introduces_list,
    list_intro,
    list_items,
    points_to,
    refers_back,
    split_sentences,
)
from knowledge.terms import Term, TermMatcher, Vocabulary, key_terms
from knowledge.types import HR_ANSWER, Answer, Passage

__all__ = ["Sentence", "split_sentences"]  # re-exported: callers quote units by these names

ANSWER_THRESHOLD = 0.342
"""The relevance gate: when the best passage's relevance is below this, the bot refuses and offers HR instead.

Chosen on the demo handbook's tuning set (knowledge/eval/policy_questions.jsonl) before the coverage gate below
existed; the two gates together were checked on the tuning sets of both handbooks and judged on their held-out sets.
"""

COVERAGE_GATE = 0.1
"""The coverage gate: a quoted sentence (with its heading) must cover at least this share of the question's key
terms (weighted by :func:`term_weights`, in either language), or the bot refuses."""

SENTENCE_GATE = 0.98
"""The sentence gate: the best quoted sentence's score (:func:`score_sentences`) must reach this, or the bot refuses.

With :data:`ANSWER_THRESHOLD`, :data:`COVERAGE_GATE` and the missing-topic rule (:meth:`Vocabulary.missing_topics`),
chosen on the tuning sets of both handbooks (129 answerable, 26 unanswerable questions): 81 % of the unanswerable
questions refused, 4 % of the answerable ones wrongly refused. Refusing 92 % there (a sentence gate of 1.18)
wrongly refuses 22 %: the questions that sound close (a wedding, contractors' leave) score like answerable ones.
"""

# The constants below were chosen on the tuning sets (knowledge/eval/policy_questions.jsonl and
# tests/data/handbook-18f/questions.jsonl); the held-out sets beside them were not used to choose any value.

MAX_PASSAGES = 5
PASSAGE_WINDOW = 0.35
"""Sentences are chosen from the best :data:`MAX_PASSAGES` passages within this relevance of the best one."""

PASSAGE_WEIGHT = 1.0
"""How much a passage's relevance adds to the score of each of its sentences."""

MAX_SENTENCES = 3
"""At most this many sentences (or table rows) are quoted in all, from at most two passages (antecedents apart)."""

SENTENCE_KEEP_RATIO = 0.8
"""A further sentence is quoted only when it scores at least this share of the best one (and adds a term)."""

TIE_RATIO = 0.9
"""A sentence scoring this close to the best one is as good an answer: quoted beside it, new term or not."""

CROSS_LINGUAL_BONUS = 0.1
"""Added to the cosine of a sentence in another language than the question's: USE-m3 scores a same-language pair
higher for the language alone, which made a Spanish question quote a Spanish sentence on another subject."""

KEYWORD_SENTENCE_WEIGHT = 0.3
"""How much term coverage (0..1, rarer terms weigh more, see :func:`term_weights`) adds to a sentence's cosine."""

SECOND_PASSAGE_COSINE = 0.3
"""A sentence from a second passage is quoted only when its own cosine with the question reaches this."""

FIGURE_BONUS = 0.1
"""Added to a sentence with a figure in it when the question asks for an amount, a time or a date."""

LEAD_BONUS = 0.06
"""Added to a passage's first sentence (half to the second, a third to the third...): a section states its main
rule first and its exceptions after ("You get 22 working days" before "Up to 5 unused days carry over")."""

_ASKS_FOR_FIGURE = re.compile(
    r"\b(how (many|much|long|far|soon|often|fast|early|quickly)|what time|when|by what date|deadline|maximum|most|"
    r"limit|cap|up to what|cuant[oa]s?|cuando|que hora|a partir de|limite|tope|maximo|plazo|importe|cada cuant|"
    r"hasta que|en que plazo)",
)
_FIGURE = re.compile(r"\d")
_COUNTED = re.compile(r"\b(?:how many|cuant[oa]s)\s+(\w+)(?:\s+(\w+))?")
_NUMBER_THEN_WORDS = re.compile(r"\d[\d.,:]*\s*((?:[^\W\d]+[\s-]+){0,2}[^\W\d]+)")


def counted_words(question: str) -> list[str]:
    """What a "how many …" question counts: the word or two after it ("¿cuántos días…" -> ["dias", "de"])."""
    match = _COUNTED.search(fold(question))
    return [word for word in match.groups() if word] if match else []


COUNTED_MATCH = 0.85
"""Word-vector cosine for "the same unit": a translation ("días"/"days" 0.94), not a neighbour ("days"/"weeks")."""


def counts_that(text: str, counted: Sequence[Term], matcher: TermMatcher) -> bool:
    """Whether ``text`` has a number followed closely by what the question counts ("22 working days")."""
    phrases = [match.group(1) for match in _NUMBER_THEN_WORDS.finditer(text)]
    return bool(phrases) and any(matcher.covered(counted, phrases, COUNTED_MATCH))


def question_language(question: str) -> str:
    """``"es"`` for a question in Spanish (an opening ``¿`` or mostly Spanish words), else ``"en"``."""
    return "es" if "¿" in question or guess_language(question) == "es" else "en"


def asks_for_figure(question: str) -> bool:
    """Whether ``question`` asks for an amount, a duration, a time or a date (English or Spanish)."""
    return _ASKS_FOR_FIGURE.search(fold(question)) is not None


@dataclass(frozen=True)
class ScoredSentence:
    """A quotable unit of one of the candidate passages, scored against the question."""

    passage: int
    """Index of its passage in the candidate list."""
    sentence: Sentence
    score: float
    cosine: float = 0.0
    """Its own similarity to the question, before terms, figures and the passage's relevance are added."""
    terms: frozenset[str] = frozenset()
    """The question's key terms (stems) it covers, or its passage's heading does."""
    own_terms: frozenset[str] = frozenset()
    """The question's key terms covered by its own words (its passage's heading left out)."""
    coverage: float = 0.0
    """The share of the question's key terms in :attr:`terms`, each weighted by :func:`term_weights` (0..1)."""
    figure: bool = False
    """Whether it has a figure in it."""


def term_weights(question_terms: set[str], units: Sequence[set[str] | frozenset[str]]) -> dict[str, float]:
    """How telling each question term is among ``units`` (the terms each covers): the rarer among them, the more.

    The keyword index's smoothed idf formula, counted over the candidate sentences instead of the whole handbook:
    "Madrid" is common in the handbook but tells one row of a city table from the others. A term no unit covers
    weighs most, so a sentence's coverage stays low when much of the question is found nowhere.
    """
    count = len(units)
    return {term: math.log(1 + (count + 1) / (sum(term in unit for unit in units) + 0.5)) for term in question_terms}


def _off_key_rows(question_terms: set[str], units: Sequence[tuple[int, Sentence]]) -> set[int]:
    """Which ``units`` are table rows about something else than the question names, while a sibling row names it.

    The rows of a table are alternatives told apart by their first cell (a city, a priority): when the question
    names what some rows' first cells name ("Madrid", "low"), the other rows of that table do not answer it.
    """
    tables: dict[tuple[int, int], list[tuple[int, bool]]] = {}
    for position, (number, unit) in enumerate(units):
        if unit.table is not None:
            named = bool(question_terms & set(tokenize(unit.key)))
            tables.setdefault((number, unit.table), []).append((position, named))
    off: set[int] = set()
    for rows in tables.values():
        if any(named for _, named in rows):
            off.update(position for position, named in rows if not named)
    return off


def _passage_units(passages: Sequence[Passage]) -> list[list[Sentence]]:
    return [split_sentences(passage.chunk.text) for passage in passages]


MIN_WORDS = 5
"""A unit with fewer words and no figure is a label, a link title or a heading echo, not an answer to quote."""


def _not_quotable(passages: Sequence[Passage], units: Sequence[tuple[int, Sentence]]) -> set[int]:
    """Which ``units`` say nothing worth quoting: a question ("Which receipts must I keep?"), a label of fewer than
    :data:`MIN_WORDS` words without a figure ("OPM page about VLTP"), or a pointer to another candidate's document
    ("see gastos-espana.md", which adds nothing when that document is a candidate itself)."""
    sources = {passage.chunk.source for passage in passages}
    skipped: set[int] = set()
    for position, (_, unit) in enumerate(units):
        text = unit.text.rstrip()
        short = len(text.split()) < MIN_WORDS and unit.table is None and _FIGURE.search(text) is None
        if text.endswith("?") or short or points_to(text) in sources:
            skipped.add(position)
    return skipped


def _embedded(passage: Passage, unit: Sentence) -> str:
    """What a sentence is embedded as: after its section's own heading, which gives a short sentence its subject."""
    if passage.chunk.section:
        return f"{passage.chunk.section.split(' > ')[-1]}: {unit.text}"
    return unit.text


def score_sentences(
    question: str, passages: Sequence[Passage], embedder: Embedder, matcher: TermMatcher | None = None
) -> list[ScoredSentence]:
    """Every sentence of ``passages`` scored for ``question``, best first.

    The score is the sentence's cosine with the question, plus its term coverage (the question's key terms it or
    its passage's heading covers, in either language, each weighted by :func:`term_weights`, so the term that tells
    the candidates apart counts most), plus a bonus for a figure when the question asks for one, plus a share of
    the passage's own relevance. Table rows about something else than the question names, and units not worth
    quoting (:func:`_not_quotable`), are left out.
    """
    matcher = matcher or TermMatcher(embedder)
    units = [(number, unit) for number, found in enumerate(_passage_units(passages)) for unit in found]
    if not units:
        return []
    # Through the matcher's cache: a warm process embeds each passage's sentences once, not for every question.
    vectors = matcher.vectors([question, *[_embedded(passages[number], unit) for number, unit in units]])
    cosines = vectors[1:] @ vectors[0]
    terms: list[Term] = key_terms(question)
    stems = {term.stem for term in terms}
    headings = matcher.covered(terms, [f"{p.chunk.title} {p.chunk.section}" for p in passages])
    own_terms = matcher.covered(terms, [unit.text for _, unit in units])
    unit_terms = [own | headings[number] for own, (number, _) in zip(own_terms, units, strict=True)]
    weights = term_weights(stems, unit_terms)
    total = sum(weights.values())
    figure = FIGURE_BONUS if asks_for_figure(question) else 0.0
    counted = [term for term in key_terms(" ".join(counted_words(question)))]
    lang = question_language(question)
    skipped = _off_key_rows(set(tokenize(question)), units) | _not_quotable(passages, units)
    scored: list[ScoredSentence] = []
    for position, (cos, (number, unit), covered, own) in enumerate(
        zip(cosines, units, unit_terms, own_terms, strict=True)
    ):
        if position in skipped:
            continue
        coverage = sum(weights[term] for term in covered) / total if total else 0.0
        crossing = CROSS_LINGUAL_BONUS if passages[number].chunk.lang != lang else 0.0
        has_figure = _FIGURE.search(unit.text) is not None
        if has_figure and counted:  # "how many days": a figure counts only when it counts days
            has_figure = counts_that(unit.text, counted, matcher)
        score = (
            float(cos)
            + crossing
            + KEYWORD_SENTENCE_WEIGHT * coverage
            + (figure if has_figure else 0.0)
            + LEAD_BONUS / (1 + unit.position)
            + PASSAGE_WEIGHT * passages[number].score
        )
        scored.append(ScoredSentence(number, unit, score, float(cos), covered, own, coverage, has_figure))
    return sorted(scored, key=lambda item: -item.score)


def adds_evidence(item: ScoredSentence, quoted: Sequence[ScoredSentence], wants_figure: bool) -> bool:
    """Whether ``item`` brings what the ``quoted`` sentences lack: a key term of its own, or the figure asked for.

    A sentence that only repeats terms already quoted is padding, however close its score. From another passage
    than the quoted ones, it must also be a match of its own (cosine at least :data:`SECOND_PASSAGE_COSINE`).
    """
    if item.passage not in {other.passage for other in quoted} and item.cosine < SECOND_PASSAGE_COSINE:
        return False
    covered = frozenset().union(*(other.terms for other in quoted))
    if item.own_terms - covered:
        return True
    return wants_figure and item.figure and not any(other.figure for other in quoted)


LIST_ITEMS = 6
"""A quoted sentence that introduces a list ("The medical note should include:") brings at most this many items."""


def _with_context(chosen: list[ScoredSentence], units: Sequence[Sequence[Sentence]]) -> dict[int, list[Sentence]]:
    """The chosen sentences by passage, each with the neighbours it needs to be read on its own.

    A sentence that refers back ("Because of this contribution") brings the sentence before it; one that
    introduces a list brings the list's items; a list item brings the sentence that introduces its list.
    """
    by_passage: dict[int, list[Sentence]] = {}
    for item in chosen:
        found = by_passage.setdefault(item.passage, [])
        own = units[item.passage]
        sentence = item.sentence
        needed: list[Sentence] = []
        if refers_back(sentence.text) and sentence.position > 0 and own[sentence.position - 1].table is None:
            needed.append(own[sentence.position - 1])
        intro = list_intro(own, sentence.position)
        if intro is not None:
            needed.append(intro)
        needed.append(sentence)
        if introduces_list(own, sentence.position):
            needed.extend(list_items(own, sentence.position, LIST_ITEMS))
        found.extend(unit for unit in needed if unit not in found)
    return by_passage


def _words(text: str) -> str:
    return " ".join(fold(text).split())


def choose_sentences(
    question: str, passages: Sequence[Passage], embedder: Embedder, matcher: TermMatcher | None = None
) -> list[ScoredSentence]:
    """The sentences that answer ``question``, best first: the best one, then only those that add a term or figure.

    Further sentences must score within :data:`SENTENCE_KEEP_RATIO` of the best and add evidence
    (:func:`adds_evidence`); at most :data:`MAX_SENTENCES` from at most two passages.
    """
    scored = score_sentences(question, passages, embedder, matcher)
    if not scored:
        return []
    best = scored[0]
    wants_figure = asks_for_figure(question)
    chosen = [best]
    for item in scored[1:]:
        if len(chosen) >= MAX_SENTENCES or item.score < SENTENCE_KEEP_RATIO * best.score:
            break
        if _words(item.sentence.text) in {_words(found.sentence.text) for found in chosen}:
            continue  # the same words again (a page repeating a line, two chunks sharing it): a tie that adds nothing
        passages_used = {found.passage for found in chosen}
        if item.passage not in passages_used and len(passages_used) >= 2:
            continue
        tie = item.score >= TIE_RATIO * best.score
        if tie or adds_evidence(item, chosen, wants_figure):
            chosen.append(item)
    return chosen


def quote_passages(
    chosen: Sequence[ScoredSentence], passages: Sequence[Passage], units: Sequence[Sequence[Sentence]] | None = None
) -> list[Passage]:
    """One citation per passage the ``chosen`` sentences come from, in order of their best sentence, with its quote.

    A quote keeps the passage's own sentence order and includes the neighbours a chosen sentence needs.
    """
    units = units if units is not None else _passage_units(passages)
    grouped = _with_context(list(chosen), units)
    return [
        replace(passages[number], quote=" ".join(s.text for s in sorted(found, key=lambda s: s.position)))
        for number, found in grouped.items()
    ]


def select_quotes(
    question: str, passages: Sequence[Passage], embedder: Embedder, matcher: TermMatcher | None = None
) -> list[Passage]:
    """The one or two passages that answer ``question``, each with its chosen sentences as ``quote``."""
    return quote_passages(choose_sentences(question, passages, embedder, matcher), passages)


def citation_label(passage: Passage) -> str:
    """How a passage is cited: ``leave.md — Leave types > Vacation`` (or the document title when it has no section)."""
    chunk = passage.chunk
    where = chunk.section or chunk.title
    return f"{chunk.source} — {where}" if where else chunk.source


def refusal(question: str, passages: Sequence[Passage]) -> Answer:
    """The answer when nothing found is good enough: no text, no citations, escalate, with what was searched."""
    confidence = max((p.score for p in passages), default=0.0)
    return Answer(
        question=question,
        text="",
        citations=[],
        confidence=confidence,
        escalate=True,
        searched=list(passages),
        mode="none",
    )


def passes_gate(passages: Sequence[Passage], threshold: float = ANSWER_THRESHOLD) -> bool:
    """Whether the best passage is relevant enough to answer from at all."""
    return bool(passages) and max(p.score for p in passages) >= threshold


def covers_question(
    chosen: Sequence[ScoredSentence], gate: float = COVERAGE_GATE, sentence_gate: float = SENTENCE_GATE
) -> bool:
    """Whether the best chosen sentence is a strong enough match and one covers enough of the question's key terms."""
    if not chosen or chosen[0].score < sentence_gate:
        return False
    return any(item.coverage >= gate for item in chosen)


def candidate_passages(passages: Sequence[Passage]) -> list[Passage]:
    """The passages worth quoting from: the best few, within :data:`PASSAGE_WINDOW` of the best relevance."""
    ranked = sorted(passages, key=lambda p: -p.score)
    if not ranked:
        return []
    return [
        p for p in ranked[:MAX_PASSAGES] if p.score >= ranked[0].score - PASSAGE_WINDOW and p.chunk.kind != HR_ANSWER
    ]


def format_quotes(citations: Sequence[Passage]) -> str:
    """The answer text: each citation's quote as a quoted line ending in its ``[n]`` marker, in citation order."""
    return "\n".join(f"> {p.quote} [{number}]" for number, p in enumerate(citations, start=1))


def compose_answer(
    question: str,
    passages: Sequence[Passage],
    embedder: Embedder,
    *,
    threshold: float = ANSWER_THRESHOLD,
    coverage_gate: float = COVERAGE_GATE,
    sentence_gate: float = SENTENCE_GATE,
    matcher: TermMatcher | None = None,
    vocabulary: Vocabulary | None = None,
) -> Answer:
    """An extractive answer to ``question`` from retrieved ``passages``, or a refusal when they do not answer it.

    It refuses when the best passage is below ``threshold``, when the question names a topic no policy word
    matches (with a ``vocabulary`` of the index: "wedding", "becarios"), or when the sentences worth quoting are
    weak (below ``sentence_gate``) or cover less than ``coverage_gate`` of the question's key terms. The quotes are the sentences that matter (a reviewed HR answer
    is quoted whole), each followed by its ``[n]`` marker; ``citations`` holds the quoted passages in that order.
    """
    if not passes_gate(passages, threshold):
        return refusal(question, passages)
    best = max(passages, key=lambda p: p.score)
    if best.chunk.kind != HR_ANSWER and vocabulary is not None and vocabulary.missing_topics(question):
        return refusal(question, passages)
    if best.chunk.kind == HR_ANSWER:  # written by HR for this kind of question: quoted whole
        citations = [replace(best, quote=" ".join(best.chunk.text.split()))]
    else:
        candidates = candidate_passages(passages)
        chosen = choose_sentences(question, candidates, embedder, matcher)
        if not covers_question(chosen, coverage_gate, sentence_gate):
            return refusal(question, passages)
        citations = quote_passages(chosen, candidates)
    return Answer(
        question=question,
        text=format_quotes(citations),
        citations=citations,
        confidence=max(p.score for p in passages),
        escalate=False,
        searched=list(passages),
        mode="extractive",
    )
