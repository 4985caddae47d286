"""How leave requests are approved through the shared engine (``skills.approvals``): the chain, the one-line
description, the cards (leave's own, with balance and who is off), the dates, and what a final decision does."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from db.models import Employee
from skills.approvals import chain
from skills.approvals.kinds import ApprovalKind, Decision
from skills.approvals.views import trail
from skills.blocks import context_block
from skills.common.time import local_today
from skills.core import Blocks
from skills.leave import messages as text
from skills.leave.models import ENTITY, LeaveStatus
from skills.leave.queries.facts import card_facts
from skills.leave.queries.requests import get_request
from skills.leave.views import cards

if TYPE_CHECKING:
    from skills.approvals.models import Approval

HR_TYPES_FACT = "hr_approves_types"
"""The fact naming the leave types HR approves after the manager (empty by default)."""


def describe(session: Session, approval: Approval, lang: str) -> str:
    """``Vacation · Dec 21 – 23 (3 days)`` in ``lang``."""
    request = get_request(session, approval.entity_id)
    span = text.short_span(request.start_date, request.end_date, lang)
    return f"{request.type.name(lang)} · {span} ({text.day_count(request.working_days, lang)})"


def period(session: Session, approval: Approval) -> tuple[date, date]:
    """The first and last day the request covers."""
    request = get_request(session, approval.entity_id)
    return request.start_date, request.end_date


def _today(approval: Approval) -> date:
    return local_today(approval.requester.timezone, approval.created_at)


def card(session: Session, approval: Approval, viewer: Employee) -> tuple[str, Blocks]:
    """Leave's approval card for ``viewer``: the request, balance after, who is off, Approve / Reject."""
    request = get_request(session, approval.entity_id)
    lang = viewer.language
    facts = card_facts(session, request, _today(approval), lang)
    blocks = cards.approval_card(request, facts, lang)
    if len({s.level for s in approval.steps}) > 1 or any(s.rule == "escalation" for s in approval.steps):
        blocks.insert(-1, context_block("\n".join(trail(approval, lang, viewer.timezone))))
    return cards.notice_text("new_request", request, lang), blocks


def settled_card(session: Session, approval: Approval, viewer: Employee) -> tuple[str, Blocks]:
    """A leave card once decided (or once its level is): the request, what happened, and the steps when there were
    several or someone decided on another's behalf."""
    request = get_request(session, approval.entity_id)
    lang = viewer.language
    facts = card_facts(session, request, _today(approval), lang)
    decided = [s for s in approval.steps if s.status in ("approved", "rejected")]
    steps_worth_showing = len({s.level for s in approval.steps}) > 1 or any(s.on_behalf_of_id for s in decided)
    lines = trail(approval, lang, viewer.timezone)
    if request.status == LeaveStatus.PENDING:  # a level decided; the next one is asked
        blocks = [*cards.request_body(request, facts, lang), context_block("\n".join(lines))]
        return f"{cards.card_text(request, lang)}\n" + "\n".join(lines), blocks
    blocks = cards.decided_card(request, facts, viewer)
    if steps_worth_showing:
        blocks.append(context_block("\n".join(lines)))
    return cards.decided_text(request, viewer), blocks


def _decided(session: Session, decision: Decision) -> None:
    from skills.leave.service import finish_decision  # the service opens approvals of this kind

    finish_decision(session, decision)


def _hr_for_type(facts: Mapping[str, Any]) -> bool:
    """Whether HR approves this leave type after the manager (the types a caller lists in the facts)."""
    return str(facts.get("leave_type")) in set(facts.get(HR_TYPES_FACT) or ())


LEAVE_APPROVAL = ApprovalKind(
    entity=ENTITY,
    label={"en": "Leave", "es": "Ausencia"},
    chain=(chain.manager(), chain.when(_hr_for_type, chain.hr())),
    describe=describe,
    on_decided=_decided,
    card=card,
    settled_card=settled_card,
    period=period,
    thread_replies=False,  # leave answers in its cards' threads itself (handlers.decisions)
)
