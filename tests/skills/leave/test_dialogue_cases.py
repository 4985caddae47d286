"""The leave form never drops what people say (issue 11, item 3), in English and Spanish: a change of one slot keeps
the others, an unreadable date is named, misspelt key words are understood, a question asked mid-form is answered
and the question repeated, a reason can be given, every interpreted date is echoed, buttons answer in the
conversation's language."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.assistant import Assistant, Origin
from bot.dialogue.cards import CANCEL, CONFIRM, EDIT, EDIT_VIEW
from bot.nlu.catalog import fix_key_words
from bot.terminal.render import render_blocks
from db.engine import Database
from db.models import Conversation, ConversationStatus, Employee, OutboxMessage
from skills.common.extract.slots import extract_slots
from skills.common.language import detect_language
from skills.common.time import FixedClock
from skills.core import Action, Reply, SkillRegistry
from skills.evidence import ask_first
from skills.leave.models import LeaveRequest
from tests.fakes.trip_skill import Routed
from tests.skills.leave.conftest import Company

SLACK = Origin("slack", "D1:cases")
QUESTION_WORDS = ("how many", "cuántos", "cuantos", "saldo")
LEAVE_WORDS = ("off", "vacation", "vacaciones", "leave", "libre", "asuntos propios", "sick")


class CasesRouter:
    """Balance questions to leave.balance, anything about time off to leave.request, in the message's language; the
    slots from the extractors after the key words are spelt right, as the real router reads them."""

    def route(self, text: str, *, locale: str | None = None, today: date, **_: object) -> Routed:
        lang = detect_language(text, locale)
        fixed = fix_key_words(text).lower()
        slots = extract_slots(fixed, today=today, locale=locale or "en-US")
        if not slots.get("errors"):
            slots.pop("errors", None)
        if any(word in fixed for word in QUESTION_WORDS):
            return Routed("leave.balance", "leave", lang, 0.95, slots)
        if any(word in fixed for word in LEAVE_WORDS):
            return Routed("leave.request", "leave", lang, 0.9, slots)
        return Routed("none", "none", lang, 0.2)


@pytest.fixture
def assistant(database: Database, clock: FixedClock, registry: SkillRegistry) -> Assistant:
    return Assistant(database, registry, CasesRouter(), clock=clock)


def say(assistant: Assistant, who: Employee, text: str) -> list[Reply]:
    return assistant.handle_message(who.id, text, SLACK)


def buttons(reply: Reply) -> dict[str, str]:
    _, choices = render_blocks(reply.blocks or [])
    return {choice.action_id: choice.value for choice in choices}


def fields(reply: Reply) -> dict[str, str]:
    found: dict[str, str] = {}
    for block in reply.blocks or []:
        for field in block.get("fields", []):
            label, _, value = field["text"].partition("\n")
            found[label.strip("*")] = value
    return found


def requests(database: Database) -> list[LeaveRequest]:
    with database.session() as session:
        found = list(session.scalars(select(LeaveRequest).order_by(LeaveRequest.id)))
        session.expunge_all()
        return found


# --- changing one slot keeps the others ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "change", "dates", "kind"),
    [
        ("vacation Dec 14-16", "make it a personal day instead", "Dec 14, 2026 – Dec 16, 2026", "Personal"),
        ("vacaciones del 14 al 16 de diciembre", "mejor asuntos propios", "14 dic 2026 – 16 dic 2026", "Asuntos"),
    ],
)
def test_changing_the_type_keeps_the_dates(assistant, committed_company: Company, first, change, dates, kind):
    ana = committed_company.ana
    say(assistant, ana, first)
    card = say(assistant, ana, change)[-1]
    assert set(buttons(card)) >= {CONFIRM}
    assert dates in card.text and kind in card.text


@pytest.mark.parametrize(
    ("first", "refused", "change", "kind"),
    [
        ("vacation from Jan 4 to Feb 26", "Not enough Vacation left", "make it unpaid instead", "Unpaid"),
        ("vacaciones del 4 de enero al 26 de febrero", "No te quedan días", "mejor sin sueldo", "sin sueldo"),
    ],
)
def test_after_a_refusal_changing_the_type_brings_the_dates_back(
    assistant, committed_company: Company, first, refused, change, kind
):
    ana = committed_company.ana
    assert refused in say(assistant, ana, first)[0].text
    card = say(assistant, ana, change)[-1]
    assert set(buttons(card)) >= {CONFIRM}, card.text
    assert kind.lower() in card.text.lower() and ("Jan 4" in card.text or "4 ene" in card.text)


# --- an unreadable date is named -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vacation on 31/02", "I couldn't read '31/02' as a date. Which dates do you want off?"),
        ("vacaciones el 31/02", "No he podido entender '31/02' como una fecha. ¿Qué días quieres pedir?"),
    ],
)
def test_an_unreadable_date_is_named_and_the_type_kept(assistant, committed_company: Company, text, expected):
    ana = committed_company.ana
    assert say(assistant, ana, text)[0].text == expected
    card = say(assistant, ana, "Dec 14-16")[0]
    assert set(buttons(card)) >= {CONFIRM}  # vacation was kept: straight to the preview


# --- misspelt key words ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "answer", "kind"),
    [
        ("I need Dec 14-16 off", "vacaton", "Vacation"),
        ("quiero libres del 14 al 16 de diciembre", "vacacioens", "Vacaciones"),
    ],
)
def test_a_misspelt_type_answers_the_question(assistant, committed_company: Company, opening, answer, kind):
    ana = committed_company.ana
    assert "(" in say(assistant, ana, opening)[0].text  # the type question with its choices
    card = say(assistant, ana, answer)[0]
    assert set(buttons(card)) >= {CONFIRM} and kind in card.text


def test_a_misspelt_request_is_read_whole(assistant, committed_company: Company):
    card = say(assistant, committed_company.ana, "i ned vaction on dec 30 pls")[0]
    assert set(buttons(card)) >= {CONFIRM} and "Vacation" in card.text and "Dec 30, 2026" in card.text


# --- a question in the middle of the form ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "question", "back"),
    [
        (
            "I need vacation",
            "how many vacation days do I have left?",
            "Back to where we were (a leave request): Which dates do you want off?",
        ),
        (
            "quiero pedir vacaciones",
            "¿cuántos días de vacaciones me quedan?",
            "Volvamos a lo de antes (una solicitud de ausencia): ¿Qué días quieres pedir?",
        ),
    ],
)
def test_a_question_mid_form_is_answered_then_the_question_repeated(
    assistant, committed_company: Company, opening, question, back
):
    ana = committed_company.ana
    say(assistant, ana, opening)
    balance, repeated = say(assistant, ana, question)
    assert "22" in balance.text  # the vacation balance
    assert repeated.text == back
    card = say(assistant, ana, "Dec 14-16")[0]
    assert set(buttons(card)) >= {CONFIRM}


# --- a reason, in the message or the modal, shown to the approver -------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason", "label"),
    [
        ("vacation Dec 14-16, reason: family trip", "family trip", "Reason"),
        ("vacaciones del 14 al 16 de diciembre, motivo: boda", "boda", "Motivo"),
        ("vacation Dec 14-16 because my sister is getting married", "my sister is getting married", "Reason"),
        ("vacaciones del 14 al 16 de diciembre porque se casa mi hermana", "se casa mi hermana", "Motivo"),
    ],
)
def test_a_reason_in_the_message_reaches_the_approver(
    assistant, database, committed_company: Company, text, reason, label
):
    ana = committed_company.ana
    card = say(assistant, ana, text)[0]
    assert fields(card).get(label) == reason
    assistant.handle_action(ana.id, Action(CONFIRM, buttons(card)[CONFIRM]), SLACK)
    [request] = requests(database)
    assert request.reason == reason
    with database.session() as session:
        to_maria = session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient_id == committed_company.maria.id)
        ).all()
        assert any(reason in message.text for message in to_maria)


class ExpenseAwareRouter(CasesRouter):
    """Also reads a taxi fare as an expense claim, unsure, as the embedding router does (0.51)."""

    def route(self, text: str, *, locale: str | None = None, today: date, **kwargs: object) -> Routed:
        if "taxi" in text.lower():
            return Routed("expense.submit", "expenses", detect_language(text, locale), 0.51)
        return super().route(text, locale=locale, today=today, **kwargs)


@pytest.mark.parametrize(
    ("request_text", "other"),
    [
        ("vacation Dec 14-16", "taxi to the airport 15 € because my flight was early"),
        ("vacaciones del 14 al 16 de diciembre", "taxi al aeropuerto 15 € porque el vuelo salía pronto"),
    ],
)
def test_another_request_with_a_because_clause_leaves_the_preview_alone(
    database, clock, registry, committed_company: Company, request_text, other
):
    """The clause fills the reason of a message about the leave; at its preview, an expense claim that says why is
    that claim (set aside the preview), not a new reason for the leave."""
    assistant = Assistant(database, registry, ExpenseAwareRouter(), clock=clock)
    ana = committed_company.ana
    assert CONFIRM in buttons(say(assistant, ana, request_text)[0])
    replies = say(assistant, ana, other)
    assert not any(CONFIRM in buttons(reply) for reply in replies), [reply.text for reply in replies]
    assert not any("flight" in reply.text or "vuelo" in reply.text for reply in replies)


def test_a_reason_typed_in_the_edit_modal_is_kept(assistant, database, committed_company: Company):
    ana = committed_company.ana
    card = say(assistant, ana, "vacation Dec 14-16")[0]
    conversation, version = (int(part) for part in buttons(card)[EDIT].split(":"))
    values = {"start_date": "2026-12-14", "end_date": "2026-12-16", "leave_type": "vacation", "reason": "wedding"}
    errors, replies = assistant.handle_view(
        ana.id, EDIT_VIEW, values, {"conversation": conversation, "version": version}, SLACK
    )
    assert errors == {} and fields(replies[0]).get("Reason") == "wedding"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vacation Dec 14-16", "The end date (Dec 14, 2026) is before the start date (Dec 16, 2026)."),
        (
            "vacaciones del 14 al 16 de diciembre",
            "La fecha de fin (14 dic 2026) es anterior a la de inicio (16 dic 2026).",
        ),
    ],
)
def test_end_before_start_in_the_edit_modal_is_said_in_it_once(assistant, database, committed_company, text, expected):
    ana = committed_company.ana
    card = say(assistant, ana, text)[0]
    conversation, version = (int(part) for part in buttons(card)[EDIT].split(":"))
    values = {"start_date": "2026-12-16", "end_date": "2026-12-14"}
    errors, replies = assistant.handle_view(
        ana.id, EDIT_VIEW, values, {"conversation": conversation, "version": version}, SLACK
    )
    assert errors == {"start_date": expected} and replies == []
    if text.startswith("vacation"):  # ("del 16 al 14" reads as Dec 16 to Jan 14)
        typed = say(assistant, ana, "make it Dec 16 to Dec 14")[0].text
        assert typed.count("?") == 1  # the refusal, then the one question: no "Which dates did you mean?" before it


def test_a_request_nobody_can_approve_is_said_so_and_not_asked_to_be_changed(assistant, database, committed_company):
    with database.session() as session:
        for someone in (committed_company.hana, committed_company.adam):  # no HR; the CEO has no manager
            employee = session.get(Employee, someone.id)
            assert employee is not None
            employee.set_roles(set())
    answer = say(assistant, committed_company.ceo, "vacation Dec 14-16")[0].text
    assert "I can't find anyone to approve your request" in answer and "change" not in answer


# --- every interpreted date is echoed -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "echo"),
    [
        ("I want next Friday off", "I read “next Friday” as Fri, Dec 4."),
        ("quiero el viernes que viene libre", "He entendido «viernes que viene» como vie, 4 dic."),
    ],
)
def test_an_interpreted_date_is_echoed(assistant, committed_company: Company, text, echo):
    reply = say(assistant, committed_company.ana, text)[0]
    assert reply.text.startswith(echo)


def test_a_date_spelt_out_is_not_echoed(assistant, committed_company: Company):
    card = say(assistant, committed_company.ana, "vacation Dec 14-16")[0]
    assert "I read" not in card.text


# --- buttons answer in the conversation's language -------------------------------------------------------------


def test_the_cancel_button_answers_in_the_conversation_language(assistant, committed_company: Company):
    ana = committed_company.ana  # an English-speaking employee writing in Spanish
    card = say(assistant, ana, "quiero vacaciones del 14 al 16 de diciembre")[0]
    assert "Cancelar" in [c.label for c in render_blocks(card.blocks or [])[1]]
    cancelled = assistant.handle_action(ana.id, Action(CANCEL, buttons(card)[CANCEL], "Cancelar"), SLACK)
    assert cancelled[0].text == "✖️ Cancelado. No se ha cambiado nada."


# --- writes need evidence ----------------------------------------------------------------------------------------


class UnsureRouter:
    """Routes everything to leave.cancel, below the write threshold (as junk once reached its menu)."""

    def route(self, text: str, *, locale: str | None = None, **_: object) -> Routed:
        return Routed("leave.cancel", "leave", (locale or "en")[:2], 0.34)


def test_an_unsure_write_is_asked_about_before_its_buttons_appear(
    database, clock, registry, committed_company: Company
):
    assistant = Assistant(database, registry, UnsureRouter(), clock=clock)
    ana = committed_company.ana
    [question] = say(assistant, ana, "scratch that thing")
    assert question.text.startswith("I'm not sure I understood. Do you want *cancelling leave*?")
    assert set(buttons(question)) == {"dialogue.intent_yes", "dialogue.intent_no"}
    declined = assistant.handle_action(ana.id, Action("dialogue.intent_no", "no", "No"), SLACK)
    assert "haven't done anything" in declined[0].text
    menu = assistant.handle_action(
        ana.id, Action("dialogue.intent_yes", buttons(question)["dialogue.intent_yes"]), SLACK
    )
    assert "cancel" in menu[0].text.lower() and requests(database) == []


def test_yes_to_do_you_want_sets_aside_the_form_in_progress(database, clock, registry, committed_company: Company):
    assistant = Assistant(database, registry, CasesRouter(), clock=clock)
    ana = committed_company.ana
    [question] = say(assistant, ana, "I want Friday off")
    assert "What kind of leave is it?" in question.text
    offer = ask_first("en", "leave.request", "vacation Dec 14-16")  # as a fallback asks while the form waits
    note, preview = assistant.handle_action(
        ana.id, Action("dialogue.intent_yes", buttons(offer)["dialogue.intent_yes"], "Yes"), SLACK
    )
    assert note.text == "(I've set aside what we had not finished: a leave request. Nothing was written.)"
    assert set(buttons(preview)) >= {CONFIRM}
    with database.session() as session:
        still_open = session.scalars(select(Conversation).where(Conversation.status == ConversationStatus.OPEN))
        assert [c.slots.get("start_date") for c in still_open] == ["2026-12-14"]


class BalanceMindedRouter(CasesRouter):
    """Reads a bare leave word as a balance question, confidently, as a router might."""

    def route(self, text: str, *, locale: str | None = None, today: date, **_: object) -> Routed:
        if text.strip().lower() in ("sick", "enfermedad"):
            return Routed("leave.balance", "leave", "en", 0.9, {"leave_type": "sick"})
        return super().route(text, locale=locale, today=today)


def test_a_short_answer_to_the_question_is_never_taken_for_a_question(
    database, clock, registry, committed_company: Company
):
    assistant = Assistant(database, registry, BalanceMindedRouter(), clock=clock)
    ana = committed_company.ana
    say(assistant, ana, "I need Dec 14-16 off")
    card = say(assistant, ana, "sick")[0]
    assert set(buttons(card)) >= {CONFIRM} and "Sick" in card.text


def test_a_refusal_is_worded_in_the_language_written_with_its_dates_and_type(assistant, committed_company: Company):
    """Ana's profile is English; writing in Spanish, she gets the whole refusal in Spanish, and "el 20 de noviembre"
    said five days later is that day (refused as past), not next November."""
    reply = say(assistant, committed_company.ana, "quiero vacaciones el 20 de noviembre")[0].text
    assert reply.startswith("El 20 nov 2026 ya pasó y las ausencias de tipo Vacaciones no se pueden pedir")


# --- new dates after a refusal drop the half day of the refused ones ------------------------------------------


@pytest.mark.parametrize(
    ("first", "refused", "answer", "dates"),
    [
        ("vacation Friday afternoon", "notice", "Dec 14-16", "Dec 14, 2026 – Dec 16, 2026"),
        ("vacaciones el viernes por la tarde", "preaviso", "del 14 al 16 de diciembre", "14 dic 2026 – 16 dic 2026"),
    ],
)
def test_new_dates_after_a_refusal_forget_the_refused_half_day(
    assistant, committed_company: Company, first, refused, answer, dates
):
    """ "Friday afternoon" refused for short notice, then "Dec 14-16": three whole days, not Dec 14 from midday."""
    ana = committed_company.ana
    assert refused in say(assistant, ana, first)[0].text
    card = say(assistant, ana, answer)[-1]
    assert set(buttons(card)) >= {CONFIRM}, card.text
    assert dates in card.text and "(" not in card.text.split("\n")[0], card.text
    assert fields(card).get("Working days", fields(card).get("Días laborables")) == "3", fields(card)
