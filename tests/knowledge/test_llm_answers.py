"""LLM answers with a scripted chat model: citations renumbered, refusals escalate, errors fall back to quotes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatResult

from knowledge.embeddings import Embedder
from knowledge.llm_answers import REFUSAL_TOKEN, build_messages, compose_llm_answer, renumber
from knowledge.types import Answer, Chunk, Passage

VACATION = Chunk(
    id="leave#2",
    text="- You get 22 working days of paid vacation per year, credited upfront on 1 January.\n- Half days are allowed.",
    source="leave.md",
    title="Leave and Time Off",
    section="Leave types > Vacation",
)
HOLIDAYS = Chunk(
    id="leave#9",
    text="Each office follows its own public holiday calendar.",
    source="leave.md",
    title="Leave and Time Off",
    section="Public holidays",
)
PASSAGES = [Passage(HOLIDAYS, 0.6), Passage(VACATION, 0.55)]
QUESTION = "How many vacation days do we get?"


def _model(*replies: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=reply) for reply in replies]))


class _BrokenModel(GenericFakeChatModel):
    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        raise ConnectionError("model server is down")


class _SlowModel(GenericFakeChatModel):
    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        time.sleep(1.0)
        return super()._generate(messages, *args, **kwargs)


def _never() -> Iterator[AIMessage]:
    yield from ()


def test_the_prompt_numbers_the_passages_and_asks_for_the_refusal_token() -> None:
    system, user = build_messages(QUESTION, PASSAGES)
    assert REFUSAL_TOKEN in str(system.content)
    assert "[1] (leave.md: Leave and Time Off > Public holidays)" in str(user.content)
    assert "[2] (leave.md: Leave and Time Off > Leave types > Vacation)" in str(user.content)
    assert str(user.content).endswith(f"Question: {QUESTION}")


def test_a_written_answer_cites_the_passages_the_model_cited_renumbered(embedder: Embedder) -> None:
    answer = compose_llm_answer(QUESTION, PASSAGES, _model("You get 22 working days a year [2]."), 5.0)
    assert not answer.escalate and answer.mode == "llm"
    assert answer.text == "You get 22 working days a year [1]."
    assert [c.chunk.id for c in answer.citations] == ["leave#2"]
    assert answer.searched == PASSAGES and answer.confidence == 0.6


def test_renumber_orders_by_first_use_and_drops_unknown_markers() -> None:
    text, cited = renumber("A [2][1]. B [7]. C [2].", PASSAGES)
    assert text == "A [1][2]. B. C [1]."
    assert [p.chunk.id for p in cited] == ["leave#2", "leave#9"]


def test_the_refusal_token_escalates() -> None:
    answer = compose_llm_answer(QUESTION, PASSAGES, _model(REFUSAL_TOKEN), 5.0)
    assert answer.escalate and answer.text == "" and answer.citations == [] and answer.mode == "none"
    assert answer.searched == PASSAGES


def test_an_answer_that_cites_nothing_escalates() -> None:
    answer = compose_llm_answer(QUESTION, PASSAGES, _model("Probably about 25 days."), 5.0)
    assert answer.escalate and answer.citations == []


def test_a_model_error_falls_back_to_the_extractive_answer(embedder: Embedder) -> None:
    answer = compose_llm_answer(QUESTION, PASSAGES, _BrokenModel(messages=_never()), 5.0, embedder=embedder)
    assert answer.mode == "extractive" and not answer.escalate
    assert "22 working days" in answer.text
    given = Answer(question=QUESTION, text="> quoted [1]", citations=PASSAGES[:1], confidence=0.6, escalate=False)
    assert compose_llm_answer(QUESTION, PASSAGES, _BrokenModel(messages=_never()), 5.0, fallback=given) is given


def test_a_slow_model_times_out_into_the_fallback() -> None:
    given = Answer(question=QUESTION, text="> quoted [1]", citations=PASSAGES[:1], confidence=0.6, escalate=False)
    started = time.perf_counter()
    answer = compose_llm_answer(
        QUESTION, PASSAGES, _SlowModel(messages=_model("late [1]").messages), 0.1, fallback=given
    )
    assert answer is given
    assert time.perf_counter() - started < 0.9


def test_weak_passages_are_refused_without_asking_the_model() -> None:
    weak = [Passage(VACATION, 0.1)]
    answer = compose_llm_answer("What is the dental deductible?", weak, _BrokenModel(messages=_never()), 5.0)
    assert answer.escalate and answer.mode == "none"
