"""Ingesting the handbook: first run indexes, re-runs skip, edits replace, deletions remove, broken files change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from langchain_core.documents import Document

from db.engine import Database
from knowledge.embeddings import Embedder
from knowledge.ingest import chunk_key, ingest
from knowledge.record_manager import DatabaseRecordManager
from knowledge.store import ChromaIndex, IndexLocation
from knowledge.types import Audience, Chunk, IngestSummary

HANDBOOK_FILES = [
    "conduct.md",
    "equipment.md",
    "expenses.md",
    "gastos-espana.md",
    "leave.md",
    "maintenance.md",
    "oficina-madrid.md",
    "remote-work.md",
    "safety.md",
    "travel.md",
]


def _by_source(index: ChromaIndex) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = {}
    for chunk in index.all_chunks():
        ids.setdefault(chunk.source, set()).add(chunk.id)
    return ids


def _top(index: ChromaIndex, embedder: Embedder, question: str, audience: Audience | None = None) -> Chunk:
    vector = [float(value) for value in embedder.embed([question])[0]]
    return index.search(vector, 1, audience or Audience())[0][0]


def test_first_run_indexes_every_handbook_file(handbook_summary: IngestSummary, handbook_index: ChromaIndex) -> None:
    summary = handbook_summary
    assert summary.documents == 10
    assert summary.chunks == summary.added == handbook_index.count()
    assert 60 <= summary.chunks <= 150
    assert summary.skipped == summary.replaced == summary.removed == 0
    assert summary.changed_sources == HANDBOOK_FILES  # README.md is not a policy
    assert summary.removed_sources == [] and summary.failed == {}
    assert summary.seconds > 0
    assert "README.md" not in _by_source(handbook_index)


def test_rerun_skips_everything_and_edits_replace_only_that_file(
    handbook_copy: Path, empty_index: ChromaIndex, database: Database, embedder: Embedder
) -> None:
    seen: list[tuple[int, int, str]] = []
    first = ingest([handbook_copy], empty_index, database, progress=lambda *args: seen.append(args))
    assert first.added == first.chunks == empty_index.count()
    assert seen[0] == (1, 10, "conduct.md") and seen[-1] == (10, 10, "travel.md")
    records = DatabaseRecordManager(database, empty_index.name)
    assert records.count() == empty_index.count()
    generation = empty_index.generation()

    again = ingest([handbook_copy], empty_index, database)
    assert (again.documents, again.chunks, again.added, again.skipped) == (10, first.chunks, 0, first.chunks)
    assert again.changed_sources == [] and again.replaced == 0 and again.removed == 0
    assert empty_index.generation() == generation  # nothing was written

    before = _by_source(empty_index)
    leave = handbook_copy / "leave.md"
    leave.write_text(leave.read_text(encoding="utf-8").replace("22 working days", "25 working days"), "utf-8")
    edited = ingest([handbook_copy], empty_index, database)
    assert edited.changed_sources == ["leave.md"]
    assert edited.replaced == 1 and edited.removed == 0
    assert edited.added == len(_by_source(empty_index)["leave.md"])
    after = _by_source(empty_index)
    assert after["leave.md"].isdisjoint(before["leave.md"])  # the old version's chunks are gone
    assert {source: ids for source, ids in after.items() if source != "leave.md"} == {
        source: ids for source, ids in before.items() if source != "leave.md"
    }
    assert empty_index.count() == records.count()
    top = _top(empty_index, embedder, "How many vacation days do I get per year?")
    assert top.source == "leave.md" and "25 working days" in top.text and "22 working days" not in top.text


def test_deleted_file_is_removed(handbook_copy: Path, empty_index: ChromaIndex, database: Database) -> None:
    ingest([handbook_copy], empty_index, database)
    hashes = empty_index.document_hashes()
    (handbook_copy / "safety.md").unlink()
    (handbook_copy / "travel.md").rename(handbook_copy / "_travel-draft.md")  # no longer a kept file
    summary = ingest([handbook_copy], empty_index, database)
    assert summary.removed == 2
    assert summary.removed_sources == ["safety.md", "travel.md"]
    assert summary.documents == 8 and summary.added == 0
    assert set(empty_index.document_hashes()) == set(hashes) - {"safety.md", "travel.md"}
    assert DatabaseRecordManager(database, empty_index.name).count() == empty_index.count()


def test_single_file_runs_do_not_remove_siblings(
    handbook_copy: Path, empty_index: ChromaIndex, database: Database
) -> None:
    ingest([handbook_copy], empty_index, database)
    total = empty_index.count()
    summary = ingest([handbook_copy / "leave.md"], empty_index, database)
    assert (summary.documents, summary.added, summary.removed) == (1, 0, 0)
    assert empty_index.count() == total
    (handbook_copy / "leave.md").unlink()
    gone = ingest([handbook_copy / "leave.md"], empty_index, database)
    assert gone.removed_sources == ["leave.md"] and gone.failed == {}
    assert "leave.md" not in empty_index.document_hashes()
    missing = ingest([handbook_copy / "nowhere.md"], empty_index, database)
    assert missing.failed == {"nowhere.md": "no such file or folder"}


def test_broken_file_is_reported_and_keeps_its_chunks(
    handbook_copy: Path, empty_index: ChromaIndex, database: Database
) -> None:
    ingest([handbook_copy], empty_index, database)
    before = _by_source(empty_index)
    (handbook_copy / "conduct.md").write_bytes("Código de conducta: año".encode("latin-1"))
    (handbook_copy / "new-policy.md").write_bytes(b"")
    (handbook_copy / "headings-only.md").write_text("# Title\n\n## Empty section\n", "utf-8")
    summary = ingest([handbook_copy], empty_index, database)
    assert set(summary.failed) == {"conduct.md", "new-policy.md", "headings-only.md"}
    assert "UTF-8" in summary.failed["conduct.md"] and "empty" in summary.failed["new-policy.md"]
    assert summary.failed["headings-only.md"] == "no text under its headings"
    assert summary.documents == 9 and summary.added == 0 and summary.removed == 0
    assert summary.changed_sources == [] and summary.removed_sources == []
    assert _by_source(empty_index) == before


def test_readme_and_new_formats_in_a_folder(tmp_path: Path, empty_index: ChromaIndex, database: Database) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(Path(__file__).resolve().parents[2] / "knowledge" / "handbook" / "README.md", folder / "README.md")
    (folder / "bikes.html").write_text(
        "<title>Bikes</title><h1>Bikes</h1><h2>Parking</h2><p>Bikes go in the basement rack.</p>", "utf-8"
    )
    (folder / "notes.txt").write_text("Visitors sign in at reception.\n", "utf-8")
    summary = ingest([folder], empty_index, database)
    assert summary.changed_sources == ["bikes.html", "notes.txt"]
    chunks = {chunk.source: chunk for chunk in empty_index.all_chunks()}
    assert set(chunks) == {"bikes.html", "notes.txt"}
    assert chunks["bikes.html"].section == "Parking" and chunks["bikes.html"].title == "Bikes"
    assert chunks["notes.txt"].title == "notes" and chunks["notes.txt"].section == ""


def test_spain_only_passages_never_reach_us_readers(handbook_index: ChromaIndex, embedder: Embedder) -> None:
    question = "¿Cuándo empieza la jornada intensiva de verano?"
    spain = _top(handbook_index, embedder, question, Audience(country="ES"))
    assert spain.source == "oficina-madrid.md" and "1 de julio" in spain.text
    us = _top(handbook_index, embedder, question, Audience(country="US"))
    assert us.source != "oficina-madrid.md"
    every_us_hit = handbook_index.search([float(v) for v in embedder.embed([question])[0]], 80, Audience(country="US"))
    assert all(chunk.metadata["audience_country"] != "ES" for chunk, _ in every_us_hit)


def test_new_chunk_sizes_replace_every_document(
    handbook_copy: Path, empty_index: ChromaIndex, database: Database
) -> None:
    first = ingest(handbook_copy, empty_index, database)
    smaller = ingest(handbook_copy, empty_index, database, chunk_size=300, overlap=40)
    assert smaller.changed_sources == first.changed_sources and smaller.replaced == 10
    assert smaller.chunks > first.chunks == first.added
    assert empty_index.count() == smaller.chunks
    assert all(len(chunk.text) <= 300 for chunk in empty_index.all_chunks())


def test_chunk_keys_are_stable() -> None:
    piece = Document(page_content="Half days are allowed.", metadata={"source": "leave.md", "section": "Vacation"})
    same = Document(page_content="Half days are allowed.", metadata={"section": "Vacation", "source": "leave.md"})
    assert chunk_key(piece) == chunk_key(same)
    assert chunk_key(piece) == "67bb0ec3c4fcd6789c1b06b9aaefb5a4ef2a177c4732a37792f653bccf838f9b"
    assert chunk_key(piece) != chunk_key(Document(page_content="Half days are allowed.", metadata={"source": "x"}))


def test_a_deleted_index_folder_is_rebuilt(
    handbook_copy: Path, tmp_path: Path, database: Database, embedder: Embedder
) -> None:
    first_index = ChromaIndex.open(IndexLocation(home=tmp_path / "first"), embedder)
    first = ingest(handbook_copy, first_index, database)
    fresh = ChromaIndex.open(IndexLocation(home=tmp_path / "fresh"), embedder)  # same records, empty Chroma
    rebuilt = ingest(handbook_copy, fresh, database)
    assert rebuilt.added == first.added == fresh.count()
    assert DatabaseRecordManager(database, fresh.name).count() == fresh.count()


def test_a_reset_database_drops_orphan_chunks(
    handbook_copy: Path, empty_index: ChromaIndex, database: Database
) -> None:
    ingest(handbook_copy, empty_index, database)
    empty_index.add_chunks(
        [Chunk(id="hr-answer-1", text="Yes.", source="hr-answer-1", title="HR", section="", kind="hr_answer")]
    )
    records = DatabaseRecordManager(database, empty_index.name)
    records.delete_keys(sorted(records.all_keys()))
    (handbook_copy / "safety.md").unlink()
    summary = ingest(handbook_copy, empty_index, database)
    assert summary.documents == 9 and summary.added == summary.chunks
    assert "safety.md" not in empty_index.document_hashes()
    assert empty_index.count() == records.count() + 1  # the HR answer is not the ingest's to remove
    assert empty_index.get_chunks(["hr-answer-1"])[0].text == "Yes."


def test_an_unchanged_rerun_embeds_nothing_even_when_documents_straddle_index_batches(
    handbook_copy: Path, empty_index: ChromaIndex, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("knowledge.ingest.INDEX_BATCH", 5)  # most documents have more than 5 chunks
    first = ingest([handbook_copy], empty_index, database)
    again = ingest([handbook_copy], empty_index, database)
    assert first.added == first.chunks > 0
    assert (again.added, again.skipped) == (0, first.chunks)
    assert empty_index.count() == first.chunks
