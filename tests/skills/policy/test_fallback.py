"""Messages no skill takes (intent none, or a read nobody handles yet) are answered from the policies when they
clearly answer them; otherwise the bot says it did not understand. A write never falls back."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from bot.assistant import Assistant
from skills.policy.matching import asks_for_hr, asks_for_open_questions, says_what_about
from skills.policy.models import PolicyAnswer
from skills.policy.rules import FALLBACK_CONFIDENCE
from skills.policy.views import ASK_HR
from tests.fakes.trip_skill import Routed
from tests.skills.policy.conftest import VACATION, buttons, policy_assistant, say


class FixedRouter:
    """Routes every message to one intent, as if the router had misunderstood a policy question."""

    def __init__(self, intent: str, lang: str = "en") -> None:
        self.intent = intent
        self.lang = lang

    def route(self, text: str, *, locale: str | None = None, **_: object) -> Routed:
        return Routed(self.intent, self.intent.split(".")[0], self.lang, 0.6)


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


@pytest.mark.parametrize(
    ("text", "asks", "about"),
    [
        ("quiero hablar con RRHH", True, False),
        ("I want to talk to HR", True, False),
        ("how do I contact HR?", True, False),
        ("can I ask HR something?", True, False),
        ("write to the people team", True, False),
        ("I need to speak with human resources about my payslip", True, True),
        ("quiero preguntar a RRHH por mi nómina", True, True),
        ("hablar con alguien de RR.HH. sobre una baja", True, True),
        ("can I talk to someone in HR about my contract?", True, True),
        ("the HR policy on remote work", False, False),
        ("HR told me to ask you", False, False),
        ("I asked my manager", False, False),
    ],
)
def test_what_a_wish_to_reach_hr_says(text, asks, about):
    assert (asks_for_hr(text), says_what_about(text)) == (asks, about)


def test_asking_for_hr_without_a_question_is_told_how_to_ask_in_the_askers_language(database, clock, people, kb):
    spanish = policy_assistant(database, clock, kb, FixedRouter("none", "es"))
    [reply] = say(spanish, people.eva, "quiero hablar con RRHH")
    assert reply.text.startswith("Cuéntame qué quieres preguntar a RR. HH., con tus palabras.") and not reply.blocks
    assert answers(database) == 0


def test_asking_for_hr_about_something_the_policies_do_not_say_offers_ask_hr(database, clock, people, kb):
    assistant = assistant_routing_to(database, "none", kb, clock)
    [reply] = say(assistant, people.ana, "I need to speak with human resources about my payslip")
    assert "I won't guess" in reply.text and set(buttons(reply.blocks)) == {ASK_HR}
    assert answers(database) == 1  # the row Ask HR sends on


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("¿qué preguntas tengo pendientes?", True),
        ("preguntas sin responder", True),
        ("unanswered questions", True),
        ("any open questions for HR?", True),
        ("what questions are waiting for me?", True),
        ("what's waiting for me?", False),  # the approvals inbox
        ("I have a question about my payslip", False),
        ("¿tengo vacaciones pendientes?", False),
    ],
)
def test_what_asks_for_the_questions_waiting_for_hr(text, asks):
    assert asks_for_open_questions(text) is asks
