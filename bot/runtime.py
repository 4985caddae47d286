"""The composition root: build the database, skills, router and assistant from settings, once per process."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any

from bot.assistant import Assistant, Router
from bot.housekeeping import purge_job
from bot.knowledge_commands import open_knowledge
from bot.process_setup import limit_math_threads
from bot.settings import Settings
from db.engine import Database
from db.events import oldest_unhandled_age
from db.migrate import upgrade
from db.outbox import oldest_pending_age
from db.types import utcnow
from knowledge.base import PolicyKnowledge
from skills import DepsFor, all_skills, build_registry, deps_for
from skills.base import SkillDeps
from skills.common.time import Clock
from skills.core import SkillRegistry
from skills.jobs import Job

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Everything a front end needs: settings, database, skills and the assistant."""

    settings: Settings
    database: Database
    registry: SkillRegistry
    assistant: Assistant
    knowledge: PolicyKnowledge
    clock: Clock
    deps: dict[str, SkillDeps[Any]] = field(default_factory=dict)

    def jobs(self) -> list[tuple[Job, SkillDeps[Any]]]:
        """Every scheduled job of every skill, with the dependencies of the skill that declared it, and the purge."""
        jobs = [(job, self.deps[skill.name]) for skill in all_skills() for job in skill.jobs]
        return [*jobs, (purge_job(self.settings), SkillDeps(config=None, clock=self.clock))]

    def health(self) -> dict[str, object]:
        """A health report for ``GET /healthz``: the database answers; how long the oldest notification and the oldest
        unhandled Slack event have waited."""
        try:
            with self.database.session() as session:
                waited = oldest_pending_age(session, utcnow())
                unhandled = oldest_unhandled_age(session, utcnow())
        except Exception as error:
            log.error("health check failed: %s", error)
            return {"ok": False, "database": "unreachable"}
        return {
            "ok": True,
            "database": self.database.dialect,
            "outbox_oldest_pending_seconds": None if waited is None else round(waited, 1),
            "events_oldest_unhandled_seconds": None if unhandled is None else round(unhandled, 1),
        }


def skill_deps(settings: Settings, clock: Clock, knowledge: PolicyKnowledge | None) -> DepsFor:
    """How each skill is handed its typed config (from ``settings``), the clock and the policy knowledge base."""
    return deps_for(settings.model_dump(), clock, knowledge)


def default_router(settings: Settings, *, warm_in_background: bool = False) -> Router:
    """The offline embedding router over every skill's example utterances, with the LLM fallback if configured.

    The embedding model is loaded before this returns, so the first message is not the slow one; with
    ``warm_in_background`` (the terminal chat, whose user is still typing) it loads on a thread meanwhile.
    """
    from bot.nlu.router import enable_routing_log, get_router

    enable_routing_log(settings.home / "logs" / "routing.jsonl")
    router = get_router(
        settings.embedding_model,
        hash_text=settings.log_text_hashed,
        cache_dir=settings.cache_dir,
        score_cache_size=settings.nlu_score_cache,
    )
    router.fit()  # load the model and train (or load the cache) now, so the first message is not the slow one
    warm = partial(router.route, "hello", today=date(2026, 1, 5))  # loads the embedding model (any day will do)
    if warm_in_background:
        threading.Thread(target=warm, name="router-warm-up", daemon=True).start()
    else:
        warm()
    if not settings.backoffice_llm:
        return router
    from bot.nlu.llm import build_llm_router

    return build_llm_router(
        settings, router, threshold=settings.backoffice_llm_threshold, timeout_s=settings.backoffice_llm_timeout
    )


def install_policy_knowledge(settings: Settings) -> PolicyKnowledge:
    """Answer policy questions from the index the settings name (opened on the first question, not now)."""

    return open_knowledge(settings)


def build_runtime(
    settings: Settings, *, router: Router | None = None, migrate: bool = True, clock: Clock | None = None
) -> Runtime:
    """Open the database (upgrading it unless told not to) and wire skills and router into an assistant.

    ``clock`` is where every "now" of the process comes from: the machine's clock unless a caller (a test, the
    scripted demo) pins one.
    """
    clock = clock or settings.clock()
    limit_math_threads()
    settings.home.mkdir(parents=True, exist_ok=True)
    database = Database(settings.resolved_database_url)
    if migrate:
        upgrade(database.engine)
    knowledge = install_policy_knowledge(settings)
    build_deps = skill_deps(settings, clock, knowledge)
    deps = {skill.name: build_deps(skill) for skill in all_skills()}
    registry = build_registry(all_skills(), lambda skill: deps[skill.name])
    idle = timedelta(minutes=settings.conversation_idle_minutes)
    assistant = Assistant(database, registry, router or default_router(settings), clock=clock, idle=idle)
    return Runtime(settings, database, registry, assistant, knowledge, clock, deps)
