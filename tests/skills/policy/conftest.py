"""A small company for the policy tests (askers in English and Spanish, HR, an admin), a fake knowledge base and
an assistant that routes every message to policy.ask."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

import skills.policy.models  # noqa: F401  (the policy tables on Base.metadata)
from bot.assistant import Assistant, Origin
from bot.terminal.render import render_blocks
from db.engine import Database
from db.models import Employee, OutboxMessage, Role
from knowledge.types import KnowledgeBase
from skills.base import SkillDeps
from skills.common.time import FixedClock
from skills.core import Action, Reply, SkillRegistry
from skills.policy import handlers
from skills.policy.config import PolicyConfig
from tests.fakes.trip_skill import Routed
from tests.pinned import NOW
from tests.skills.policy.fake_knowledge import FakeKnowledge, grounded, passage, refusal

SLACK = Origin("slack", "D0ANA:main")
HR_CHANNEL = "#people-ops"
VACATION = "how many vacation days do we get?"
VACACIONES = "¿cuántos días de vacaciones tenemos?"
DOGS = "can I bring my dog to the office?"


@dataclass
class People:
    """The test company: who asks and who answers."""

    ana: Employee  # US, Sales, English
    eva: Employee  # Madrid, Spanish
    olga: Employee  # another employee, no role
    hana: Employee  # HR
    adam: Employee  # admin


CONFIG = PolicyConfig(hr_channel=HR_CHANNEL)


def policy_deps(knowledge: KnowledgeBase | None, clock: FixedClock | None = None) -> SkillDeps[PolicyConfig]:
    """The policy skill's dependencies in these tests: the HR channel above, the pinned clock, ``knowledge``."""
    return SkillDeps(config=CONFIG, clock=clock or FixedClock(NOW), knowledge=knowledge)


def policy_assistant(database: Database, clock: FixedClock, knowledge: KnowledgeBase | None, router=None) -> Assistant:
    """An assistant with only the policy skill, routing every message to policy.ask unless told otherwise."""
    registry = SkillRegistry()
    handlers.register(registry, policy_deps(knowledge, clock))
    return Assistant(database, registry, router or PolicyRouter(), clock=clock)


class PolicyRouter:
    """Routes every message to policy.ask: the skill is under test, not routing."""

    def route(self, text: str, *, locale: str | None = None, **_: object) -> Routed:
        lang = "es" if (locale or "").startswith("es") else "en"
        return Routed("policy.ask", "policy", lang, 0.95)


def person(name: str, *, country: str = "US", locale: str = "en-US", department: str = "", roles=()) -> Employee:
    employee = Employee(
        email=f"{name.lower()}@corp.example",
        name=name,
        country=country,
        locale=locale,
        department=department,
        timezone="Europe/Madrid" if country.startswith("ES") else "America/New_York",
    )
    employee.set_roles(set(roles))
    return employee


@pytest.fixture
def people(database: Database) -> People:
    with database.session() as session:
        company = People(
            ana=person("Ana", department="Sales"),
            eva=person("Eva", country="ES-MD", locale="es-ES", department="Finance"),
            olga=person("Olga"),
            hana=person("Hana", roles={Role.HR}),
            adam=person("Adam", roles={Role.ADMIN}),
        )
        session.add_all([company.ana, company.eva, company.olga, company.hana, company.adam])
        session.flush()
        session.expunge_all()
        return company


@pytest.fixture
def kb() -> Iterator[FakeKnowledge]:
    leave = passage("leave.md", "Vacation > Allowance", 0.82)
    fake = FakeKnowledge(
        answers={
            "vacation": grounded(VACATION, "Everyone gets 22 working days of vacation a year [1].", leave),
            "vacaciones": grounded(
                VACACIONES,
                "Everyone gets 22 working days of vacation a year [1]. “Carry over up to 5 days” [2].",
                leave,
                passage("hr-answer-7", "", 0.7, kind="hr_answer", saved_on="2026-11-02"),
            ),
            "dog": refusal(
                DOGS,
                passage("conduct.md", "Office", 0.31),
                passage("hr-answer-3", "", 0.22, kind="hr_answer", saved_on="2026-10-01"),
                passage("safety.md", "", 0.2),
            ),
        },
        hashes={"conduct.md": "c1", "safety.md": "s1", "leave.md": "l1"},
    )
    yield fake


@pytest.fixture
def assistant(database: Database, clock: FixedClock, kb: FakeKnowledge) -> Assistant:
    return policy_assistant(database, clock, kb)


def say(assistant: Assistant, who: Employee, text: str, origin: Origin = SLACK) -> list[Reply]:
    return assistant.handle_message(who.id, text, origin)


def click(assistant: Assistant, who: Employee, action_id: str, value: str, origin: Origin = SLACK) -> list[Reply]:
    return assistant.handle_action(who.id, Action(action_id, value), origin)


def buttons(blocks: list[dict[str, Any]] | None) -> dict[str, str]:
    _, choices = render_blocks(blocks or [])
    return {choice.action_id: choice.value for choice in choices}


def lines(blocks: list[dict[str, Any]] | None) -> list[str]:
    shown, _ = render_blocks(blocks or [])
    return shown


def outbox(database: Database, **where: Any) -> list[OutboxMessage]:
    with database.session() as session:
        query = select(OutboxMessage).where(*(getattr(OutboxMessage, k) == v for k, v in where.items()))
        found = list(session.scalars(query.order_by(OutboxMessage.id)))
        session.expunge_all()
        return found


def mark_sent(database: Database, message_id: int, channel: str, ts: str) -> None:
    """What the outbox worker records after Slack accepted the message."""
    with database.session() as session:
        message = session.get(OutboxMessage, message_id)
        assert message is not None
        message.status, message.sent_channel, message.sent_ts = "sent", channel, ts
