"""The Chroma index: search with cosine scores and audience filters, chunks in and out, generation, disk size."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from langchain_core.documents import Document

from knowledge.embeddings import Embedder
from knowledge.store import ChromaIndex, IndexLocation, open_client
from knowledge.types import EVERYONE, Audience, Chunk, IngestSummary
from knowledge.vector_store import EmbedderEmbeddings

HR_ANSWER = Chunk(
    id="hr-answer-7",
    text="Yes: a dentist appointment can be booked as a half personal day.",
    source="hr-answer-7",
    title="HR answer (2026-11-20)",
    section="",
    kind="hr_answer",
    lang="en",
    metadata={"saved_on": "2026-11-20"},
)


def _vector(embedder: Embedder, text: str) -> list[float]:
    return [float(value) for value in embedder.embed([text])[0]]


def test_search_returns_cosine_similarity_best_first(handbook_index: ChromaIndex, embedder: Embedder) -> None:
    question = "How many paid vacation days do I get per year?"
    hits = handbook_index.search(_vector(embedder, question), 5)
    assert len(hits) == 5
    top, score = hits[0]
    assert (top.source, top.section) == ("leave.md", "Leave types > Vacation")
    assert "22" in top.text
    scores = [score for _chunk, score in hits]
    assert scores == sorted(scores, reverse=True)
    assert 0.0 < scores[-1] <= score <= 1.0
    # the score is the cosine of the query and the stored vector (the body with its heading line)
    assert score == pytest.approx(
        float(np.dot(embedder.embed([question])[0], _stored_vector(handbook_index, top))), abs=1e-3
    )


def _stored_vector(index: ChromaIndex, chunk: Chunk) -> np.ndarray:
    row = index.collection.get(ids=[chunk.id], include=["embeddings"])["embeddings"]
    assert row is not None
    return np.asarray(row[0], dtype=np.float32)


def test_spanish_question_finds_the_spanish_table(handbook_index: ChromaIndex, embedder: Embedder) -> None:
    hits = handbook_index.search(_vector(embedder, "¿Cuál es el límite de comidas por día en Madrid?"), 3)
    assert any(chunk.source == "gastos-espana.md" and "| Madrid | 50 € |" in chunk.text for chunk, _ in hits)


def test_audience_filter_hides_spain_only_passages(handbook_index: ChromaIndex, embedder: Embedder) -> None:
    vector = _vector(embedder, "How do I book a parking space in the Madrid garage?")
    everyone = handbook_index.search(vector, 3)
    assert (everyone[0][0].source, everyone[0][0].section) == ("oficina-madrid.md", "Parking")
    assert everyone[0][0].metadata["audience_country"] == "ES"
    for audience in (Audience(country="US"), Audience(country="us", department="Finance")):
        hits = handbook_index.search(vector, 5, audience)
        assert len(hits) == 5
        assert all(chunk.source != "oficina-madrid.md" for chunk, _ in hits)
    spain = handbook_index.search(vector, 3, Audience(country="es"))
    assert spain[0][0].source == "oficina-madrid.md"


def test_all_chunks_and_document_hashes(handbook_index: ChromaIndex, handbook_summary: IngestSummary) -> None:
    chunks = handbook_index.all_chunks()
    assert len(chunks) == handbook_summary.chunks == handbook_index.count()
    assert len({chunk.id for chunk in chunks}) == len(chunks)
    assert all(chunk.kind == "policy" and chunk.text and chunk.title for chunk in chunks)
    hashes = handbook_index.document_hashes()
    assert sorted(hashes) == sorted(
        ["conduct.md", "equipment.md", "expenses.md", "gastos-espana.md", "leave.md", "maintenance.md",
         "oficina-madrid.md", "remote-work.md", "safety.md", "travel.md"]
    )  # fmt: skip
    assert all(len(value) == 64 for value in hashes.values())


def test_hr_answers_are_added_found_and_deleted(empty_index: ChromaIndex, embedder: Embedder) -> None:
    before = empty_index.generation()
    empty_index.add_chunks([HR_ANSWER])
    added = empty_index.generation()
    assert added != before
    hits = empty_index.search(_vector(embedder, "can I use a personal day for the dentist?"), 3, Audience(country="US"))
    assert [chunk.id for chunk, _ in hits] == ["hr-answer-7"]
    chunk = hits[0][0]
    assert chunk.kind == "hr_answer" and chunk.text == HR_ANSWER.text and chunk.title == HR_ANSWER.title
    assert chunk.metadata["saved_on"] == "2026-11-20"
    assert chunk.metadata["audience_country"] == "all"
    assert empty_index.document_hashes() == {}  # HR answers are not policy documents
    assert empty_index.ids() == empty_index.ids(kind="hr_answer") == {"hr-answer-7"}
    assert empty_index.ids(kind="policy") == set()
    empty_index.delete_ids(["hr-answer-7", "unknown"])
    assert empty_index.count() == 0
    assert empty_index.generation() not in {before, added}
    assert empty_index.search(_vector(embedder, "dentist"), 3) == []


def test_generation_sees_writes_from_another_client(tmp_path: Path, embedder: Embedder) -> None:
    location = IndexLocation(home=tmp_path)
    reader = ChromaIndex.open(location, embedder)
    writer = ChromaIndex(open_client(location), embedder)
    before = reader.generation()
    writer.add_chunks([HR_ANSWER])
    assert reader.generation() != before
    assert reader.count() == 1
    assert writer.path == location.chroma_path  # found from the client's settings
    assert (writer.disk_bytes() or 0) > 0


def test_vector_store_adds_searches_and_deletes(empty_index: ChromaIndex) -> None:
    store = empty_index.vector_store
    ids = store.add_documents(
        [
            Document(page_content="Bikes go in the basement rack.", metadata={"source": "bikes.md", "title": "Bikes"}),
            Document(page_content="Printers are on every floor.", metadata={"source": "print.md", "title": "Print"}),
        ],
        ids=["b", "p"],
    )
    assert ids == ["b", "p"]
    found = store.similarity_search_with_score("where can I leave my bicycle?", k=1)
    assert found[0][0].id == "b" and found[0][0].metadata["source"] == "bikes.md"
    assert [document.id for document in store.get_by_ids(["p", "zzz"])] == ["p"]
    assert store.delete(["b"]) is True
    assert empty_index.count() == 1
    assert len(store.embeddings.embed_documents(["a", "b"])) == 2


def test_embeddings_adapter_gives_unit_vectors(embedder: Embedder) -> None:
    adapter = EmbedderEmbeddings(embedder)
    vector = adapter.embed_query("expense receipts")
    assert len(vector) == embedder.dim
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-4)


def test_disk_bytes_and_reopening_with_another_embedder(tmp_path: Path, embedder: Embedder) -> None:
    location = IndexLocation(home=tmp_path)
    index = ChromaIndex.open(location, embedder)
    index.add_chunks([HR_ANSWER])
    size = index.disk_bytes()
    assert size is not None and size > 0
    assert (tmp_path / "chroma").is_dir()

    class Other:
        name = "other-model"
        dim = 3

        def embed(self, texts: object) -> np.ndarray:
            raise AssertionError("not used")

    with pytest.raises(ValueError, match="use-m3 vectors"):
        ChromaIndex.open(location, Other())


def test_bad_chroma_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="http://host:port"):
        open_client(IndexLocation(home=tmp_path, chroma_url="ftp://example"))


def test_empty_index_searches_to_nothing(empty_index: ChromaIndex, embedder: Embedder) -> None:
    assert empty_index.search(_vector(embedder, "anything"), 5, EVERYONE) == []
    assert empty_index.all_chunks() == []
