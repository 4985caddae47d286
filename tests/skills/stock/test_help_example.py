"""The help card's stock example names an item of the company's own catalog, the fullest one in the asker's
country, so what it suggests trying is something the warehouse can answer."""

from __future__ import annotations

from sqlalchemy import update

from db.engine import Database
from skills.stock import views
from skills.stock.models import Item
from skills.stock.queries import example_item

from .conftest import People, person


def sku(found: Item | None) -> str | None:
    return found.sku if found is not None else None


def test_the_example_is_the_fullest_item_in_the_askers_country(database: Database, people: People):
    with database.session() as session:
        assert sku(example_item(session, people.ana.country)) == "PAP-A4"  # 120 reams in New York
        assert sku(example_item(session, people.eva.country)) == "PAP-A4"  # 80 in Madrid, more than the chairs' 15
        session.execute(update(Item).where(Item.sku == "PAP-A4").values(active=False))
        assert sku(example_item(session, people.ana.country)) == "CAB-HDMI"  # 30: an item no longer used is not one
        assert sku(example_item(session, people.eva.country)) == "CHR-ERG"
        assert sku(example_item(session, "GB")) == "CAB-HDMI"  # no stock in the country: the fullest anywhere


def test_with_no_catalog_there_is_no_example_item_and_the_line_stays_generic(database: Database):
    with database.session() as session:
        session.add(person("Nora"))
        assert example_item(session, "US") is None
    assert views.capability("en", None).example == "do we have any printer paper in stock?"
    assert views.capability("es", None).example == "¿queda stock de papel de impresora?"


def test_the_line_names_the_item_in_the_askers_language_inside_a_sentence():
    paper = Item(sku="PAP-A4", name="A4 paper", name_es="Papel A4")
    adapter = Item(sku="ADP-HDMI", name="USB-C to HDMI adapter")
    assert views.capability("en", paper).example == "do we have any A4 paper in stock?"
    assert views.capability("es", paper).example == "¿queda stock de papel A4?"  # lower case inside the sentence
    assert views.capability("es", adapter).example == "¿queda stock de USB-C to HDMI adapter?"  # an acronym stays
