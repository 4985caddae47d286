"""Scheduled work as skills declare it: a name, how often, and a function that acts on what is due."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from skills.base import SkillDeps


@dataclass
class JobContext:
    """One run of a job: its unit of work, the moment it runs at (from the scheduler's clock), its skill's deps."""

    session: Session
    now: datetime
    deps: SkillDeps[Any]


@dataclass(frozen=True)
class Job:
    """A periodic job; ``run`` asks what is due at ``now``, acts, advances it, and returns how many it handled.

    Running it twice at the same moment must do nothing new the second time.
    """

    name: str
    every: timedelta
    run: Callable[[JobContext], int]
    description: str = ""
