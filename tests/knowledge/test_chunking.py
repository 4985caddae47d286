"""Splitting documents: heading paths, metadata on every piece, readable tables, Spanish files."""

from __future__ import annotations

import hashlib
from pathlib import Path

from knowledge.chunking import CHUNK_SIZE, embedding_text, split_document, to_chunk
from knowledge.documents import find_documents, load_document
from knowledge.types import ALL

HANDBOOK = Path(__file__).resolve().parents[2] / "knowledge" / "handbook"
METADATA_KEYS = {
    "source",
    "path",
    "title",
    "section",
    "kind",
    "lang",
    "audience_country",
    "audience_department",
    "content_hash",
    "doc_hash",
}


def test_sections_follow_the_heading_path_below_the_title() -> None:
    pieces = split_document(load_document(HANDBOOK / "leave.md"))
    sections = [piece.metadata["section"] for piece in pieces]
    assert sections[0] == ""  # the introduction under the title
    assert "Leave types > Vacation" in sections
    assert "Leave types > Sick leave" in sections
    assert "Public holidays" in sections
    vacation = next(piece for piece in pieces if piece.metadata["section"] == "Leave types > Vacation")
    assert "22 working days of paid vacation" in vacation.page_content
    assert "Vacation" not in vacation.page_content.splitlines()[0]  # the heading is metadata, not body
    assert not any(line.startswith("#") for piece in pieces for line in piece.page_content.splitlines())


def test_every_piece_carries_the_metadata() -> None:
    doc = load_document(HANDBOOK / "expenses.md")
    pieces = split_document(doc)
    assert len(pieces) > 3
    for piece in pieces:
        assert set(piece.metadata) == METADATA_KEYS
        assert piece.metadata["source"] == "expenses.md"
        assert piece.metadata["path"] == str(HANDBOOK / "expenses.md")
        assert piece.metadata["title"] == "Expense Policy"
        assert piece.metadata["kind"] == "policy"
        assert piece.metadata["lang"] == "en"
        assert piece.metadata["audience_country"] == ALL
        assert piece.metadata["doc_hash"] == doc.content_hash
        assert piece.metadata["content_hash"] == hashlib.sha256(piece.page_content.encode()).hexdigest()
        assert len(piece.page_content) <= CHUNK_SIZE


def test_spanish_files_keep_language_audience_and_tables() -> None:
    madrid = split_document(load_document(HANDBOOK / "oficina-madrid.md"))
    assert {piece.metadata["lang"] for piece in madrid} == {"es"}
    assert {piece.metadata["audience_country"] for piece in madrid} == {"ES"}
    assert any(piece.metadata["section"] == "Horario > Horario de verano" for piece in madrid)

    gastos = split_document(load_document(HANDBOOK / "gastos-espana.md"))
    meals = next(piece for piece in gastos if "| Madrid | 50 € |" in piece.page_content)
    assert meals.metadata["section"] == "Límites de comidas"
    assert "| Ciudad | Límite de comidas por día |" in meals.page_content
    assert "\n| Madrid | 50 € |\n" in meals.page_content  # rows stay whole lines


def test_a_table_cut_in_two_repeats_its_header() -> None:
    gastos = load_document(HANDBOOK / "gastos-espana.md")
    pieces = split_document(gastos, chunk_size=70, overlap=0)
    rows = [piece.page_content for piece in pieces if "| Resto de España | 40 € |" in piece.page_content]
    assert rows, "the last meal row must be in some piece"
    assert rows[0].startswith("| Ciudad | Límite de comidas por día |\n|---|---|\n")
    assert not any(piece.page_content.strip().endswith("|---|---|") for piece in pieces)


def test_long_sections_are_split_with_overlap() -> None:
    doc = load_document(HANDBOOK / "leave.md")
    small = split_document(doc, chunk_size=200, overlap=60)
    assert len(small) > len(split_document(doc))
    assert all(len(piece.page_content) <= 200 for piece in small)


def test_whole_handbook_splits_into_reasonable_chunks() -> None:
    pieces = [piece for path in find_documents([HANDBOOK]) for piece in split_document(load_document(path))]
    assert 60 <= len(pieces) <= 150
    assert len({piece.metadata["source"] for piece in pieces}) == 10
    assert all(piece.page_content.strip() for piece in pieces)


def test_to_chunk_round_trip_and_embedding_text() -> None:
    piece = next(
        piece
        for piece in split_document(load_document(HANDBOOK / "leave.md"))
        if piece.metadata["section"] == "Leave types > Vacation"
    )
    chunk = to_chunk(piece, "abc")
    assert chunk.id == "abc"
    assert chunk.text == piece.page_content
    assert (chunk.source, chunk.title, chunk.section) == ("leave.md", "Leave and Time Off", "Leave types > Vacation")
    assert chunk.kind == "policy" and chunk.lang == "en"
    assert chunk.metadata["doc_hash"] == piece.metadata["doc_hash"]
    text = embedding_text(piece.page_content, piece.metadata)
    assert text.startswith("Leave and Time Off > Leave types > Vacation\n- You get 22")
