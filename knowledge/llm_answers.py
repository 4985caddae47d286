"""Written answers from a LangChain chat model, grounded in numbered passages, with an extractive fallback."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from knowledge.answers import ANSWER_THRESHOLD, compose_answer, passes_gate, refusal
from knowledge.embeddings import Embedder, get_embedder
from knowledge.types import Answer, Passage

log = logging.getLogger(__name__)

REFUSAL_TOKEN = "NO_ANSWER"
"""What the model is told to reply, alone, when the passages do not answer the question."""

DEFAULT_TIMEOUT_S = 20.0
"""How long to wait for the model before answering extractively instead."""

_MARKER = re.compile(r"\[(\d+)\]")
_WORKERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="llm-answer")

SYSTEM_PROMPT = f"""You answer employees' questions about company policy using ONLY the numbered passages given.
Rules:
- Answer in 1 to 3 short sentences, in the language of the question.
- After each statement, cite the passage(s) it comes from as [1], [2] (the passage numbers).
- Use only facts written in the passages; never add outside knowledge, never guess.
- If the passages do not answer the question, reply exactly {REFUSAL_TOKEN} and nothing else."""


def build_messages(question: str, passages: Sequence[Passage]) -> list[BaseMessage]:
    """The chat messages for ``question``: the rules, then the passages numbered from 1, then the question."""
    blocks = []
    for number, passage in enumerate(passages, start=1):
        chunk = passage.chunk
        where = " > ".join(part for part in (chunk.title, chunk.section) if part)
        blocks.append(f"[{number}] ({chunk.source}: {where})\n{chunk.text.strip()}")
    user = "Passages:\n\n" + "\n\n".join(blocks) + f"\n\nQuestion: {question}"
    return [SystemMessage(content=SYSTEM_PROMPT), HumanMessage(content=user)]


def _text_of(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    parts = [part if isinstance(part, str) else str(part.get("text", "")) for part in content]
    return "".join(parts)


def renumber(text: str, passages: Sequence[Passage]) -> tuple[str, list[Passage]]:
    """``text`` with its ``[n]`` markers renumbered 1, 2, ... in order of first use, and the passages they cite.

    Markers that name no passage are dropped from the text.
    """
    order: list[int] = []
    for match in _MARKER.finditer(text):
        number = int(match.group(1))
        if 1 <= number <= len(passages) and number not in order:
            order.append(number)
    new_number = {old: new for new, old in enumerate(order, start=1)}

    def swap(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return f"[{new_number[number]}]" if number in new_number else ""

    cleaned = re.sub(r"[ \t]+([.,;:])", r"\1", _MARKER.sub(swap, text)).strip()
    return cleaned, [passages[number - 1] for number in order]


def compose_llm_answer(
    question: str,
    passages: Sequence[Passage],
    chat_model: BaseChatModel,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    *,
    fallback: Answer | None = None,
    embedder: Embedder | None = None,
    threshold: float = ANSWER_THRESHOLD,
) -> Answer:
    """A short written answer from ``passages`` only, with ``[n]`` citations, or a refusal.

    The confidence gate applies first (the model is not asked when nothing relevant was found). A reply of
    :data:`REFUSAL_TOKEN`, or one that cites no passage, escalates. When the model fails or takes longer than
    ``timeout_s``, the answer is ``fallback`` (an extractive answer already composed) or, without one, the
    extractive answer composed here with ``embedder`` (default: the process-wide one). A timed-out call is left
    to finish on its worker thread; its result is ignored.
    """
    if not passes_gate(passages, threshold):
        return refusal(question, passages)
    confidence = max(p.score for p in passages)
    future = _WORKERS.submit(chat_model.invoke, build_messages(question, passages))
    try:
        reply = _text_of(future.result(timeout=timeout_s)).strip()
    except FutureTimeout:
        log.warning("chat model took over %.1f s; answering extractively", timeout_s)
        return fallback or compose_answer(question, passages, embedder or get_embedder(), threshold=threshold)
    except Exception:
        log.exception("chat model failed; answering extractively")
        return fallback or compose_answer(question, passages, embedder or get_embedder(), threshold=threshold)
    if not reply or REFUSAL_TOKEN in reply:
        return refusal(question, passages)
    text, cited = renumber(reply, passages)
    if not cited:
        log.info("chat model answered without citing a passage; escalating")
        return refusal(question, passages)
    return Answer(
        question=question,
        text=text,
        citations=list(cited),
        confidence=confidence,
        escalate=False,
        searched=list(passages),
        mode="llm",
    )
