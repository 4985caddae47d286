"""What a skill declares to use the engine: an ``ApprovalKind`` (its chain and hooks) and the ``Decision`` it gets.

A kind is a constant of the skill (named in its manifest, ``Skill(approval_kinds=...)``); the engine finds the
kind of an approval by its ``entity_type`` through :func:`all_kinds`, which reads the manifests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from db.models import Employee
    from skills.approvals.chain import StepRule
    from skills.approvals.models import Approval, ApprovalStep
    from skills.core import Actor, Blocks

Describe = Callable[["Session", "Approval", str], str]
"""``(session, approval, lang)`` -> one line naming what is approved ("Vacation · Dec 21 – Dec 23 (3 days)")."""
OnDecided = Callable[["Session", "Decision"], None]
"""Called once, in the decider's transaction, when the approval is finally approved or rejected."""
Card = Callable[["Session", "Approval", "Employee"], "tuple[str, Blocks]"]
"""``(session, approval, viewer)`` -> (text, blocks): the approver's card with Approve / Reject buttons."""
Period = Callable[["Session", "Approval"], "tuple[date, date] | None"]
"""``(session, approval)`` -> the first and last day the request covers (to match "approve Sam's Dec 21-23")."""
SettledCard = Callable[["Session", "Approval", "Employee"], "tuple[str, Blocks]"]
"""``(session, approval, viewer)`` -> (text, blocks): a card once its level is decided (no buttons)."""
BeforeApprove = Callable[["Session", "Approval"], None]
"""``(session, approval)``: raises the skill's ``DomainError`` when no level may be approved yet, whichever way the
approval comes (its card, the inbox, a thread reply, by name)."""


@dataclass(frozen=True)
class Decision:
    """One decision on one step: what the hooks are given and what ``service.decide`` returns."""

    approval: Approval
    step: ApprovalStep | None  # None when the approval needed nobody
    approved: bool
    final: bool  # the approval is settled (approved at the last level, or rejected)
    by: Employee | None  # None when the approval needed nobody (no level applied)
    on_behalf_of: Employee | None
    override: bool  # HR or an admin decided for the step's approver
    reason: str | None
    actor: Actor


@dataclass(frozen=True)
class ApprovalKind:
    """How one skill's rows are approved: the chain of step rules and the hooks on the outcome."""

    entity: str
    label: Mapping[str, str]
    chain: Sequence[StepRule]
    describe: Describe
    on_decided: OnDecided
    card: Card | None = None
    settled_card: SettledCard | None = None
    period: Period | None = None
    before_approve: BeforeApprove | None = None
    thread_replies: bool = True
    """Whether the engine answers "approve" / "reject: …" in the threads of this kind's cards (False when the
    skill registers its own thread replies for the entity)."""

    def name(self, lang: str) -> str:
        """The kind's name in ``lang`` (``Expense``, ``Gasto``)."""
        return self.label.get(lang[:2], self.label.get("en", self.entity))


def all_kinds(skills: Sequence[Any] | None = None) -> dict[str, ApprovalKind]:
    """Every kind the skills' manifests declare, by entity type."""
    if skills is None:
        from skills import all_skills  # the manifests, read when asked (skills import this module)

        skills = all_skills()
    return {kind.entity: kind for skill in skills for kind in getattr(skill, "approval_kinds", ())}
