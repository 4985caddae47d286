"""The tickets report behind ``backoffice export tickets --from --to``: one CSV row per ticket opened in the period
(with its SLA state and hours to resolve), the two summaries team leads ask for (open tickets by team and SLA state;
mean time to resolve by category and month) and a PNG chart of both (matplotlib, imported only when drawn)."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import TextIO

from sqlalchemy.orm import Session

from skills.common.reference.table import write_table
from skills.i18n import normalise_language, translate
from skills.maintenance.models import Ticket
from skills.maintenance.queries import open_tickets, tickets_between
from skills.maintenance.views import day

TICKET_COLUMNS = (
    "id",
    "created_utc",
    "team",
    "category",
    "priority",
    "status",
    "sla_state",
    "asset_tag",
    "location_code",
    "requester",
    "assignee",
    "resolved_utc",
    "hours_to_resolve",
    "feedback",
    "summary",
)


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """``start`` 00:00 UTC up to (not including) the day after ``end``."""
    return datetime.combine(start, time(), UTC), datetime.combine(end + timedelta(days=1), time(), UTC)


def sla_state(ticket: Ticket, now: datetime) -> str:
    """The ticket's SLA state at ``now`` (see ``Ticket.sla_state``)."""
    return ticket.sla_state(now)


def hours_to_resolve(ticket: Ticket) -> float | None:
    """Calendar hours from the report to the resolution (None while unresolved)."""
    if ticket.resolved_at is None:
        return None
    return round((ticket.resolved_at - ticket.created_at).total_seconds() / 3600, 1)


def ticket_rows(session: Session, start: date, end: date, now: datetime) -> list[dict[str, str]]:
    """Every ticket reported from ``start`` to ``end`` (whole UTC days, both included), oldest first."""
    since, until = day_bounds(start, end)
    rows = []
    for ticket in tickets_between(session, since, until):
        hours = hours_to_resolve(ticket)
        rows.append(
            {
                "id": str(ticket.id),
                "created_utc": ticket.created_at.isoformat(timespec="seconds"),
                "team": ticket.team.code if ticket.team else "",
                "category": ticket.category,
                "priority": ticket.priority,
                "status": ticket.status,
                "sla_state": sla_state(ticket, now),
                "asset_tag": ticket.asset.tag if ticket.asset else "",
                "location_code": ticket.location.code if ticket.location else "",
                "requester": ticket.requester.email if ticket.requester else "",
                "assignee": ticket.assignee.email if ticket.assignee else "",
                "resolved_utc": ticket.resolved_at.isoformat(timespec="seconds") if ticket.resolved_at else "",
                "hours_to_resolve": "" if hours is None else f"{hours:.1f}",
                "feedback": ticket.feedback or "",
                "summary": ticket.summary,
            }
        )
    return rows


def open_by_team(session: Session, now: datetime) -> dict[str, dict[str, int]]:
    """Open tickets counted by team and SLA state."""
    found: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for ticket in open_tickets(session):
        found[ticket.team.code if ticket.team else "-"][sla_state(ticket, now)] += 1
    return {team: dict(states) for team, states in sorted(found.items())}


def resolve_time_by_category(session: Session, start: date, end: date) -> dict[str, dict[str, float]]:
    """Mean hours to resolve by category and month (``2026-11``) of the tickets reported in the period."""
    since, until = day_bounds(start, end)
    hours: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for ticket in tickets_between(session, since, until):
        taken = hours_to_resolve(ticket)
        if taken is not None:
            hours[ticket.category][ticket.created_at.strftime("%Y-%m")].append(taken)
    return {
        category: {month: round(sum(v) / len(v), 1) for month, v in sorted(months.items())}
        for category, months in sorted(hours.items())
    }


def write_tickets(session: Session, out: TextIO, start: date, end: date, now: datetime) -> int:
    """The tickets report as CSV; how many rows."""
    rows = ticket_rows(session, start, end, now)
    write_table(TICKET_COLUMNS, rows, out)
    return len(rows)


def chart_png(session: Session, start: date, end: date, now: datetime, lang: str = "en") -> bytes:
    """A PNG with two panels: open tickets by team and SLA state; mean hours to resolve by category and month; its
    titles, legend, categories and dates in ``lang``."""
    import matplotlib

    matplotlib.use("Agg")
    from babel.numbers import format_decimal
    from matplotlib import pyplot
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    figure, (left, right) = pyplot.subplots(1, 2, figsize=(11, 4.5))
    try:
        opened = open_by_team(session, now)
        states = ("on_time", "at_risk", "paused", "breached")
        teams = list(opened) or ["-"]
        bottom = [0] * len(teams)
        for state in states:
            counts = [opened.get(team, {}).get(state, 0) for team in teams]
            left.bar(teams, counts, bottom=bottom, label=translate(lang, f"maintenance.chart.state.{state}"))
            bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
        left.yaxis.set_major_locator(MaxNLocator(integer=True))  # tickets are counted, never 0.2 of one
        left.set_title(translate(lang, "maintenance.chart.open_title"))
        left.legend()
        means = resolve_time_by_category(session, start, end)
        months = sorted({month for by_month in means.values() for month in by_month})
        width = 0.8 / max(1, len(months))
        categories = list(means) or ["-"]
        for index, month in enumerate(months):
            values = [means.get(category, {}).get(month, 0.0) for category in categories]
            left_edges = [position + index * width for position in range(len(categories))]
            right.bar(left_edges, values, width=width, label=month)
        names = [
            translate(lang, f"maintenance.category.{category}") if category != "-" else "-" for category in categories
        ]
        right.set_xticks([position + 0.4 - width / 2 for position in range(len(categories))], names)
        locale = normalise_language(lang)
        right.yaxis.set_major_formatter(FuncFormatter(lambda value, _: format_decimal(value, "#,##0.#", locale=locale)))
        right.set_title(translate(lang, "maintenance.chart.resolve_title", start=day(start, lang), end=day(end, lang)))
        if months:
            right.legend()
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()
    finally:
        pyplot.close(figure)
