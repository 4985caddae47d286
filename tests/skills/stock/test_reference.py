"""The items import and the stock exports: opening movements, all-or-nothing with every bad row named, a re-import
of the export changing nothing, a changed quantity posted as a count, and the stock and movements reports."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from skills.common.reference import ReferenceImportError, export_to, import_text
from skills.stock.models import Item, Movement
from skills.stock.queries import ledger_sum, level_at
from skills.stock.reference import ITEMS
from skills.stock.reports import write_movements, write_stock

from .conftest import importer, item, place

HEADER = "sku,name,aliases,unit,location_code,quantity,reorder_level,reorder_qty"


def test_export_then_import_changes_nothing(session, people):
    out = io.StringIO()
    export_to(session, ITEMS, out)
    movements = session.scalar(select(func.count()).select_from(Movement))
    summary = import_text(session, ITEMS, out.getvalue(), importer("export.csv"))
    assert (summary.created, summary.updated) == (0, 0)
    assert session.scalar(select(func.count()).select_from(Movement)) == movements


def test_a_new_quantity_is_a_count_movement_and_new_places_open_with_one(session, people):
    text = (f"{HEADER},name_es\n"
            "TON-HP26,HP 26A toner cartridge,toner;cartucho de tóner,unit,NY-WH,11,4,12,Cartucho de tóner HP 26A\n"
            "TON-HP26,HP 26A toner cartridge,toner;cartucho de tóner,unit,BCN-STORE,3,1,2,Cartucho de tóner HP 26A\n"
            "USB-STK,USB stick 64 GB,memoria USB;pendrive,,,,,,\n")  # fmt: skip
    summary = import_text(session, ITEMS, text, importer("update.csv"))
    assert (summary.created, summary.updated) == (2, 1)
    toner = item(session, "TON-HP26")
    for code, quantity in (("NY-WH", 11), ("BCN-STORE", 3)):
        level = level_at(session, toner.id, place(session, code).id)
        assert level is not None and level.on_hand == quantity == ledger_sum(session, toner.id, level.location_id)
    kinds = [m.kind for m in session.scalars(select(Movement).where(Movement.reason == "import update.csv"))]
    assert kinds == ["count"]
    assert item(session, "USB-STK").aliases == ["memoria USB", "pendrive"]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("PAP-A4,A4 paper,,ream,NOWHERE,5,,", "unknown location_code NOWHERE"),
        ("PAP-A4,A4 paper,,ream,NY-WH,-5,,", "'-5' is not a whole number"),
        ("bad sku!,X,,unit,NY-WH,1,,", "bad sku 'bad sku!'"),
        (",X,,unit,NY-WH,1,,", "missing sku"),
        ("PAP-A4,,,ream,NY-WH,1,,", "missing name"),
        ("PAP-A4,A4 paper,,ream,,4,,", "a quantity needs a location_code"),
    ],
)
def test_bad_rows_are_named_by_line_and_nothing_is_written(session, people, row, problem):
    before = session.scalar(select(func.count()).select_from(Movement))
    text = f"{HEADER}\nCAB-HDMI,HDMI cable 2 m,HDMI lead;cable HDMI,unit,NY-WH,31,10,30\n{row}\n"
    with pytest.raises(ReferenceImportError) as refused:
        import_text(session, ITEMS, text, importer("bad.csv"))
    assert "line 3" in str(refused.value) and problem in str(refused.value)
    assert session.scalar(select(func.count()).select_from(Movement)) == before


def test_a_row_with_a_bad_cell_is_still_checked_for_its_place(session, people):
    text = f"{HEADER}\nPAP-A4,A4 paper,,ream,NOWHERE,-5,,\n,No sku,,unit,ELSEWHERE,1,,\nPAP-B5,,,ream,,4,,\n"
    with pytest.raises(ReferenceImportError) as refused:
        import_text(session, ITEMS, text, importer("bad.csv"))
    said = str(refused.value).splitlines()
    assert said[1:] == ["line 2 (PAP-A4): unknown location_code NOWHERE", "line 3: missing sku",
                        "line 3: unknown location_code ELSEWHERE", "line 4 (PAP-B5): missing name",
                        "line 4 (PAP-B5): a quantity needs a location_code"]  # fmt: skip


def test_rows_of_one_sku_must_agree_and_repeat_no_place(session, people):
    text = (f"{HEADER}\nNEW-1,Thing,,unit,NY-WH,1,,\nNEW-1,Other thing,,unit,MAD-WH,1,,\n"
            "NEW-1,Thing,,unit,NY-WH,2,,\n")  # fmt: skip
    with pytest.raises(ReferenceImportError) as refused:
        import_text(session, ITEMS, text, importer("dupes.csv"))
    said = str(refused.value)
    assert "line 3 (NEW-1): sku NEW-1 is described differently on line 2 (name)" in said
    assert "line 4 (NEW-1): duplicate sku NEW-1 at NY-WH: already on line 2" in said
    assert session.scalar(select(Item).where(Item.sku == "NEW-1")) is None


def test_semicolons_are_read(session, people):
    text = HEADER.replace(",", ";") + "\nSEMI-1;Semicolon item;a,b;unit;MAD-WH;4;1;2\n"
    import_text(session, ITEMS, text, importer("excel.csv"))
    assert item(session, "SEMI-1").aliases == ["a,b"]


def test_the_stock_and_movements_reports(session, people):
    out = io.StringIO()
    assert write_stock(session, out) == 8
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    toner = next(r for r in rows if r["sku"] == "TON-HP26" and r["location_code"] == "MAD-WH")
    assert toner == {"sku": "TON-HP26", "name": "HP 26A toner cartridge", "location_code": "MAD-WH",
                     "location": "Almacén de Madrid", "unit": "unit", "on_hand": "7", "reserved": "0",
                     "available": "7", "reorder_level": "5", "reorder_qty": "12", "below_level": "no"}  # fmt: skip
    out = io.StringIO()
    assert write_movements(session, out, date(2026, 11, 25), date(2026, 11, 25)) == 8
    first = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert first["kind"] == "opening" and first["actor"] == "cli" and first["at_utc"] == "2026-11-25T10:00:00+00:00"
    assert write_movements(session, io.StringIO(), date(2026, 11, 26), date(2026, 11, 30)) == 0
