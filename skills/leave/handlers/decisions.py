"""Deciding a request: Approve / Reject on the card, the reject reason (modal or canned), replies in the card's
thread ("approve", "rechazar: …"), and the Home tab's approvals waiting."""

from __future__ import annotations

import re
from typing import Any

from skills.clicks import entity_id, refused_click, stale_click
from skills.core import Action, Blocks, Context, Reply
from skills.errors import DomainError
from skills.i18n import translate
from skills.leave import errors, service
from skills.leave.models import LeaveRequest
from skills.leave.queries.approvals import can_decide
from skills.leave.queries.facts import card_facts
from skills.leave.queries.requests import get_request, waiting_for
from skills.leave.views import cards

HOME_APPROVALS_SHOWN = 8
APPROVE_WORDS = frozenset(
    {"approve", "approved", "ok", "okay", "yes", "lgtm", "fine", "aprobar", "aprobada", "aprobado", "apruebo",
     "vale", "si", "sí", "de acuerdo", "👍", ":+1:", ":thumbsup:"}
)  # fmt: skip
REJECT_WORDS = re.compile(
    r"^\s*(?:reject(?:ed)?|deny|denied|decline|rechaz(?:ar|o|ada|ado)|deniego)\b[\s:,.;-]*(.*)$", re.I | re.S
)


def _decide(context: Context, request_id: int, approve: bool, reason: str | None) -> LeaveRequest:
    return service.decide(context.session, actor=context.actor, request_id=request_id, approve=approve, reason=reason)


def _decided(context: Context, request: LeaveRequest) -> list[Reply]:
    """After a decision from the card: replace the clicked card, and confirm to the approver."""
    facts = card_facts(context.session, request, context.today, context.lang)
    card = cards.decided_card(request, facts, context.employee)
    done = translate(context.lang, f"leave.decided.{request.status}", name=request.employee.name)
    return [
        Reply(text=cards.decided_text(request, context.employee), blocks=card, replace_original=True),
        Reply(text=done),
    ]


def approve(context: Context, action: Action) -> list[Reply]:
    """Approve from the card: the approver (or HR for them) only; a second click says what already happened."""
    request_id = entity_id(action.value)
    if request_id is None:
        return stale_click(context)
    try:
        request = _decide(context, request_id, True, None)
    except DomainError as error:
        return refused_click(context, error)
    return _decided(context, request)


def reject(context: Context, action: Action) -> list[Reply]:
    """Reject from the card: if the clicker may decide it now, ask why (a modal in Slack, canned reasons elsewhere)."""
    request_id = entity_id(action.value)
    if request_id is None:
        return stale_click(context)
    try:
        request = get_request(context.session, request_id)
    except errors.RequestNotFound as error:
        return refused_click(context, error)
    permission = can_decide(request, context.employee)
    if permission.refusal is not None:
        return refused_click(context, permission.refusal)
    prompt = translate(context.lang, "leave.reject.pick_reason", name=request.employee.name)
    if context.via == "slack":
        return [Reply(text=prompt, modal=cards.reject_modal(request, context.lang), ephemeral=True)]
    return [Reply(text=prompt, blocks=cards.canned_reasons_card(request, context.lang))]


def reject_with(context: Context, action: Action) -> list[Reply]:
    """Reject with one of the canned reasons (``<request id>:<reason code>``)."""
    request_id = entity_id(action.value)
    code = action.value.split(":", 1)[1] if ":" in action.value else ""
    if request_id is None or code not in cards.CANNED_REASONS:
        return stale_click(context)
    try:
        request = _decide(context, request_id, False, translate(context.lang, f"leave.reject.canned.{code}"))
    except DomainError as error:
        return refused_click(context, error)
    return [Reply(text=translate(context.lang, "leave.decided.rejected", name=request.employee.name))]


def reject_reason(
    context: Context, values: dict[str, str], metadata: dict[str, Any]
) -> tuple[dict[str, str], list[Reply]]:
    """The reject modal: an empty reason is a field error; otherwise reject and say so."""
    try:
        request_id = int(metadata.get("request_id", 0))
    except (TypeError, ValueError):
        return {}, stale_click(context)
    try:
        request = _decide(context, request_id, False, values.get(cards.REASON, ""))
    except errors.ReasonRequired as error:
        context.session.rollback()
        return {cards.REASON: error.message(context.lang)}, []
    except DomainError as error:
        return {}, refused_click(context, error)
    return {}, [Reply(text=translate(context.lang, "leave.decided.rejected", name=request.employee.name))]


def _word(text: str) -> str:
    return re.sub(r"[!.¡¿?\s]+$", "", text.strip().lower()).strip()


def answer_in_thread(context: Context, entity: str, text: str) -> list[Reply] | None:
    """Approve or reject the request the card is about; None when the message is neither (it is then routed)."""
    approving = _word(text) in APPROVE_WORDS
    rejection = REJECT_WORDS.match(text)
    if not approving and rejection is None:
        return None
    reason = rejection.group(1).strip() if rejection else None
    try:
        request = _decide(context, int(entity), approving, reason)
    except errors.ReasonRequired:
        context.session.rollback()
        name = get_request(context.session, int(entity)).employee.name
        return [Reply(text=translate(context.lang, "leave.thread.reason_needed", name=name))]
    except DomainError as error:
        context.session.rollback()
        return [Reply(text=error.message(context.lang))]
    return [Reply(text=translate(context.lang, f"leave.decided.{request.status}", name=request.employee.name))]


def approvals_waiting(context: Context) -> Blocks:
    """The Home tab's "waiting for your decision": the approval card of each request you are to decide."""
    waiting = waiting_for(context.session, context.employee, HOME_APPROVALS_SHOWN)
    if not waiting:
        return []
    blocks: Blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": translate(context.lang, "leave.home.approvals")}}
    ]
    for request in waiting:
        facts = card_facts(context.session, request, context.today, context.lang)
        blocks += [*cards.approval_card(request, facts, context.lang), {"type": "divider"}]
    return blocks
