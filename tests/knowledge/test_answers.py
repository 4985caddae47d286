"""Extractive answers: sentences and table rows quoted, citations numbered, HR answers preferred, the gate."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from knowledge.answers import (
    ANSWER_THRESHOLD,
    ScoredSentence,
    Sentence,
    adds_evidence,
    asks_for_figure,
    compose_answer,
    split_sentences,
    term_weights,
)
from knowledge.embeddings import Embedder
from knowledge.pipeline import AnswerPipeline
from knowledge.retrieval import HybridRetriever
from knowledge.store import ChromaIndex
from knowledge.types import HR_ANSWER, Answer, Chunk, Passage
from tests.knowledge.memory_index import MemoryIndex, handbook_chunks

HR_CHUNK = Chunk(
    id="hr-answer-7",
    text="Q: Can I bring my dog to the office?\nA: Dogs are welcome in the New York office on Fridays, on a leash.",
    source="hr-answer-7",
    title="HR answer",
    section="HR answer (2026-11-25)",
    kind=HR_ANSWER,
)


@pytest.fixture(scope="module")
def retriever(handbook_index: ChromaIndex, embedder: Embedder) -> HybridRetriever:
    return HybridRetriever(handbook_index, embedder)


def _answer(retriever: HybridRetriever, question: str) -> Answer:
    return compose_answer(question, retriever.search(question), retriever.embedder)


def _markers(text: str) -> list[int]:
    return [int(number) for number in re.findall(r"\[(\d+)\]", text)]


def test_split_sentences_keeps_bullets_prose_and_table_rows_with_their_header() -> None:
    text = (
        "Intro sentence. Second one by Martin Luther King Jr. Day.\n\n"
        "- A bullet that wraps\n  onto a second line.\n"
        "| City | Cap per night |\n|---|---|\n| New York | $300 |\n"
    )
    assert [unit.text for unit in split_sentences(text)] == [
        "Intro sentence.",
        "Second one by Martin Luther King Jr. Day.",
        "A bullet that wraps onto a second line.",
        "City: New York — Cap per night: $300",
    ]


def test_table_rows_know_their_table_and_first_cell() -> None:
    text = "Intro.\n\n| City | Cap |\n|---|---|\n| New York | $300 |\n| Madrid, Barcelona | 150 € |\n"
    units = split_sentences(text)
    assert [(unit.table, unit.key) for unit in units] == [(None, ""), (0, "New York"), (0, "Madrid, Barcelona")]


def test_a_word_few_candidate_sentences_have_weighs_more() -> None:
    units = [{"meal", "limit", "madrid"}, {"meal", "limit"}, {"meal", "limit"}, {"meal"}]
    weights = term_weights({"meal", "limit", "madrid", "nowhere"}, units)
    assert weights["nowhere"] > weights["madrid"] > weights["limit"] > weights["meal"] > 0


def _scored(
    text: str, terms: set[str], *, cosine: float = 0.5, coverage: float = 1.0, passage: int = 0
) -> ScoredSentence:
    return ScoredSentence(
        passage=passage,
        sentence=Sentence(text, 0),
        score=1.0,
        cosine=cosine,
        terms=frozenset(terms),
        own_terms=frozenset(terms),
        coverage=coverage,
        figure=any(char.isdigit() for char in text),
    )


def test_a_second_passage_must_add_what_the_first_quote_lacks() -> None:
    quoted = [_scored("You get 22 vacation days.", {"vacati", "day"})]
    same_words = _scored("Travel on a day off is not extra vacation.", {"vacati", "day"}, passage=1)
    new_word = _scored("Vacation days carry over to next year.", {"vacati", "day", "year"}, passage=1)
    assert not adds_evidence(same_words, quoted, wants_figure=True)
    assert adds_evidence(new_word, quoted, wants_figure=True)
    assert not adds_evidence(replace(new_word, cosine=0.1), quoted, wants_figure=True)  # too weak a match itself
    no_figure = [_scored("The limit is in the Spanish policy.", {"limit", "madrid"})]
    figure = _scored("Madrid: 50 €", {"madrid"}, passage=1)
    assert adds_evidence(figure, no_figure, wants_figure=True)
    assert not adds_evidence(figure, no_figure, wants_figure=False)
    unmatched = [_scored("Laptops are replaced every 3 years.", set(), coverage=0.0)]
    # No hedging: a second passage that brings no term or figure of its own is padding, whatever the first quote.
    assert not adds_evidence(_scored("Report a loss within 24 hours.", set(), passage=1), unmatched, wants_figure=True)


def test_asks_for_figure_in_both_languages() -> None:
    assert asks_for_figure("How many days per week can I work from home?")
    assert asks_for_figure("¿Cuántos días de vacaciones tenemos?")
    assert not asks_for_figure("Who do I tell about a broken chair?")


def test_an_answer_quotes_the_sentence_with_the_fact_and_cites_it(retriever: HybridRetriever) -> None:
    answer = _answer(retriever, "How many vacation days do we get each year?")
    assert not answer.escalate and answer.mode == "extractive"
    assert "22 working days" in answer.text
    assert answer.citations[0].chunk.source == "leave.md"
    assert answer.citations[0].chunk.section == "Leave types > Vacation"
    assert answer.confidence >= ANSWER_THRESHOLD
    assert len(answer.text) < len(answer.citations[0].chunk.text)  # trimmed, not the whole passage


def test_citations_are_numbered_in_order_and_match_the_quotes(retriever: HybridRetriever) -> None:
    for question in ("¿Cuánto puedo gastar al día en comidas si viajo a Madrid por trabajo?", "What is the hotel cap?"):
        answer = _answer(retriever, question)
        lines = answer.text.splitlines()
        assert _markers(answer.text) == list(range(1, len(answer.citations) + 1))
        assert 1 <= len(answer.citations) <= 2
        for number, (line, citation) in enumerate(zip(lines, answer.citations, strict=True), start=1):
            assert line == f"> {citation.quote} [{number}]"
            rest = citation.quote
            for unit in split_sentences(citation.chunk.text):
                rest = rest.replace(unit.text, "")
            assert citation.quote and rest.strip() == ""  # the quote is made of the cited passage's own sentences


def test_table_rows_are_quoted_as_sentences(retriever: HybridRetriever) -> None:
    answer = _answer(retriever, "What's the daily food budget when I'm on a work trip to Chicago?")
    assert "City: Chicago, Washington — Meal limit per day: $65" in answer.text
    assert "|" not in answer.text


def test_a_question_naming_a_city_quotes_that_citys_rows(retriever: HybridRetriever) -> None:
    answer = _answer(retriever, "what is the meal limit per day in Madrid?")
    assert "Ciudad: Madrid — Límite de comidas por día: 50 €" in answer.text
    assert "New York" not in answer.text and "San Francisco" not in answer.text and "Other US" not in answer.text
    assert "Barcelona — Límite" not in answer.text  # the Barcelona row of the Spanish table is not Madrid's either
    assert {citation.chunk.source for citation in answer.citations} <= {"expenses.md", "gastos-espana.md"}


def test_a_second_passage_is_not_quoted_when_it_adds_nothing(retriever: HybridRetriever) -> None:
    answer = _answer(retriever, "how many vacation days do we get?")
    assert [citation.chunk.source for citation in answer.citations] == ["leave.md"]
    assert "22 working days" in answer.text
    assert "Travelling during a weekend" not in answer.text


def test_the_gate_refuses_an_off_topic_question(retriever: HybridRetriever) -> None:
    answer = _answer(retriever, "What is the deductible on the dental plan?")
    assert answer.escalate
    assert answer.text == "" and answer.citations == [] and answer.mode == "none"
    assert answer.searched  # what was looked at goes to HR
    assert answer.confidence < ANSWER_THRESHOLD


def test_no_passages_is_a_refusal(embedder: Embedder) -> None:
    answer = compose_answer("anything", [], embedder)
    assert answer.escalate and answer.confidence == 0.0 and answer.searched == []


def test_the_gates_can_be_set_per_call(embedder: Embedder) -> None:
    passage = Passage(chunk=handbook_chunks()[0], score=0.3)
    assert compose_answer("What is this?", [passage], embedder).escalate
    assert compose_answer("What is this?", [passage], embedder, threshold=0.2).escalate  # no key term covered
    assert not compose_answer(
        "What is this?", [passage], embedder, threshold=0.2, sentence_gate=0.0, coverage_gate=0.0
    ).escalate


def test_a_line_two_chunks_share_is_quoted_and_cited_once(embedder: Embedder) -> None:
    """A page that repeats a line (18F's resume template, twice in two chunks) quoted it twice, as [1] and [2] with
    the same citation: the repeat ties with the best sentence but adds nothing."""
    line = "Remote work from another country needs the approval of your supervisor and of HR."
    first = Chunk(id="a", text=line, source="remote.md", title="Remote", section="Remote work > Abroad")
    second = replace(first, id="b", text=f"{line}\n\nSee the checklist.")
    answer = compose_answer(
        "Can I work remotely from another country?",
        [Passage(first, 0.6), Passage(second, 0.6)],
        embedder,
        sentence_gate=0.0,
        coverage_gate=0.0,
    )
    assert answer.text == f"> {line} [1]" and [c.chunk.id for c in answer.citations] == ["a"]


def test_a_best_matching_hr_answer_is_quoted_whole_and_cited(embedder: Embedder) -> None:
    policy = Passage(chunk=handbook_chunks()[1], score=0.5)
    answer = compose_answer("Are dogs allowed at work?", [Passage(HR_CHUNK, 0.7), policy], embedder)
    assert [c.chunk.source for c in answer.citations] == ["hr-answer-7"]
    assert answer.text == f"> {' '.join(HR_CHUNK.text.split())} [1]"


def test_the_retriever_ranks_a_matching_hr_answer_first(embedder: Embedder) -> None:
    index = MemoryIndex(embedder, [*handbook_chunks(), HR_CHUNK])
    retriever = HybridRetriever(index, embedder)
    answer = _answer(retriever, "May I bring my dog to the office?")
    assert not answer.escalate
    assert answer.citations[0].chunk.kind == HR_ANSWER
    assert "Fridays, on a leash" in answer.text


@pytest.fixture(scope="module")
def pipeline(handbook_index: ChromaIndex, embedder: Embedder) -> AnswerPipeline:
    return AnswerPipeline(handbook_index, embedder)


def test_newcomer_spanish_vacation_question_gets_the_22_days_and_nothing_else(pipeline: AnswerPipeline) -> None:
    answer, _ = pipeline.answer("¿cuántos días de vacaciones tenemos?")
    assert not answer.escalate
    assert answer.text.startswith("> You get 22 working days of paid vacation per year")
    assert [c.chunk.source for c in answer.citations] == ["leave.md"]  # no padding from travel.md or the Madrid page
    assert "24 y 31" not in answer.text and "Travelling" not in answer.text


def test_working_from_portugal_for_two_weeks_gets_the_other_country_rule(pipeline: AnswerPipeline) -> None:
    answer, _ = pipeline.answer("can I work remotely from Portugal for two weeks?")
    assert not answer.escalate and answer.question == "can I work remotely from Portugal for two weeks?"
    assert "10 working days" in answer.text and "14 days in advance" in answer.text
    assert "2 days a week" not in answer.text


def test_a_quote_that_refers_back_brings_the_sentence_it_refers_to(pipeline: AnswerPipeline) -> None:
    answer, _ = pipeline.answer("can I expense my home internet bill?")
    assert not answer.escalate
    assert "monthly remote work contribution of $40" in answer.text  # what "this contribution" is
    assert "Because of this contribution, home internet bills are not claimed" in answer.text
    assert len(answer.citations) == 1


def test_a_row_that_only_points_to_a_quoted_document_is_not_cited(pipeline: AnswerPipeline) -> None:
    answer, _ = pipeline.answer("what's the meal limit in Madrid?")
    assert not answer.escalate and "50 €" in answer.text
    assert "see gastos-espana.md" not in answer.text
    assert [c.chunk.source for c in answer.citations] == ["gastos-espana.md"]


def test_a_question_about_a_topic_no_policy_mentions_is_refused(pipeline: AnswerPipeline) -> None:
    answer, _ = pipeline.answer("How many days of paid leave do I get for my wedding?")
    assert answer.escalate and answer.text == ""
