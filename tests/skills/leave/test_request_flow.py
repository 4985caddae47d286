"""The leave.request form and the approval through the assistant: questions, rules, preview, Confirm, decide."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from bot.assistant import Assistant, Origin
from bot.dialogue.cards import CONFIRM
from bot.terminal.render import render_blocks
from db.engine import Database
from db.models import Employee, OutboxMessage
from skills.common.reference import ImportContext, import_text
from skills.common.time import FixedClock
from skills.core import Action, Actor, Reply, SkillRegistry
from skills.i18n import unmarked
from skills.leave.models import LeaveRequest, LeaveStatus
from skills.leave.reference import LEAVE_TYPES
from skills.leave.views.cards import APPROVE, REJECT, REJECT_VIEW, REJECT_WITH
from tests.pinned import NOW
from tests.skills.leave.conftest import Company, LeaveRouter, approved

SLACK = Origin("slack", "D1:leave")
TERMINAL = Origin("terminal", "terminal:leave")


@pytest.fixture
def assistant(database: Database, clock: FixedClock, registry: SkillRegistry) -> Assistant:
    return Assistant(database, registry, LeaveRouter(), clock=clock)


def say(assistant: Assistant, who: Employee, text: str, origin: Origin = SLACK) -> list[Reply]:
    return assistant.handle_message(who.id, text, origin)


def click(assistant: Assistant, who: Employee, action_id: str, value: str, origin: Origin = SLACK) -> list[Reply]:
    return assistant.handle_action(who.id, Action(action_id, value), origin)


def buttons(blocks: list[dict[str, Any]] | None) -> dict[str, str]:
    _, choices = render_blocks(blocks or [])
    return {choice.action_id: choice.value for choice in choices}


def requests(database: Database) -> list[LeaveRequest]:
    with database.session() as session:
        found = list(session.scalars(select(LeaveRequest).order_by(LeaveRequest.id)))
        session.expunge_all()
        return found


def outbox(database: Database) -> list[OutboxMessage]:
    with database.session() as session:
        found = list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        session.expunge_all()
        return found


def confirmed_request(assistant: Assistant, who: Employee, text: str = "vacation Dec 14-16") -> int:
    """Ask, confirm, and return the new request's id."""
    card = say(assistant, who, text)[-1]
    click(assistant, who, CONFIRM, buttons(card.blocks)[CONFIRM])
    return requests(assistant.database)[-1].id


def test_the_form_asks_for_what_is_missing_then_previews(assistant, committed_company: Company):
    ana = committed_company.ana
    assert say(assistant, ana, "I need some time off")[0].text == "Which dates do you want off?"
    question = say(assistant, ana, "Dec 14-16")[0].text
    assert question.startswith("What kind of leave is it? (Vacation, Sick leave, Personal day")
    card = say(assistant, ana, "vacation")[0]
    assert set(buttons(card.blocks)) >= {CONFIRM}
    assert "Vacation: Dec 14, 2026 – Dec 16, 2026" in card.text
    assert requests(assistant.database) == [] and outbox(assistant.database) == []


def test_the_preview_shows_days_balance_approver_and_who_is_off(assistant, database, committed_company: Company):
    with database.session() as session:
        eva = session.get(Employee, committed_company.eva.id)
        assert eva is not None
        approved(session, eva, date(2026, 12, 15))
    card = say(assistant, committed_company.ana, "I need vacation Dec 14-16")[0]
    lines = card.text.splitlines()
    assert "Dates: Dec 14, 2026 – Dec 16, 2026" in lines
    assert "Working days: 3" in lines
    assert "Type: Vacation" in lines
    assert "Balance after: 19 days" in lines
    assert "Approver: Maria" in lines
    assert "Team off those days: Eva (Dec 15, 2026)" in lines


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("vacation Dec 12-13", "Those dates have no working days to take"),
        ("vacation from Jan 4 to Feb 26", "Not enough Vacation left: you have 22 days available and asked for 38"),
        ("vacation Nov 27", "Vacation needs 7 days' notice, so the earliest start is Dec 2, 2026."),
    ],
)
def test_a_broken_rule_asks_for_the_dates_again(assistant, committed_company: Company, text, message):
    reply = say(assistant, committed_company.ana, text)[0].text
    assert message in reply and reply.endswith("Which dates do you want off?")
    assert "Vacation: Dec 14, 2026" in say(assistant, committed_company.ana, "Dec 14-16")[0].text


def test_half_days_are_passed_to_the_service(assistant, committed_company: Company):
    card = say(assistant, committed_company.ana, "vacation Dec 14 afternoon")[0]
    assert "Dec 14, 2026 (afternoon)" in card.text and "Working days: 0.5" in card.text


def test_separate_days_in_one_message_are_said_before_anything_is_asked(assistant, committed_company: Company):
    """ "Dec 30 morning and Dec 31 afternoon" asked for Dec 30 morning alone, and the afternoon of the 31st was
    dropped without a word; "el 3 y el 5 de febrero" was January 3."""
    ana, eva = committed_company.ana, committed_company.eva
    reply = say(assistant, ana, "I need Dec 30 morning and Dec 31 afternoon off")[0].text
    assert reply == (
        "Dec 30, 2026 (morning) and Dec 31, 2026 (afternoon) aren't one stretch of days, and a request is for one: "
        "ask me for the others after this one. Which dates do you want off?"
    )
    assert say(assistant, ana, "Dec 30 morning")[0].text.startswith("What kind of leave is it?")
    card = say(assistant, ana, "vacation")[0]
    assert "Vacation: Dec 30, 2026 (morning)" in card.text and "Working days: 0.5" in card.text
    spanish = say(assistant, eva, "vacaciones el 3 y el 5 de febrero")[0].text
    assert "3 feb 2027 y 5 feb 2027 no son días seguidos" in spanish, spanish
    assert requests(assistant.database) == []


@pytest.mark.parametrize(
    ("text", "dates"),
    [("vacation Dec 14 and Dec 15", "Dec 14, 2026 – Dec 15, 2026"),
     ("vacation Friday Dec 18 and Monday Dec 21", "Dec 18, 2026 – Dec 21, 2026"),  # only a weekend between
     ("vacaciones el 14, el 15 y el 16 de diciembre", "14 dic 2026 – 16 dic 2026")],
)  # fmt: skip
def test_days_listed_one_after_the_other_are_one_request(assistant, committed_company: Company, text, dates):
    who = committed_company.eva if text.startswith("vacaciones") else committed_company.ana
    card = say(assistant, who, text)[0]
    assert dates in card.text.replace("–", "–"), card.text


def test_confirm_creates_one_pending_request_and_the_approvers_card(assistant, database, company_ids):
    ana, maria = company_ids.ana, company_ids.maria
    card = say(assistant, ana, "vacation Dec 14-16")[0]
    replies = click(assistant, ana, CONFIRM, buttons(card.blocks)[CONFIRM])
    assert replies[-1].text == "Request sent to Maria; I'll tell you here when they decide."
    [request] = requests(database)
    assert request.status == LeaveStatus.PENDING and request.approver_id == maria.id
    [message] = outbox(database)
    assert message.recipient_id == maria.id and message.entity_id == str(request.id)
    assert buttons(message.blocks) == {APPROVE: str(request.id), REJECT: str(request.id)}
    assert "Ana asks for Vacation" in str(message.blocks) and "Balance if approved" in str(message.blocks)


@pytest.fixture
def company_ids(committed_company: Company) -> Company:
    return committed_company


def test_approve_notifies_the_requester_and_updates_every_card(assistant, database, company_ids):
    ana, maria = company_ids.ana, company_ids.maria
    request_id = confirmed_request(assistant, ana)
    replies = click(assistant, maria, APPROVE, str(request_id))
    assert replies[0].replace_original and buttons(replies[0].blocks) == {}
    assert "Approved by Maria" in str(replies[0].blocks)
    assert replies[1].text == "Approved. I told Ana."
    assert requests(database)[0].status == LeaveStatus.APPROVED
    card, notice, update = outbox(database)
    assert notice.recipient_id == ana.id and "was approved by Maria" in notice.text
    assert update.kind == "update" and update.update_of == card.id and buttons(update.blocks) == {}

    again = click(assistant, maria, APPROVE, str(request_id))
    assert again[0].ephemeral and again[0].text.startswith("Nothing changed: Maria already approved this request")
    rejected_late = click(assistant, maria, REJECT, str(request_id))
    assert rejected_late[0].ephemeral and "already approved" in rejected_late[0].text
    assert len(outbox(database)) == 3 and requests(database)[0].status == LeaveStatus.APPROVED


def test_only_the_approver_may_decide(assistant, database, company_ids):
    ana, oscar = company_ids.ana, company_ids.oscar
    request_id = confirmed_request(assistant, ana)
    own = click(assistant, ana, APPROVE, str(request_id))
    assert own[0].ephemeral and own[0].text == "You can't approve or reject your own leave request."
    other = click(assistant, oscar, REJECT, str(request_id))
    assert other[0].ephemeral and other[0].text == "Only Maria (or HR) can decide on this request."
    assert requests(database)[0].status == LeaveStatus.PENDING and len(outbox(database)) == 1


def test_reject_asks_for_a_reason_in_a_modal(assistant, database, company_ids):
    ana, maria = company_ids.ana, company_ids.maria
    request_id = confirmed_request(assistant, ana)
    [opened] = click(assistant, maria, REJECT, str(request_id))
    assert opened.modal is not None and opened.modal["callback_id"] == REJECT_VIEW
    metadata = {"request_id": request_id}
    errors, replies = assistant.handle_view(maria.id, REJECT_VIEW, {"reason": "  "}, metadata, SLACK)
    assert errors == {"reason": "Please give a reason for rejecting it; Ana will see it."} and replies == []
    assert requests(database)[0].status == LeaveStatus.PENDING
    errors, replies = assistant.handle_view(maria.id, REJECT_VIEW, {"reason": "Release week"}, metadata, SLACK)
    assert errors == {} and replies[0].text == "Rejected. I told Ana, with your reason."
    assert requests(database)[0].status == LeaveStatus.REJECTED
    card, notice, update = outbox(database)
    assert notice.recipient_id == ana.id and unmarked(notice.text).endswith("was rejected by Maria: Release week")
    assert update.update_of == card.id and "Rejected by Maria" in str(update.blocks) and buttons(update.blocks) == {}


def test_in_the_terminal_reject_offers_canned_reasons(assistant, database, company_ids):
    ana, maria = company_ids.ana, company_ids.maria
    request_id = confirmed_request(assistant, ana)
    [prompt] = click(assistant, maria, REJECT, str(request_id), TERMINAL)
    assert prompt.modal is None
    choices = buttons(prompt.blocks)
    assert set(choices) == {REJECT_WITH} and "Too short notice" in str(prompt.blocks)
    replies = click(assistant, maria, REJECT_WITH, f"{request_id}:short_notice", TERMINAL)
    assert replies[0].text == "Rejected. I told Ana, with your reason."
    [request] = requests(database)
    assert request.status == LeaveStatus.REJECTED and request.decision_reason == "Too short notice"


def test_a_spanish_speaker_gets_spanish(assistant, database, company_ids):
    eva, maria = company_ids.eva, company_ids.maria
    card = say(assistant, eva, "quiero vacaciones del 14 al 16 de diciembre")[0]
    assert "Fechas: 14 dic 2026 – 16 dic 2026" in card.text and "Aprueba: Maria" in card.text
    replies = click(assistant, eva, CONFIRM, buttons(card.blocks)[CONFIRM])
    assert replies[-1].text == "Solicitud enviada a Maria; te aviso aquí cuando decida."
    request_id = requests(database)[0].id
    own = click(assistant, eva, APPROVE, str(request_id))
    assert own[0].text == "No puedes aprobar ni rechazar tu propia solicitud de permiso."
    click(assistant, maria, APPROVE, str(request_id))
    notice = outbox(database)[1]
    assert notice.recipient_id == eva.id and notice.text.startswith("Maria ha aprobado tu solicitud de Vacaciones")


def test_the_edit_modal_offers_half_days(assistant, committed_company: Company):
    import json

    from bot.dialogue.cards import EDIT, EDIT_VIEW, modal_values

    card = say(assistant, committed_company.ana, "vacation Dec 14-16")[-1]
    assert "Working days: 3" in card.text
    edit = click(assistant, committed_company.ana, EDIT, buttons(card.blocks)[EDIT])[0]
    assert edit.modal is not None
    select = next(block for block in edit.modal["blocks"] if block["block_id"] == "half_day")
    assert [option["value"] for option in select["element"]["options"]] == ["full", "am", "pm"]
    state = {"values": {"half_day": {"half_day": {"type": "static_select", "selected_option": {"value": "pm"}}}}}
    metadata = json.loads(edit.modal["private_metadata"])
    errors, replies = assistant.handle_view(committed_company.ana.id, EDIT_VIEW, modal_values(state), metadata, SLACK)
    assert errors == {}
    assert "Working days: 2.5" in replies[0].text  # Monday afternoon, Tuesday and Wednesday


def test_the_leave_form_declares_the_half_days_its_dates_carry():
    from skills.leave.forms import LEAVE_REQUEST

    assert LEAVE_REQUEST.extra_keys() == {"half_day", "end_half_day", "other_dates"}
    keys = {"start_date", "end_date", "leave_type", "reason", "half_day", "end_half_day", "other_dates"}
    assert keys == LEAVE_REQUEST.slot_keys()


COMPANY_TYPES = (
    "vacation,Vacation,Vacaciones,22,yes,0,yes,0",
    "sick,Sick leave,Baja por enfermedad,,no,0,yes,0",
    "wedding,Wedding leave,Permiso por matrimonio,15,yes,0,no,0",
)
"""A company's own leave types: a wedding leave of its own, and no parental or bereavement leave."""


def import_company_types(database: Database, *more: str) -> None:
    """``import leave-types`` of :data:`COMPANY_TYPES` and ``more`` rows, as an operator would."""
    header = "code,name_en,name_es,days_per_year,requires_approval,notice_days,half_days,carry_over_days"
    with database.session() as session:
        context = ImportContext(actor=Actor(None, "cli", NOW), source="types.csv", today=NOW.date())
        import_text(session, LEAVE_TYPES, "\n".join([header, *COMPANY_TYPES, *more]) + "\n", context)


def test_the_type_question_offers_the_companys_own_types_and_none_it_switched_off(
    assistant, database, committed_company: Company
):
    # After `import leave-types` with a wedding leave and without parental leave, the question still listed the six
    # defaults, and "wedding leave" / "permiso por matrimonio" was not understood: the type could not be asked for.
    import_company_types(database)
    ana, eva = committed_company.ana, committed_company.eva
    say(assistant, ana, "I need some time off")
    question = say(assistant, ana, "Dec 14-16")[0].text
    assert question == "What kind of leave is it? (Vacation, Sick leave, Wedding leave)"
    assert "Wedding leave: Dec 14, 2026 – Dec 16, 2026" in say(assistant, ana, "wedding leave")[0].text
    say(assistant, eva, "I need some time off")
    say(assistant, eva, "Dec 14-16")
    assert "Permiso por matrimonio: 14 dic 2026" in say(assistant, eva, "permiso por matrimonio")[0].text
    assert requests(database) == []


@pytest.mark.parametrize(
    ("who", "dates", "answer", "expected"),
    [
        ("ana", "Dec 14-16", "wedding", "Wedding leave: Dec 14, 2026"),
        ("eva", "del 14 al 16 de diciembre", "matrimonio", "Permiso por matrimonio: 14 dic 2026"),
        ("eva", "del 14 al 16 de diciembre", "mudanza", "Día de mudanza: 14 dic 2026"),
    ],
)
def test_a_company_type_is_understood_by_its_own_word(
    assistant, database, committed_company: Company, who, dates, answer, expected
):
    # "matrimonio" for "Permiso por matrimonio", "mudanza" for "Día de mudanza": the word that tells the type apart
    # is enough, as "sick" is for "Sick leave"; the whole label was needed, or a close misspelling of it.
    import_company_types(database, "moving,Moving day,Día de mudanza,3,yes,0,no,0")
    person = getattr(committed_company, who)
    say(assistant, person, "I need some time off")
    say(assistant, person, dates)
    assert expected in say(assistant, person, answer)[0].text
