"""The item catalog is read once and kept until the items change: a new item or an imported edit is matched on the
next question, in this process or after another process's change (the version is read from the database)."""

from __future__ import annotations

from db.engine import Database
from skills.common.reference import import_text
from skills.stock.models import Item
from skills.stock.reference import ITEMS
from skills.stock.resolve import CatalogCache, match_text
from tests.skills.stock.conftest import People, importer

RENAMED = """sku,name,aliases,unit,location_code,quantity,reorder_level,reorder_qty,name_es,category,serialized
CHR-ERG,Kneeling stool,stool;taburete,unit,,,,,Taburete,furniture,no
"""


def test_the_catalog_is_kept_while_the_items_do_not_change(database: Database, people: People):
    catalogs = CatalogCache()
    with database.session() as session:
        first = catalogs.get(session)
    with database.session() as session:
        assert catalogs.get(session) is first
        found = match_text(session, "HDMI cable", catalogs=catalogs).best
        assert found is not None and found.sku == "CAB-HDMI"


def test_a_new_item_or_an_imported_edit_is_matched_on_the_next_question(database: Database, people: People):
    catalogs = CatalogCache()
    with database.session() as session:
        first = catalogs.get(session)
        assert match_text(session, "kneeling stool", catalogs=catalogs).best is None
    with database.session() as session:
        import_text(session, ITEMS, RENAMED, importer("rename.csv"))
    with database.session() as session:
        assert catalogs.get(session) is not first
        found = match_text(session, "kneeling stool", catalogs=catalogs).best
        assert found is not None and found.sku == "CHR-ERG"
    with database.session() as session:
        session.add(Item(sku="DSK-STD", name="Standing desk", aliases=["escritorio elevable"]))
    with database.session() as session:
        found = match_text(session, "standing desks", catalogs=catalogs).best
        assert found is not None and found.sku == "DSK-STD"
