"""Deciding a request: Approve / Reject on the card, the reject reason (modal or canned), replies in the card's
thread ("approve", "vale, aprobado", "rechazar: …"). The Home tab's approvals waiting are the engine's inbox
(``skills.approvals``)."""

from __future__ import annotations

from typing import Any

from skills.approvals.queries import approval_of
from skills.approvals.words import read_decision
from skills.clicks import entity_id, refused_click, stale_click
from skills.core import Action, Context, Reply
from skills.errors import DomainError
from skills.i18n import translate
from skills.leave import errors, service
from skills.leave.approval import settled_card
from skills.leave.models import ENTITY, LeaveRequest, LeaveStatus
from skills.leave.queries.approvals import can_decide
from skills.leave.queries.requests import get_request
from skills.leave.views import cards


def _decide(context: Context, request_id: int, approve: bool, reason: str | None) -> LeaveRequest:
    return service.decide(context.session, actor=context.actor, request_id=request_id, approve=approve, reason=reason)


def _decided(context: Context, request: LeaveRequest) -> list[Reply]:
    """After a decision from the card: replace the clicked card (as the engine now draws it), and confirm."""
    approval = approval_of(context.session, ENTITY, request.id)
    if approval is None:  # pragma: no cover - every pending request has its approval
        return [Reply(text=translate(context.lang, f"leave.decided.{request.status}", name=request.employee.name))]
    text, card = settled_card(context.session, approval, context.employee)
    if request.status == LeaveStatus.PENDING:  # a level approved; the next one decides
        waiting = [s.approver.name for s in approval.steps if s.status == "pending"]
        done = translate(context.lang, "approvals.decided.progress", next=", ".join(waiting) or "?")
    else:
        done = translate(context.lang, f"leave.decided.{request.status}", name=request.employee.name)
    return [Reply(text=text, blocks=card, replace_original=True), Reply(text=done)]


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
    permission = can_decide(request, context.employee, context.today)
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


def answer_in_thread(context: Context, entity: str, text: str) -> list[Reply] | None:
    """Approve or reject the request the card is about ("approve", "vale, aprobado", "ok approved, enjoy",
    "reject: clash"); None when the message decides nothing (it is then routed)."""
    verdict = read_decision(text)
    if verdict is None:
        return None
    try:
        request = _decide(context, int(entity), verdict.approve, verdict.reason)
    except errors.ReasonRequired:
        context.session.rollback()
        name = get_request(context.session, int(entity)).employee.name
        return [Reply(text=translate(context.lang, "leave.thread.reason_needed", name=name))]
    except DomainError as error:
        context.session.rollback()
        return [Reply(text=error.message(context.lang))]
    return [Reply(text=translate(context.lang, f"leave.decided.{request.status}", name=request.employee.name))]
