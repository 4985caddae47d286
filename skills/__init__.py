"""Back-office skills, one package per domain; ``all_skills()`` lists them explicitly."""

from __future__ import annotations

from skills.base import Skill
from skills.core import SkillRegistry


def all_skills() -> list[Skill]:
    """Every skill the assistant runs; adding one is a new folder plus one line here."""
    from skills import help as help_skill
    from skills import leave, policy

    return [help_skill.SKILL, leave.SKILL, policy.SKILL]


def build_registry(skills: list[Skill]) -> SkillRegistry:
    """A registry with the handlers of every skill in ``skills``."""
    registry = SkillRegistry()
    for skill in skills:
        if skill.register is not None:
            skill.register(registry)
    return registry
