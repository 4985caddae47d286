"""LangChain's view of the policy index: our embedder as ``Embeddings`` and a ``VectorStore`` over a ChromaIndex.

Only ingesting needs these (``langchain_core.indexing.index()`` writes through a vector store); they live apart from
:mod:`knowledge.store` because importing LangChain's ``VectorStore`` costs a few hundred milliseconds that a one-shot
question should not pay.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.vectorstores import VectorStore

from knowledge.embeddings import Embedder
from knowledge.store import EMBED_BATCH, ChromaIndex, batches
from knowledge.types import EVERYONE


class EmbedderEmbeddings(Embeddings):
    """Our :class:`~knowledge.embeddings.Embedder` as LangChain ``Embeddings`` (for code that wants that interface)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed ``texts`` in batches."""
        return [row.tolist() for batch in batches(texts, EMBED_BATCH) for row in self.embedder.embed(batch)]

    def embed_query(self, text: str) -> list[float]:
        """Embed one query."""
        return [float(value) for value in self.embedder.embed([text])[0]]


class ChromaVectorStore(VectorStore):
    """A LangChain ``VectorStore`` over a :class:`ChromaIndex` (what ``index()`` adds to and deletes from)."""

    def __init__(self, index: ChromaIndex) -> None:
        self.index = index
        self._embeddings = EmbedderEmbeddings(index.embedder)

    @property
    def embeddings(self) -> Embeddings:
        """The index's embedder as LangChain ``Embeddings``."""
        return self._embeddings

    def add_texts(
        self,
        texts: Iterable[str],
        metadatas: list[dict[str, Any]] | None = None,
        *,
        ids: list[str] | None = None,
        **kwargs: Any,
    ) -> list[str]:
        """Embed and upsert ``texts``; ids are generated when not given."""
        texts = list(texts)
        metadatas = metadatas or [{} for _ in texts]
        ids = list(ids) if ids is not None else [uuid.uuid4().hex for _ in texts]
        self.index.write(ids, texts, metadatas)
        return ids

    def add_documents(self, documents: list[Document], **kwargs: Any) -> list[str]:
        """Embed and upsert ``documents`` (ids from ``ids=``, else the documents' own, else new ones)."""
        ids = kwargs.get("ids") or [document.id or uuid.uuid4().hex for document in documents]
        return self.add_texts(
            [document.page_content for document in documents],
            [dict(document.metadata) for document in documents],
            ids=list(ids),
        )

    def delete(self, ids: list[str] | None = None, **kwargs: Any) -> bool | None:
        """Remove the chunks with ``ids``."""
        if ids is None:
            raise ValueError("pass the ids to delete (deleting everything is not supported here)")
        self.index.delete_ids(ids)
        return True

    def get_by_ids(self, ids: Sequence[str], /) -> list[Document]:
        """The stored documents with ``ids``."""
        return [
            Document(page_content=chunk.text, metadata=dict(chunk.metadata), id=chunk.id)
            for chunk in self.index.get_chunks(ids)
        ]

    def similarity_search_with_score(self, query: str, k: int = 4, **kwargs: Any) -> list[tuple[Document, float]]:
        """The ``k`` nearest documents to ``query`` with cosine similarity (``audience=`` filters)."""
        audience = kwargs.get("audience", EVERYONE)
        vector = self.index.embedder.embed([query])[0]
        return [
            (Document(page_content=chunk.text, metadata=dict(chunk.metadata), id=chunk.id), score)
            for chunk, score in self.index.search(vector.tolist(), k, audience)
        ]

    def similarity_search(self, query: str, k: int = 4, **kwargs: Any) -> list[Document]:
        """The ``k`` nearest documents to ``query``."""
        return [document for document, _score in self.similarity_search_with_score(query, k, **kwargs)]

    def _select_relevance_score_fn(self) -> Any:
        """Scores are already cosine similarities."""
        return lambda score: score

    @classmethod
    def from_texts(
        cls, texts: list[str], embedding: Embeddings, metadatas: list[dict[str, Any]] | None = None, **kwargs: Any
    ) -> ChromaVectorStore:
        """Not supported: build a :class:`ChromaIndex` and use its ``vector_store``."""
        raise NotImplementedError("create a ChromaIndex(client, embedder) and use index.vector_store")
