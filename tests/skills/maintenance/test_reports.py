"""The tickets report: one row per ticket with its SLA state and hours to resolve, the summaries by team and by
category and month, and the PNG chart."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

from skills.maintenance import service
from skills.maintenance.reports import chart_png, open_by_team, resolve_time_by_category, write_tickets
from skills.maintenance.service import NewTicket

from .conftest import CONFIG, actor, asset, seed


def file(session, who, tag, priority="P3"):
    found = asset(session, tag)
    new = NewTicket(summary=f"{tag} broken", original_text="", category=found.category, priority=priority,
                    asset=found, location=found.location)  # fmt: skip
    return service.create_ticket(session, actor=actor(session, who), new=new, config=CONFIG)


def test_rows_summaries_and_chart(session):
    company = seed(session)
    fridge = file(session, company.ana, "FRIDGE-NY-2")
    printer = file(session, company.ana, "PRN-NY-301", priority="P1")
    file(session, company.eva, "AC-MAD-GOYA")
    later = actor(session, company.felix, when=fridge.created_at + timedelta(hours=5))
    service.move(session, actor=later, ticket_id=fridge.id, action="resolve", notes="fixed", config=CONFIG)
    now = printer.resolution_due + timedelta(hours=1)
    out = io.StringIO()
    assert write_tickets(session, out, date(2026, 11, 25), date(2026, 11, 25), now) == 3
    rows = {row["asset_tag"]: row for row in csv.DictReader(io.StringIO(out.getvalue()))}
    assert (rows["FRIDGE-NY-2"]["sla_state"], rows["FRIDGE-NY-2"]["hours_to_resolve"]) == ("met", "5.0")
    assert rows["PRN-NY-301"]["sla_state"] == "breached" and rows["PRN-NY-301"]["team"] == "IT"
    assert open_by_team(session, now) == {"FAC-MAD": {"on_time": 1}, "IT": {"breached": 1}}
    assert resolve_time_by_category(session, date(2026, 11, 1), date(2026, 11, 30)) == {"appliance": {"2026-11": 5.0}}
    out = io.StringIO()
    assert write_tickets(session, out, date(2026, 11, 26), date(2026, 11, 30), now) == 0
    png = chart_png(session, date(2026, 11, 1), date(2026, 11, 30), datetime(2026, 11, 26, tzinfo=UTC))
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000


def test_the_chart_speaks_its_readers_language(session, monkeypatch):
    """A Spanish team member asking for "el gráfico de incidencias" got English titles, legend, categories and ISO
    dates, and a count axis in fifths of a ticket."""
    from matplotlib.figure import Figure

    seen: list[str] = []
    counts: list[str] = []
    hours: list[str] = []
    savefig = Figure.savefig

    def spy(self, *args, **kwargs):
        for axes in self.axes:
            seen.append(axes.get_title())
            seen.extend(label.get_text() for label in axes.get_xticklabels())
            legend = axes.get_legend()
            seen.extend(text.get_text() for text in legend.get_texts()) if legend else None
        counts.extend(label.get_text() for label in self.axes[0].get_yticklabels())
        hours.extend(label.get_text() for label in self.axes[1].get_yticklabels())
        return savefig(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", spy)
    company = seed(session)
    fridge = file(session, company.ana, "FRIDGE-NY-2")
    file(session, company.ana, "PRN-NY-301")
    later = actor(session, company.felix, when=fridge.created_at + timedelta(minutes=90))
    service.move(session, actor=later, ticket_id=fridge.id, action="resolve", notes="fixed", config=CONFIG)
    chart_png(session, date(2026, 11, 1), date(2026, 11, 30), datetime(2026, 11, 26, tzinfo=UTC), "es")
    assert "Incidencias abiertas por equipo y estado del SLA" in seen and "en plazo" in seen, seen
    assert "Horas medias hasta resolver, del 1 nov 2026 al 30 nov 2026" in seen and "Electrodomésticos" in seen, seen
    assert counts and not any("." in count for count in counts), counts
    assert "0,2" in hours and not any("." in hour for hour in hours), hours  # 1.5 h to resolve: ticks in fifths
