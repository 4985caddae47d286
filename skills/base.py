"""What a skill is: a name, the intents it answers with their example utterances, and its handlers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from skills.core import SkillRegistry
    from skills.jobs import Job

Examples = Mapping[str, Mapping[str, list[str]]]
"""``{intent: {"en": [...], "es": [...]}}``: example utterances per intent and language."""


@dataclass(frozen=True)
class Skill:
    """One domain of the back office, registered in ``skills/__init__.py``."""

    name: str
    intents: Examples
    write_intents: frozenset[str] = frozenset()
    register: Callable[[SkillRegistry], None] | None = None
    description: dict[str, str] = field(default_factory=dict)
    jobs: tuple[Job, ...] = ()
