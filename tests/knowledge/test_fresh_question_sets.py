"""The second held-out sets (written 2026-12-06, never tuned on): their shape and facts, never their scores."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from knowledge.documents import find_documents, load_document
from knowledge.evaluation import load_questions
from tests.knowledge.conftest import HANDBOOK_18F
from tests.knowledge.memory_index import QUESTIONS

DEMO_HANDBOOK = QUESTIONS.parents[1] / "handbook"
SETS = [
    # (fresh set, its documents, the older sets it must not repeat, expected counts by (lang, answerable))
    (
        QUESTIONS.with_name("policy_questions_fresh.jsonl"),
        DEMO_HANDBOOK,
        [QUESTIONS, QUESTIONS.with_name("policy_questions_holdout.jsonl")],
        {("es", True): 12, ("en", True): 12, ("es", False): 4, ("en", False): 4},
    ),
    (
        HANDBOOK_18F / "questions_fresh.jsonl",
        HANDBOOK_18F / "pages",
        [HANDBOOK_18F / "questions.jsonl", HANDBOOK_18F / "questions_holdout.jsonl"],
        {("es", True): 12, ("en", True): 24, ("es", False): 6, ("en", False): 6},
    ),
]


@pytest.mark.parametrize(("fresh", "docs", "older", "counts"), SETS, ids=["demo", "18f"])
def test_a_fresh_set_has_its_counts_and_repeats_no_older_question(
    fresh: Path, docs: Path, older: list[Path], counts: dict[tuple[str, bool], int]
) -> None:
    questions = load_questions(fresh)
    assert Counter((q.lang, q.answerable) for q in questions) == counts
    assert all(q.source and q.section and q.fact for q in questions if q.answerable)
    assert not any(q.source or q.fact for q in questions if not q.answerable)
    seen = {q.question.strip().lower() for path in older for q in load_questions(path)}
    assert not [q.question for q in questions if q.question.strip().lower() in seen]


@pytest.mark.parametrize(("fresh", "docs", "older", "counts"), SETS, ids=["demo", "18f"])
def test_every_fresh_fact_is_in_its_page_as_ingested(
    fresh: Path, docs: Path, older: list[Path], counts: dict[tuple[str, bool], int]
) -> None:
    pages = {path.name: path for path in find_documents(docs)}
    for question in load_questions(fresh):
        if question.answerable:
            text = " ".join(load_document(pages[question.source]).text.split())
            assert question.fact in text, (question.source, question.fact)
