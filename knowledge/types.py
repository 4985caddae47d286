"""The knowledge layer's vocabulary: who may read a passage, chunks, cited passages, answers and ingest summaries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

MetadataValue = str | int | float | bool

ALL = "all"
"""An audience field's value when a document applies to everyone (Chroma filters need a value, not a missing key)."""

ChunkKind = Literal["policy", "hr_answer"]
POLICY: ChunkKind = "policy"
HR_ANSWER: ChunkKind = "hr_answer"


@dataclass(frozen=True)
class Audience:
    """Who is asking: a passage whose document names a country or department only reaches people in it."""

    country: str | None = None
    department: str | None = None

    def allows(self, metadata: Mapping[str, MetadataValue]) -> bool:
        """Whether a chunk with ``metadata`` (``audience_country``/``audience_department``) applies to this reader."""
        for key, mine in (("audience_country", self.country), ("audience_department", self.department)):
            wanted = str(metadata.get(key, ALL) or ALL)
            if wanted == ALL or mine is None:
                continue
            allowed = {part.strip().lower() for part in wanted.split(",")}
            mine_key = mine.strip().lower()
            if mine_key not in allowed and mine_key.split("-")[0] not in allowed:  # "ES-MD" (a region) is in "ES"
                return False
        return True


EVERYONE = Audience()
"""No audience filter (the CLI, the evaluation, HR)."""


@dataclass(frozen=True)
class Chunk:
    """A piece of a policy document (or a reviewed HR answer) as indexed, with what a citation needs."""

    id: str
    text: str
    source: str
    """The document's file name (``leave.md``), or ``hr-answer-<id>`` for a reviewed HR answer."""
    title: str
    section: str
    """The heading path inside the document, ``Vacation > Carry-over``; empty when the document has no headings."""
    kind: ChunkKind = POLICY
    lang: str = "en"
    metadata: Mapping[str, MetadataValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its relevance (0..1) and the sentences of it that answer the question."""

    chunk: Chunk
    score: float
    quote: str = ""


@dataclass(frozen=True)
class Answer:
    """The knowledge layer's answer: quoted or written text with numbered citations, or a refusal to guess.

    ``text`` is language-neutral material (quotes with ``[1]`` markers, or the LLM's sentences); the policy skill
    frames it in the asker's language. When ``escalate`` is true, ``text`` is empty and ``searched`` holds the best
    passages found, for HR.
    """

    question: str
    text: str
    citations: list[Passage]
    confidence: float
    escalate: bool
    searched: list[Passage] = field(default_factory=list)
    mode: Literal["extractive", "llm", "none"] = "extractive"


@dataclass
class IngestSummary:
    """What one ingest run did, for the summary line and for flagging reviewed answers whose sources changed."""

    documents: int = 0
    chunks: int = 0
    added: int = 0
    skipped: int = 0
    replaced: int = 0
    removed: int = 0
    seconds: float = 0.0
    changed_sources: list[str] = field(default_factory=list)
    """File names of documents that were new or changed in this run."""
    removed_sources: list[str] = field(default_factory=list)
    """File names of documents that disappeared (deleted, or no longer readable) and were dropped from the index."""
    failed: dict[str, str] = field(default_factory=dict)
    """File name -> why it could not be read (the run goes on without it and changes nothing of it)."""


class KnowledgeBase(Protocol):
    """What the policy skill needs from the knowledge layer (``knowledge.base.PolicyKnowledge`` implements it)."""

    def answer(self, question: str, audience: Audience = EVERYONE) -> Answer:
        """The best grounded answer to ``question`` for ``audience``, or a refusal with ``escalate=True``."""
        ...

    def add_reviewed_answer(self, answer_id: int, question: str, answer: str, saved_on: str, lang: str) -> None:
        """Index an HR-reviewed answer so later questions can cite it as "HR answer (saved_on)"."""
        ...

    def remove_reviewed_answer(self, answer_id: int) -> None:
        """Drop a reviewed answer from the index (it was withdrawn or is being reviewed)."""
        ...

    def document_hashes(self) -> dict[str, str]:
        """The content hash of every indexed policy document, by file name (to flag answers that relied on one)."""
        ...

    def reviewed_answer_ids(self) -> set[int]:
        """The ids of the reviewed HR answers the index holds (to bring it in line with the database)."""
        ...


class VectorIndex(Protocol):
    """A store of embedded chunks (``knowledge.store.ChromaIndex``); the retriever searches it."""

    def search(self, vector: Sequence[float], k: int, audience: Audience = EVERYONE) -> list[tuple[Chunk, float]]:
        """The ``k`` chunks nearest to ``vector`` that ``audience`` may read, with cosine similarity, best first."""
        ...

    def all_chunks(self) -> list[Chunk]:
        """Every indexed chunk (the keyword index is built from these)."""
        ...

    def generation(self) -> str:
        """A cheap token that changes whenever chunks are added or removed (so derived caches know to rebuild)."""
        ...
