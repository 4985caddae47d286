"""Cards about one request, as plain data: the approver's card, the decided card, the reject modal, the notices.

Pure: they draw a request and the facts loaded for it (``queries.facts.CardFacts``); they never query.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from skills.blocks import button, context_block, section_block
from skills.core import Blocks
from skills.i18n import translate
from skills.leave import messages as text
from skills.leave.models import LeaveRequest, LeaveStatus
from skills.leave.views.shared import balance_after, field, header, span_of, stand_in_reason, working_days

if TYPE_CHECKING:
    from db.models import Employee
    from skills.leave.queries.facts import CardFacts

APPROVE, REJECT, REJECT_WITH = "leave.approve", "leave.reject", "leave.reject_with"
REJECT_VIEW = "leave.reject_reason"
REASON = "reason"
CANNED_REASONS = ("short_staffed", "short_notice", "other")
TEAM_SHOWN = 10


def request_body(request: LeaveRequest, facts: CardFacts, lang: str) -> Blocks:
    """What every card about a request shows: who, type, dates, days, balance, holidays, team off, stand-in, reason."""
    fields = [
        (translate(lang, "leave.label.dates"), span_of(request, lang)),
        (translate(lang, "leave.label.working_days"), working_days(request.working_days, facts.days_by_year, lang)),
        (translate(lang, "leave.label.balance_if_approved"), balance_after(facts.balance_after, lang)),
    ]
    team = [
        f"{e.name} ({text.format_span(e.start, e.end, e.start_half, e.end_half, lang)}, "
        f"{translate(lang, f'leave.status.{e.status}')})"
        for e in facts.team[:TEAM_SHOWN]
    ]
    fields.append((translate(lang, "leave.label.team_off"), "\n".join(team) or translate(lang, "leave.nobody_off")))
    if facts.holidays:
        fields.append((translate(lang, "leave.label.holidays"), text.holiday_names(facts.holidays, lang)))
    title = translate(lang, "leave.card.title", name=request.employee.name, type=request.type.name(lang))
    blocks: Blocks = [header(title), {"type": "section", "fields": [field(k, v) for k, v in fields]}]
    stand_in = stand_in_reason(request, lang)
    if stand_in:
        blocks.append(context_block(stand_in))
    if request.reason:
        blocks.append(section_block(translate(lang, "leave.notify.reason", reason=request.reason)))
    return blocks


def approval_card(request: LeaveRequest, facts: CardFacts, lang: str) -> Blocks:
    """The approver's card: the request and Approve (primary) / Reject (danger)."""
    value = str(request.id)
    return [
        *request_body(request, facts, lang),
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


def decided_card(request: LeaveRequest, facts: CardFacts, viewer: Employee) -> Blocks:
    """The card once decided (or withdrawn): the same request, no buttons, and what happened."""
    return [*request_body(request, facts, viewer.language), context_block(outcome(request, viewer))]


def card_text(request: LeaveRequest, lang: str) -> str:
    """Plain-text fallback of a card about ``request``."""
    name, kind = request.employee.name, request.type.name(lang)
    return translate(lang, "leave.card.title", name=name, type=kind) + f": {span_of(request, lang)}"


def decided_text(request: LeaveRequest, viewer: Employee) -> str:
    """Plain-text fallback of the decided card."""
    return f"{card_text(request, viewer.language)}\n{outcome(request, viewer)}"


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


def notice_text(kind: str, request: LeaveRequest, lang: str, **params: Any) -> str:
    """A ``leave.notify.<kind>`` notice about ``request`` in ``lang`` (with the stand-in and the reason on a new
    request)."""
    body = translate(
        lang,
        f"leave.notify.{kind}",
        name=request.employee.name,
        type=request.type.name(lang),
        span=span_of(request, lang),
        days=text.working_day_count(request.working_days, lang),
        **params,
    )
    extra = []
    if kind in ("new_request", "auto_approved", "auto_approved_past"):
        stand_in = stand_in_reason(request, lang)
        if stand_in:
            extra.append(stand_in)
        if request.reason:
            extra.append(translate(lang, "leave.notify.reason", reason=request.reason))
    return "\n".join([body, *extra])


def reminder_text(request: LeaveRequest, approver: Employee) -> str:
    """The reminder above the approval card sent again to its approver."""
    lang = approver.language
    since = text.format_moment(request.created_at, lang, approver.timezone)
    return translate(lang, "leave.job.reminder", name=request.employee.name, since=since)


def escalation_text(request: LeaveRequest, waited: int, lang: str) -> str:
    """What the HR channel is told about a request left waiting."""
    approver = request.approver.name if request.approver else "?"
    return translate(
        lang, "leave.job.escalation", id=request.id, name=request.employee.name, days=waited, approver=approver
    )
