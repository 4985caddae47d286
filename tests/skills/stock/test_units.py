"""How a unit is written after a number: the known ones in each language, any other imported word made plural in
English, abbreviations and unknown words in Spanish as stored."""

from __future__ import annotations

import pytest

from skills.stock.messages import unit_label


@pytest.mark.parametrize(
    ("unit", "count", "lang", "expected"),
    [
        ("unit", 1, "en", "unit"), ("unit", 0, "en", "units"), ("unit", 3, "es", "unidades"),
        ("bag", 1, "en", "bag"), ("bag", 3, "en", "bags"), ("bag", 0, "en", "bags"),
        ("bag", 1, "es", "bolsa"), ("bag", 6, "es", "bolsas"),
        ("can", 2, "es", "latas"), ("piece", 2, "en", "pieces"), ("piece", 2, "es", "piezas"),
        ("crate", 4, "en", "crates"), ("battery", 4, "en", "batteries"), ("glass", 2, "en", "glasses"),
        ("kg", 3, "en", "kg"), ("m2", 3, "en", "m2"), ("spool", 4, "es", "spool"), ("crate", 4, "es", "cajones"),
        ("each", 2, "en", "each"), ("each", 2, "es", "unidades"), ("ea", 1, "en", "each"),  # an ERP's "each": not "eaches"
        ("pcs", 3, "en", "pieces"), ("pcs", 1, "es", "pieza"),
        # imported in Spanish: "40 caja" and "5 par" were shown as stored
        ("caja", 40, "es", "cajas"), ("caja", 40, "en", "boxes"), ("par", 5, "es", "pares"), ("par", 1, "en", "pair"),
        ("Cajas", 1, "es", "caja"), ("paquete", 2, "en", "packs"), ("unidades", 1, "en", "unit"),
    ],
)  # fmt: skip
def test_units_agree_with_their_number(unit, count, lang, expected):
    assert unit_label(unit, count, lang) == expected


def test_spanish_stock_texts_never_put_a_count_before_a_fixed_plural():
    """ "1 unidad en stock, 0 reservados, 1 disponibles": a count before "reservados"/"disponibles" disagrees with
    one; the texts say "disponible 1" (as the alert card's "reservado 0 · disponible 1" does)."""
    import re

    import skills.stock.messages  # noqa: F401  (fills the catalog)
    from skills.i18n import _CATALOG

    fixed_plural = re.compile(r"\{(?:available|reserved)\}\*? (?:disponibles|reservad[oa]s)")
    spanish = {key: texts["es"] for key, texts in _CATALOG.items() if key.startswith("stock.")}
    assert [key for key, text in spanish.items() if fixed_plural.search(text)] == []
