"""The policy knowledge base as the rest of the product sees it: ingest, search, answer, and HR's reviewed answers."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knowledge.embeddings import Embedder, get_embedder
from knowledge.pipeline import SEARCH_DEPTH, AnswerPipeline
from knowledge.retrieval import HybridRetriever
from knowledge.store import ChromaIndex, IndexLocation
from knowledge.types import ALL, EVERYONE, HR_ANSWER, Answer, Audience, Chunk, IngestSummary, Passage

if TYPE_CHECKING:
    from db.engine import Database
    from knowledge.ingest import Progress

log = logging.getLogger(__name__)


def reviewed_answer_id(answer_id: int) -> str:
    """The chunk id (and ``source``) of HR's reviewed answer number ``answer_id``."""
    return f"hr-answer-{answer_id}"


class PolicyKnowledge:
    """Implements :class:`knowledge.types.KnowledgeBase` over a Chroma index; opened lazily, safe across threads."""

    def __init__(
        self,
        location: IndexLocation,
        *,
        embedding_model: str | None = None,
        model_cache: Path | None = None,
        chat_model: Any = None,
        llm_timeout_s: float = 8.0,
    ) -> None:
        self.location = location
        self.embedding_model = embedding_model
        self.model_cache = model_cache
        self.chat_model = chat_model
        self.llm_timeout_s = llm_timeout_s
        self._lock = threading.Lock()
        self._index: ChromaIndex | None = None
        self._pipeline: AnswerPipeline | None = None

    @property
    def embedder(self) -> Embedder:
        """The sentence embedder the index was built with (the same one the router uses)."""
        return get_embedder(self.embedding_model, cache_dir=self.model_cache)

    @property
    def index(self) -> ChromaIndex:
        """The Chroma index, opened on first use (embedded under BACKOFFICE_HOME, or the CHROMA_URL server)."""
        with self._lock:
            if self._index is None:
                self._index = ChromaIndex.open(self.location, self.embedder)
            return self._index

    @property
    def pipeline(self) -> AnswerPipeline:
        """Retrieval, quoting and the gates over the index (caches kept across questions)."""
        index = self.index
        with self._lock:
            if self._pipeline is None:
                self._pipeline = AnswerPipeline(index, self.embedder)
            return self._pipeline

    @property
    def retriever(self) -> HybridRetriever:
        """Vector plus BM25 search over the index."""
        return self.pipeline.retriever

    def reset(self) -> None:
        """Delete the whole collection (the scripted tour starts from an empty index every time)."""
        from knowledge.store import open_client

        with self._lock:
            client = self._index.client if self._index is not None else open_client(self.location)
            if self.location.collection in {collection.name for collection in client.list_collections()}:
                client.delete_collection(self.location.collection)
            self._index = None
            self._pipeline = None

    def is_empty(self) -> bool:
        """Whether nothing has been indexed yet."""
        return self.index.count() == 0

    def ingest(self, paths: Iterable[Path], database: Database, progress: Progress | None = None) -> IngestSummary:
        """Index the policy files under ``paths``: new and changed ones (re)indexed, deleted ones dropped."""
        from knowledge.ingest import ingest  # LangChain's indexing API: only ingesting pays for importing it

        return ingest(list(paths), self.index, database, progress=progress)

    def search(self, question: str, audience: Audience = EVERYONE, k: int = SEARCH_DEPTH) -> list[Passage]:
        """The passages ``audience`` may read that best answer ``question``, best first."""
        return self.pipeline.search(question, audience, k=k)

    def answer(self, question: str, audience: Audience = EVERYONE) -> Answer:
        """A grounded, cited answer (written by the LLM when one is configured), or a refusal that escalates."""
        extractive, passages = self.pipeline.answer(question, audience)
        if self.chat_model is None or extractive.escalate:
            return extractive
        from knowledge.llm_answers import compose_llm_answer

        return compose_llm_answer(
            question, passages, self.chat_model, timeout_s=self.llm_timeout_s, fallback=extractive
        )

    def add_reviewed_answer(self, answer_id: int, question: str, answer: str, saved_on: str, lang: str) -> None:
        """Index HR's reviewed answer (question and answer together) so it is found and cited as "HR answer"."""
        chunk = Chunk(
            id=reviewed_answer_id(answer_id),
            text=answer.strip(),
            source=reviewed_answer_id(answer_id),
            title=question.strip(),  # embedded and keyword-indexed with the text, so the question finds it
            section=f"HR answer ({saved_on})",
            kind=HR_ANSWER,
            lang=lang,
            metadata={"audience_country": ALL, "audience_department": ALL, "saved_on": saved_on},
        )
        self.index.add_chunks([chunk])
        log.info("indexed reviewed answer %s", answer_id)

    def remove_reviewed_answer(self, answer_id: int) -> None:
        """Drop HR's reviewed answer number ``answer_id`` from the index (nothing happens if it is not there)."""
        self.index.delete_ids([reviewed_answer_id(answer_id)])

    def reviewed_answer_ids(self) -> set[int]:
        """The ids of the reviewed HR answers the index holds."""
        prefix = reviewed_answer_id(0)[:-1]
        return {
            int(chunk_id[len(prefix) :]) for chunk_id in self.index.ids(kind=HR_ANSWER) if chunk_id.startswith(prefix)
        }

    def document_hashes(self) -> dict[str, str]:
        """The content hash of every indexed policy document, by file name."""
        return self.index.document_hashes()
