"""Payroll: the export writes the approved claims and marks them exported in the same transaction, mark-paid reads
the file back, marks them paid and tells each employee once; team spend is a table and a real PNG chart."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from db.models import OutboxMessage
from skills.core import Actor
from skills.expenses.errors import ExportFileUnreadable
from skills.expenses.models import ClaimStatus, ExpenseClaim
from skills.expenses.reports import chart_png, export_payroll, mark_paid_file
from tests.pinned import NOW

from .conftest import make_claim

CLI = Actor(None, "cli", NOW)


def statuses(session):
    return [c.status for c in session.scalars(select(ExpenseClaim).order_by(ExpenseClaim.id))]


def test_export_then_mark_paid_round_trip(session, people):
    make_claim(session, people.ana, "20", status="approved")
    make_claim(session, people.ana, "30", merchant="Lyft", status="approved")
    make_claim(session, people.eva, "18", currency="EUR", status="approved")
    make_claim(session, people.ana, "15", merchant="Bus", status="rejected")
    make_claim(session, people.ana, "12", merchant="Metro")
    out = io.StringIO()
    assert export_payroll(session, out, actor=CLI, status="approved", month="2026-11") == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["email"], r["amount"], r["currency"], r["payable_currency"]) for r in rows] == [
        ("ana@corp.example", "20.00", "USD", "USD"), ("ana@corp.example", "30.00", "USD", "USD"),
        ("eva@corp.example", "18.00", "EUR", "EUR")]  # fmt: skip
    assert statuses(session) == ["exported", "exported", "exported", "rejected", "pending"]
    again = io.StringIO()
    assert export_payroll(session, again, actor=CLI, status="approved", month=None) == 0  # exported only once
    before = len(session.scalars(select(OutboxMessage)).all())
    paid, skipped = mark_paid_file(session, out.getvalue(), actor=CLI)
    assert len(paid) == 3 and skipped == [] and statuses(session)[:3] == ["paid"] * 3
    told = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()[before:]
    assert len(told) == 2  # one message per employee
    assert "Paid with payroll: 2 expense claims, $50.00 in total" in told[0].text
    assert told[1].text.startswith("Pagada con la nómina: tu nota de gastos #") and "18,00 €" in told[1].text
    paid_again, skipped_again = mark_paid_file(session, out.getvalue(), actor=CLI)
    assert paid_again == [] and len(skipped_again) == 3


def test_the_month_filter_and_a_semicolon_file(session, people):
    from datetime import date

    make_claim(session, people.ana, "20", status="approved", day=date(2026, 10, 20))
    make_claim(session, people.ana, "25", merchant="Taxi", status="approved")
    out = io.StringIO()
    assert export_payroll(session, out, actor=CLI, status="approved", month="2026-10") == 1
    spreadsheet = out.getvalue().replace(",", ";")
    paid, _ = mark_paid_file(session, "\ufeff" + spreadsheet, actor=CLI)
    assert len(paid) == 1


def test_a_file_that_is_not_an_export_changes_nothing(session, people):
    make_claim(session, people.ana, "20", status="approved")
    with pytest.raises(ExportFileUnreadable):
        mark_paid_file(session, "name,amount\nAna,20\n", actor=CLI)
    with pytest.raises(ExportFileUnreadable):
        mark_paid_file(session, "claim_id\nabc\n", actor=CLI)
    assert statuses(session) == [ClaimStatus.APPROVED]


def test_the_chart_is_a_png():
    from decimal import Decimal

    png = chart_png([("meals", "USD", Decimal("120.50")), ("travel", "EUR", Decimal("80"))],
                    {"meals": "Meals", "travel": "Travel"}, "Team spend", "en")  # fmt: skip
    assert png.startswith(b"\x89PNG") and len(png) > 1000


def test_the_chart_writes_amounts_as_its_reader_does(monkeypatch):
    """A Spanish reader's chart says '1.250,50 €' beside its bar and '2.500' on its axis, not '1,250.50 EUR'."""
    from decimal import Decimal

    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    drawn: dict[str, list[str]] = {"bars": [], "axis": []}
    annotate, savefig = Axes.annotate, Figure.savefig

    def spy_annotate(self, text, *args, **kwargs):
        drawn["bars"].append(text)
        return annotate(self, text, *args, **kwargs)

    def spy_savefig(self, *args, **kwargs):
        result = savefig(self, *args, **kwargs)
        drawn["axis"] += [label.get_text() for axes in self.axes for label in axes.get_xticklabels()]
        return result

    monkeypatch.setattr(Axes, "annotate", spy_annotate)
    monkeypatch.setattr(Figure, "savefig", spy_savefig)
    chart_png([("travel", "EUR", Decimal("1250.50")), ("meals", "USD", Decimal("3000"))],
              {"travel": "Viajes", "meals": "Comidas"}, "Gasto", "es")  # fmt: skip
    assert drawn["bars"] == ["1.250,50 €", "3.000,00 US$"]
    assert "2.500" in drawn["axis"] and not any("," in label for label in drawn["axis"]), drawn["axis"]
    drawn["bars"].clear()
    drawn["axis"].clear()
    chart_png([("travel", "EUR", Decimal("1250.50"))], {"travel": "Travel"}, "Spend", "en")
    assert drawn["bars"] == ["€1,250.50"]
    assert "1,000" in drawn["axis"]
