"""Block Kit for the leave questions (balance, what if, status, history, cancel list, who is off), as plain data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from babel.dates import format_interval

from skills.blocks import MAX_TEXT, context_block, section_block
from skills.core import Blocks
from skills.i18n import normalise_language, translate
from skills.leave.balances import Balance
from skills.leave.messages import format_days, format_span
from skills.leave.models import LeaveRequest, LeaveStatus
from skills.leave.queries import OffEntry, WhatIf

CANCEL_ACTION = "leave.cancel_request"
MAX_BLOCKS = 45  # of Slack's 50 per message
MAX_BUTTON = 75  # characters of a button label
MAX_CANCEL_BUTTONS = 10


def short_span(start: date, end: date, lang: str) -> str:
    """A compact date range for labels: ``Dec 14 – 16`` / ``14–16 dic``."""
    locale = normalise_language(lang)
    text = (
        format_interval(start, end, "MMMd", locale=locale)
        if start != end
        else format_interval(start, start, "MMMd", locale=locale)
    )
    return text.replace("\u2009", " ").replace("\u202f", " ")


def day_count(days: Decimal, lang: str) -> str:
    """A number of days with its unit: ``1 day``, ``0.5 days`` / ``1 día``, ``2,5 días``."""
    key = "leave.query.one_day" if days == 1 else "leave.query.many_days"
    return translate(lang, key, days=format_days(days, lang))


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150]}}


def _field(label: str, value: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": f"*{label}*\n{value}"}


def _plain(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


def line_sections(lines: Sequence[str], lang: str, max_blocks: int = 20) -> Blocks:
    """Bulleted lines packed into as few sections as Slack's text limit allows, with "… and N more" past the cap."""
    blocks: Blocks = []
    current: list[str] = []
    for index, line in enumerate(lines):
        candidate = "\n".join([*current, f"• {line}"])
        if current and len(candidate) > MAX_TEXT:
            blocks.append(section_block("\n".join(current)))
            current = []
            if len(blocks) >= max_blocks:
                blocks.append(context_block(translate(lang, "leave.query.more", count=len(lines) - index)))
                return blocks
        current.append(f"• {line}")
    if current:
        blocks.append(section_block("\n".join(current)))
    return blocks


# --- balance --------------------------------------------------------------------------------------------------


def _unlimited(found: Sequence[Balance], lang: str) -> str:
    names = []
    for balance in found:
        name = balance.leave_type.name(lang)
        if balance.taken or balance.pending:
            taken, pending = format_days(balance.taken, lang), format_days(balance.pending, lang)
            name = translate(lang, "leave.query.unlimited_used", type=name, taken=taken, pending=pending)
        names.append(name)
    return translate(lang, "leave.query.unlimited", types=", ".join(names))


def _allocated(balance: Balance, lang: str) -> tuple[str, str]:
    allocated = balance.allocated or Decimal(0)
    accrued = balance.accrued if balance.accrued is not None else allocated
    if accrued != allocated:
        label, value = (
            translate(lang, "leave.query.accrued"),
            f"{format_days(accrued, lang)} / {format_days(allocated, lang)}",
        )
    else:
        label, value = translate(lang, "leave.query.allocated"), format_days(allocated, lang)
    if balance.carried_over:
        value += " " + translate(lang, "leave.query.carried_over", days=format_days(balance.carried_over, lang))
    return label, value


def balance_blocks(found: Sequence[Balance], year: int, lang: str) -> Blocks:
    """One section per limited type (allocated or accrued, taken, pending, available); unlimited types in a line."""
    blocks: Blocks = [_header(translate(lang, "leave.query.balance_title", year=year))]
    limited = [b for b in found if b.leave_type.limited]
    for balance in limited:
        label, value = _allocated(balance, lang)
        fields = [
            _field(label, value),
            _field(translate(lang, "leave.query.taken"), format_days(balance.taken, lang)),
            _field(translate(lang, "leave.query.pending"), format_days(balance.pending, lang)),
            _field(translate(lang, "leave.query.available"), format_days(balance.available or Decimal(0), lang)),
        ]
        blocks.append(section_block(f"*{balance.leave_type.name(lang)}*") | {"fields": fields})
    unlimited = [b for b in found if not b.leave_type.limited]
    if unlimited:
        blocks.append(context_block(_unlimited(unlimited, lang)))
    return blocks


def balance_text(found: Sequence[Balance], year: int, lang: str) -> str:
    """The plain-text fallback of the balance card."""
    lines = [translate(lang, "leave.query.balance_title", year=year)]
    for balance in found:
        if balance.leave_type.limited:
            available = format_days(balance.available or Decimal(0), lang)
            lines.append(
                translate(lang, "leave.query.balance_line", type=balance.leave_type.name(lang), available=available)
            )
    unlimited = [b for b in found if not b.leave_type.limited]
    if unlimited:
        lines.append(_unlimited(unlimited, lang))
    return "\n".join(lines)


# --- what if --------------------------------------------------------------------------------------------------


def _conflict_names(entries: Sequence[OffEntry], lang: str) -> str:
    return ", ".join(f"{e.name} ({short_span(e.start, e.end, lang)})" for e in entries)


def what_if_blocks(result: WhatIf, type_name: str, start: date, end: date, lang: str) -> Blocks:
    """The simulation: working days, balance now and after, approver (and why a stand-in), conflicts; nothing asked."""
    span = short_span(start, end, lang)
    no_limit = translate(lang, "leave.query.no_limit")
    available = result.balance.available
    if result.needs_approval and result.approver is not None:
        approver = result.approver.approver.name
    else:
        approver = translate(lang, "leave.query.no_approval")
    fields = [
        _field(translate(lang, "leave.query.working_days"), format_days(result.working_days, lang)),
        _field(translate(lang, "leave.query.approver"), approver),
        _field(
            translate(lang, "leave.query.available_now"),
            format_days(available, lang) if available is not None else no_limit,
        ),
        _field(
            translate(lang, "leave.query.available_after"),
            format_days(result.available_after, lang) if result.available_after is not None else no_limit,
        ),
    ]
    blocks: Blocks = [
        _header(translate(lang, "leave.query.whatif_title", type=type_name, span=span)),
        {"type": "section", "fields": fields},
    ]
    stand_in = result.approver.explain(lang) if result.needs_approval and result.approver is not None else None
    if stand_in:
        blocks.append(context_block(stand_in))
    if result.conflicts:
        blocks.append(
            section_block(translate(lang, "leave.query.conflicts", names=_conflict_names(result.conflicts, lang)))
        )
    else:
        blocks.append(section_block(translate(lang, "leave.query.no_conflicts")))
    blocks.append(context_block(translate(lang, "leave.query.nothing_requested", span=span)))
    return blocks


def what_if_text(result: WhatIf, type_name: str, start: date, end: date, lang: str) -> str:
    """The plain-text fallback of the simulation."""
    blocks = what_if_blocks(result, type_name, start, end, lang)
    lines: list[str] = []
    for block in blocks:
        if "text" in block:
            lines.append(block["text"]["text"])
        lines += [f["text"].replace("*", "").replace("\n", ": ") for f in block.get("fields", [])]
        lines += [e["text"] for e in block.get("elements", [])]
    return "\n".join(lines)


# --- requests: status, history, Home tab ----------------------------------------------------------------------


def request_line(request: LeaveRequest, lang: str, with_approver: bool = False) -> str:
    """One request as a line: type, dates, working days, status (and who approves a pending one)."""
    span = format_span(request.start_date, request.end_date, request.start_half, request.end_half, lang)
    line = translate(
        lang,
        "leave.query.request_line",
        type=f"*{request.type.name(lang)}*",
        span=span,
        days=day_count(request.working_days, lang),
        status=f"_{translate(lang, f'leave.status.{request.status}')}_",
    )
    if with_approver and request.status == LeaveStatus.PENDING and request.approver is not None:
        line += " (" + translate(lang, "leave.query.approver_note", name=request.approver.name) + ")"
    return line


def requests_blocks(title: str, requests: Sequence[LeaveRequest], empty: str, lang: str) -> Blocks:
    """A titled list of requests, or the empty-state sentence."""
    if not requests:
        return [section_block(empty)]
    return [_header(title), *line_sections([request_line(r, lang, True) for r in requests], lang)]


def requests_text(title: str, requests: Sequence[LeaveRequest], empty: str, lang: str) -> str:
    """The plain-text fallback of a list of requests."""
    if not requests:
        return empty
    return "\n".join([title, *(f"• {request_line(r, lang, True).replace('*', '').replace('_', '')}" for r in requests)])


def home_blocks(
    found: Sequence[Balance], upcoming: Sequence[LeaveRequest], pending: Sequence[LeaveRequest], lang: str
) -> Blocks:
    """The Home tab's time-off items: available days per limited type, upcoming leave, pending requests."""
    shown = ", ".join(
        f"{b.leave_type.name(lang)} {format_days(b.available or Decimal(0), lang)}"
        for b in found
        if b.leave_type.limited
    )
    blocks: Blocks = [section_block(f"*{translate(lang, 'leave.query.home_title')}*")]
    if shown:
        blocks.append(context_block(translate(lang, "leave.query.home_balances", balances=shown)))
    for key, items in (("leave.query.home_upcoming", upcoming), ("leave.query.home_pending", pending)):
        if items:
            lines = "\n".join(f"• {request_line(r, lang, True)}" for r in items[:5])
            blocks.append(section_block(f"*{translate(lang, key)}*\n{lines}"))
    if not upcoming and not pending:
        blocks.append(context_block(translate(lang, "leave.query.home_nothing")))
    return blocks


# --- cancel ---------------------------------------------------------------------------------------------------


def cancel_button(request: LeaveRequest, lang: str) -> dict[str, Any]:
    """The button that withdraws (pending) or cancels (approved) ``request``, with Slack's "are you sure?" dialog."""
    span = short_span(request.start_date, request.end_date, lang)
    type_name = request.type.name(lang)
    pending = request.status == LeaveStatus.PENDING
    label = translate(
        lang,
        "leave.query.withdraw_button" if pending else "leave.query.cancel_button",
        span=span,
        type=type_name.lower(),
    )
    approver = request.approver.name if request.approver is not None else "?"
    question = translate(
        lang,
        "leave.query.confirm_withdraw" if pending else "leave.query.confirm_cancel",
        type=type_name.lower(),
        span=span,
        approver=approver,
    )
    return {
        "type": "button",
        "action_id": f"{CANCEL_ACTION}.{request.id}",
        "value": str(request.id),
        "text": _plain(label[:MAX_BUTTON]),
        **({} if pending else {"style": "danger"}),
        "confirm": {
            "title": _plain(translate(lang, "leave.query.confirm_title")),
            "text": _plain(question[:300]),
            "confirm": _plain(translate(lang, "leave.query.confirm_yes")),
            "deny": _plain(translate(lang, "leave.query.confirm_no")),
        },
    }


def cancel_blocks(requests: Sequence[LeaveRequest], lang: str, outcome: str | None = None) -> Blocks:
    """The cancellable requests, one button each (at most ten), after the outcome of the last click if any."""
    blocks: Blocks = [section_block(outcome)] if outcome else []
    if not requests:
        return [*blocks, section_block(translate(lang, "leave.query.cancel_empty"))]
    blocks.append(section_block(translate(lang, "leave.query.cancel_title")))
    for request in requests[:MAX_CANCEL_BUTTONS]:
        blocks.append(section_block(request_line(request, lang)) | {"accessory": cancel_button(request, lang)})
    if len(requests) > MAX_CANCEL_BUTTONS:
        blocks.append(context_block(translate(lang, "leave.query.more", count=len(requests) - MAX_CANCEL_BUTTONS)))
    return blocks


def cancel_text(requests: Sequence[LeaveRequest], lang: str, outcome: str | None = None) -> str:
    """The plain-text fallback of the cancel list."""
    lines = [outcome] if outcome else []
    if not requests:
        return "\n".join([*lines, translate(lang, "leave.query.cancel_empty")])
    lines.append(translate(lang, "leave.query.cancel_title"))
    lines += [f"• {request_line(r, lang).replace('*', '').replace('_', '')}" for r in requests[:MAX_CANCEL_BUTTONS]]
    return "\n".join(lines)


# --- who is off -----------------------------------------------------------------------------------------------


def off_line(entry: OffEntry, lang: str, type_names: dict[str, str]) -> str:
    """One person away: name and dates, plus type and status when the viewer may see them."""
    span = format_span(entry.start, entry.end, entry.start_half, entry.end_half, lang)
    line = f"*{entry.name}* · {span}"
    if entry.leave_type is not None:
        status = translate(lang, f"leave.status.{entry.status}") if entry.status else ""
        line += f" · {type_names.get(entry.leave_type, entry.leave_type)}" + (f" (_{status}_)" if status else "")
    return line


def team_blocks(periods: Sequence[tuple[str, list[OffEntry]]], lang: str, type_names: dict[str, str]) -> Blocks:
    """Who is off, one titled list per period (this week, next week, or the dates asked)."""
    blocks: Blocks = [_header(translate(lang, "leave.query.team_title"))]
    for title, entries in periods:
        blocks.append(section_block(f"*{title}*"))
        if entries:
            blocks += line_sections([off_line(e, lang, type_names) for e in entries], lang, max_blocks=10)
        else:
            blocks.append(context_block(translate(lang, "leave.query.nobody_off")))
    return blocks[:MAX_BLOCKS]


def team_text(periods: Sequence[tuple[str, list[OffEntry]]], lang: str, type_names: dict[str, str]) -> str:
    """The plain-text fallback of who is off."""
    lines = [translate(lang, "leave.query.team_title")]
    for title, entries in periods:
        lines.append(title)
        lines += [f"• {off_line(e, lang, type_names).replace('*', '').replace('_', '')}" for e in entries]
        if not entries:
            lines.append(translate(lang, "leave.query.nobody_off"))
    return "\n".join(lines)
