"""Chain rules: who approves, level by level. A skill's chain is a sequence of these; each makes one level.

A rule is a function of a :class:`ChainContext` returning the steps of its level (several steps = "any of"; none =
the level does not apply). ``build_levels`` runs a chain: the requester is never an approver, and someone already
approving an earlier level is not asked again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from db.models import Employee, Role
from skills.approvals import errors
from skills.approvals.queries import active_holders, away_until, delegation_of, hr_contact


@dataclass(frozen=True)
class ChainContext:
    """What a rule may look at: the requester, their today, and the facts the skill passes (amount, leave type…)."""

    session: Session
    requester: Employee
    today: date
    facts: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StepPlan:
    """One step a rule asks for: the approver, the rule's name, and why a stand-in (a code and its params)."""

    approver: Employee
    rule: str
    reason: str | None = None
    params: dict[str, str] = field(default_factory=dict)


StepRule = Callable[[ChainContext], list[StepPlan]]


def manager_choice(session: Session, employee: Employee, today: date, otherwise: Role | None = None) -> StepPlan:
    """The employee's manager; if away on approved leave today or inactive, the next manager up (a stand-in, with
    the first one passed over as the reason); with nobody up the chain, an HR person (``no_manager``), else a holder
    of ``otherwise`` (finance, for an expense of the person at the top of a company with no HR).

    A manager away who named a delegate for today stays the approver: their delegate decides on their behalf.
    """
    reason: str | None = None
    params: dict[str, str] = {}
    seen = {employee.id}
    candidate = employee.manager
    while candidate is not None and candidate.id not in seen:
        seen.add(candidate.id)
        until = away_until(session, candidate, today) if candidate.active else None
        if candidate.active and (until is None or _has_delegate(session, candidate, employee, today)):
            return StepPlan(candidate, "manager", reason, params)
        if reason is None:  # explain by the first manager passed over
            reason = "manager_on_leave" if until is not None else "manager_inactive"
            params = {"manager": candidate.name, "until": until.isoformat() if until else ""}
        candidate = candidate.manager
    hr = hr_contact(session, employee, today)
    if hr is not None:
        return StepPlan(hr, "manager", reason or "no_manager", params | {"name": employee.name})
    holders = [person for person in active_holders(session, otherwise) if person.id != employee.id] if otherwise else []
    if not holders:
        raise errors.NoApprover()
    return StepPlan(holders[0], "manager", reason or f"no_manager_{otherwise}", params | {"name": employee.name})


def _has_delegate(session: Session, manager: Employee, requester: Employee, today: date) -> bool:
    delegation = delegation_of(session, manager.id, today)
    return delegation is not None and delegation.delegate.active and delegation.delegate_id != requester.id


def manager(otherwise: Role | None = None) -> StepRule:
    """The requester's manager, or the stand-in ``manager_choice`` picks (a holder of ``otherwise`` last)."""

    def rule(context: ChainContext) -> list[StepPlan]:
        return [manager_choice(context.session, context.requester, context.today, otherwise)]

    return rule


def role(role: Role, *, rule: str | None = None) -> StepRule:
    """Every active holder of ``role`` (admins hold every role) who is not away today: any of them."""
    name = rule or str(role)

    def holders(context: ChainContext) -> list[StepPlan]:
        people = active_holders(context.session, role)
        present = [p for p in people if away_until(context.session, p, context.today) is None] or people
        if not present:
            raise errors.NoApprover()
        return [StepPlan(person, name) for person in present]

    return holders


def hr() -> StepRule:
    """HR (any of its people) as a level."""
    return role(Role.HR, rule="hr")


def when(predicate: Callable[[Mapping[str, Any]], bool], rule: StepRule) -> StepRule:
    """``rule`` only when ``predicate(facts)`` holds (finance above an amount, HR for a leave type)."""

    def conditional(context: ChainContext) -> list[StepPlan]:
        return rule(context) if predicate(context.facts) else []

    return conditional


def any_of(*rules: StepRule) -> StepRule:
    """One level whose steps are every step of ``rules`` (the first decision settles it)."""

    def union(context: ChainContext) -> list[StepPlan]:
        return [plan for rule in rules for plan in rule(context)]

    return union


def build_levels(chain: Sequence[StepRule], context: ChainContext) -> list[list[StepPlan]]:
    """The levels ``chain`` gives for ``context``, in order: no requester, nobody twice, no empty level.

    A level whose every candidate was the requester (an HR person asking for themselves) falls back to another HR
    person so that someone still decides it.
    """
    levels: list[list[StepPlan]] = []
    asked: set[int] = {context.requester.id}
    for rule in chain:
        plans = rule(context)
        if not plans:
            continue
        kept: list[StepPlan] = []
        for plan in plans:
            if plan.approver.id not in asked and plan.approver.id not in {p.approver.id for p in kept}:
                kept.append(plan)
        if not kept and all(plan.approver.id == context.requester.id for plan in plans):
            hr_person = hr_contact(context.session, context.requester, context.today)
            if hr_person is None:
                raise errors.NoApprover()
            kept = [StepPlan(hr_person, plans[0].rule, "no_manager", {"name": context.requester.name})]
        if kept:
            asked |= {plan.approver.id for plan in kept}
            levels.append(kept)
    return levels
