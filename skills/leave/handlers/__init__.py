"""``register(registry, deps)``: the leave skill's thin adapters from requests, clicks, modals and thread replies to
the queries and the service (``answers``: the questions; ``decisions``: approving and rejecting)."""

from __future__ import annotations

from skills.base import SkillDeps
from skills.core import SkillRegistry
from skills.leave.config import LeaveConfig
from skills.leave.forms import LEAVE_REQUEST
from skills.leave.handlers import answers, decisions
from skills.leave.models import ENTITY
from skills.leave.views.answers import CANCEL_ACTION
from skills.leave.views.cards import APPROVE, REJECT, REJECT_VIEW, REJECT_WITH


def register(registry: SkillRegistry, deps: SkillDeps[LeaveConfig]) -> None:
    """Register the leave.request form, every leave question, button, modal, thread reply, Home tab section and
    the help line. Nothing here reads a setting: the HR desk (``deps.config``) is the escalation job's."""
    registry.on_form(LEAVE_REQUEST)
    registry.on_intent("leave.balance", answers.answer_balance)
    registry.on_intent("leave.status", answers.answer_status)
    registry.on_intent("leave.history", answers.answer_history)
    registry.on_intent("leave.cancel", answers.answer_cancel)
    registry.on_intent("leave.team", answers.answer_team)
    registry.on_intent_first("policy.ask", answers.answer_holiday_question)
    registry.on_intent_first("policy.ask", answers.answer_allowance_question)  # "how many vacation days do we get?"
    registry.on_intent_first("leave.balance", answers.answer_holiday_question)  # "is Dec 25 a holiday?"
    # "can I carry over vacation days?" read as a balance; as a policy question the handbook says more (deadlines)
    registry.on_intent_first("leave.balance", answers.answer_carry_over_question)
    registry.on_intent_first("approvals.inbox", answers.answer_own_requests)  # "show my requests", not an approver's
    for intent in ("leave.team", "leave.request", "approvals.inbox"):  # "¿a quién le pido las vacaciones?"
        registry.on_intent_first(intent, answers.who_approves_asked)
    registry.on_action(CANCEL_ACTION, answers.press_cancel)
    registry.on_action(APPROVE, decisions.approve)
    registry.on_action(REJECT, decisions.reject)
    registry.on_action(REJECT_WITH, decisions.reject_with)
    registry.on_view(REJECT_VIEW, decisions.reject_reason)
    registry.on_thread_reply(ENTITY, decisions.answer_in_thread)
    registry.on_open_items(answers.open_items)
    registry.on_capability(answers.capability)
