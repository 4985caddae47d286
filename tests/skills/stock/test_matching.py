"""Item matching on the labelled lookups (tests/data/stock_lookups.jsonl, written before the matching was tuned):
the figures must not fall below what was measured (tuning split 91.7%, held-out 90.0%, see bench/stock_match.py)."""

from __future__ import annotations

from bench.stock_match import evaluate, read_lookups
from skills.stock.matching import ItemMatches, singular


def test_the_labelled_set_is_big_enough_half_spanish_with_a_held_out_third():
    rows = read_lookups()
    assert len(rows) >= 80
    assert sum(row["lang"] == "es" for row in rows) * 2 == len(rows)
    assert sum(row["split"] == "held_out" for row in rows) * 3 == len(rows)


def test_match_accuracy_holds_on_both_splits():
    accuracy = evaluate()["accuracy"]
    assert accuracy["tune"][0] >= 0.90
    assert accuracy["held_out"][0] >= 0.85


def test_singular_drops_english_and_spanish_plurals():
    assert singular("adaptadores hdmi") == "adaptador hdmi"
    assert singular("chairs") == "chair"
    assert singular("glass") == "glass"


def test_nothing_matched_gives_no_best_and_no_suggestion():
    empty = ItemMatches("", ())
    assert empty.best is None and empty.matched == () and empty.suggestions == ()
