"""expense-categories (DESIGN §3): the defaults the migration seeds match the code's, import is all or nothing with
every bad row named, export imports back unchanged, and the most specific country's row is the one in force."""

from __future__ import annotations

import importlib.util
import io
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from skills.common.reference import ReferenceImportError, export_to, import_text
from skills.expenses.defaults import DEFAULTS
from skills.expenses.models import ExpenseCategory
from skills.expenses.queries import categories_for, category_for
from skills.expenses.reference import CATEGORIES

from .conftest import importer

MIGRATION = Path(__file__).resolve().parents[3] / "db" / "migrations" / "versions" / "0013_expenses.py"


def test_the_migration_seeds_the_same_defaults_as_the_code():
    spec = importlib.util.spec_from_file_location("m0013", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert [row[:7] for row in DEFAULTS] == list(module.DEFAULTS)
    assert {row[0] for row in DEFAULTS} == {"travel", "lodging", "meals", "mileage", "equipment", "software",
                                             "training", "other"}  # fmt: skip


def found(session, code, country):
    category = category_for(session, code, country)
    assert category is not None
    return category


def test_the_country_row_wins_over_every_office(session, people):
    assert found(session, "meals", "ES-MD").currency == "EUR"
    assert found(session, "meals", "US").limit == 75
    assert found(session, "software", "ES-MD").country == ""
    assert len(categories_for(session, "FR")) == 8


def test_export_then_import_changes_nothing(session, people):
    out = io.StringIO()
    count = export_to(session, CATEGORIES, out)
    assert out.getvalue().splitlines()[0] == "code,name_en,name_es,limit,currency,per,receipt_over,country"
    summary = import_text(session, CATEGORIES, out.getvalue(), importer("again.csv"))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, count)


def test_every_bad_row_is_named_and_nothing_is_written(session, people):
    bad = """code,name_en,name_es,limit,currency,per,receipt_over,country
meals,Meals,Comidas,abc,EUR,day,25,ES
Bad Code,X,Y,10,EUR,item,,
taxi,Taxi,Taxi,10,ZZZ,week,,XX
meals,Meals,Comidas,60,EUR,day,25,ES
"""
    with pytest.raises(ReferenceImportError) as raised:
        import_text(session, CATEGORIES, bad, importer("bad.csv"))
    text = str(raised.value)
    for expected in ("line 2", "line 3", "line 4", "line 5", "bad code", "ZZZ", "week", "XX", "duplicate"):
        assert expected in text, expected
    assert found(session, "meals", "ES").limit == 50


def test_a_category_the_file_leaves_out_is_switched_off(session, people):
    only = "code,name_en,name_es,limit,currency,per,receipt_over,country\nmeals,Meals,Comidas,40,EUR,day,25,ES\n"
    summary = import_text(session, CATEGORIES, only, importer("only.csv"))
    assert summary.updated == 1 and "switched off" in str(summary)
    active = session.scalars(select(ExpenseCategory).where(ExpenseCategory.active.is_(True))).all()
    assert [(c.code, c.country) for c in active] == [("meals", "ES")]


def test_a_file_with_no_rows_is_refused_rather_than_switching_every_category_off(session, people):
    header_only = "code;name_en;name_es;limit;currency;per;receipt_over;country\r\n\r\n"
    with pytest.raises(ReferenceImportError) as raised:
        import_text(session, CATEGORIES, header_only, importer("empty.csv"))
    assert str(raised.value).startswith("line 1: the file has no rows")
    assert session.scalars(select(ExpenseCategory).where(ExpenseCategory.active.is_(True))).first() is not None


def test_a_duplicate_every_office_category_is_named_as_such_and_a_bad_country_is_no_duplicate(session, people):
    bad = """code,name_en,name_es,limit,currency,per,receipt_over,country
taxi,Taxi,Taxi,10,EUR,item,,
taxi,Taxi,Taxi,10,EUR,item,,
taxi,Taxi,Taxi,10,EUR,item,,XX
"""
    with pytest.raises(ReferenceImportError) as raised:
        import_text(session, CATEGORIES, bad, importer("bad.csv"))
    lines = str(raised.value).splitlines()
    assert lines[0] == "line 3 (taxi): duplicate category taxi for every office: already on line 2"
    assert len(lines) == 2 and lines[1].startswith("line 4 (taxi): bad country 'XX'")


def test_a_spanish_spreadsheet_with_thousands_grouped_imports_its_amounts(session, people):
    # Spanish Excel saves "1200" formatted as a number as "1.200,00"; the limit is 1200, not a refused row.
    spanish = (
        "code;name_en;name_es;limit;currency;per;receipt_over;country\n"
        "training;Training;Formación;1.200,00;EUR;item;0;ES\n"
        "meals;Meals;Comidas;45,50;EUR;day;25,00;ES\n"
        "lodging;Lodging;Alojamiento;1 500,00;EUR;day;0;ES\n"
        "equipment;Equipment;Equipos;1,250.00;USD;item;0;US\n"
    )
    import_text(session, CATEGORIES, spanish, importer("categorias.csv"))
    assert found(session, "training", "ES").limit == 1200
    assert found(session, "meals", "ES").limit == Decimal("45.50")
    assert found(session, "lodging", "ES").limit == 1500
    assert found(session, "equipment", "US").limit == 1250


def test_a_number_grouped_wrongly_is_still_refused(session, people):
    bad = 'code,name_en,name_es,limit,currency,per,receipt_over,country\ntraining,T,F,"1.20,00",EUR,item,0,ES\n'
    with pytest.raises(ReferenceImportError) as raised:
        import_text(session, CATEGORIES, bad, importer("bad.csv"))
    assert "line 2" in str(raised.value) and "1.20,00" in str(raised.value)


def test_a_company_sets_its_limits_in_a_currency_the_ecb_does_not_publish(session, people):
    rows = """code,name_en,name_es,limit,currency,per,receipt_over,country
meals,Meals,Comidas,120000,COP,day,50000,CO
"""
    import_text(session, CATEGORIES, rows, importer("co.csv"))
    assert found(session, "meals", "CO").currency == "COP"
    with pytest.raises(ReferenceImportError) as raised:
        import_text(session, CATEGORIES, rows.replace("COP", "XAU"), importer("gold.csv"))
    assert "XAU" in str(raised.value)
