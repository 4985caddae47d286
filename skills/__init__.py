"""Back-office skills, one package per domain; ``all_skills()`` lists them explicitly."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from skills.base import IntentSpec, Skill, SkillDeps
from skills.common.time import Clock
from skills.core import SkillRegistry

if TYPE_CHECKING:
    from knowledge.types import KnowledgeBase


@cache
def all_skills() -> tuple[Skill, ...]:
    """Every skill the assistant runs, in registration order; adding one is a new folder plus one line here."""
    from skills import approvals, directory, expenses, help, leave, locations, maintenance, policy, stock

    return (
        help.SKILL, directory.SKILL, locations.SKILL, leave.SKILL, approvals.SKILL, policy.SKILL, expenses.SKILL, stock.SKILL,
        maintenance.SKILL,
    )  # fmt: skip


def all_intents(skills: Sequence[Skill] | None = None) -> tuple[IntentSpec, ...]:
    """Every intent the skills declare, in the skills' order."""
    return tuple(spec for skill in (skills if skills is not None else all_skills()) for spec in skill.intents)


DepsFor = Callable[[Skill], SkillDeps[Any]]


def deps_for(settings: Mapping[str, Any], clock: Clock, knowledge: KnowledgeBase | None) -> DepsFor:
    """How each skill is handed its typed config (from the settings' values), the clock and the knowledge base."""

    def build(skill: Skill) -> SkillDeps[Any]:
        return SkillDeps(config=skill.build_config(settings), clock=clock, knowledge=knowledge)

    return build


def build_registry(skills: Sequence[Skill], deps_for: DepsFor) -> SkillRegistry:
    """A registry with the handlers of every skill in ``skills``, each given its own dependencies."""
    registry = SkillRegistry()
    for skill in skills:
        if skill.register is not None:
            skill.register(registry, deps_for(skill))
    return registry
