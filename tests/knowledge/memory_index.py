"""A test helper: an in-memory VectorIndex (numpy cosine over chunks) and the handbook as chunks."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from knowledge.chunking import embedding_text, split_document, to_chunk
from knowledge.documents import find_documents, load_document
from knowledge.embeddings import Embedder
from knowledge.types import EVERYONE, Audience, Chunk

HANDBOOK = Path(__file__).resolve().parents[2] / "knowledge" / "handbook"
QUESTIONS = Path(__file__).resolve().parents[2] / "knowledge" / "eval" / "policy_questions.jsonl"


def handbook_chunks(folder: Path = HANDBOOK) -> list[Chunk]:
    """The demo handbook as the real loader and splitter cut it (README left out by ``find_documents``)."""
    chunks: list[Chunk] = []
    for path in find_documents([folder]):
        for number, piece in enumerate(split_document(load_document(path))):
            chunks.append(to_chunk(piece, f"{path.name}#{number}"))
    return chunks


class MemoryIndex:
    """A VectorIndex held in numpy: cosine similarity by dot product over unit rows, audience filtered."""

    def __init__(self, embedder: Embedder, chunks: Iterable[Chunk] = ()) -> None:
        self._embedder = embedder
        self._chunks: list[Chunk] = []
        self._vectors = np.zeros((0, embedder.dim), dtype=np.float32)
        self._generation = 0
        self._lock = threading.Lock()
        self.add(list(chunks))

    def add(self, chunks: Sequence[Chunk]) -> None:
        """Embed and add ``chunks`` the way the real index embeds them (title and section above the text)."""
        if not chunks:
            return
        vectors = self._embedder.embed([embedding_text(c.text, dict(c.metadata)) for c in chunks])
        with self._lock:
            self._chunks.extend(chunks)
            self._vectors = np.vstack([self._vectors, vectors])
            self._generation += 1

    def remove(self, chunk_id: str) -> None:
        """Drop the chunk called ``chunk_id``."""
        with self._lock:
            keep = [i for i, chunk in enumerate(self._chunks) if chunk.id != chunk_id]
            self._chunks = [self._chunks[i] for i in keep]
            self._vectors = self._vectors[keep]
            self._generation += 1

    def search(self, vector: Sequence[float], k: int, audience: Audience = EVERYONE) -> list[tuple[Chunk, float]]:
        """The ``k`` readable chunks nearest to ``vector``, with cosine similarity, best first."""
        with self._lock:
            chunks, vectors = list(self._chunks), self._vectors
        if not chunks:
            return []
        scores = vectors @ np.asarray(vector, dtype=np.float32)
        hits = [(chunks[i], float(scores[i])) for i in np.argsort(-scores) if audience.allows(chunks[i].metadata)]
        return hits[:k]

    def all_chunks(self) -> list[Chunk]:
        """Every chunk held."""
        with self._lock:
            return list(self._chunks)

    def generation(self) -> str:
        """Changes on every add or remove."""
        return str(self._generation)
