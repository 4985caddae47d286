"""Measuring policy answers on a question set: retrieval hits, facts found, refusals, timings, and fusion gains."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.embeddings import Embedder
from knowledge.retrieval import HybridRetriever
from knowledge.types import Answer, Chunk, Passage, VectorIndex

AnswerFn = Callable[[str], Answer]
"""Answers one question (retrieval, gate and composition included)."""

RetrieveFn = Callable[[str], list[Passage]]
"""Retrieves the passages for one question, best first."""

TOP_N = 3
"""A question's retrieval counts as a hit when its source document is among this many passages."""


@dataclass(frozen=True)
class Question:
    """One line of the question set: an answerable question names its document, section and a fact to find."""

    question: str
    lang: str
    answerable: bool
    source: str = ""
    section: str = ""
    fact: str = ""


@dataclass(frozen=True)
class Outcome:
    """What happened to one question."""

    question: Question
    answer: Answer
    sources: list[str]
    """The documents of the retrieved passages, best first."""
    seconds: float
    cross_lingual: bool

    @property
    def found_document(self) -> bool:
        """The expected document is among the top :data:`TOP_N` passages."""
        return self.question.source in self.sources[:TOP_N]

    @property
    def found_fact(self) -> bool:
        """The expected fact appears (case-insensitively) in the answer text."""
        return bool(self.question.fact) and self.question.fact.lower() in self.answer.text.lower()

    @property
    def passed(self) -> bool:
        """Answerable: answered with the fact and the document retrieved; unanswerable: refused."""
        if self.question.answerable:
            return self.found_fact and self.found_document and not self.answer.escalate
        return self.answer.escalate


@dataclass(frozen=True)
class Figures:
    """The headline rates for one group of questions (all, one language, cross-lingual)."""

    answerable: int
    unanswerable: int
    document_top3: float
    fact_found: float
    refused: float
    wrongly_refused: float


@dataclass
class EvaluationReport:
    """The figures on a question set, split by language, with each failure and the answer timings."""

    overall: Figures
    by_group: dict[str, Figures]
    failures: list[Outcome]
    outcomes: list[Outcome] = field(repr=False)
    median_seconds: float
    p95_seconds: float


def load_questions(path: Path | str) -> list[Question]:
    """The questions of a JSON-lines file (``question``, ``lang``, ``answerable``, ``source``, ``section``, ``fact``)."""
    questions: list[Question] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        questions.append(
            Question(
                question=row["question"],
                lang=row.get("lang", "en"),
                answerable=bool(row.get("answerable", True)),
                source=row.get("source", ""),
                section=row.get("section", ""),
                fact=row.get("fact", ""),
            )
        )
    return questions


def source_languages(chunks: Iterable[Chunk]) -> dict[str, str]:
    """Each document's language, from its indexed chunks (to tell which questions are cross-lingual)."""
    return {chunk.source: chunk.lang for chunk in chunks}


def _rate(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def figures(outcomes: Sequence[Outcome]) -> Figures:
    """The headline rates over ``outcomes``."""
    answerable = [o for o in outcomes if o.question.answerable]
    unanswerable = [o for o in outcomes if not o.question.answerable]
    return Figures(
        answerable=len(answerable),
        unanswerable=len(unanswerable),
        document_top3=_rate(sum(o.found_document for o in answerable), len(answerable)),
        fact_found=_rate(sum(o.found_fact for o in answerable), len(answerable)),
        refused=_rate(sum(o.answer.escalate for o in unanswerable), len(unanswerable)),
        wrongly_refused=_rate(sum(o.answer.escalate for o in answerable), len(answerable)),
    )


def evaluate(
    answer_fn: AnswerFn,
    retrieve_fn: RetrieveFn,
    questions: Sequence[Question],
    source_langs: Mapping[str, str] | None = None,
) -> EvaluationReport:
    """Run every question through ``retrieve_fn`` and ``answer_fn`` and gather the figures.

    ``source_langs`` (document -> language, see :func:`source_languages`) marks the answerable questions whose
    document is in another language than the question, reported as the ``cross-lingual`` group. Timings are of
    ``answer_fn`` alone.
    """
    langs = source_langs or {}
    outcomes: list[Outcome] = []
    for question in questions:
        sources = [passage.chunk.source for passage in retrieve_fn(question.question)]
        started = time.perf_counter()
        answer = answer_fn(question.question)
        seconds = time.perf_counter() - started
        doc_lang = langs.get(question.source)
        cross = question.answerable and doc_lang is not None and doc_lang != question.lang
        outcomes.append(Outcome(question, answer, sources, seconds, cross))
    by_group: dict[str, Figures] = {}
    for lang in sorted({o.question.lang for o in outcomes}):
        by_group[lang] = figures([o for o in outcomes if o.question.lang == lang])
    crossing = [o for o in outcomes if o.cross_lingual]
    if crossing:
        by_group["cross-lingual"] = figures(crossing)
    timings = sorted(o.seconds for o in outcomes)
    return EvaluationReport(
        overall=figures(outcomes),
        by_group=by_group,
        failures=[o for o in outcomes if not o.passed],
        outcomes=outcomes,
        median_seconds=statistics.median(timings) if timings else 0.0,
        p95_seconds=timings[min(len(timings) - 1, int(0.95 * len(timings)))] if timings else 0.0,
    )


def _percent(value: float) -> str:
    return f"{100 * value:5.1f}%"


def format_report(report: EvaluationReport) -> str:
    """The report as a plain-text table, then the failures one per line."""
    header = f"{'group':<14} {'answerable':>10} {'doc top-3':>9} {'fact':>7} {'unanswerable':>12} {'refused':>8} {'wrongly refused':>15}"
    lines = [header, "-" * len(header)]
    for name, group in [("all", report.overall), *report.by_group.items()]:
        lines.append(
            f"{name:<14} {group.answerable:>10} {_percent(group.document_top3):>9} {_percent(group.fact_found):>7} "
            f"{group.unanswerable:>12} {_percent(group.refused) if group.unanswerable else '-':>8} "
            f"{_percent(group.wrongly_refused):>15}"
        )
    lines.append(f"answer time: median {1000 * report.median_seconds:.1f} ms, p95 {1000 * report.p95_seconds:.1f} ms")
    if report.failures:
        lines.append(f"failures ({len(report.failures)}):")
    for outcome in report.failures:
        question = outcome.question
        if question.answerable:
            why = []
            if outcome.answer.escalate:
                why.append(f"refused (confidence {outcome.answer.confidence:.2f})")
            elif not outcome.found_fact:
                why.append(f"fact {question.fact!r} missing")
            if not outcome.found_document:
                why.append(f"{question.source} not in top {TOP_N} ({', '.join(outcome.sources[:TOP_N])})")
            lines.append(f"  [{question.lang}] {question.question} -> {'; '.join(why)}")
        else:
            cited = ", ".join(p.chunk.source for p in outcome.answer.citations)
            lines.append(
                f"  [{question.lang}] {question.question} -> answered (confidence "
                f"{outcome.answer.confidence:.2f}) from {cited}"
            )
    return "\n".join(lines)


@dataclass(frozen=True)
class RetrievalFigures:
    """How one retrieval mode ranks the answerable questions' documents."""

    name: str
    top1: float
    top3: float
    mrr: float
    cross_lingual_top3: float | None
    """None when no document language was given (or no question crosses languages)."""


def compare_retrieval(
    retrievers: Mapping[str, RetrieveFn],
    questions: Sequence[Question],
    source_langs: Mapping[str, str] | None = None,
) -> list[RetrievalFigures]:
    """Document hit rates (top 1, top 3, mean reciprocal rank) of each named retriever on the answerable questions."""
    answerable = [q for q in questions if q.answerable]
    langs = source_langs or {}
    results: list[RetrievalFigures] = []
    for name, retrieve in retrievers.items():
        top1 = top3 = 0
        reciprocal = 0.0
        cross_hits = cross_total = 0
        for question in answerable:
            sources = [passage.chunk.source for passage in retrieve(question.question)]
            top1 += sources[:1] == [question.source]
            hit = question.source in sources[:TOP_N]
            top3 += hit
            if question.source in sources:
                reciprocal += 1.0 / (sources.index(question.source) + 1)
            if langs.get(question.source, question.lang) != question.lang:
                cross_total += 1
                cross_hits += hit
        count = len(answerable)
        results.append(
            RetrievalFigures(
                name,
                _rate(top1, count),
                _rate(top3, count),
                reciprocal / count if count else 0.0,
                _rate(cross_hits, cross_total),
            )
        )
    return results


def format_retrieval(results: Sequence[RetrievalFigures]) -> str:
    """The retrieval comparison as a plain-text table."""
    lines = [f"{'mode':<10} {'top-1':>7} {'top-3':>7} {'MRR':>6} {'cross-lingual top-3':>20}"]
    for r in results:
        cross = "-" if r.cross_lingual_top3 is None else _percent(r.cross_lingual_top3)
        lines.append(f"{r.name:<10} {_percent(r.top1):>7} {_percent(r.top3):>7} {r.mrr:6.3f} {cross:>20}")
    return "\n".join(lines)


def compare_retrieval_modes(index: VectorIndex, embedder: Embedder, questions: Sequence[Question], k: int = 5) -> str:
    """A table of what fusion gains on ``questions``: vector only, keyword only, hybrid, and reciprocal-rank fusion."""
    retrievers = {
        "vector": HybridRetriever(index, embedder, mode="vector"),
        "keyword": HybridRetriever(index, embedder, mode="keyword"),
        "hybrid": HybridRetriever(index, embedder),
        "rrf": HybridRetriever(index, embedder, fusion="rrf"),
    }
    functions = {name: _top_k(retriever, k) for name, retriever in retrievers.items()}
    return format_retrieval(compare_retrieval(functions, questions, source_languages(index.all_chunks())))


def _top_k(retriever: HybridRetriever, k: int) -> RetrieveFn:
    def retrieve(question: str) -> list[Passage]:
        return retriever.search(question, k=k)

    return retrieve


def calibrate_threshold(answerable: Sequence[float], unanswerable: Sequence[float], refuse_share: float = 0.9) -> float:
    """The lowest confidence threshold that refuses at least ``refuse_share`` of the unanswerable questions.

    ``answerable`` and ``unanswerable`` are the best passages' relevances. The threshold is put midway between
    the unanswerable score it must exceed and the next answerable score above it, so it keeps a margin on both
    sides; the fewest answerable questions fall below it.
    """
    ranked = sorted(unanswerable, reverse=True)
    allowed = len(ranked) - int(-(-refuse_share * len(ranked) // 1))  # how many may pass
    if not ranked:
        return 0.0
    must_exceed = ranked[allowed] if allowed < len(ranked) else 0.0
    above = [score for score in answerable if score > must_exceed]
    return (must_exceed + min(above)) / 2 if above else must_exceed + 1e-6


def leave_one_out(
    answerable: Sequence[float], unanswerable: Sequence[float], refuse_share: float = 0.9
) -> tuple[float, float]:
    """Leave-one-out estimate of (unanswerable refused, answerable wrongly refused) for :func:`calibrate_threshold`.

    Each question is judged by a threshold calibrated on all the others, so the rates are not fitted to it.
    """
    refused = wrongly = 0
    for i, score in enumerate(unanswerable):
        rest = [*unanswerable[:i], *unanswerable[i + 1 :]]
        refused += score < calibrate_threshold(answerable, rest, refuse_share)
    for i, score in enumerate(answerable):
        rest = [*answerable[:i], *answerable[i + 1 :]]
        wrongly += score < calibrate_threshold(rest, unanswerable, refuse_share)
    return _rate(refused, len(unanswerable)), _rate(wrongly, len(answerable))
