"""Pieces every leave view uses: headers, fields, packed lists, balances per year, holidays and stand-in reasons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from skills.blocks import MAX_TEXT, context_block, section_block
from skills.core import Blocks
from skills.i18n import translate
from skills.leave import messages as text
from skills.leave.models import LeaveRequest


def header(title: str) -> dict[str, Any]:
    """A header block (Slack allows 150 characters)."""
    return {"type": "header", "text": {"type": "plain_text", "text": title[:150]}}


def field(label: str, value: str) -> dict[str, str]:
    """A labelled mrkdwn field of a section."""
    return {"type": "mrkdwn", "text": f"*{label}*\n{value}"[:2000]}


def plain(value: str) -> dict[str, str]:
    """A plain-text object."""
    return {"type": "plain_text", "text": value}


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


def span_of(request: LeaveRequest, lang: str) -> str:
    """The request's dates with half days, in ``lang``."""
    return text.format_span(request.start_date, request.end_date, request.start_half, request.end_half, lang)


def balance_after(after: Mapping[int, Decimal | None], lang: str) -> str:
    """The balance left once a request counts: ``19 days``, per year across New Year, or ``no yearly limit``."""
    if not after or all(days is None for days in after.values()):
        return translate(lang, "leave.no_limit")
    return text.per_year(
        {year: text.day_count(days or Decimal(0), lang) for year, days in after.items()},
        lang,
    )


def working_days(total: Decimal, by_year: Mapping[int, Decimal], lang: str) -> str:
    """A request's working days, with each year's share when it spans New Year: ``5 (2 in 2026, 3 in 2027)``."""
    shown = text.format_days(total, lang)
    if len(by_year) < 2:
        return shown
    parts = text.per_year({year: text.format_days(days, lang) for year, days in by_year.items()}, lang)
    return f"{shown} ({parts})"


def stand_in_reason(request: LeaveRequest, lang: str) -> str | None:
    """Why a stand-in approves ``request``, as stored on it, in ``lang``; None for the requester's own manager."""
    approver = request.approver.name if request.approver is not None else "?"
    return text.stand_in_text(request.approver_reason, request.approver_reason_params, approver, lang)
