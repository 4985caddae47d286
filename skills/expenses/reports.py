"""Expense reports: the payroll CSV of ``backoffice export expenses`` and of finance's Export button (marking the
claims exported in the same transaction), marking an export paid (its Mark paid button, or a paid file read back by
``backoffice expenses mark-paid``), and team spend by category as a table and a PNG chart (matplotlib, drawn
off-screen)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from babel.lists import format_list
from sqlalchemy.orm import Session

from skills.common.reference.table import write_table
from skills.core import Actor, Context, Reply, ReplyFile
from skills.expenses import queries, service, views
from skills.expenses.errors import ExportFileUnreadable, NotFinance
from skills.expenses.messages import day, money, number, payable_text
from skills.expenses.models import ClaimStatus, ExpenseClaim
from skills.files import saved_outside_slack
from skills.i18n import normalise_language, translate, translate_count

PAYROLL_COLUMNS = ("claim_id", "employee", "email", "expense_date", "category", "merchant", "amount", "currency",
                   "converted_amount", "rate", "rate_date", "payable", "payable_currency", "approved_at",
                   "export_batch")  # fmt: skip


def payroll_row(claim: ExpenseClaim) -> dict[str, str]:
    """One claim as a line of the payroll file."""
    return {
        "claim_id": str(claim.id), "employee": claim.employee.name, "email": claim.employee.email,
        "expense_date": claim.expense_date.isoformat(), "category": claim.category.code, "merchant": claim.merchant,
        "amount": f"{claim.amount:.2f}", "currency": claim.currency, "converted_amount": f"{claim.converted_amount:.2f}",
        "rate": f"{claim.rate}", "rate_date": claim.rate_date.isoformat() if claim.rate_date else "",
        "payable": f"{claim.payable:.2f}", "payable_currency": claim.office_currency,
        "approved_at": claim.decided_at.isoformat(timespec="seconds") if claim.decided_at else "",
        "export_batch": claim.export_batch or "",
    }  # fmt: skip


def month_range(month: str | None) -> tuple[date, date] | None:
    """``YYYY-MM`` as its first and last day (None for every month); ValueError when it is not one."""
    if month is None:
        return None
    first = date.fromisoformat(f"{month}-01")
    return queries.month_bounds(first)


def export_payroll(session: Session, out: TextIO, *, actor: Actor, status: str, month: str | None) -> int:
    """Write the claims in ``status`` (of ``month``) as the payroll CSV; approved ones become exported in the same
    transaction (the caller commits after the file is written). How many rows."""
    return len(_exported(session, out, actor=actor, status=status, month=month))


def _exported(session: Session, out: TextIO, *, actor: Actor, status: str, month: str | None) -> list[ExpenseClaim]:
    claims = queries.claims_to_export(session, status=status, month=month_range(month))
    if status == ClaimStatus.APPROVED:
        _, claims = service.export_claims(session, actor=actor, claims=claims)
    write_table(PAYROLL_COLUMNS, [payroll_row(claim) for claim in claims], out)
    return claims


def payroll_offer(context: Context) -> list[Reply]:
    """Finance asking for the payroll file in Slack: how many approved claims wait and what they add up to, with an
    Export button (exporting marks them exported: a write, so only on the press)."""
    if not queries.is_finance(context.employee):
        raise NotFinance()
    lang = context.lang
    claims = queries.claims_to_export(context.session, status=ClaimStatus.APPROVED, month=None)
    if not claims:
        return [Reply(text=translate(lang, "expenses.payroll.none"))]
    card = views.payroll_card(claims, lang)
    return [Reply(text=card.text, blocks=card.blocks)]


def payroll_export_pressed(home: Path, context: Context) -> list[Reply]:
    """The Export button: the approved claims as the payroll CSV, shared as a file, and marked exported in the same
    unit of work; a second press finds nothing left and says so."""
    if not queries.is_finance(context.employee):
        raise NotFinance()
    lang = context.lang
    out = io.StringIO()
    claims = _exported(context.session, out, actor=context.actor, status=ClaimStatus.APPROVED, month=None)
    if not claims:
        return [Reply(text=translate(lang, "expenses.payroll.nothing_left"), replace_original=True)]
    name = f"payroll-{context.today.isoformat()}-{context.employee.id}.csv"
    content = out.getvalue().encode("utf-8")
    saved = saved_outside_slack(home, context, name, content)
    text = translate_count(lang, "expenses.payroll.exported", len(claims), name=name)
    if saved is not None:
        text += "\n" + translate(lang, "expenses.payroll.saved", path=saved)
    card = views.exported_card(text, claims[0].export_batch or "", len(claims), lang)
    file = ReplyFile(name=name, content=content, title=name, saved_at=saved)
    return [Reply(text=card.text, blocks=card.blocks, file=file)]


BATCH_ID = re.compile(r"[0-9a-f]{12}")
"""An export's batch id (``service.export_claims``: six random bytes in hex); a button value that is not one marks
nothing."""


def unpaid_offer(context: Context) -> list[Reply]:
    """Finance asking what payroll has yet to be marked paid: each export still waiting, with its Mark paid button."""
    if not queries.is_finance(context.employee):
        raise NotFinance()
    lang = context.lang
    batches = queries.unpaid_batches(context.session)
    if not batches:
        return [Reply(text=translate(lang, "expenses.paid.none_waiting"))]
    card = views.unpaid_card(translate(lang, "expenses.paid.title"), batches, lang)
    return [Reply(text=card.text, blocks=card.blocks)]


def mark_paid_pressed(context: Context, batch: str) -> list[Reply]:
    """A Mark paid button: that export's claims still exported become paid (each employee told once), and the card
    shows what is left to mark; a second press finds nothing left and says so."""
    if not queries.is_finance(context.employee):
        raise NotFinance()
    lang = context.lang
    claims = queries.exported_in_batch(context.session, batch) if BATCH_ID.fullmatch(batch) else []
    paid = service.mark_paid(context.session, actor=context.actor, claim_ids=[claim.id for claim in claims])
    if not paid:
        lead = translate(lang, "expenses.paid.nothing_left")
    else:
        names = format_list(list(dict.fromkeys(claim.employee.name for claim in paid)), locale=normalise_language(lang))
        lead = translate_count(lang, "expenses.paid.done", len(paid), total=payable_text(paid, lang), names=names)
    card = views.unpaid_card(lead, queries.unpaid_batches(context.session), lang)
    return [Reply(text=card.text, blocks=card.blocks, replace_original=True)]


def claim_ids_in(text: str) -> list[int]:
    """The claim ids of a payroll file (our export, maybe edited in a spreadsheet: BOM, comma or semicolon)."""
    body = text.lstrip("\ufeff")
    dialect = ";" if body.split("\n", 1)[0].count(";") > body.split("\n", 1)[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(body), delimiter=dialect)
    if reader.fieldnames is None or "claim_id" not in reader.fieldnames:
        raise ExportFileUnreadable(why="no claim_id column")
    ids: list[int] = []
    for line, row in enumerate(reader, start=2):
        value = (row.get("claim_id") or "").strip()
        if not value.isdigit():
            raise ExportFileUnreadable(why=f"line {line}: claim_id {value!r} is not a number")
        ids.append(int(value))
    return ids


def mark_paid_file(session: Session, text: str, *, actor: Actor) -> tuple[list[ExpenseClaim], list[int]]:
    """Mark the file's exported claims paid; (paid now, ids that were not exported: unknown, or paid before)."""
    ids = claim_ids_in(text)
    paid = service.mark_paid(session, actor=actor, claim_ids=ids)
    done = {claim.id for claim in paid}
    return paid, [claim_id for claim_id in ids if claim_id not in done]


# --- team spend ---------------------------------------------------------------------------------------------


def chart_png(rows: Sequence[tuple[str, str, Decimal]], labels: dict[str, str], title: str, lang: str) -> bytes:
    """A horizontal bar chart of spend by category (one colour per currency) as PNG bytes, its amounts written as a
    reader of ``lang`` writes them (``1.250,50 €`` / ``€1,250.50``)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    figure = Figure(figsize=(7, 0.5 * max(len(rows), 3) + 1.2), dpi=100)
    axes = figure.add_subplot()
    names = [f"{labels.get(code, code)} ({currency})" for code, currency, _ in rows]
    values = [float(total) for _, _, total in rows]  # matplotlib draws floats; the table keeps the Decimals
    axes.barh(names, values, color="#4a7bd0")
    axes.invert_yaxis()
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: number(Decimal(str(value)), lang)))
    axes.set_title(title)
    for index, (_, currency, total) in enumerate(rows):
        axes.annotate(money(total, currency, lang), (values[index], index), xytext=(4, 0), textcoords="offset points",
                      va="center", fontsize=8)  # fmt: skip
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def team_spend(
    context: Context, labels: dict[str, str], *, team: bool, home: Path, start: date, end: date
) -> list[Reply]:
    """The spend by category from ``start`` to ``end`` of the asker's team (finance: everyone), as a table and a PNG
    chart."""
    lang = context.lang
    if team and not (queries.is_finance(context.employee) or queries.team_of(context.session, context.employee)[1:]):
        raise NotFinance()
    people = queries.team_of(context.session, context.employee) if team else [context.employee]
    rows = queries.totals_by_category(context.session, [person.id for person in people], start, end)
    caption = views.chart_caption(start, end, lang)
    empty = translate(lang, "expenses.totals.none", period=f"{day(start, lang)} – {day(end, lang)}")
    card = views.totals_card(caption, rows, labels, lang, empty)
    if not rows:
        return [Reply(text=card.text, blocks=card.blocks)]
    content = chart_png(rows, labels, translate(lang, "expenses.team.chart_title"), lang)
    name = f"team-spend-{start.isoformat()}-{context.employee.id}.png"
    saved = saved_outside_slack(home, context, name, content)
    text = card.text if saved is None else f"{card.text}\n{translate(lang, 'expenses.team.chart_saved', path=saved)}"
    return [Reply(text=text, blocks=card.blocks if saved is None else None,
                  file=ReplyFile(name=name, content=content, title=caption, saved_at=saved))]  # fmt: skip
