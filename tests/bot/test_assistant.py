import logging
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.assistant import MAX_MESSAGE_CHARS, Assistant, Origin, clean_text
from db.models import Employee
from skills.common.time import FixedClock
from skills.core import Action, Context, Reply, Request, SkillRegistry
from skills.errors import DomainError
from skills.i18n import add_messages
from tests.pinned import NOW

add_messages({"error.test_rule": {"en": "You broke rule {n}.", "es": "Has roto la regla {n}."}})


@dataclass(frozen=True)
class Decision:
    intent: str
    skill: str = "test"
    lang: str = "en"
    confidence: float = 0.9
    slots: dict[str, Any] = field(default_factory=dict)


class FixedRouter:
    """Routes every text to one intent: the assistant's own behaviour is under test here, not routing."""

    def __init__(self, intent: str, lang: str = "en") -> None:
        self.decision = Decision(intent, lang=lang)
        self.seen: list[str] = []

    def route(self, text: str, *, locale: str | None = None, **_: object) -> Decision:
        self.seen.append(text)
        return self.decision


@pytest.fixture
def person(database):
    with database.session() as session:
        employee = Employee(email="a@x.example", name="Ana Ruiz", locale="es-ES")
        session.add(employee)
    return employee


def make_assistant(database, intent: str, handler=None, lang: str = "es", clock=None) -> tuple[Assistant, FixedRouter]:
    registry = SkillRegistry()
    if handler is not None:
        registry.on_intent(intent, handler)
    router = FixedRouter(intent, lang)
    return Assistant(database, registry, router, clock=clock or FixedClock(NOW)), router


ORIGIN = Origin("terminal", "t")


class BrokenRule(DomainError):
    key = "test_rule"


def test_a_domain_error_is_told_in_the_users_language_and_rolls_back(database, person):
    def breaks_a_rule(context: Context, request: Request) -> list[Reply]:
        context.employee.name = "changed"
        raise BrokenRule(n=3)

    assistant, _ = make_assistant(database, "leave.request", breaks_a_rule)
    replies = assistant.handle_message(person.id, "quiero vacaciones", ORIGIN)
    assert [r.text for r in replies] == ["Has roto la regla 3."]
    with database.session() as session:
        assert session.get(Employee, person.id).name == "Ana Ruiz"


def test_an_unexpected_error_shows_a_reference_and_logs_the_trace(database, person, caplog):
    def crashes(context: Context, request: Request) -> list[Reply]:
        raise RuntimeError("boom")

    assistant, _ = make_assistant(database, "help", crashes)
    with caplog.at_level(logging.ERROR):
        replies = assistant.handle_message(person.id, "ayuda", ORIGIN)
    text = replies[0].text
    assert "boom" not in text and "Traceback" not in text
    reference = text.split("`")[1]
    assert len(reference) == 8
    assert any(reference in record.getMessage() and record.exc_info for record in caplog.records)


def test_huge_and_empty_texts_are_answered_without_routing(database, person):
    assistant, router = make_assistant(database, "help", lambda c, r: [Reply("ok")])
    huge = assistant.handle_message(person.id, "a" * (MAX_MESSAGE_CHARS + 1), ORIGIN)
    empty = assistant.handle_message(person.id, " <@UBOT> ", ORIGIN)
    assert "demasiado largo" in huge[0].text
    assert "¿Querías decirme algo?" in empty[0].text
    assert router.seen == []


def test_none_and_intents_without_a_skill_are_explained(database, person):
    assistant, _ = make_assistant(database, "none", lang="en")
    assert "not sure what you mean" in assistant.handle_message(person.id, "weather?", ORIGIN)[0].text
    assistant, _ = make_assistant(database, "leave.request", lang="en")
    assert "can't do that yet" in assistant.handle_message(person.id, "a day off", ORIGIN)[0].text


def test_unknown_buttons_do_nothing_but_say_so(database, person):
    assistant, _ = make_assistant(database, "help")
    replies = assistant.handle_action(person.id, Action("gone.button", "1"), ORIGIN)
    assert replies[0].ephemeral
    assert "ya no hace nada" in replies[0].text


def test_clean_text_drops_mentions_and_control_characters():
    assert clean_text("<@U123ABC>  hola\x00\x07  qué   tal ") == "hola qué tal"


def test_the_outbox_worker_is_woken_only_after_a_commit_that_queued_notifications(database, person):
    from db.outbox import enqueue

    def notifies(context: Context, request: Request) -> list[Reply]:
        enqueue(context.session, text="hello", recipient=context.employee)
        return [Reply("sent")]

    def notifies_then_breaks_a_rule(context: Context, request: Request) -> list[Reply]:
        enqueue(context.session, text="hello", recipient=context.employee)
        raise BrokenRule(n=1)

    woken: list[str] = []
    for handler, expected in ((notifies, ["kick"]), (notifies_then_breaks_a_rule, []), (lambda c, r: [Reply("x")], [])):
        woken.clear()
        assistant, _ = make_assistant(database, "help", handler)
        assistant.on_outbox = lambda: woken.append("kick")
        assistant.handle_message(person.id, "hola", ORIGIN)
        assert woken == expected


def test_a_whole_message_command_is_answered_in_its_language_before_routing(database, person):
    asked: list[str] = []

    def undo(context: Context, request: Request) -> list[Reply]:
        asked.append(request.text)
        return [Reply(f"undo in {context.lang}")]

    assistant, router = make_assistant(database, "help", lambda c, r: [Reply("help")], lang="es")
    assistant.registry.on_command({"en": ("undo",), "es": ("deshacer",)}, undo)
    assert [r.text for r in assistant.handle_message(person.id, "Undo!", ORIGIN)] == ["undo in en"]
    assert [r.text for r in assistant.handle_message(person.id, "deshacer, por favor", ORIGIN)] == ["undo in es"]
    assert router.seen == []  # never left to the router's guess (it read "undo" as help)
    assert [r.text for r in assistant.handle_message(person.id, "undo the vacation I booked", ORIGIN)] == ["help"]
    with pytest.raises(ValueError, match="already has a handler"):
        assistant.registry.on_command({"en": ("UNDO",)}, undo)


def test_a_narrow_fallback_is_offered_before_a_broad_one_registered_earlier(database, person):
    """Finance's "mark payroll paid" got the policies' quote about unpaid leave: the policy skill registers first,
    and its answer shares the word "payroll"."""
    assistant, _ = make_assistant(database, "none")
    registry = assistant.registry
    registry.on_fallback(lambda context, request: [Reply(text="a policy quote")])
    registry.on_fallback(lambda context, request: None, narrow=True)  # a narrow one that does not know the words
    registry.on_fallback(lambda context, request: [Reply(text="the exports to mark paid")], narrow=True)
    registry.on_fallback(lambda context, request: [Reply(text="a later broad one")])
    assert [r.text for r in assistant.handle_message(person.id, "mark payroll paid", ORIGIN)] == [
        "the exports to mark paid"
    ]
    solo = SkillRegistry()
    solo.on_fallback(lambda context, request: [Reply(text="a policy quote")])
    solo.on_fallback(lambda context, request: [Reply(text="a later broad one")])
    broad_first = solo.fallback(None, Request(text="x", intent="none"))  # type: ignore[arg-type]
    assert broad_first is not None and [r.text for r in broad_first] == ["a policy quote"]


def test_an_unsure_write_offers_a_skills_narrower_answer_before_asking_about_the_write(database, person):
    """ "cancela mi solicitud de material" read as a leave cancel the router is unsure of asked "Do you want
    cancelling leave?", though the stock skill has the answer: the requests with their Withdraw buttons."""
    assistant, router = make_assistant(database, "leave.cancel", lambda context, request: [Reply(text="cancel menu")])
    router.decision = Decision("leave.cancel", lang="es", confidence=0.4)
    assistant.registry.on_intent_first(
        "leave.cancel",
        lambda context, request: [Reply(text="your item requests")] if "material" in request.text else None,
    )
    assert [r.text for r in assistant.handle_message(person.id, "cancela mi solicitud de material", ORIGIN)] == [
        "your item requests"
    ]
    asked = assistant.handle_message(person.id, "cancela lo del viernes", ORIGIN)
    assert "cancel menu" not in [r.text for r in asked] and asked[0].blocks  # still asked first, with its buttons
