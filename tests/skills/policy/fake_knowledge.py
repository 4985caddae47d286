"""A deterministic KnowledgeBase for the policy skill's tests: configured answers, recorded calls."""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.types import EVERYONE, HR_ANSWER, POLICY, Answer, Audience, Chunk, ChunkKind, Passage


def passage(source: str, section: str, score: float, kind: ChunkKind = POLICY, saved_on: str = "") -> Passage:
    """A retrieved passage of ``source`` › ``section`` with ``score``."""
    metadata = {"saved_on": saved_on} if saved_on else {}
    chunk = Chunk(
        id=f"{source}#{section}", text="…", source=source, title=source, section=section, kind=kind,
        metadata=metadata,
    )  # fmt: skip
    return Passage(chunk=chunk, score=score, quote="…")


def grounded(question: str, text: str, *citations: Passage) -> Answer:
    """An answer above the confidence gate."""
    return Answer(question=question, text=text, citations=list(citations), confidence=0.9, escalate=False)


def refusal(question: str, *searched: Passage) -> Answer:
    """An answer below the confidence gate: nothing cited, the best passages found kept for HR."""
    return Answer(question=question, text="", citations=[], confidence=0.1, escalate=True, searched=list(searched))


@dataclass
class FakeKnowledge:
    """Answers a question with the first configured answer whose key it contains; refuses otherwise."""

    answers: dict[str, Answer] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    asked: list[tuple[str, Audience]] = field(default_factory=list)
    added: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    indexed: set[int] = field(default_factory=set)

    def answer(self, question: str, audience: Audience = EVERYONE) -> Answer:
        self.asked.append((question, audience))
        for key, answer in self.answers.items():
            if key in question.lower():
                return answer
        return refusal(question)

    def add_reviewed_answer(self, answer_id: int, question: str, answer: str, saved_on: str, lang: str) -> None:
        self.added.append((answer_id, question, answer, saved_on, lang))
        self.indexed.add(answer_id)

    def remove_reviewed_answer(self, answer_id: int) -> None:
        self.removed.append(answer_id)
        self.indexed.discard(answer_id)

    def document_hashes(self) -> dict[str, str]:
        return dict(self.hashes)

    def reviewed_answer_ids(self) -> set[int]:
        return set(self.indexed)


__all__ = ["HR_ANSWER", "FakeKnowledge", "grounded", "passage", "refusal"]
