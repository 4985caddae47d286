"""Hybrid retrieval over the ingested handbook: cross-lingual hits, audience filtering, scores, BM25 rebuilds."""

from __future__ import annotations

import threading

import pytest

from knowledge.embeddings import Embedder
from knowledge.retrieval import HybridRetriever, relevance, rescale_cosine
from knowledge.store import ChromaIndex
from knowledge.types import EVERYONE, Audience, Chunk
from tests.knowledge.memory_index import MemoryIndex


@pytest.fixture(scope="module")
def retriever(handbook_index: ChromaIndex, embedder: Embedder) -> HybridRetriever:
    return HybridRetriever(handbook_index, embedder)


def _sources(retriever: HybridRetriever, question: str, audience: Audience = EVERYONE, k: int = 3) -> list[str]:
    return [passage.chunk.source for passage in retriever.search(question, audience, k=k)]


def test_a_spanish_question_finds_the_english_passage(retriever: HybridRetriever) -> None:
    passages = retriever.search("¿Cada cuántos años me cambian el portátil?", k=3)
    assert passages[0].chunk.source == "equipment.md"
    assert passages[0].chunk.lang == "en"
    assert "Laptop refresh" in passages[0].chunk.section


def test_an_english_question_finds_the_spanish_passage(retriever: HybridRetriever) -> None:
    passages = retriever.search("When does the summer schedule start at the Madrid office?", k=3)
    spanish = [p for p in passages if p.chunk.source == "oficina-madrid.md"]
    assert spanish and spanish[0].chunk.lang == "es"
    assert "Horario de verano" in spanish[0].chunk.section


def test_a_reader_only_sees_passages_that_apply_to_them(retriever: HybridRetriever) -> None:
    question = "¿Cuántos microondas hay en el office?"
    assert _sources(retriever, question, Audience(country="ES"))[0] == "oficina-madrid.md"
    for mode in ("hybrid", "vector", "keyword"):
        other = HybridRetriever(retriever.index, retriever.embedder, mode=mode)
        assert "oficina-madrid.md" not in _sources(other, question, Audience(country="US"), k=10)


def test_scores_are_between_0_and_1_and_best_first(retriever: HybridRetriever) -> None:
    passages = retriever.search("How many vacation days do we get each year?", k=5)
    scores = [p.score for p in passages]
    assert len(passages) == 5
    assert all(0.0 <= score <= 1.0 for score in scores)
    assert scores == sorted(scores, reverse=True)


def test_an_off_topic_question_scores_lower_than_a_policy_question(retriever: HybridRetriever) -> None:
    on_topic = retriever.search("How many vacation days do we get each year?", k=1)[0].score
    off_topic = retriever.search("What is the deductible on the dental plan?", k=1)[0].score
    assert off_topic < on_topic - 0.2


def test_each_mode_searches_its_own_way(retriever: HybridRetriever) -> None:
    question = "What flight class do I get for a 12-hour flight?"
    for mode in ("hybrid", "vector", "keyword"):
        other = HybridRetriever(retriever.index, retriever.embedder, mode=mode)
        assert _sources(other, question, k=1) == ["travel.md"], mode
    rrf = HybridRetriever(retriever.index, retriever.embedder, fusion="rrf")
    assert "travel.md" in _sources(rrf, question)


def test_relevance_rewards_keywords_and_stays_in_range() -> None:
    assert rescale_cosine(-0.5) == 0.0
    assert rescale_cosine(0.99) == 1.0
    assert relevance(0.4, 1.0) > relevance(0.4, 0.0)
    assert 0.0 <= relevance(0.0, 0.0) <= relevance(1.0, 1.0) <= 1.0


def _chunk(id_: str, text: str) -> Chunk:
    return Chunk(id=id_, text=text, source=f"{id_}.md", title="Notes", section=id_)


def test_the_keyword_index_is_rebuilt_when_the_index_changes(embedder: Embedder) -> None:
    index = MemoryIndex(embedder, [_chunk("plants", "Water the office plants on Mondays.")])
    keyword_only = HybridRetriever(index, embedder, mode="keyword")
    assert keyword_only.search("zeppelin hangar") == []
    index.add([_chunk("zeppelin", "The zeppelin hangar is closed on Fridays.")])
    assert [p.chunk.id for p in keyword_only.search("zeppelin hangar")] == ["zeppelin"]
    index.remove("zeppelin")
    assert keyword_only.search("zeppelin hangar") == []


def test_searches_from_many_threads_while_the_index_changes(embedder: Embedder) -> None:
    index = MemoryIndex(embedder, [_chunk(f"note{i}", f"Rule number {i} about lockers.") for i in range(10)])
    retriever = HybridRetriever(index, embedder)
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            for _ in range(20):
                assert retriever.search("lockers", k=3)
        except BaseException as error:  # collected for the main thread
            errors.append(error)

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for i in range(5):
        index.add([_chunk(f"extra{i}", f"Extra locker rule {i}.")])
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(retriever.keyword_index()) == 15
