"""Nothing said under a card is dropped (issue 11, item 3): a reply no rule understands gets what can be done
there, in Slack's channel threads and in the terminal; the terminal reaches any card, older ones included."""

from __future__ import annotations

from typing import Any

import pytest

from bot.assistant import Assistant, Origin
from bot.terminal.chat import TerminalChat
from db.engine import Database
from db.models import Employee, OutboxMessage
from db.outbox import enqueue
from skills.common.time import FixedClock
from skills.core import SkillRegistry
from skills.leave.models import LeaveRequest, LeaveStatus
from tests.skills.leave.conftest import Company, LeaveRouter


@pytest.fixture
def assistant(database: Database, clock: FixedClock, registry: SkillRegistry) -> Assistant:
    return Assistant(database, registry, LeaveRouter(), clock=clock)


@pytest.fixture
def chat(assistant: Assistant, database: Database) -> tuple[TerminalChat, list[str]]:
    lines: list[str] = []
    return TerminalChat(assistant, database, lines.append), lines


def ask_for_leave(chat: TerminalChat, email: str, text: str) -> None:
    chat.switch_to(email)
    chat.handle_line(text)
    chat.handle_line("1")  # Confirm


def statuses(database: Database) -> list[str]:
    with database.session() as session:
        return [str(r.status) for r in session.query(LeaveRequest).order_by(LeaveRequest.id)]


def test_the_terminal_lists_cards_and_answers_under_an_older_one(chat, database, committed_company: Company):
    terminal, lines = chat
    ask_for_leave(terminal, committed_company.ana.email, "vacation Dec 14-16")
    ask_for_leave(terminal, committed_company.eva.email, "vacaciones del 21 al 22 de diciembre")
    terminal.switch_to(committed_company.maria.email)
    lines.clear()
    terminal.handle_line("/cards")
    listing = "\n".join(lines)
    assert "card 1 (DM)" in listing and "card 2 (DM)" in listing and "[1.1] Approve" in listing
    terminal.handle_line("/reply 1 approve")  # the older card, not the newest
    assert statuses(database) == [LeaveStatus.APPROVED, LeaveStatus.PENDING]
    terminal.handle_line("2.1")  # card 2's first button: Approve, on the newer card
    assert statuses(database) == [LeaveStatus.APPROVED, LeaveStatus.APPROVED]


def test_a_number_after_an_answer_without_buttons_is_typed_text_not_an_older_button(chat, committed_company: Company):
    terminal, lines = chat
    ask_for_leave(terminal, committed_company.ana.email, "vacation Dec 14-16")
    terminal.handle_line("how many days do I have left?")  # an answer with no buttons
    lines.clear()
    terminal.handle_line("1")  # an answer to a question, say: not the Confirm of the earlier preview again
    assert lines and not any(line.startswith("(pressed") for line in lines)


def test_a_card_delivered_in_the_same_turn_does_not_take_the_answers_numbers(chat, database, committed_company):
    terminal, lines = chat
    terminal.switch_to(committed_company.ana.email)
    with database.session() as session:  # a card for Ana that the outbox delivers right after her next answer
        ana = session.get(Employee, committed_company.ana.id)
        button = {
            "type": "button",
            "action_id": "leave.cancel_request",
            "value": "999",
            "text": {"type": "plain_text", "text": "Cancel it"},
        }
        blocks: list[dict[str, Any]] = [
            {"type": "section", "text": {"type": "mrkdwn", "text": "A card"}},
            {"type": "actions", "elements": [button]},
        ]
        enqueue(session, text="A card", blocks=blocks, recipient=ana)
    terminal.handle_line("vacation Dec 14-16")
    lines.clear()
    terminal.handle_line("1")
    assert lines[0] == "(pressed [Confirm])"  # the preview's Confirm, not the card's "Cancel it"


def test_a_card_of_someone_else_cannot_be_reached(chat, committed_company: Company):
    terminal, lines = chat
    ask_for_leave(terminal, committed_company.ana.email, "vacation Dec 14-16")
    terminal.switch_to(committed_company.olga.email)
    lines.clear()
    terminal.handle_line("/reply 1 approve")
    terminal.handle_line("1.1")
    assert lines == ["(no card 1 for you; /cards lists them)"] * 2


def test_a_reply_no_rule_understands_gets_what_can_be_done(chat, database, committed_company: Company):
    terminal, lines = chat
    ask_for_leave(terminal, committed_company.ana.email, "vacation Dec 14-16")
    terminal.switch_to(committed_company.maria.email)
    lines.clear()
    terminal.handle_line("/reply 1 I'll check with the team first")
    said = "\n".join(lines)
    assert "I didn't act on that, and nothing was changed." in said
    assert "buttons (Approve, Reject)" in said and "“approve”" in said
    assert statuses(database) == [LeaveStatus.PENDING]


def test_a_channel_thread_reply_no_rule_understands_is_answered_in_spanish(
    assistant, database, committed_company: Company
):
    with database.session() as session:
        card = OutboxMessage(
            kind="post", channel="#equipo", text="Tarjeta", blocks=[], entity_type="leave", entity_id="999",
            sent_channel="C1", sent_ts="171.000100", status="sent",
        )  # fmt: skip
        session.add(card)
    eva = committed_company.eva
    [reply] = assistant.handle_card_thread_message(eva.id, "esto qué es", Origin("slack", "C1:171.000100"))
    assert reply.ephemeral and reply.text.startswith("No he hecho nada con eso")
    assert "no tiene nada pendiente" in reply.text


def test_a_decided_card_says_there_is_nothing_left(chat, database, committed_company: Company):
    terminal, lines = chat
    ask_for_leave(terminal, committed_company.ana.email, "vacation Dec 14-16")
    terminal.switch_to(committed_company.maria.email)
    terminal.handle_line("/reply 1 approve")
    lines.clear()
    terminal.handle_line("/reply 1 thanks!")
    assert "This card has nothing left to decide." in "\n".join(lines)
