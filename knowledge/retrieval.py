"""Hybrid retrieval: vector search and BM25 keyword search, fused into one 0..1 relevance the gate can trust."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from knowledge.chunking import embedding_text
from knowledge.embeddings import Embedder
from knowledge.keywords import KeywordIndex, tokenize
from knowledge.types import EVERYONE, Audience, Chunk, Passage, VectorIndex

RetrievalMode = Literal["hybrid", "vector", "keyword"]
Fusion = Literal["score", "rrf"]

CANDIDATES = 20
"""How many hits each search (vector, keyword) contributes before fusion."""

RRF_K = 60
"""The reciprocal-rank-fusion constant (``fusion="rrf"``): a hit at rank r (0-based) earns 1 / (RRF_K + r + 1)."""

COSINE_FLOOR = 0.10
COSINE_CEILING = 0.60
"""USE-m3 cosines between a question and a passage fall roughly in this band; they are mapped linearly onto 0..1."""

KEYWORD_WEIGHT = 0.3
"""The keyword coverage's share of a passage's relevance; the rest is the rescaled cosine.

Measured on the question set with a heading split of the handbook: 0.3 put the right document in the top 3
for 57 of 59 answerable questions (vector alone 56, keyword alone 40, reciprocal-rank fusion 52) and separated
answerable from unanswerable questions best (weights 0 to 0.5 tried).
"""


def rescale_cosine(cosine: float) -> float:
    """A cosine similarity mapped from the model's useful band onto 0..1 (clipped)."""
    return float(min(1.0, max(0.0, (cosine - COSINE_FLOOR) / (COSINE_CEILING - COSINE_FLOOR))))


def relevance(cosine: float, coverage: float) -> float:
    """How well a passage matches a question, 0..1 and comparable across questions.

    The rescaled cosine carries the meaning (and works across languages); keyword coverage (the idf-weighted
    share of the question's words found in the passage) adds evidence when the words match. A question in
    another language than the passage gets no keyword evidence, so it needs a clearer semantic match.
    """
    return (1.0 - KEYWORD_WEIGHT) * rescale_cosine(cosine) + KEYWORD_WEIGHT * coverage


@dataclass(frozen=True)
class _Snapshot:
    """What the retriever derives from one generation of the index."""

    generation: str
    keywords: KeywordIndex
    vectors: dict[str, np.ndarray]
    """Embeddings of keyword-only hits, by chunk id (written under the retriever's lock)."""


@dataclass
class _Candidate:
    chunk: Chunk
    cosine: float | None = None
    coverage: float = 0.0
    vector_rank: int | None = None
    keyword_rank: int | None = None

    def fused(self) -> float:
        """The reciprocal-rank-fusion score of this candidate over the lists it appears in."""
        return sum(1.0 / (RRF_K + rank + 1) for rank in (self.vector_rank, self.keyword_rank) if rank is not None)


class HybridRetriever:
    """Finds the passages that answer a question, for one reader, from a :class:`VectorIndex` plus BM25.

    ``mode`` picks the searches used: ``"hybrid"`` (both), ``"vector"`` or ``"keyword"`` (BM25 only), the last two
    for measuring what the fusion gains. Hybrid candidates (the union of both searches' hits) are ranked by
    :func:`relevance` (``fusion="score"``, the default) or by reciprocal-rank fusion (``fusion="rrf"``, kept for
    comparison). Every passage's score is its :func:`relevance`, whatever the ranking. The BM25 index is built from
    ``index.all_chunks()`` and rebuilt, under a lock, whenever ``index.generation()`` changes. Safe to share
    between threads.
    """

    def __init__(
        self,
        index: VectorIndex,
        embedder: Embedder,
        *,
        mode: RetrievalMode = "hybrid",
        fusion: Fusion = "score",
        query_tokens: Callable[[str], list[str]] | None = None,
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.query_tokens = query_tokens
        """Turns a question into keyword tokens (default :func:`tokenize`; the knowledge base translates them)."""
        self.mode: RetrievalMode = mode
        self.fusion: Fusion = fusion
        self._lock = threading.Lock()
        self._snapshot: _Snapshot | None = None

    def keyword_index(self) -> KeywordIndex:
        """The BM25 index of the current chunks, rebuilt when the vector index's generation has changed."""
        return self._current().keywords

    def _current(self) -> _Snapshot:
        """The keyword index and chunk-vector cache of the index's current generation (one consistent pair)."""
        generation = self.index.generation()
        with self._lock:
            if self._snapshot is None or self._snapshot.generation != generation:
                self._snapshot = _Snapshot(generation, KeywordIndex(self.index.all_chunks()), {})
            return self._snapshot

    def search(self, question: str, audience: Audience = EVERYONE, k: int = 5) -> list[Passage]:
        """The ``k`` passages ``audience`` may read that best answer ``question``, best first, scored 0..1."""
        query = self.embedder.embed([question])[0]
        snapshot = self._current()
        candidates = self._candidates(question, query, audience, snapshot.keywords)
        if self.mode == "vector":
            ranked = sorted(candidates, key=lambda c: c.vector_rank if c.vector_rank is not None else CANDIDATES)
        elif self.mode == "keyword":
            ranked = sorted(candidates, key=lambda c: c.keyword_rank if c.keyword_rank is not None else CANDIDATES)
        elif self.fusion == "rrf":
            ranked = sorted(candidates, key=lambda c: -c.fused())
        else:
            self._fill_cosines(query, candidates, snapshot)
            ranked = sorted(candidates, key=lambda c: -relevance(c.cosine or 0.0, c.coverage))
        top = ranked[:k]
        self._fill_cosines(query, top, snapshot)
        return [Passage(chunk=c.chunk, score=relevance(c.cosine or 0.0, c.coverage)) for c in top]

    def _candidates(
        self, question: str, query: np.ndarray, audience: Audience, keywords: KeywordIndex
    ) -> list[_Candidate]:
        by_id: dict[str, _Candidate] = {}
        if self.mode in ("hybrid", "vector"):
            for rank, (chunk, cosine) in enumerate(self.index.search(query.tolist(), CANDIDATES, audience)):
                by_id[chunk.id] = _Candidate(chunk=chunk, cosine=cosine, vector_rank=rank)
        tokens = self.query_tokens(question) if self.query_tokens is not None else tokenize(question)
        if self.mode in ("hybrid", "keyword"):
            allowed = lambda chunk: audience.allows(chunk.metadata)  # noqa: E731
            hits = keywords.search(question, CANDIDATES, allowed, tokens)
            for rank, (chunk, _bm25, coverage) in enumerate(hits):
                candidate = by_id.setdefault(chunk.id, _Candidate(chunk=chunk))
                candidate.keyword_rank = rank
                candidate.coverage = coverage
        for candidate in by_id.values():
            position = keywords.position(candidate.chunk.id)
            if candidate.keyword_rank is None and position is not None:
                candidate.coverage = keywords.coverage(tokens, position)
        return list(by_id.values())

    def _fill_cosines(self, query: np.ndarray, candidates: list[_Candidate], snapshot: _Snapshot) -> None:
        """Give keyword-only hits a cosine too (their chunk embedded once per index generation)."""
        missing = [c for c in candidates if c.cosine is None]
        if not missing:
            return
        cache = snapshot.vectors
        unknown = [c.chunk for c in missing if c.chunk.id not in cache]
        if unknown:
            vectors = self.embedder.embed([passage_text(chunk) for chunk in unknown])
            with self._lock:
                for chunk, row in zip(unknown, vectors, strict=True):
                    cache[chunk.id] = row
        for candidate in missing:
            candidate.cosine = float(np.dot(cache[candidate.chunk.id], query))


def passage_text(chunk: Chunk) -> str:
    """The text a chunk is embedded as when the retriever needs its vector itself (as the index embeds it)."""
    return embedding_text(chunk.text, {"title": chunk.title, "section": chunk.section})
