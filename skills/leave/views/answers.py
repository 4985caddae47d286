"""Answers to leave questions, as plain data: balance, what if, status, history, the cancel list, who is off, Home.

Pure: they draw what the handlers loaded through the queries; they never query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from skills.blocks import context_block, section_block
from skills.core import Blocks
from skills.i18n import translate
from skills.leave.messages import (
    available_count,
    day_count,
    format_days,
    format_span,
    holiday_names,
    per_year,
    short_day,
    short_span,
    taken_and_pending,
)
from skills.leave.models import LeaveRequest, LeaveStatus
from skills.leave.views import shared

if TYPE_CHECKING:
    from skills.leave.queries.balances import Balance
    from skills.leave.queries.facts import WhatIf
    from skills.leave.queries.team import HolidayOff, OffEntry

CANCEL_ACTION = "leave.cancel_request"
MAX_BLOCKS = 45  # of Slack's 50 per message
MAX_BUTTON = 75  # characters of a button label
MAX_CANCEL_BUTTONS = 10
NAMES_SHOWN = 5


# --- balance --------------------------------------------------------------------------------------------------


def _unlimited(found: Sequence[Balance], lang: str) -> str:
    names = []
    for balance in found:
        name = balance.leave_type.name(lang)
        if balance.taken or balance.pending:
            taken, pending = taken_and_pending(balance.taken, balance.pending, lang)
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


def _balance_title(year: int, lang: str, whose: str | None) -> str:
    if whose:
        return translate(lang, "leave.query.balance_title_of", name=whose, year=year)
    return translate(lang, "leave.query.balance_title", year=year)


def balance_blocks(found: Sequence[Balance], year: int, lang: str, whose: str | None = None) -> Blocks:
    """One section per limited type (allocated or accrued, taken, pending, available); unlimited types in a line;
    ``whose``: the name of the person they are of, when not the reader's."""
    blocks: Blocks = [shared.header(_balance_title(year, lang, whose))]
    limited = [b for b in found if b.leave_type.limited]
    for balance in limited:
        label, value = _allocated(balance, lang)
        fields = [
            shared.field(label, value),
            shared.field(translate(lang, "leave.query.taken"), format_days(balance.taken, lang)),
            shared.field(translate(lang, "leave.query.pending"), format_days(balance.pending, lang)),
            shared.field(translate(lang, "leave.query.available"), format_days(balance.available or Decimal(0), lang)),
        ]
        blocks.append(section_block(f"*{balance.leave_type.name(lang)}*") | {"fields": fields})
    unlimited = [b for b in found if not b.leave_type.limited]
    if unlimited:
        blocks.append(context_block(_unlimited(unlimited, lang)))
    return blocks


def balance_text(found: Sequence[Balance], year: int, lang: str, whose: str | None = None) -> str:
    """The plain-text fallback of the balance card."""
    lines = [_balance_title(year, lang, whose)]
    for balance in found:
        if balance.leave_type.limited:
            available = available_count(balance.available or Decimal(0), lang)
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


def _per_year_days(values: dict[int, Decimal | None], lang: str) -> str:
    if all(days is None for days in values.values()):
        return translate(lang, "leave.query.no_limit")
    return per_year({year: format_days(days or Decimal(0), lang) for year, days in values.items()}, lang)


def what_if_blocks(result: WhatIf, type_name: str, start: date, end: date, lang: str) -> Blocks:
    """The simulation: working days, balance now and after (per year across New Year), approver (and why a
    stand-in), the holidays not counted, conflicts; nothing asked."""
    span = short_span(start, end, lang)
    if result.needs_approval and result.approver is not None:
        approver = result.approver.approver.name
    else:
        approver = translate(lang, "leave.query.no_approval")
    by_year = {charge.year: charge.days for charge in result.charges}
    fields = [
        shared.field(
            translate(lang, "leave.query.working_days"), shared.working_days(result.working_days, by_year, lang)
        ),
        shared.field(translate(lang, "leave.query.approver"), approver),
        shared.field(
            translate(lang, "leave.query.available_now"),
            _per_year_days({c.year: c.balance.available for c in result.charges}, lang),
        ),
        shared.field(
            translate(lang, "leave.query.available_after"),
            _per_year_days({c.year: c.available_after for c in result.charges}, lang),
        ),
    ]
    blocks: Blocks = [
        shared.header(translate(lang, "leave.query.whatif_title", type=type_name, span=span)),
        {"type": "section", "fields": fields},
    ]
    stand_in = result.approver.explain(lang) if result.needs_approval and result.approver is not None else None
    if stand_in:
        blocks.append(context_block(stand_in))
    if result.holidays:
        blocks.append(
            context_block(translate(lang, "leave.query.not_counted", holidays=holiday_names(result.holidays, lang)))
        )
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
    return [shared.header(title), *shared.line_sections([request_line(r, lang, True) for r in requests], lang)]


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
        "text": shared.plain(label[:MAX_BUTTON]),
        **({} if pending else {"style": "danger"}),
        "confirm": {
            "title": shared.plain(translate(lang, "leave.query.confirm_title")),
            "text": shared.plain(question[:300]),
            "confirm": shared.plain(translate(lang, "leave.query.confirm_yes")),
            "deny": shared.plain(translate(lang, "leave.query.confirm_no")),
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


def cancel_outcome(request: LeaveRequest, was_pending: bool, lang: str) -> str:
    """What the cancel button did: withdrew a pending request, or cancelled approved leave (days back)."""
    span = short_span(request.start_date, request.end_date, lang)
    type_name = request.type.name(lang).lower()
    if was_pending:
        return translate(lang, "leave.query.withdrawn", type=type_name, span=span)
    days = day_count(request.working_days, lang)
    return translate(lang, "leave.query.cancelled", type=type_name, span=span, days=days)


# --- who is off -----------------------------------------------------------------------------------------------


def off_line(entry: OffEntry, lang: str, type_names: dict[str, str]) -> str:
    """One person away: name and dates, plus type and status when the viewer may see them."""
    span = format_span(entry.start, entry.end, entry.start_half, entry.end_half, lang)
    line = f"*{entry.name}* · {span}"
    if entry.leave_type is not None:
        status = translate(lang, f"leave.status.{entry.status}") if entry.status else ""
        line += f" · {type_names.get(entry.leave_type, entry.leave_type)}" + (f" (_{status}_)" if status else "")
    return line


@dataclass(frozen=True)
class Period:
    """One period of "who is off": its title, who is on leave, and the holidays that keep people at home."""

    title: str
    entries: Sequence[OffEntry]
    holidays: Sequence[HolidayOff] = field(default_factory=tuple)


def holiday_line(holiday: HolidayOff, lang: str) -> str:
    """A holiday and who it keeps at home: ``Dec 8 · Immaculate Conception: Eva, Lucía``."""
    names = ", ".join(holiday.names[:NAMES_SHOWN])
    if len(holiday.names) > NAMES_SHOWN:
        names = translate(lang, "leave.query.and_more", names=names, count=len(holiday.names) - NAMES_SHOWN)
    return translate(lang, "leave.query.holiday_line", day=short_day(holiday.day, lang), name=holiday.name, names=names)


def team_blocks(periods: Sequence[Period], lang: str, type_names: dict[str, str]) -> Blocks:
    """Who is off, one titled list per period (this week, next week, or the dates asked), holidays after leave."""
    blocks: Blocks = [shared.header(translate(lang, "leave.query.team_title"))]
    for period in periods:
        blocks.append(section_block(f"*{period.title}*"))
        if period.entries:
            lines = [off_line(e, lang, type_names) for e in period.entries]
            blocks += shared.line_sections(lines, lang, max_blocks=10)
        else:
            blocks.append(context_block(translate(lang, "leave.query.nobody_off")))
        if period.holidays:
            lines = [holiday_line(h, lang) for h in period.holidays]
            title = translate(lang, "leave.query.holidays")
            blocks.append(section_block(f"_{title}_\n" + "\n".join(f"• {line}" for line in lines)))
    return blocks[:MAX_BLOCKS]


def team_text(periods: Sequence[Period], lang: str, type_names: dict[str, str]) -> str:
    """The plain-text fallback of who is off."""
    lines = [translate(lang, "leave.query.team_title")]
    for period in periods:
        lines.append(period.title)
        lines += [f"• {off_line(e, lang, type_names).replace('*', '').replace('_', '')}" for e in period.entries]
        if not period.entries:
            lines.append(translate(lang, "leave.query.nobody_off"))
        if period.holidays:
            lines.append(translate(lang, "leave.query.holidays"))
            lines += [f"• {holiday_line(h, lang)}" for h in period.holidays]
    return "\n".join(lines)


def digest_text(entries: Sequence[OffEntry], holidays: Sequence[HolidayOff], lang: str) -> str:
    """The Monday digest: who is off this week, on leave, then on a holiday."""
    lines = [f"• {e.name} · {format_span(e.start, e.end, e.start_half, e.end_half, lang)}" for e in entries]
    lines += [f"• {holiday_line(h, lang)}" for h in holidays]
    return "\n".join([f"*{translate(lang, 'leave.job.digest_title')}*", *lines])
