"""The leave.request preview card and what the requester is told after Confirm, from already-loaded data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from skills.forms import Preview
from skills.i18n import translate
from skills.leave import messages as text
from skills.leave.models import LeaveRequest, LeaveStatus
from skills.leave.views.shared import balance_after, span_of, working_days

if TYPE_CHECKING:
    from skills.leave.queries.facts import WhatIf
    from skills.leave.queries.team import OffEntry
    from skills.leave.rules import LeaveDraft

TYPE_LABEL = "leave.label.leave_type"
CONFLICTS_SHOWN = 10


def conflicts_text(conflicts: Sequence[OffEntry], lang: str) -> str:
    """Teammates already off, one per line with their dates (``nobody`` if none)."""
    if not conflicts:
        return translate(lang, "leave.nobody_off")
    lines = [f"{c.name} ({text.format_span(c.start, c.end, c.start_half, c.end_half, lang)})" for c in conflicts]
    more = f"\n+{len(lines) - CONFLICTS_SHOWN}" if len(lines) > CONFLICTS_SHOWN else ""
    return "\n".join(lines[:CONFLICTS_SHOWN]) + more


def request_preview(result: WhatIf, draft: LeaveDraft, lang: str) -> Preview:
    """What the request will be: dates, working days, type, balance after, approver, who is off, the holidays in it."""
    span = text.format_span(draft.start, draft.end, draft.start_half, draft.end_half, lang)
    type_name = result.leave_type.name(lang)
    if result.approver is None or not result.needs_approval:
        approver = translate(lang, "leave.no_approval_needed")
    else:
        approver = result.approver.approver.name
        stand_in = result.approver.explain(lang)
        if stand_in:
            approver = f"{approver}\n_{stand_in}_"
    by_year = {charge.year: charge.days for charge in result.charges}
    fields = [
        (translate(lang, "leave.label.dates"), span),
        (translate(lang, "leave.label.working_days"), working_days(result.working_days, by_year, lang)),
        (translate(lang, TYPE_LABEL), type_name),
        (
            translate(lang, "leave.label.balance_after"),
            balance_after({charge.year: charge.available_after for charge in result.charges}, lang),
        ),
        (translate(lang, "leave.label.approver"), approver),
        (translate(lang, "leave.label.team_off"), conflicts_text(result.conflicts, lang)),
    ]
    if result.holidays:
        fields.append((translate(lang, "leave.label.holidays"), text.holiday_names(result.holidays, lang)))
    if draft.reason:
        fields.append((translate(lang, "leave.label.reason"), draft.reason[:500]))
    return Preview(title=translate(lang, "leave.preview.title", type=type_name, span=span), fields=fields)


def submitted_text(request: LeaveRequest, lang: str) -> str:
    """What the requester reads after Confirm: sent to the approver, recorded and the manager told, or recorded."""
    if request.status == LeaveStatus.PENDING and request.approver is not None:
        return translate(lang, "leave.request.sent", approver=request.approver.name)
    kind, span = request.type.name(lang), span_of(request, lang)
    if request.approver is not None:
        return translate(lang, "leave.request.auto_approved", type=kind, span=span, approver=request.approver.name)
    return translate(lang, "leave.request.recorded", type=kind, span=span)
