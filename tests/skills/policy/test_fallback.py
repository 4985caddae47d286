"""Messages no skill takes (intent none, or a read nobody handles yet) are answered from the policies when they
clearly answer them; otherwise the bot says it did not understand. A write never falls back."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from bot.assistant import Assistant
from skills.policy.models import PolicyAnswer
from skills.policy.rules import FALLBACK_CONFIDENCE
from tests.fakes.trip_skill import Routed
from tests.skills.policy.conftest import VACATION, policy_assistant, say


class FixedRouter:
    """Routes every message to one intent, as if the router had misunderstood a policy question."""

    def __init__(self, intent: str) -> None:
        self.intent = intent

    def route(self, text: str, *, locale: str | None = None, **_: object) -> Routed:
        return Routed(self.intent, self.intent.split(".")[0], "en", 0.6)


def assistant_routing_to(database, intent: str, knowledge, clock) -> Assistant:
    return policy_assistant(database, clock, knowledge, FixedRouter(intent))


def answers(database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(PolicyAnswer)) or 0


def test_a_question_the_router_missed_is_answered_when_the_policies_clearly_do(database, clock, people, kb):
    for intent in ("none", "maintenance.status"):  # nothing understood / a read with no skill yet
        reply = say(assistant_routing_to(database, intent, kb, clock), people.ana, VACATION)[0]
        assert "22 working days" in reply.text and "[1] leave.md" in reply.text
    assert answers(database) == 2


def test_a_weak_or_missing_answer_leaves_the_usual_message_and_stores_nothing(database, clock, people, kb):
    weak = kb.answers["vacation"]
    kb.answers["vacation"] = replace(weak, confidence=FALLBACK_CONFIDENCE - 0.01)
    assert (
        "not sure what you mean" in say(assistant_routing_to(database, "none", kb, clock), people.ana, VACATION)[0].text
    )
    off_topic = say(assistant_routing_to(database, "none", kb, clock), people.ana, "what's the weather tomorrow?")[0]
    assert "not sure what you mean" in off_topic.text
    assert answers(database) == 0


def test_a_write_nobody_handles_never_falls_back_to_an_answer(database, clock, people, kb):
    reply = say(assistant_routing_to(database, "expense.submit", kb, clock), people.ana, VACATION)[0]
    assert "can't do that yet" in reply.text
    assert kb.asked == [] and answers(database) == 0
