"""A real handbook nobody here wrote (18F, public domain): its question sets, clean ingestion, and held-out figures."""

from __future__ import annotations

import re

import pytest

from knowledge.documents import find_documents, load_document
from knowledge.embeddings import Embedder
from knowledge.evaluation import EvaluationReport, Question, evaluate, format_report, load_questions, source_languages
from knowledge.pipeline import AnswerPipeline
from knowledge.store import ChromaIndex
from knowledge.types import IngestSummary
from tests.knowledge.conftest import HANDBOOK_18F

TUNING = HANDBOOK_18F / "questions.jsonl"
HOLDOUT = HANDBOOK_18F / "questions_holdout.jsonl"
FLOOR_TOP3, FLOOR_FACT, FLOOR_CROSS_FACT, FLOOR_REFUSED, CEILING_WRONGLY_REFUSED = 0.95, 0.70, 0.70, 0.75, 0.06
"""Measured on the held-out set with the glossary (knowledge/glossary.py): 97 % (the target, 95 %, is met), 74 %,
75 %, 75 % (6 of 8), 6 % (2 of 34)."""

NOISE = re.compile(r"\{%|%\}|\{\{|\]\(|\]\[|<a\s|</|<br|\\[-=+]|\*\*")


@pytest.fixture(scope="module")
def tuning() -> list[Question]:
    return load_questions(TUNING)


@pytest.fixture(scope="module")
def holdout() -> list[Question]:
    return load_questions(HOLDOUT)


def test_the_question_sets_are_big_enough_bilingual_and_disjoint(
    tuning: list[Question], holdout: list[Question]
) -> None:
    everything = [*tuning, *holdout]
    answerable = [q for q in everything if q.answerable]
    assert len(answerable) >= 80 and len(everything) - len(answerable) >= 20
    assert 3 * sum(q.lang == "es" for q in answerable) >= len(answerable)
    assert 3 * len(holdout) >= len(everything) - 3  # a third held out
    assert not {q.question for q in tuning} & {q.question for q in holdout}
    assert all(q.source and q.section and q.fact for q in answerable)


def test_every_fact_is_in_its_page_as_ingested() -> None:
    pages = {path.name: path for path in find_documents(HANDBOOK_18F / "pages")}
    for question in [*load_questions(TUNING), *load_questions(HOLDOUT)]:
        if question.answerable:
            text = " ".join(load_document(pages[question.source]).text.split())
            assert question.fact in text, (question.source, question.fact)


def test_ingestion_indexes_words_not_markup(handbook_18f_index: ChromaIndex) -> None:
    chunks = handbook_18f_index.all_chunks()
    assert len(chunks) > 800
    noisy = [(chunk.source, NOISE.search(chunk.text)) for chunk in chunks if NOISE.search(chunk.text)]
    assert noisy == []
    leave = [chunk for chunk in chunks if chunk.source == "leave.md"]
    assert {chunk.title for chunk in leave} == {"Leave types"}  # from the front matter
    assert any("Court Leave" in chunk.text and "does not count against" in chunk.text for chunk in leave)


def test_ingesting_the_handbook_twice_embeds_nothing_the_second_time(
    handbook_18f_summaries: list[IngestSummary],
) -> None:
    first, second = handbook_18f_summaries
    assert first.added == first.chunks > 800 and first.documents == 72
    assert second.added == 0 and second.skipped == first.chunks
    assert second.replaced == 0 and second.removed == 0 and not second.changed_sources and not second.failed


def _evaluate(index: ChromaIndex, embedder: Embedder, questions: list[Question]) -> EvaluationReport:
    pipeline = AnswerPipeline(index, embedder)
    report = evaluate(lambda q: pipeline.answer(q)[0], pipeline.search, questions, source_languages(index.all_chunks()))
    print(format_report(report))
    return report


def test_the_held_out_figures_do_not_regress(
    handbook_18f_index: ChromaIndex, embedder: Embedder, holdout: list[Question]
) -> None:
    figures = _evaluate(handbook_18f_index, embedder, holdout)
    overall, crossing = figures.overall, figures.by_group["cross-lingual"]
    # Regression floors at the figures measured (README, "Policy answers"); of the targets only the
    # top-3 one (95 %) is met here: 85 % fact, 80 % cross-lingual fact and 95 % refused are not yet.
    assert overall.document_top3 >= FLOOR_TOP3
    assert overall.fact_found >= FLOOR_FACT
    assert crossing.fact_found >= FLOOR_CROSS_FACT
    assert overall.refused >= FLOOR_REFUSED
    assert overall.wrongly_refused <= CEILING_WRONGLY_REFUSED
