"""Item matching on the labelled lookups (tests/data/stock_lookups.jsonl, written before the matching was tuned):
the figures must not fall below what was measured (tuning split 91.7%, held-out 90.0%, see bench/stock_match.py)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bench.stock_match import evaluate, read_lookups
from skills.stock.matching import SHORTLIST_OVER, Candidate, Catalog, ItemMatches, singular, without_packaging
from skills.stock.models import Item
from skills.stock.queries import active_items
from skills.stock.resolve import CatalogCache, lookup_matches


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


def test_without_packaging_drops_the_count_and_what_it_is_counted_in():
    assert without_packaging("resmas de papel") == "papel"
    assert without_packaging("5 boxes of nitrile gloves") == "nitrile gloves"
    assert without_packaging("reams paper") == "paper"  # the content words when no item phrase was found
    assert without_packaging("cajas") == ""
    assert without_packaging("papel a4") == ""


def test_an_item_counted_in_packaging_matches_the_item_its_alias_names():
    paper = Item(id=1, sku="PAP-80", name="Copy paper 80g", aliases=["papel"])
    gloves = Item(id=2, sku="GLV-NIT", name="Nitrile gloves", aliases=["guantes"])
    box = Item(id=3, sku="BOX-CRT", name="Cardboard box", aliases=["caja de cartón"])
    catalog = Catalog.of([paper, gloves, box])
    for text, sku in [
        ("resmas de papel", "PAP-80"),  # scored 78.8 against "papel", under the threshold
        ("5 resmas de papel", "PAP-80"),
        ("reams of paper", "PAP-80"),
        ("cajas de guantes", "GLV-NIT"),
        ("boxes of gloves", "GLV-NIT"),
        ("caja de cartón", "BOX-CRT"),  # a name that itself starts with a packaging word still matches whole
    ]:
        assert (catalog.match(text, phrase=text).best or Candidate(0, "", "", 0)).sku == sku, text
    assert catalog.match("how many reams of paper do we have").best is not None


def test_the_unit_an_item_is_counted_in_tells_which_item_is_meant():
    """ "how many A4 reams are in Madrid?" was "I don't know an item called “A4 reams”" (the A4 folder suggested
    first): the paper is counted in reams, the folder in packs."""
    paper = Item(id=1, sku="PAP-A4", name="A4 paper", aliases=["papel A4"], unit="ream")
    folder = Item(id=2, sku="FLD-A4", name="A4 document folder", aliases=["carpeta A4"], unit="pack")
    chair = Item(id=3, sku="CHR-ERG", name="Ergonomic office chair", aliases=["chair"], unit="unit")
    catalog = Catalog.of([paper, folder, chair])
    for text, phrase, sku in [
        ("how many A4 reams are in Madrid?", "A4 reams", "PAP-A4"),
        ("how many reams of A4 do we have?", "A4", "PAP-A4"),
        ("how many A4 folders are left?", "A4 folders", "FLD-A4"),
        ("5 units of chairs", "chairs", "CHR-ERG"),
    ]:
        assert (catalog.match(text, phrase=phrase).best or Candidate(0, "", "", 0)).sku == sku, text
    assert catalog.match("how many A4 do we have?", phrase="A4").best is None  # no unit: which A4 is asked


def test_nothing_matched_gives_no_best_and_no_suggestion():
    empty = ItemMatches("", ())
    assert empty.best is None and empty.matched == () and empty.suggestions == ()


FILLER = [
    Item(id=100_000 + n, sku=f"FIL-{n:05d}", name=f"{brand} {part} {chr(65 + n % 26)}{chr(65 + n * 7 % 26)}-{n:04d}")
    for n, (brand, part) in enumerate(
        (brand, part)
        for brand in ("Acme", "Globex", "Initech", "Hooli", "Vandelay")
        for part in ("bracket", "hinge", "fuse", "gasket", "spring", "washer")
        for _ in range(100)
    )
]
"""3,000 items no labelled lookup asks for: with them the catalog is large enough to be scored by shortlist."""


class PaddedCatalogs(CatalogCache):
    """The demo catalog and the filler items, as one large catalog."""

    def get(self, session: Session) -> Catalog:
        return Catalog.of([*active_items(session), *FILLER])


def test_a_large_catalog_is_scored_by_shortlist_and_answers_as_the_whole_scan_does():
    assert len(Catalog.of(FILLER).labels) > SHORTLIST_OVER and Catalog.of(FILLER).words
    whole = evaluate()
    padded = evaluate(lambda session, text, slots: lookup_matches(session, text, slots, PaddedCatalogs()))
    assert padded["misses"] == whole["misses"]
    assert padded["accuracy"] == whole["accuracy"]


def test_a_large_catalog_forgives_typos_and_parts_of_words_as_a_small_one_does():
    toner = Item(id=1, sku="TON-HP26", name="HP 26A toner cartridge", aliases=["toner"])
    pen = Item(id=2, sku="PEN-BLU", name="Blue pen", aliases=[])
    small, large = Catalog.of([toner, pen]), Catalog.of([*FILLER, toner, pen])
    assert large.words and not small.words
    for text in ("do we have tonr cartridges?", "any pencils left?", "toner"):
        found, expected = large.match(text), small.match(text)
        assert (found.matched, found.suggestions) == (expected.matched, expected.suggestions) != ((), ())
    assert (large.match("how many Acme gaskets AA-0312").best or Candidate(0, "", "", 0)).sku == "FIL-00312"


def test_a_name_said_whole_wins_over_a_phrase_cut_at_its_linking_word():
    catalog = Catalog.of(
        [
            Item(id=1, sku="ADP-HDMI", name="USB-C to HDMI adapter", aliases=[]),
            Item(id=2, sku="CBL-USBC", name="USB-C cable", aliases=[]),
            Item(id=3, sku="TNR-BLK", name="Toner cartridge", name_es="Cartucho de tóner", aliases=[]),
            Item(id=4, sku="TNR-XL", name="XL toner cartridge", aliases=[]),
        ]
    )
    asked = "do we have any USB-C to HDMI adapters in stock?"
    assert catalog.match(asked, phrase="USB-C").best == Candidate(1, "ADP-HDMI", "USB-C to HDMI adapter", 100.0)
    assert catalog.by_whole_name("¿quedan cartuchos de tóner?") == Candidate(3, "TNR-BLK", "Toner cartridge", 100.0)
    assert catalog.by_whole_name("any XL toner cartridges left?") == Candidate(4, "TNR-XL", "XL toner cartridge", 100.0)
    assert catalog.by_whole_name("is the USB-C cable-tester here?") is None  # a name inside a longer word is not said
