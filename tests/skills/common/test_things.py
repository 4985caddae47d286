"""Merchants, quantities, locations and catalog items, English and Spanish."""

from __future__ import annotations

import pytest

from skills.common.extract import (
    ItemMatch,
    Quantity,
    extract_item_phrase,
    extract_location,
    extract_merchant,
    extract_quantity,
    match_item,
    resolve_item,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("coffee at Starbucks", "Starbucks"),
        ("I paid $45.20 at Starbucks yesterday", "Starbucks"),
        ("lunch at Joe's Pizza on Friday", "Joe's Pizza"),
        ("bought a keyboard from Amazon", "Amazon"),
        ("dinner @ Nobu, $120", "Nobu"),
        ("lunch at starbucks", "starbucks"),
        ("taxi from the airport to the hotel", None),
        ("I was at home", None),
        ("from Monday to Friday", None),
        ("I'd like vacation from Dec 3-5", None),
        ("Uber to the office, 23.50", "Uber"),
        ("compra en Mercadona", "Mercadona"),
        ("gasté 45,20 € en Mercadona el lunes", "Mercadona"),
        ("comida en El Corte Inglés", "El Corte Inglés"),
        ("cena en Casa Lucio ayer", "Casa Lucio"),
        ("gasté 30 en taxi", None),
        ("cuántos portátiles hay en el almacén B", None),
        ("vuelvo en 2 semanas", None),
        ("trabajo en casa", None),
        ("billete de Renfe", "Renfe"),
        ("entre el lunes y el viernes", None),
        ("frombork", None),
    ],
)
def test_merchant(text: str, expected: str | None) -> None:
    assert extract_merchant(text) == expected


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("5 boxes of paper", 5, "box"),
        ("receive 10 units", 10, "unit"),
        ("a dozen pens", 12, None),
        ("two dozen eggs", 24, None),
        ("half a dozen chairs", 6, None),
        ("three laptops", 3, None),
        ("a box of pens", 1, "box"),
        ("a couple of monitors", 2, None),
        ("I have 3 questions", 3, None),
        ("1,000 sheets", 1000, "sheet"),
        ("una docena de bolígrafos", 12, None),
        ("tres", 3, None),
        ("10 unidades", 10, "unit"),
        ("cinco cajas de folios", 5, "box"),
        ("un par de sillas", 2, None),
        ("media docena de tóner", 6, None),
        ("una caja de grapas", 1, "box"),
        ("veinte portátiles", 20, None),
        ("saca -5 tóner", -5, None),  # read as said, so the rules can answer that a count is above zero
        ("take −3 boxes", -3, "box"),
        ("rooms 3-5", 3, None),  # a range is not a negative count
    ],
)
def test_quantity(text: str, value: int, unit: str | None) -> None:
    assert extract_quantity(text) == Quantity(value, unit)


@pytest.mark.parametrize(
    "text",
    [
        "in 3 days",
        "the 3rd floor",
        "meeting room 3",
        "how many Latitude 5440 do we have",
        "$45",
        "20%",
        "at 3:30",
        "12/18",
        "schedule a meeting",
        "one of the chairs is broken",
        "en 2 semanas",
        "la planta 2",
    ],
)
def test_no_quantity(text: str) -> None:
    assert extract_quantity(text) is None


def test_quantity_skips_spans_other_extractors_claimed() -> None:
    assert extract_quantity("Dec 3: 5 boxes", skip=[(0, 5)]) == Quantity(5, "box")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the printer on the 3rd floor", "floor 3"),
        ("floor 3", "floor 3"),
        ("third floor kitchen", "floor 3, kitchen"),
        ("meeting room B", "meeting room B"),
        ("conference room 2", "meeting room 2"),
        ("warehouse B", "warehouse B"),
        ("in warehouse b", "warehouse B"),
        ("building 2", "building 2"),
        ("meeting room B on the 3rd floor", "floor 3, meeting room B"),
        ("the kitchen sink leaks", "kitchen"),
        ("the room a bit cold", None),
        ("segunda planta", "floor 2"),
        ("la 2ª planta", "floor 2"),
        ("planta 3", "floor 3"),
        ("primer piso", "floor 1"),
        ("sala de reuniones 2", "meeting room 2"),
        ("sala de juntas", "meeting room"),
        ("almacén B", "warehouse B"),
        ("edificio 2, planta baja", "building 2, ground floor"),
        ("la cocina", "kitchen"),
        ("el baño de la tercera planta", "floor 3, restroom"),
        ("sala tres", "meeting room 3"),
        ("nada que ver", None),
    ],
)
def test_location(text: str, expected: str | None) -> None:
    assert extract_location(text) == expected


CATALOG = [
    "Dell Latitude 5440 Laptop",
    "HP EliteBook 840",
    "Logitech MX Master Mouse",
    "A4 Paper Ream",
    "Office Chair Ergonomic",
    "USB-C Charger 65W",
    "Toner HP 26A",
    "Monitor Dell 24in",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how many dell latitude laptops do we have in warehouse B", "dell latitude laptops"),
        ("do we have any USB-C chargers?", "USB-C chargers"),
        ("stock of A4 paper", "A4 paper"),
        ("receive 10 boxes of A4 paper into warehouse B", "A4 paper"),
        ("we're out of printer toner", "printer toner"),
        ("how much toner is left", "toner"),
        ("any ergonomic chairs left?", "ergonomic chairs"),
        ("cuántos portátiles hay en el almacén B", "portátiles"),
        ("¿quedan ratones?", "ratones"),
        ("¿hay tóner para la impresora?", "tóner"),
        ("existencias de papel A4", "papel A4"),
        ("tenemos monitores Dell en la planta 2?", "monitores Dell"),
        ("necesitamos 5 sillas", "sillas"),
        ("need 3 reams of paper", "paper"),  # the packaging it is counted in is not the item
        ("necesito 3 resmas de papel", "papel"),
        ("how many bottles of water are left", "water"),
    ],
)
def test_item_phrase(text: str, expected: str) -> None:
    assert extract_item_phrase(text) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("dell latitude laptops", "Dell Latitude 5440 Laptop"),
        ("latitude", "Dell Latitude 5440 Laptop"),
        ("elitebook", "HP EliteBook 840"),
        ("mx master mouse", "Logitech MX Master Mouse"),
        ("usb c chargers", "USB-C Charger 65W"),
        ("a4 paper", "A4 Paper Ream"),
        ("portátiles", "Dell Latitude 5440 Laptop"),
        ("ratones", "Logitech MX Master Mouse"),
        ("papel A4", "A4 Paper Ream"),
        ("sillas", "Office Chair Ergonomic"),
        ("tóner", "Toner HP 26A"),
        ("pizza", None),
        ("coffee machine", None),
    ],
)
def test_match_item(phrase: str, expected: str | None) -> None:
    found = match_item(phrase, CATALOG)
    assert (found.name if found else None) == expected
    if found:
        assert 80 <= found.score <= 100


def test_match_item_without_catalog_or_phrase() -> None:
    assert match_item("laptops", []) is None
    assert match_item("", CATALOG) is None


def test_threshold_is_adjustable() -> None:
    assert match_item("latitud", CATALOG, threshold=99) is None
    found = match_item("latitud", CATALOG, threshold=50)
    assert isinstance(found, ItemMatch)
    assert found.name == "Dell Latitude 5440 Laptop" and 50 <= found.score < 99


def test_resolve_item_keeps_the_raw_phrase() -> None:
    assert resolve_item("how many staplers do we have", CATALOG) == ("staplers", None)
    phrase, matched = resolve_item("cuántos portátiles quedan", CATALOG) or ("", None)
    assert phrase == "portátiles" and matched is not None and matched.name == "Dell Latitude 5440 Laptop"
    assert resolve_item("hello there", CATALOG) is None
