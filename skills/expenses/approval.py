"""How claims are approved through the shared engine (``skills.approvals``): the manager, then finance when the
converted amount is over ``FINANCE_APPROVAL_OVER`` or the claim is a policy exception (over its limit); the claim's
own card (amount, conversion, flags, duplicate, the trail) with the engine's Approve / Reject and the claim's extra
buttons; and what a final decision does to the claim."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from db.models import Employee, Role
from skills.approvals import chain
from skills.approvals.kinds import ApprovalKind, Decision
from skills.approvals.views import decide_buttons, trail
from skills.blocks import context_block, section_block
from skills.core import Blocks
from skills.expenses import views
from skills.expenses.errors import ClaimNotFound, DuplicateUnconfirmed
from skills.expenses.messages import day, money
from skills.expenses.models import ENTITY, ExpenseClaim
from skills.i18n import translate

if TYPE_CHECKING:
    from skills.approvals.models import Approval

NEEDS_FINANCE = "needs_finance"
"""The fact that sends a claim to finance after the manager (over the threshold, or a policy exception)."""
FINANCE_RULE = "finance"


def _claim(session: Session, approval: Approval) -> ExpenseClaim:
    claim = session.get(ExpenseClaim, approval.entity_id)
    if claim is None:
        raise ClaimNotFound()
    return claim


def describe(session: Session, approval: Approval, lang: str) -> str:
    """``Travel · $45.20 · Nov 24, 2026 · Uber`` in ``lang``."""
    claim = _claim(session, approval)
    parts = [claim.category.label(lang), money(claim.amount, claim.currency, lang), day(claim.expense_date, lang),
             claim.merchant]  # fmt: skip
    return " · ".join(part for part in parts if part)


def at_finance(approval: Approval) -> bool:
    """Whether the approval's current level is finance's."""
    return any(s.level == approval.current_level and s.rule == FINANCE_RULE for s in approval.steps)


def card(session: Session, approval: Approval, viewer: Employee) -> tuple[str, Blocks]:
    """The approver's card: the claim and its flags, the trail, Approve / Reject (Approve only once a possible
    duplicate is confirmed not to be one), and for finance Approve less / Ask for info."""
    claim = _claim(session, approval)
    lang = viewer.language
    blocks = views.approval_blocks(claim, lang, finance_step=at_finance(approval))
    lines = trail(approval, lang, viewer.timezone)
    if lines:
        blocks.append(context_block("\n".join(lines)))
    buttons = decide_buttons(approval.id, approval.current_level, lang)
    if claim.duplicate_of_id is not None and claim.not_duplicate_by_id is None:
        buttons = {**buttons, "elements": buttons["elements"][1:]}  # Reject only, until "Not a duplicate"
    blocks.append(buttons)
    return views.approval_summary(claim, lang)[0], blocks


def settled_card(session: Session, approval: Approval, viewer: Employee) -> tuple[str, Blocks]:
    """A card once its level is decided: the claim, where it stands and the trail; no buttons."""
    claim = _claim(session, approval)
    lang = viewer.language
    lines = [*views.approval_summary(claim, lang),
             f"{translate(lang, 'expenses.label.status')}: {translate(lang, f'expenses.status.{claim.status}')}"]  # fmt: skip
    text = "\n".join(lines)
    return text, [section_block(text), context_block("\n".join(trail(approval, lang, viewer.timezone)) or "-")]


def _check_duplicate(session: Session, approval: Approval) -> None:
    """No level approves a possible duplicate before someone confirmed it is not one: the card hides Approve until
    then, and the inbox, a thread reply or a decision by name are refused the same way."""
    claim = _claim(session, approval)
    if claim.duplicate_of_id is not None and claim.not_duplicate_by_id is None:
        raise DuplicateUnconfirmed(other=claim.duplicate_of_id)


def _decided(session: Session, decision: Decision) -> None:
    from skills.expenses import service  # the service opens approvals of this kind

    claim = _claim(session, decision.approval)
    if decision.approved and claim.duplicate_of_id is not None and claim.not_duplicate_by_id is None:
        raise DuplicateUnconfirmed(other=claim.duplicate_of_id)
    service.settle(session, actor=decision.actor, claim=claim, approved=decision.approved,
                   reason=decision.reason or "")  # fmt: skip


def _needs_finance(facts: Mapping[str, Any]) -> bool:
    return bool(facts.get(NEEDS_FINANCE))


EXPENSE_APPROVAL = ApprovalKind(
    entity=ENTITY,
    label={"en": "Expense", "es": "Gasto"},
    chain=(
        chain.manager(otherwise=Role.FINANCE),
        chain.when(_needs_finance, chain.role(Role.FINANCE, rule=FINANCE_RULE)),
    ),
    describe=describe,
    on_decided=_decided,
    before_approve=_check_duplicate,
    card=card,
    settled_card=settled_card,
    thread_replies=False,  # the skill answers in its cards' threads (receipts, information, decisions)
)
