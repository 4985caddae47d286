"""One index's extractive answering: the question read in the policies' words, hybrid retrieval, quotes and gates.

:class:`PolicyKnowledge` answers through it, and so do the evaluation tests, so what is measured is what is shipped.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from knowledge.answers import compose_answer
from knowledge.embeddings import Embedder
from knowledge.keywords import KeywordIndex
from knowledge.retrieval import HybridRetriever
from knowledge.terms import TermMatcher, Vocabulary
from knowledge.types import EVERYONE, Answer, Audience, Passage, VectorIndex

SEARCH_DEPTH = 5
"""Passages retrieved per question: what the answer may quote from and what HR sees on an escalation."""


class AnswerPipeline:
    """Answers questions from one :class:`VectorIndex`; word vectors and the vocabulary are cached; thread-safe."""

    def __init__(self, index: VectorIndex, embedder: Embedder) -> None:
        self.index = index
        self.embedder = embedder
        self.matcher = TermMatcher(embedder)
        self.retriever = HybridRetriever(index, embedder, query_tokens=self.query_tokens)
        self._lock = threading.Lock()
        self._vocabulary: tuple[KeywordIndex, Vocabulary] | None = None

    def vocabulary(self) -> Vocabulary:
        """The words of the current index (rebuilt when the index changes)."""
        keywords = self.retriever.keyword_index()
        with self._lock:
            if self._vocabulary is None or self._vocabulary[0] is not keywords:
                self._vocabulary = (keywords, Vocabulary(keywords.words, self.matcher))
            return self._vocabulary[1]

    def query_tokens(self, question: str) -> list[str]:
        """The question's keyword tokens in the index's own words (see :meth:`Vocabulary.query_tokens`)."""
        return self.vocabulary().query_tokens(question)

    def search(self, question: str, audience: Audience = EVERYONE, k: int = SEARCH_DEPTH) -> list[Passage]:
        """The passages ``audience`` may read that best answer ``question``, best first (places read as the policies
        name them, see :meth:`Vocabulary.as_policies_say`)."""
        return self.retriever.search(self.vocabulary().as_policies_say(question), audience, k=k)

    def answer(self, question: str, audience: Audience = EVERYONE) -> tuple[Answer, list[Passage]]:
        """The extractive answer to ``question`` (or a refusal), with the passages it was chosen from."""
        vocabulary = self.vocabulary()
        read = vocabulary.as_policies_say(question)  # "from Portugal" -> "from another country"
        passages = self.retriever.search(read, audience, k=SEARCH_DEPTH)
        answer = compose_answer(read, passages, self.embedder, matcher=self.matcher, vocabulary=vocabulary)
        return replace(answer, question=question), passages
