"""Question terms covered in either language, the policies' vocabulary, missing topics and names read as places."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from knowledge.embeddings import Embedder, FloatMatrix
from knowledge.sentences import introduces_list, list_intro, list_items, points_to, refers_back, split_sentences
from knowledge.terms import Term, TermMatcher, Vocabulary, is_asking_word, key_terms


@pytest.fixture(scope="module")
def matcher(embedder: Embedder) -> TermMatcher:
    return TermMatcher(embedder)


def test_key_terms_are_folded_stemmed_once_and_without_stop_words() -> None:
    assert key_terms("¿Cuántos días de vacaciones tenemos? Días!") == [
        Term("dias", "dia"),
        Term("vacaciones", "vacaci"),
    ]


def test_a_spanish_term_is_covered_by_its_english_translation_and_not_by_a_stranger(matcher: TermMatcher) -> None:
    terms = key_terms("¿Cuántos días de vacaciones tenemos?")
    covered = matcher.covered(terms, ["You get 22 working days of paid vacation per year.", "The office is closed."])
    assert covered == [frozenset({"dia", "vacaci"}), frozenset()]


def test_vectors_are_cached_so_a_warm_matcher_embeds_nothing(embedder: Embedder) -> None:
    calls: list[int] = []

    class Counting:
        name, dim = embedder.name, embedder.dim

        def embed(self, texts: Sequence[str]) -> FloatMatrix:
            calls.append(len(texts))
            return embedder.embed(texts)

    matcher = TermMatcher(Counting())
    matcher.vectors(["vacation", "days", "vacation"])
    matcher.vectors(["days", "vacation"])
    assert calls == [2]


def test_the_vocabulary_translates_query_tokens_and_finds_missing_topics(matcher: TermMatcher) -> None:
    vocabulary = Vocabulary(["vacation", "days", "jury", "court", "leave", "country"], matcher)
    assert vocabulary.query_tokens("¿Cuántos días de vacaciones?") == ["day", "vacati"]
    assert vocabulary.missing_topics("How many days of leave for my wedding?") == ["wedding"]
    assert vocabulary.missing_topics("¿Me dan días por jurado?") == []  # "dan" is how one asks, not a topic
    # Spanish auxiliaries and infinitives carrying a pronoun say what the asker does, not what they ask about.
    assert vocabulary.missing_topics("¿Han pasado mis días de jurado? ¿Tengo que justificarlo?") == []
    managers = Vocabulary(["responsable", "aprueba", "permiso"], matcher)  # a Spanish handbook
    assert managers.missing_topics("Does my boss approve leave?") == []  # "boss": "jefe", "responsable" (glossary)
    assert vocabulary.as_policies_say("Can I work from Portugal?") == "Can I work from another country?"
    assert vocabulary.as_policies_say("Portugal is nice") == "Portugal is nice"  # a first word is not a name


def test_asking_words_are_never_topics() -> None:
    assert is_asking_word("montarme") and is_asking_word("denunciarlo") and is_asking_word("han")
    assert not is_asking_word("guarderia") and not is_asking_word("gimnasio") and not is_asking_word("seguro")


def test_a_quote_knows_what_it_refers_to_introduces_and_points_to() -> None:
    units = split_sentences(
        "You receive a $40 contribution. Because of this contribution, internet bills are not claimed.\n\n"
        "The medical note should include:\n\n* Date of birth\n* Diagnosis\n\nSee gastos-espana.md for Spain."
    )
    assert refers_back(units[1].text) and not refers_back(units[0].text)
    assert refers_back("Dichos días no se descuentan.") and not refers_back("It is critical that you call.")
    assert introduces_list(units, 2) and [u.text for u in list_items(units, 2, 6)] == ["Date of birth", "Diagnosis"]
    assert list_intro(units, 4) == units[2] and list_intro(units, 1) is None
    assert points_to(units[5].text) == "gastos-espana.md" and points_to(units[0].text) is None


def test_the_glossary_translates_hr_words_word_vectors_get_wrong(matcher: TermMatcher) -> None:
    from knowledge.glossary import translations

    assert "sick" in translations("baja") and "leave" in translations("permisos")  # a plural finds its line
    assert "baja" in translations("sick") and translations("office") == frozenset()
    terms = key_terms("¿Cuántas horas de baja puedo acumular?")
    covered = matcher.covered(terms, ["There is no maximum on the sick leave you can accrue."])
    assert {"baja", "acumul"} <= covered[0]


def test_a_glossary_word_is_a_known_topic_and_reaches_the_policies_keywords(matcher: TermMatcher) -> None:
    vocabulary = Vocabulary(["per", "diem", "daily", "travel"], matcher)
    assert vocabulary.missing_topics("¿Cuál es la dieta diaria?") == []
    assert "diem" in vocabulary.query_tokens("¿Cuál es la dieta diaria?")
