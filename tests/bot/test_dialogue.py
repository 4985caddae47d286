"""The dialogue through the assistant: questions, corrections, cancel, expiry, confirm exactly once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.assistant import Assistant, Origin
from bot.dialogue import engine
from bot.dialogue.cards import CANCEL, CONFIRM, EDIT, modal_values
from bot.dialogue.words import is_correction
from bot.terminal.render import render_blocks
from db.models import AuditEntry, Conversation, ConversationStatus, Employee
from skills.core import Action, Reply, SkillRegistry
from skills.errors import DomainError
from tests.fakes.trip_skill import TRIP, KeywordRouter, Routed


def make_assistant(database, clock, router: KeywordRouter | None = None) -> Assistant:
    """The trip form plus two reads ("HELP", "BALANCE"), routed by ``router`` (default: keywords)."""
    registry = SkillRegistry()
    registry.on_form(TRIP)
    registry.on_intent("help", lambda context, request: [Reply(text="HELP")])
    registry.on_intent("leave.balance", lambda context, request: [Reply(text="BALANCE")])
    return Assistant(database, registry, router or KeywordRouter(), clock=clock)


class OneRuleRouter(KeywordRouter):
    """One reading of the embedding router pinned: what ``matches`` picks out is ``routed``, the rest by keywords."""

    def __init__(self, matches: Callable[[str], bool], routed: Routed) -> None:
        self.matches = matches
        self.routed = routed

    def route(self, text: str, **kwargs):
        return self.routed if self.matches(text) else super().route(text, **kwargs)


@pytest.fixture
def people(database):
    with database.session() as session:
        ana = Employee(email="ana@x.example", name="Ana", locale="en-US", timezone="UTC", country="ES")
        bea = Employee(email="bea@x.example", name="Bea", locale="es-ES", timezone="Europe/Madrid", country="ES")
        session.add_all([ana, bea])
    return ana, bea


ORIGIN = Origin("slack", "D1:main")


def say(assistant: Assistant, who: Employee, text: str, origin: Origin = ORIGIN) -> list[Reply]:
    return assistant.handle_message(who.id, text, origin)


def buttons(reply: Reply) -> dict[str, str]:
    _, choices = render_blocks(reply.blocks or [])
    return {choice.action_id: choice.value for choice in choices}


def written(database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).where(AuditEntry.action == "trip.requested")) or 0


TRIP_ANSWERS = {
    "en": ("I need a business trip", "Dec 3-5", "120 euros", "client visit in Lyon", "train"),
    "es": ("necesito un viaje", "del 3 al 5 de diciembre", "120 euros", "visita a un cliente", "tren"),
}
"""The trip form filled in one language: the request, then the answer to each of its questions."""


def fill_trip(assistant: Assistant, who: Employee, lang: str = "en") -> Reply:
    *answers, last = TRIP_ANSWERS[lang]
    for text in answers:
        say(assistant, who, text)
    return say(assistant, who, last)[-1]


def test_slots_are_asked_one_at_a_time_and_nothing_is_written_before_confirm(database, clock, people):
    ana, _ = people
    assistant = make_assistant(database, clock)
    assert [r.text for r in say(assistant, ana, "I need a business trip")] == ["Which dates?"]
    unreadable = say(assistant, ana, "31/02")[0].text
    assert unreadable == "I couldn't read '31/02' as a date. Which dates?"
    assert say(assistant, ana, "from Dec 3 to 5")[0].text == "What budget?"
    assert say(assistant, ana, "120 euros")[0].text == "What is it for?"
    assert say(assistant, ana, "client visit in Lyon")[0].text == "How will you travel? (train, plane)"
    assert say(assistant, ana, "flying carpet")[0].text.startswith("Sorry, I didn't get that. How will you travel?")
    card = say(assistant, ana, "2")[0]
    assert "2026-12-03 → 2026-12-05" in card.text and "120 EUR" in card.text and "plane" in card.text
    assert set(buttons(card)) == {CONFIRM, EDIT, CANCEL}
    assert written(database) == 0

    confirmed = assistant.handle_action(ana.id, Action(CONFIRM, buttons(card)[CONFIRM]), ORIGIN)
    assert confirmed[0].replace_original and buttons(confirmed[0]) == {}
    assert confirmed[0].blocks is not None
    assert "Confirmed" in confirmed[0].blocks[-1]["elements"][0]["text"]
    assert confirmed[1].text == "Trip booked."
    again = assistant.handle_action(ana.id, Action(CONFIRM, buttons(card)[CONFIRM]), ORIGIN)
    assert "already confirmed" in again[0].text
    assert written(database) == 1


def test_an_answer_is_read_by_the_extractors_once(database, clock, people, monkeypatch):
    ana, _ = people
    assistant = make_assistant(database, clock)
    say(assistant, ana, "I need a business trip")
    read: list[str] = []
    extract = engine.extract_slots

    def counted(text, **kwargs):
        read.append(text)
        return extract(text, **kwargs)

    monkeypatch.setattr(engine, "extract_slots", counted)
    assert say(assistant, ana, "Dec 3-5")[0].text == "What budget?"  # is it a short answer? then take it as the answer
    assert read == ["Dec 3-5"]


def test_all_slots_in_the_first_message_go_straight_to_the_preview(database, clock, people):
    ana, _ = people
    card = say(make_assistant(database, clock), ana, "trip Dec 3-5, 300 USD")[0]
    assert card.text == "What is it for?"


def test_a_correction_replaces_the_preview_and_the_old_card_goes_stale(database, clock, people):
    ana, _ = people
    assistant = make_assistant(database, clock)
    first = fill_trip(assistant, ana)
    corrected = say(assistant, ana, "actually make it Dec 10-11")[0]
    assert "2026-12-10 → 2026-12-11" in corrected.text
    stale = assistant.handle_action(ana.id, Action(CONFIRM, buttons(first)[CONFIRM]), ORIGIN)
    assert "out of date" in stale[0].text and stale[0].ephemeral
    assert written(database) == 0
    assistant.handle_action(ana.id, Action(CONFIRM, buttons(corrected)[CONFIRM]), ORIGIN)
    with database.session() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "trip.requested"))
        assert entry is not None and entry.after is not None and entry.after["start_date"] == "2026-12-10"


@pytest.mark.parametrize("words", ["yes", "OK!", "sí", "confirm"])
def test_a_typed_yes_at_the_preview_points_to_the_confirm_button_and_writes_nothing(database, clock, people, words):
    ana, _ = people
    assistant = make_assistant(database, clock)
    fill_trip(assistant, ana)
    reply = say(assistant, ana, words)[0].text
    assert "press *Confirm*" in reply and "didn't get that" not in reply
    assert written(database) == 0


# A bare "yes" or "sí" read as a greeting asking for help, as the embedding router may (0.57 for "sí").
HELPFUL_ROUTER = OneRuleRouter(lambda text: text.strip().lower() in ("yes", "sí"), Routed("help", "help", "en", 0.57))


@pytest.mark.parametrize("words", ["yes", "sí"])
def test_a_typed_yes_the_router_reads_as_help_still_points_to_the_confirm_button(database, clock, people, words):
    """The nod is about the preview above it, not a new request: no help text, no reminder, nothing written."""
    ana, _ = people
    assistant = make_assistant(database, clock, HELPFUL_ROUTER)
    fill_trip(assistant, ana)
    replies = say(assistant, ana, words)
    assert len(replies) == 1 and "press *Confirm*" in replies[0].text
    assert written(database) == 0


def test_a_typed_yes_is_answered_in_the_conversations_language(database, clock, people):
    _, bea = people
    assistant = make_assistant(database, clock)
    fill_trip(assistant, bea)
    assert "pulses *Confirmar*" in say(assistant, bea, "vale")[0].text
    assert written(database) == 0


@pytest.mark.parametrize("words", ["cancel", "olvídalo", "Never mind!"])
def test_cancel_words_drop_the_conversation(database, clock, people, words):
    ana, _ = people
    assistant = make_assistant(database, clock)
    say(assistant, ana, "I need a business trip")
    assert "Nothing was changed" in say(assistant, ana, words)[0].text
    assert "nothing in progress" in say(assistant, ana, "cancel")[0].text
    assert say(assistant, ana, "Dec 3-5")[0].text.startswith("I'm not sure")


def test_the_cancel_button_writes_nothing_and_removes_the_buttons(database, clock, people):
    ana, _ = people
    assistant = make_assistant(database, clock)
    card = fill_trip(assistant, ana)
    cancelled = assistant.handle_action(ana.id, Action(CANCEL, buttons(card)[CANCEL]), ORIGIN)
    assert cancelled[0].replace_original and buttons(cancelled[0]) == {}
    late = assistant.handle_action(ana.id, Action(CONFIRM, buttons(card)[CONFIRM]), ORIGIN)
    assert "cancelled earlier" in late[0].text
    assert written(database) == 0


def test_an_idle_conversation_expires(database, clock, people):
    ana, _ = people
    assistant = make_assistant(database, clock)
    card = fill_trip(assistant, ana)
    with database.session() as session:
        conversation = session.scalar(select(Conversation))
        assert conversation is not None
        conversation.expires_at = clock.now() - timedelta(seconds=1)
    late = assistant.handle_action(ana.id, Action(CONFIRM, buttons(card)[CONFIRM]), ORIGIN)
    assert "expired after 30 minutes" in late[0].text
    assert written(database) == 0
    assert say(assistant, ana, "Dec 3-5")[0].text.startswith("I'm not sure")  # no conversation to continue


def test_only_the_requester_can_use_the_card(database, clock, people):
    ana, bea = people
    assistant = make_assistant(database, clock)
    card = fill_trip(assistant, ana)
    refused = assistant.handle_action(bea.id, Action(CONFIRM, buttons(card)[CONFIRM]), ORIGIN)
    assert "Solo quien inició" in refused[0].text
    assert written(database) == 0


def test_a_question_in_the_middle_of_a_form_is_answered_and_the_form_goes_on(database, clock, people):
    ana, _ = people
    assistant = make_assistant(database, clock)
    say(assistant, ana, "I need a business trip")
    replies = say(assistant, ana, "help")
    assert replies[0].text == "HELP" and replies[1].text.endswith("): Which dates?")
    assert say(assistant, ana, "Dec 3-5")[0].text == "What budget?"
    with database.session() as session:
        assert session.scalar(select(Conversation.status)) == ConversationStatus.OPEN


class QuestionRouter(KeywordRouter):
    """Also routes any question ("...?") to help, confidently: a read asked in the middle of a form."""

    def route(self, text: str, **kwargs):
        if text.strip().endswith("?"):
            return super().route("help", **kwargs)
        return super().route(text, **kwargs)


def test_a_short_question_that_holds_a_value_is_answered_not_taken_as_the_answer(database, clock, people):
    """A question such as "¿cuánto tóner queda?" while asked "Which item?" is about toner, not the answer "toner"."""
    ana, _ = people
    assistant = make_assistant(database, clock, QuestionRouter())
    say(assistant, ana, "I need a business trip")
    assert say(assistant, ana, "Dec 3-5")[0].text == "What budget?"
    replies = say(assistant, ana, "¿120 euros enough?")
    assert replies[0].text == "HELP" and "What budget?" in replies[-1].text
    assert say(assistant, ana, "120 euros")[0].text == "What is it for?"


@pytest.mark.parametrize(
    ("text", "correction"),
    [
        ("no, make it Dec 10-11", True), ("actually make it Friday", True), ("mejor el viernes", True),
        ("Sorry, I meant 200", True), ("no me dieron ticket", False), ("not given one by the driver", False),
        ("November 3", False), ("sorry I lost it", False), ("nobody gave me one", False), ("esperando el tren", False),
    ],
)  # fmt: skip
def test_a_correction_cue_must_be_a_whole_word_with_its_comma(text, correction):
    assert is_correction(text) is correction


def test_an_answer_starting_with_no_fills_a_free_text_question(database, clock, people):
    """An answer such as "no me dieron ticket" is not a correction just because it starts with "no"."""
    ana, _ = people
    assistant = make_assistant(database, clock)
    say(assistant, ana, "I need a business trip")
    say(assistant, ana, "Dec 3-5")
    assert say(assistant, ana, "120 euros")[0].text == "What is it for?"
    assert say(assistant, ana, "nobody else can visit the client")[0].text.startswith("How will you travel?")


# "days left" read as leave.balance, a read, with a confidence below what interrupts a question.
UNSURE_ROUTER = OneRuleRouter(lambda text: "days left" in text, Routed("leave.balance", "leave", "en", 0.6))


def test_a_read_at_a_waiting_preview_is_answered_even_when_the_router_is_unsure(database, clock, people):
    """Nothing on a preview can be answered by "how many days left?": it is not "Sorry, what would you like to
    change?" but the answer, then the preview's reminder; while a question is pending, it stays the answer."""
    ana, _ = people
    assistant = make_assistant(database, clock, UNSURE_ROUTER)
    say(assistant, ana, "I need a business trip")
    say(assistant, ana, "Dec 3-5")
    say(assistant, ana, "120 euros")
    assert say(assistant, ana, "how many days left")[0].text == "How will you travel? (train, plane)"
    card = say(assistant, ana, "train")[0]
    assert set(buttons(card)) == {CONFIRM, EDIT, CANCEL}
    replies = say(assistant, ana, "how many days left?")
    assert replies[0].text == "BALANCE" and "waiting for *Confirm*" in replies[-1].text
    assert written(database) == 0
    assistant.handle_action(ana.id, Action(CONFIRM, buttons(card)[CONFIRM]), ORIGIN)
    assert written(database) == 1  # the preview was kept


# "is Dec 4 a holiday?" read as a read (help), unsure: a question that happens to name a date.
HOLIDAY_QUESTION_ROUTER = OneRuleRouter(lambda text: "holiday" in text, Routed("help", "help", "en", 0.49))


def test_a_question_naming_a_value_of_the_preview_is_answered_not_taken_as_a_change(database, clock, people):
    """ "¿cuántos días de vacaciones tenemos?" at a vacation preview asks about the policy; it must not re-show the
    preview as if "vacaciones" were typed to change it. A statement naming a value still changes the form."""
    ana, _ = people
    assistant = make_assistant(database, clock, HOLIDAY_QUESTION_ROUTER)
    card = fill_trip(assistant, ana)
    replies = say(assistant, ana, "is Dec 4 a holiday?")
    assert replies[0].text == "HELP" and "waiting for *Confirm*" in replies[-1].text
    changed = say(assistant, ana, "no, make it Dec 10-11")[-1]
    assert set(buttons(changed)) == {CONFIRM, EDIT, CANCEL} and buttons(changed) != buttons(card)
    assert written(database) == 0


# A change worded as a question read as a read, unsure, as the embedding router reads "can you make it 12 € instead?"
# at an expense preview (expense.check, 0.59).
CHANGE_QUESTION_ROUTER = OneRuleRouter(lambda text: text.rstrip().endswith("?"), Routed("help", "help", "en", 0.59))


@pytest.mark.parametrize(
    "words",
    [
        "can you make it Dec 10-11 instead?",
        "¿lo puedes cambiar al 10-11 de diciembre?",
        "¿puedes dejarlo en Dec 10-11?",
    ],
)
def test_a_change_worded_as_a_question_changes_the_preview(database, clock, people, words):
    """Asking for a change ends in "?" too: it is a correction, not a question answered beside the preview."""
    ana, _ = people
    assistant = make_assistant(database, clock, CHANGE_QUESTION_ROUTER)
    card = fill_trip(assistant, ana)
    changed = say(assistant, ana, words)
    assert "HELP" not in [reply.text for reply in changed]
    assert "2026-12-10 → 2026-12-11" in changed[-1].text and buttons(changed[-1]) != buttons(card)
    assert written(database) == 0


class TripOverBudget(DomainError):
    """A refusal no single slot is to blame for: the dialogue asks what to change, with no preview to confirm."""

    key = "trip_in_the_past"


def _refused_trip(context, slots):
    raise TripOverBudget()


@pytest.mark.parametrize(("words", "expected"), [("yes", "What would you like to change?"), ("vale", "¿Qué quieres")])
def test_a_typed_yes_at_a_refusal_asks_what_to_change_not_to_press_confirm(database, clock, people, words, expected):
    """After a refusal there is no Confirm button: pointing to one sent people looking for it."""
    ana, bea = people
    registry = SkillRegistry()
    registry.on_form(replace(TRIP, preview=_refused_trip))
    assistant = Assistant(database, registry, KeywordRouter(), clock=clock)
    who = ana if words == "yes" else bea
    refused = fill_trip(assistant, who, "en" if words == "yes" else "es")
    assert not buttons(refused)
    reply = say(assistant, who, words)[0].text
    assert "Confirm" not in reply and expected in reply
    assert written(database) == 0


def test_a_rule_that_refuses_a_value_asks_for_it_again(database, clock, people):
    ana, _ = people
    assistant = make_assistant(database, clock)
    say(assistant, ana, "I need a business trip")
    refused = say(assistant, ana, "2020-01-10")[0].text
    assert refused == "What budget?"  # dates are checked once the form is complete
    say(assistant, ana, "50 EUR")
    say(assistant, ana, "conference")
    refused = say(assistant, ana, "train")[0].text
    assert refused == "A trip can't start in the past. Which dates?"


def test_the_conversation_survives_a_restart_and_speaks_spanish(database, clock, people):
    _, bea = people
    say(make_assistant(database, clock), bea, "necesito un viaje")
    again = make_assistant(database, clock)  # a new process: state comes from the database
    assert say(again, bea, "del 3 al 5 de diciembre")[0].text == "¿Qué presupuesto?"


def test_edit_opens_a_prefilled_modal_in_slack_and_asks_in_the_terminal(database, clock, people):
    ana, _ = people
    assistant = make_assistant(database, clock)
    card = fill_trip(assistant, ana)
    edit = assistant.handle_action(ana.id, Action(EDIT, buttons(card)[EDIT]), ORIGIN)[0]
    assert edit.modal is not None
    inputs = {block["block_id"]: block["element"] for block in edit.modal["blocks"]}
    assert inputs["start_date"]["initial_date"] == "2026-12-03"
    assert inputs["amount"]["initial_value"] == "120 EUR"
    assert inputs["mode"]["initial_option"]["value"] == "train"
    terminal = assistant.handle_action(ana.id, Action(EDIT, buttons(card)[EDIT]), Origin("terminal", "t"))[0]
    assert terminal.modal is None and "What would you like to change" in terminal.text

    import json

    metadata = json.loads(edit.modal["private_metadata"])
    state = {"values": {"amount": {"amount": {"type": "plain_text_input", "value": "abc"}}}}
    errors, _ = assistant.handle_view(ana.id, "dialogue.edit_view", modal_values(state), metadata, ORIGIN)
    assert errors == {"amount": "I couldn't read this value."}
    state = {
        "values": {
            "end_date": {"end_date": {"type": "datepicker", "selected_date": "2026-12-06"}},
            "amount": {"amount": {"type": "plain_text_input", "value": "$99.50"}},
        }
    }
    errors, replies = assistant.handle_view(ana.id, "dialogue.edit_view", modal_values(state), metadata, ORIGIN)
    assert errors == {}
    assert "2026-12-03 → 2026-12-06" in replies[0].text and "99.50 USD" in replies[0].text


def edit_view(assistant: Assistant, who: Employee, card: Reply) -> dict:
    edit = assistant.handle_action(who.id, Action(EDIT, buttons(card)[EDIT]), ORIGIN)[0]
    assert edit.modal is not None
    return edit.modal


def submit(assistant: Assistant, who: Employee, modal: dict, values: dict[str, str]) -> tuple[dict, list[Reply]]:
    import json

    return assistant.handle_view(who.id, "dialogue.edit_view", values, json.loads(modal["private_metadata"]), ORIGIN)


def test_values_a_rule_refuses_in_the_edit_modal_are_shown_in_it_and_change_nothing(database, clock, people):
    ana, bea = people
    assistant = make_assistant(database, clock)
    card = fill_trip(assistant, ana)
    modal = edit_view(assistant, ana, card)
    errors, replies = submit(assistant, ana, modal, {"start_date": "2026-01-05", "end_date": "2026-01-06"})
    assert errors == {"start_date": "A trip can't start in the past."} and replies == []
    errors, replies = submit(assistant, ana, modal, {"purpose": "x" * 10_000})
    assert errors == {"purpose": "This is too long (10000 characters; the limit is 1000). Please shorten it."}
    assert replies == []
    assert {block["block_id"]: block["element"].get("max_length") for block in modal["blocks"]}["purpose"] == 1000
    for negative in ("-50", "- 50 €", "\u2212120 EUR"):
        errors, replies = submit(assistant, ana, modal, {"amount": negative})
        assert errors == {"amount": "An amount can't be negative."} and replies == [], negative
    # The card the modal was opened from still holds, with its values: nothing was changed or written.
    assistant.handle_action(ana.id, Action(CONFIRM, buttons(card)[CONFIRM]), ORIGIN)
    with database.session() as session:
        [booked] = session.scalars(select(AuditEntry).where(AuditEntry.action == "trip.requested")).all()
        assert booked.after is not None and booked.after["start_date"] == "2026-12-03"

    say(assistant, bea, "necesito un viaje")
    for answer in ("del 3 al 5 de diciembre", "120 euros", "visita a un cliente"):
        say(assistant, bea, answer)
    spanish = say(assistant, bea, "tren")[-1]
    errors, _ = submit(assistant, bea, edit_view(assistant, bea, spanish), {"start_date": "2026-01-05"})
    assert errors == {"start_date": "Un viaje no puede empezar en el pasado."}


def test_the_edit_modal_submitted_twice_posts_one_card_and_unchanged_posts_none(database, clock, people):
    ana, _ = people
    assistant = make_assistant(database, clock)
    card = fill_trip(assistant, ana)
    modal = edit_view(assistant, ana, card)
    assert submit(assistant, ana, modal, {"start_date": "2026-12-03", "end_date": "2026-12-05"}) == ({}, [])
    _, [edited] = submit(assistant, ana, modal, {"end_date": "2026-12-06"})
    assert "2026-12-03 → 2026-12-06" in edited.text
    assert submit(assistant, ana, modal, {"end_date": "2026-12-06"}) == ({}, [])  # the same submission again
    assistant.handle_action(ana.id, Action(CONFIRM, buttons(edited)[CONFIRM]), ORIGIN)
    assert written(database) == 1


def test_someone_else_pressing_a_card_is_refused_in_their_own_language(database, clock, people):
    ana, bea = people
    assistant = make_assistant(database, clock)
    card = fill_trip(assistant, ana)
    [refused] = assistant.handle_action(bea.id, Action(CONFIRM, buttons(card)[CONFIRM], "Confirm"), ORIGIN)
    assert refused.ephemeral and refused.text.startswith("Solo quien")
    assert written(database) == 0


def test_cancel_answers_in_the_conversations_language(database, clock, people):
    ana, _ = people  # an English locale; the conversation was detected as Spanish
    assistant = make_assistant(database, clock)
    say(assistant, ana, "necesito un viaje")
    with database.session() as session:
        conversation = session.scalar(select(Conversation))
        assert conversation is not None
        conversation.lang = "es"
    assert "No se ha cambiado nada" in say(assistant, ana, "olvídalo")[0].text


# "taxi …" read as an expense claim, confidently: another write, with a date the trip form also takes.
EXPENSE_ROUTER = OneRuleRouter(
    lambda text: text.lower().startswith("taxi"),
    Routed("expense.submit", "expenses", "en", 0.9, {"start_date": "2026-12-10"}),
)


def test_another_write_holding_a_value_of_the_preview_starts_anew_and_changes_nothing(database, clock, people):
    """ "taxi to the airport on Dec 10, 15 €" at a trip preview is an expense claim: it used to move the trip's dates
    to Dec 10 because the trip form reads dates too. The trip is set aside; a correction still changes it."""
    ana, _ = people
    registry = SkillRegistry()
    registry.on_form(TRIP)
    registry.on_intent("expense.submit", lambda context, request: [Reply(text="EXPENSE")])
    assistant = Assistant(database, registry, EXPENSE_ROUTER, clock=clock)
    fill_trip(assistant, ana)
    replies = say(assistant, ana, "taxi to the airport on Dec 10, 15 euros")
    assert replies[-1].text == "EXPENSE" and len(replies) == 2  # the note that the trip was set aside, then the claim
    with database.session() as session:
        assert session.scalar(select(Conversation.status)) == ConversationStatus.CANCELLED
    assert written(database) == 0
