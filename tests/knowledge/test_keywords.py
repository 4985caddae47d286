"""Keyword search: folding, stop words, stems, BM25 ranking, coverage and the audience filter hook."""

from __future__ import annotations

from knowledge.keywords import KeywordIndex, fold, stem, tokenize
from knowledge.types import Chunk


def _chunk(id_: str, text: str, section: str = "", title: str = "Policy") -> Chunk:
    return Chunk(id=id_, text=text, source=f"{id_}.md", title=title, section=section)


def test_fold_lowercases_and_drops_accents() -> None:
    assert fold("Límite de AÑO, Cuántos") == "limite de ano, cuantos"


def test_tokenize_drops_english_and_spanish_stop_words_and_keeps_numbers() -> None:
    assert tokenize("How many days do I get?") == ["day"]
    assert tokenize("¿Cuántos días de vacaciones tengo?") == ["dia", "vacaci"]
    assert "0,26" in tokenize("se paga 0,26 € por kilómetro")
    assert "24" in tokenize("within 24 hours")


def test_stems_join_singular_and_plural_in_both_languages() -> None:
    assert stem("vacations") == stem("vacation")
    assert tokenize("vacaciones") == tokenize("vacación")
    assert tokenize("hoteles") == tokenize("hotel")
    assert stem("2026") == "2026"


def test_bm25_ranks_the_chunk_with_the_words_first_and_indexes_the_section() -> None:
    index = KeywordIndex(
        [
            _chunk("leave", "You get 22 days of paid vacation per year.", section="Vacation"),
            _chunk("travel", "Flights over 10 hours are booked in business class."),
            _chunk("parking", "Six spaces; book them a day ahead.", section="Parking"),
        ]
    )
    hits = index.search("How many vacation days per year?", k=3)
    assert hits[0][0].id == "leave"
    assert index.search("parking", k=1)[0][0].id == "parking"  # only in the section heading
    assert all(0.0 < coverage <= 1.0 for _, _, coverage in hits)
    assert index.search("zeppelin", k=3) == []


def test_search_leaves_out_chunks_that_are_not_allowed() -> None:
    index = KeywordIndex([_chunk("a", "meal card 11 euros"), _chunk("b", "meal limit 75 dollars")])
    hits = index.search("meal", k=5, allowed=lambda chunk: chunk.id != "a")
    assert [chunk.id for chunk, _, _ in hits] == ["b"]


def test_coverage_is_the_idf_weighted_share_of_question_words_found() -> None:
    index = KeywordIndex([_chunk("a", "laptop refresh every 3 years"), _chunk("b", "laptop stolen report")])
    full = index.coverage(tokenize("laptop refresh"), 0)
    part = index.coverage(tokenize("laptop refresh"), 1)
    assert full == 1.0
    assert 0.0 < part < 0.5  # "laptop" is in both chunks, so it weighs less than "refresh"


def test_an_empty_index_or_a_question_of_stop_words_finds_nothing() -> None:
    assert KeywordIndex([]).search("vacation", k=3) == []
    assert KeywordIndex([_chunk("a", "vacation")]).search("what is it?", k=3) == []
