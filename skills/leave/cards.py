"""Block Kit for leave approvals, as plain data: the approver's card, the decided card, the reject modal."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy.orm import object_session

from db.models import Employee
from db.types import utcnow
from skills.blocks import button, context_block, section_block
from skills.core import Blocks
from skills.i18n import translate
from skills.leave import messages as text
from skills.leave.balances import balance_for
from skills.leave.models import LeaveRequest, LeaveStatus
from skills.leave.queries import team_conflicts
from skills.leave.service import explain_stand_in

APPROVE, REJECT, REJECT_WITH = "leave.approve", "leave.reject", "leave.reject_with"
REJECT_VIEW = "leave.reject_reason"
REASON = "reason"
CANNED_REASONS = ("short_staffed", "short_notice", "other")


def span_of(request: LeaveRequest, lang: str) -> str:
    """The request's dates with half days, in ``lang``."""
    return text.format_span(request.start_date, request.end_date, request.start_half, request.end_half, lang)


def request_body(request: LeaveRequest, lang: str, today: date | None = None) -> Blocks:
    """What every card about a request shows: who, type, dates, days, balance, team off, stand-in, reason."""
    kind = request.type.name(lang)
    fields = [
        (translate(lang, "leave.label.dates"), span_of(request, lang)),
        (translate(lang, "leave.label.working_days"), text.format_days(request.working_days, lang)),
    ]
    session = object_session(request)
    if session is not None:
        today = today or utcnow().date()
        balance = balance_for(session, request.employee, request.type, request.start_date.year, today, request.id)
        after = None if balance.available is None else balance.available - request.working_days
        shown = translate(lang, "leave.no_limit") if after is None else text.format_days(after, lang)
        fields.append((translate(lang, "leave.label.balance_if_approved"), shown))
        team = team_conflicts(session, request.employee, request.start_date, request.end_date)
        names = [
            f"{e.name} ({text.format_span(e.start, e.end, e.start_half, e.end_half, lang)}, "
            f"{translate(lang, f'leave.status.{e.status}')})"
            for e in team[:10]
        ]
        fields.append(
            (translate(lang, "leave.label.team_off"), "\n".join(names) or translate(lang, "leave.nobody_off"))
        )
    blocks: Blocks = [
        {
            "type": "header",
            "text": {
                "type": "plain_text",
                "text": translate(lang, "leave.card.title", name=request.employee.name, type=kind)[:150],
            },
        },
        {"type": "section", "fields": [{"type": "mrkdwn", "text": f"*{k}*\n{v}"[:2000]} for k, v in fields]},
    ]
    stand_in = explain_stand_in(request.approver_reason, request.approver_reason_params, request.approver, lang)
    if stand_in:
        blocks.append(context_block(stand_in))
    if request.reason:
        blocks.append(section_block(translate(lang, "leave.notify.reason", reason=request.reason)))
    return blocks


def approval_card(request: LeaveRequest, lang: str, today: date | None = None) -> Blocks:
    """The approver's card: the request and Approve (primary) / Reject (danger)."""
    value = str(request.id)
    return [
        *request_body(request, lang, today),
        context_block(translate(lang, "leave.card.pending", id=request.id)),
        {
            "type": "actions",
            "block_id": f"leave.decide.{request.id}",
            "elements": [
                button(translate(lang, "leave.card.approve"), APPROVE, value, "primary"),
                button(translate(lang, "leave.card.reject"), REJECT, value, "danger"),
            ],
        },
    ]


def outcome(request: LeaveRequest, viewer: Employee) -> str:
    """What happened to a request that is no longer pending, in the viewer's language and time zone."""
    lang = viewer.language

    def at(moment: Any) -> str:
        return text.format_moment(moment, lang, viewer.timezone) if moment else "?"

    by = request.decided_by.name if request.decided_by is not None else "?"
    if request.status == LeaveStatus.APPROVED:
        return translate(lang, "leave.card.approved", by=by, at=at(request.decided_at))
    if request.status == LeaveStatus.REJECTED:
        reason = request.decision_reason or ""
        return translate(lang, "leave.card.rejected", by=by, at=at(request.decided_at), reason=reason)
    if request.status == LeaveStatus.WITHDRAWN:
        return translate(lang, "leave.card.withdrawn", name=request.employee.name, at=at(request.updated_at))
    return translate(lang, "leave.card.cancelled", at=at(request.updated_at))


def decided_card(request: LeaveRequest, viewer: Employee, today: date | None = None) -> Blocks:
    """The card once decided (or withdrawn): the same request, no buttons, and what happened."""
    return [*request_body(request, viewer.language, today), context_block(outcome(request, viewer))]


def card_text(request: LeaveRequest, lang: str) -> str:
    """Plain-text fallback of a card about ``request``."""
    name, kind = request.employee.name, request.type.name(lang)
    return translate(lang, "leave.card.title", name=name, type=kind) + f": {span_of(request, lang)}"


def reject_modal(request: LeaveRequest, lang: str) -> dict[str, Any]:
    """The modal asking the approver why they reject; ``private_metadata`` carries the request id."""
    intro = translate(
        lang,
        "leave.reject.intro",
        name=request.employee.name,
        type=request.type.name(lang),
        span=span_of(request, lang),
    )
    return {
        "type": "modal",
        "callback_id": REJECT_VIEW,
        "title": {"type": "plain_text", "text": translate(lang, "leave.reject.title")[:24]},
        "submit": {"type": "plain_text", "text": translate(lang, "leave.reject.submit")[:24]},
        "close": {"type": "plain_text", "text": translate(lang, "leave.reject.close")[:24]},
        "private_metadata": json.dumps({"request_id": request.id}),
        "blocks": [
            section_block(intro),
            {
                "type": "input",
                "block_id": REASON,
                "label": {"type": "plain_text", "text": translate(lang, "leave.reject.reason_label")},
                "element": {"type": "plain_text_input", "action_id": REASON, "multiline": True, "max_length": 1000},
            },
        ],
    }


def canned_reasons_card(request: LeaveRequest, lang: str) -> Blocks:
    """Where a modal cannot open (the terminal): pick one of a few reasons as buttons."""
    buttons = [
        button(translate(lang, f"leave.reject.canned.{code}"), REJECT_WITH, f"{request.id}:{code}")
        for code in CANNED_REASONS
    ]
    prompt = translate(lang, "leave.reject.pick_reason", name=request.employee.name)
    return [section_block(prompt), {"type": "actions", "block_id": f"leave.reasons.{request.id}", "elements": buttons}]


def has_buttons(blocks: Blocks | None) -> bool:
    """Whether a card still has live buttons."""
    return any(block.get("type") == "actions" for block in blocks or [])
