"""The stock extractors: places as written (where, from, to) and the kind of movement, English and Spanish; the
item phrase keeps Spanish compound names; a bare number answers "how many?"."""

from __future__ import annotations

from datetime import date

import pytest

from skills.common.extract import extract_item_phrase, extract_slots
from skills.common.extract.places import PlacePhrases, place_phrases
from skills.common.extract.stock_actions import extract_stock_action


@pytest.mark.parametrize(
    ("text", "at", "source", "destination"),
    [
        ("received 20 boxes of A4 paper at the NY warehouse", ("NY warehouse",), None, None),
        ("pasa 5 sillas de Madrid a Barcelona", (), "Madrid", "Barcelona"),
        ("move 5 chairs from Madrid to Barcelona", (), "Madrid", "Barcelona"),
        ("mueve 10 portátiles del almacén B a la tercera planta", (), "almacén B", "tercera planta"),
        ("5 paquetes de folios de Madrid a Barcelona", (), "Madrid", "Barcelona"),
        ("¿quedan cartuchos de tóner en el almacén de Madrid?", ("almacén de Madrid",), None, None),
        ("count: 14 HDMI adapters on shelf A", ("shelf A",), None, None),
        ("send 15 chairs to the Madrid office", (), None, "Madrid office"),
        ("do we have HDMI adapters?", (), None, None),
        # a day is not a place: these were places called "Monday", "Dec 3", "3rd" and "almacén de Madrid el lunes"
        ("received 20 chairs on Monday", (), None, None),
        ("received 20 chairs on Dec 3", (), None, None),
        ("received 20 chairs on the 3rd", (), None, None),
        ("recibimos 20 sillas en diciembre", (), None, None),
        ("received 20 chairs at the NY warehouse on Monday", ("NY warehouse",), None, None),
        ("recibimos 5 sillas en el almacén de Madrid el lunes", ("almacén de Madrid",), None, None),
        ("move 3 chairs from Madrid to Barcelona on Friday", (), "Madrid", "Barcelona"),
        ("manda 4 sillas a Barcelona mañana", (), None, "Barcelona"),
        ("move the chairs from Monday to Friday", (), None, None),
    ],
)
def test_place_phrases(text, at, source, destination):
    found = place_phrases(text)
    assert (found.at, found.source, found.destination) == (at, source, destination)
    assert isinstance(found, PlacePhrases)


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("received 20 boxes of A4 paper", "receive"),
        ("we got 12 webcams in New York", "receive"),
        ("han llegado 30 cajas de café", "receive"),
        ("recibidos 20 cartuchos de tóner", "receive"),
        ("took 2 toner cartridges", "issue"),
        ("saca 3 cartuchos de tóner del almacén", "issue"),
        ("me llevo un portátil", "issue"),
        ("move 5 chairs from Madrid to Barcelona", "transfer"),
        ("pasa 5 sillas de Madrid a Barcelona", "transfer"),
        ("traslada 12 teclados al almacén B", "transfer"),
        ("count: 14 HDMI adapters on shelf A", "count"),
        ("recuento: 30 cables de red", "count"),
        ("how many HDMI adapters are there", None),
    ],
)
def test_stock_action(text, action):
    assert extract_stock_action(text) == action


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("saca 3 cartuchos de tóner del almacén de Madrid", "cartuchos de tóner"),
        ("¿hay cables de red?", "cables de red"),
        ("pasa 5 sillas de Madrid a Barcelona", "sillas"),
        ("any spare monitors?", "monitors"),
        ("¿hay monitores de repuesto?", "monitores"),
        ("mueve 5 resmas de MAD-WH a NYC-WH", None),  # only the packaging: no item said, the form asks which
    ],
)
def test_item_phrase_keeps_compound_names_not_places(text, phrase):
    skip = place_phrases(text).spans
    assert extract_item_phrase(text, skip=skip) == phrase


@pytest.mark.parametrize(("text", "count"), [("3", 3), ("tres", 3), ("12", 12), ("one", 1)])
def test_a_bare_number_is_also_a_count(text, count):
    assert extract_slots(text, today=date(2026, 11, 25), locale="en-US")["quantity"] == count


def test_the_stock_slots_are_only_read_when_asked_for():
    text = "move 5 chairs from Madrid to Barcelona"
    assert "place" not in extract_slots(text, today=date(2026, 11, 25), locale="en-US")
    slots = extract_slots(
        text, today=date(2026, 11, 25), locale="en-US", only={"places", "stock_action", "quantity", "item"}
    )
    assert slots == {"place": "Madrid", "to_place": "Barcelona", "action": "transfer", "quantity": 5, "item": "chairs",
                     "errors": []}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "place", "item"),
    [
        # "out of" a place says where from: the warehouse was dropped, so an unknown one was never refused and the
        # movement silently came out of the person's default warehouse ("toner out" was the item)
        ("take 2 toner out of the Valencia warehouse", "Valencia warehouse", "toner"),
        ("take 2 boxes of paper out of WH-MAD", "WH-MAD", "paper"),
        # "out of" as "none left" is no place
        ("we ran out of toner", None, "toner"),
        ("we're out of paper", None, "paper"),
        ("are we out of printer paper?", None, "printer paper"),
    ],
)
def test_out_of_names_where_from_unless_nothing_is_left(text, place, item):
    slots = extract_slots(
        text, today=date(2026, 11, 25), locale="en-US", only={"places", "stock_action", "quantity", "item"}
    )
    assert (slots.get("place"), slots.get("item")) == (place, item)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("recibimos 50 cajas de cartón", "cajas de cartón"),  # every word a packaging word: they name the item
        ("received 3 pallets", "pallets"),
        ("need 2 boxes of gloves", "gloves"),  # packaging before a name is still skipped
    ],
)
def test_packaging_that_is_the_whole_phrase_names_the_item(text, phrase):
    assert extract_item_phrase(text) == phrase


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        ("guantes", "guantes"), ("guantes de nitrilo", "guantes de nitrilo"), ("GUA-02", "GUA-02"),
        ("the HDMI cable 2 m", "HDMI cable 2 m"), ("2 cajas de tóner", "tóner"), ("saca 5 guantes", "guantes"),
    ],
)  # fmt: skip
def test_an_answer_to_which_item_is_read_without_a_frame(answer, phrase):
    from skills.common.extract.items import item_answer

    assert item_answer(answer) == phrase


@pytest.mark.parametrize(
    ("text", "quantity", "item"),
    [
        # the number's separator ended the item phrase: "1.000 folios" asked "¿Qué artículo?" as if none was said
        ("recibidos 1.000 folios en el almacén de Madrid", 1000, "folios"),
        ("received 1,200 boxes of paper at the Madrid warehouse", 1200, "paper"),
        # not a whole count: the item is still read, and the form asks how many
        ("received 2.5 office chairs at the Madrid warehouse", None, "office chairs"),
        ("recibidas 2,5 sillas en el almacén de Madrid", None, "sillas"),
        ("do we have HDMI cable 1.5 m?", None, "HDMI cable 1.5 m"),
    ],
)
def test_a_number_with_a_separator_keeps_the_item_after_it(text, quantity, item):
    slots = extract_slots(
        text, today=date(2026, 11, 25), locale="en-US", only={"places", "stock_action", "quantity", "item"}
    )
    assert (slots.get("quantity"), slots.get("item")) == (quantity, item)
