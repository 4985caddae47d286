"""Extractive answers: the sentences of the best passages that answer a question, quoted and cited, or a refusal."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from knowledge.embeddings import Embedder
from knowledge.keywords import fold, tokenize
from knowledge.types import HR_ANSWER, Answer, Passage

ANSWER_THRESHOLD = 0.342
"""The confidence gate: when the best passage's relevance is below this, the bot refuses and offers HR instead.

Calibrated on tests/data/policy_questions.jsonl with the handbook ingested (USE-m3, hybrid retrieval), so the
figures on that set are optimistic: ``knowledge.evaluation.calibrate_threshold`` puts it midway between the
second-best unanswerable question (0.339: "¿En qué mes se revisan los salarios?") and the next answerable one
(0.346), refusing 11 of 12 unanswerable questions and wrongly refusing 2 of 59 answerable ones (0.311, 0.312).
The margin is thin (0.003 each side); leave-one-out over the set gives 83% refused and 5% wrongly refused.
Re-run the evaluation test after changing the embedder, the chunking or the scoring, and recalibrate.
"""

MAX_PASSAGES = 3
PASSAGE_WINDOW = 0.2
"""Sentences are chosen from the best :data:`MAX_PASSAGES` passages within this relevance of the best one."""

PASSAGE_WEIGHT = 1.0
"""How much a passage's relevance adds to the score of each of its sentences."""

MAX_SENTENCES = 3
"""At most this many sentences (or table rows) are quoted in all, from at most two passages."""

SENTENCE_KEEP_RATIO = 0.7
"""Further sentences are kept only when they score at least this share of the best sentence."""

KEYWORD_SENTENCE_WEIGHT = 0.3
"""How much keyword overlap with the question adds to a sentence's cosine when choosing what to quote."""

FIGURE_BONUS = 0.2
"""Added to a sentence with a figure in it when the question asks for an amount, a time or a date."""

_ASKS_FOR_FIGURE = re.compile(
    r"\b(how (many|much|long|far|soon|often|fast)|what time|when|by what date|deadline|maximum|most|limit|cap|"
    r"cuant[oa]s?|cuando|que hora|a partir de|limite|tope|maximo|plazo|importe|cada cuant)",
)
_FIGURE = re.compile(r"\d")

_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
_ABBREVIATION = re.compile(r"\b(?:Jr|Sr|Mr|Mrs|Ms|Dr|St|vs|etc|e\.g|i\.e|EE|UU|Sra?|Dña?|núm|p\.ej)\.$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z¿¡\"“(0-9ÁÉÍÓÚÑ])")


@dataclass(frozen=True)
class Sentence:
    """One quotable unit of a passage: a sentence of prose or a bullet, or a table row read with its header."""

    text: str
    position: int


def _table_cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _blocks(text: str) -> list[tuple[str, str]]:
    """The passage as (kind, text) blocks: ``prose`` paragraphs and bullets, ``row`` table rows with their header."""
    blocks: list[tuple[str, str]] = []
    current: list[str] = []
    header: list[str] | None = None

    def flush() -> None:
        if current:
            blocks.append(("prose", " ".join(part.strip() for part in current)))
            current.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("|"):
            flush()
            if _TABLE_RULE.match(stripped):
                continue
            cells = _table_cells(stripped)
            if header is None:
                header = cells
                continue
            pairs = [f"{name}: {value}" if name else value for name, value in zip(header, cells, strict=False)]
            blocks.append(("row", " — ".join(pairs)))
            continue
        header = None
        if not stripped or stripped.startswith("#"):
            flush()
        elif _BULLET.match(line):
            flush()
            current.append(_BULLET.sub("", line))
        else:
            current.append(stripped)
    flush()
    return blocks


def _sentences(block: str) -> list[str]:
    """A prose block cut at sentence ends, except after an abbreviation ("Jr.", "e.g.", "EE. UU.")."""
    parts: list[str] = []
    for part in _SENTENCE_END.split(block):
        if parts and _ABBREVIATION.search(parts[-1]):
            parts[-1] = f"{parts[-1]} {part}"
        else:
            parts.append(part)
    return parts


def split_sentences(text: str) -> list[Sentence]:
    """The quotable units of a passage, in order: prose split at sentence ends, bullets, and table rows."""
    units: list[Sentence] = []
    for kind, block in _blocks(text):
        parts = [block] if kind == "row" else _sentences(block)
        for part in parts:
            part = part.strip()
            if part:
                units.append(Sentence(text=part, position=len(units)))
    return units


def _keyword_overlap(question_tokens: set[str], sentence: str) -> float:
    if not question_tokens:
        return 0.0
    return len(question_tokens & set(tokenize(sentence))) / len(question_tokens)


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


def score_sentences(question: str, passages: Sequence[Passage], embedder: Embedder) -> list[ScoredSentence]:
    """Every sentence of ``passages`` scored for ``question``, best first.

    The score is the sentence's cosine with the question, plus keyword overlap (words of the passage's own
    heading left out: they say what the whole passage is about), plus a bonus for a figure when the question asks
    for one, plus a share of the passage's own relevance, so a sentence of a weak passage needs to be much better.
    """
    units = [(number, unit) for number, passage in enumerate(passages) for unit in split_sentences(passage.chunk.text)]
    if not units:
        return []
    vectors = embedder.embed([question, *[unit.text for _, unit in units]])
    cosines = vectors[1:] @ vectors[0]
    tokens = set(tokenize(question))
    headings = [set(tokenize(f"{p.chunk.title} {p.chunk.section}")) for p in passages]
    figure = FIGURE_BONUS if asks_for_figure(question) else 0.0
    scored = [
        ScoredSentence(
            passage=number,
            sentence=unit,
            score=float(cos)
            + KEYWORD_SENTENCE_WEIGHT * _keyword_overlap(tokens - headings[number], unit.text)
            + (figure if _FIGURE.search(unit.text) else 0.0)
            + PASSAGE_WEIGHT * passages[number].score,
        )
        for cos, (number, unit) in zip(cosines, units, strict=True)
    ]
    return sorted(scored, key=lambda item: -item.score)


def select_quotes(question: str, passages: Sequence[Passage], embedder: Embedder) -> list[Passage]:
    """The one or two passages that answer ``question``, each with its best sentences as ``quote``.

    The best sentence over all candidate passages decides the first citation; up to :data:`MAX_SENTENCES`
    sentences in all are kept while they score within :data:`SENTENCE_KEEP_RATIO` of it, from at most two
    passages. Citations are in the order of their best sentence; quotes keep the passage's own sentence order.
    """
    scored = score_sentences(question, passages, embedder)
    if not scored:
        return []
    best = scored[0].score
    kept: dict[int, list[Sentence]] = {scored[0].passage: [scored[0].sentence]}
    for item in scored[1:]:
        if sum(len(found) for found in kept.values()) >= MAX_SENTENCES or item.score < SENTENCE_KEEP_RATIO * best:
            break
        if item.passage not in kept and len(kept) >= 2:
            continue
        kept.setdefault(item.passage, []).append(item.sentence)
    return [
        replace(passages[number], quote=" ".join(unit.text for unit in sorted(found, key=lambda u: u.position)))
        for number, found in kept.items()
    ]


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
    question: str, passages: Sequence[Passage], embedder: Embedder, *, threshold: float = ANSWER_THRESHOLD
) -> Answer:
    """An extractive answer to ``question`` from retrieved ``passages``, or a refusal when they are too weak.

    The quotes are the sentences that matter (a reviewed HR answer is quoted whole), each followed by its
    ``[n]`` marker; ``citations`` holds the quoted passages in that order, with ``quote`` filled in.
    """
    if not passes_gate(passages, threshold):
        return refusal(question, passages)
    best = max(passages, key=lambda p: p.score)
    if best.chunk.kind == HR_ANSWER:  # written by HR for this kind of question: quoted whole
        citations = [replace(best, quote=" ".join(best.chunk.text.split()))]
    else:
        citations = select_quotes(question, candidate_passages(passages), embedder)
    return Answer(
        question=question,
        text=format_quotes(citations),
        citations=citations,
        confidence=max(p.score for p in passages),
        escalate=False,
        searched=list(passages),
        mode="extractive",
    )
