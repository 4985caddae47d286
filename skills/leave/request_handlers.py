"""Leave request handlers: the leave.request form, the approval card, Approve / Reject and the reject modal."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Employee
from db.outbox import Entity, enqueue_update, messages_about
from skills.clicks import entity_id, refused_click, stale_click
from skills.core import Action, Context, Reply, SkillRegistry
from skills.errors import DomainError
from skills.i18n import add_messages, translate
from skills.leave import cards
from skills.leave.models import LeaveRequest, LeaveStatus
from skills.leave.request_form import LEAVE_REQUEST, today_of
from skills.leave.service import ENTITY, Blocks, decide, get_request, set_card_builder


def card_builder(kind: str, request: LeaveRequest, recipient: Employee) -> Blocks | None:
    """Block Kit for the service's notifications: the approval card for a new request, plain text otherwise."""
    if kind == "new_request":
        return cards.approval_card(request, recipient.language)
    return None


def refresh_cards(session: Session, request: LeaveRequest) -> int:
    """Replace every outbox card about ``request`` that still has buttons with the decided card; how many."""
    updated = 0
    for message in messages_about(session, Entity(ENTITY, request.id)):
        if not cards.has_buttons(message.blocks):
            continue
        viewer = session.get(Employee, message.recipient_id) if message.recipient_id is not None else None
        viewer = viewer or request.employee
        text = f"{cards.card_text(request, viewer.language)}\n{cards.outcome(request, viewer)}"
        enqueue_update(session, message, text=text, blocks=cards.decided_card(request, viewer))
        updated += 1
    return updated


def _decided(context: Context, request: LeaveRequest) -> list[Reply]:
    """After a decision: update every card, replace the clicked one, and confirm to the approver."""
    refresh_cards(context.session, request)
    card = cards.decided_card(request, context.employee, today_of(context))
    text = f"{cards.card_text(request, context.lang)}\n{cards.outcome(request, context.employee)}"
    done = translate(context.lang, f"leave.decided.{request.status}", name=request.employee.name)
    return [Reply(text=text, blocks=card, replace_original=True), Reply(text=done)]


def _decide(context: Context, request_id: int, approve: bool, reason: str | None) -> LeaveRequest:
    return decide(context.session, request_id, context.employee, approve, reason, context.via, context.now)


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
    """Reject from the card: ask for the reason (a modal in Slack, a few canned reasons elsewhere)."""
    request_id = entity_id(action.value)
    if request_id is None:
        return stale_click(context)
    try:
        # Without a reason the service checks who may decide and that it is still pending, then asks for one.
        _decide(context, request_id, False, None)
    except DomainError as error:
        if error.code != "leave_reason_required":
            return refused_click(context, error)
    context.session.rollback()
    request = get_request(context.session, request_id)
    if context.via == "slack":
        prompt = translate(context.lang, "leave.reject.pick_reason", name=request.employee.name)
        return [Reply(text=prompt, modal=cards.reject_modal(request, context.lang), ephemeral=True)]
    blocks = cards.canned_reasons_card(request, context.lang)
    return [Reply(text=translate(context.lang, "leave.reject.pick_reason", name=request.employee.name), blocks=blocks)]


def reject_with(context: Context, action: Action) -> list[Reply]:
    """Reject with one of the canned reasons (``<request id>:<reason code>``)."""
    request_id = entity_id(action.value)
    code = action.value.split(":", 1)[1] if ":" in action.value else ""
    if request_id is None or code not in cards.CANNED_REASONS:
        return stale_click(context)
    reason = translate(context.lang, f"leave.reject.canned.{code}")
    try:
        request = _decide(context, request_id, False, reason)
    except DomainError as error:
        return refused_click(context, error)
    refresh_cards(context.session, request)
    return [Reply(text=translate(context.lang, "leave.decided.rejected", name=request.employee.name))]


def reject_reason(
    context: Context, values: dict[str, str], metadata: dict[str, Any]
) -> tuple[dict[str, str], list[Reply]]:
    """The reject modal: an empty reason is a field error; otherwise reject, update the cards and say so."""
    try:
        request_id = int(metadata.get("request_id", 0))
    except (TypeError, ValueError):
        return {}, stale_click(context)
    try:
        request = _decide(context, request_id, False, values.get(cards.REASON, ""))
    except DomainError as error:
        if error.code == "leave_reason_required":
            context.session.rollback()
            return {cards.REASON: error.message(context.lang)}, []
        return {}, refused_click(context, error)
    refresh_cards(context.session, request)
    return {}, [Reply(text=translate(context.lang, "leave.decided.rejected", name=request.employee.name))]


HOME_APPROVALS_SHOWN = 8

add_messages({"leave.home.approvals": {"en": "*Waiting for your decision*", "es": "*Pendientes de tu decisión*"}})


def approvals_waiting(context: Context) -> Blocks:
    """The Home tab's "waiting for your decision": the approval card of each request you are to decide."""
    waiting = list(
        context.session.scalars(
            select(LeaveRequest)
            .where(LeaveRequest.approver_id == context.employee.id, LeaveRequest.status == LeaveStatus.PENDING)
            .order_by(LeaveRequest.start_date)
            .limit(HOME_APPROVALS_SHOWN)
        )
    )
    if not waiting:
        return []
    heading = {"type": "section", "text": {"type": "mrkdwn", "text": translate(context.lang, "leave.home.approvals")}}
    blocks: Blocks = [heading]
    for request in waiting:
        blocks += [*cards.approval_card(request, context.lang, today_of(context)), {"type": "divider"}]
    return blocks


def register(registry: SkillRegistry) -> None:
    """The leave.request form, the approval buttons and the reject modal; the service's cards get Block Kit."""
    set_card_builder(card_builder)
    registry.on_form(LEAVE_REQUEST)
    registry.on_open_items(approvals_waiting)
    registry.on_action(cards.APPROVE, approve)
    registry.on_action(cards.REJECT, reject)
    registry.on_action(cards.REJECT_WITH, reject_with)
    registry.on_view(cards.REJECT_VIEW, reject_reason)
