"""The skills' example utterances and the dev set: enough of them, in both languages, and no leaks between them."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bot.nlu.catalog import (
    INTENTS,
    NONE,
    WRITE_INTENTS,
    normalise_for_comparison,
    skill_examples,
    skill_of,
    training_examples,
)
from tests.nlu.paths import DEV_SET, FRESH_SETS

LANGS = ("en", "es")


def _dev_rows() -> list[dict[str, object]]:
    return [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_catalog_intent_has_examples() -> None:
    assert set(skill_examples()) == set(INTENTS)


@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize("lang", LANGS)
def test_examples_per_intent_and_language(intent: str, lang: str) -> None:
    texts = skill_examples()[intent][lang]
    minimum = 25 if intent in WRITE_INTENTS else 15
    assert len(texts) >= minimum, f"{intent}/{lang} has {len(texts)} examples, needs {minimum}"
    assert len(set(texts)) == len(texts), f"{intent}/{lang} repeats an example"


def test_no_example_is_claimed_by_two_intents() -> None:
    owner: dict[str, str] = {}
    for intent, by_lang in training_examples().items():
        for texts in by_lang.values():
            for text in texts:
                key = normalise_for_comparison(text)
                assert owner.setdefault(key, intent) == intent, f"{text!r}: {owner[key]} and {intent}"


def test_none_examples_cover_both_languages() -> None:
    none = training_examples()[NONE]
    assert all(len(none[lang]) >= 100 for lang in LANGS)


def test_dev_set_size_and_coverage() -> None:
    rows = _dev_rows()
    assert len(rows) >= 300
    intents = Counter(str(row["intent"]) for row in rows)
    assert set(intents) == {*INTENTS, NONE}
    for lang in LANGS:
        covered = {row["intent"] for row in rows if row["lang"] == lang}
        assert covered == {*INTENTS, NONE}, f"{lang} dev rows miss {set(INTENTS) - covered}"


def test_dev_set_is_disjoint_from_training_examples() -> None:
    training = {
        normalise_for_comparison(text)
        for by_lang in training_examples().values()
        for texts in by_lang.values()
        for text in texts
    }
    leaked = [row["text"] for row in _dev_rows() if normalise_for_comparison(str(row["text"])) in training]
    assert leaked == []


@pytest.mark.parametrize("path", FRESH_SETS, ids=lambda path: path.stem)
def test_fresh_sets_are_disjoint_from_training_examples_and_dev(path: Path) -> None:
    """The fresh sets measure unseen wording: none of their lines may become an example (or repeat a dev line)."""
    seen = {
        normalise_for_comparison(text)
        for by_lang in training_examples().values()
        for texts in by_lang.values()
        for text in texts
    } | {normalise_for_comparison(str(row["text"])) for row in _dev_rows()}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
            and not line.startswith("#")]  # fmt: skip
    assert len(rows) >= 40
    assert [row["text"] for row in rows if normalise_for_comparison(str(row["text"])) in seen] == []


def test_dev_set_has_the_issue_tricky_negatives() -> None:
    labels = {str(row["text"]): str(row["intent"]) for row in _dev_rows()}
    assert labels["schedule a meeting with Anna tomorrow"] == NONE
    assert labels["transfer $500 to savings"] == NONE
    assert labels["remind me to call mom on Friday"] == NONE
    assert labels["do I need a receipt under $20?"] == "policy.ask"


@pytest.mark.parametrize(
    ("intent", "skill"),
    [("leave.request", "leave"), ("expense.submit", "expenses"), ("policy.ask", "policy"), ("help", "help"),
     ("none", "none")],
)  # fmt: skip
def test_skill_of(intent: str, skill: str) -> None:
    assert skill_of(intent) == skill
