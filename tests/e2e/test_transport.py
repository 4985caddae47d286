"""The Slack transport end to end: signed requests in, emulated Web API calls out."""

from __future__ import annotations

import json
import time
import urllib.request

from slack_sdk import WebClient
from sqlalchemy import func, select

from db.models import AuditEntry, Employee, ProcessedEvent
from tests.e2e.conftest import add_person


def bot_replies(emulator, user_id: str) -> list[dict]:
    return [m for m in emulator.dm_messages(user_id) if m.get("bot_id")]


def count(database, model) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def settle(emulator, slack, person) -> None:
    """Send a sentinel message and wait for its answer, so anything sent before it has been handled too."""
    before = len(bot_replies(emulator, person.slack_id))
    slack.send_dm(person.slack_id, "help")
    emulator.wait_for(lambda: len(bot_replies(emulator, person.slack_id)) > before)
    time.sleep(0.2)


def test_a_signed_dm_hi_gets_the_help_reply_in_that_dm(slack, emulator, database):
    sam = add_person(database, emulator, "Sam Carter")
    status, _, _ = slack.send_dm(sam.slack_id, "hi")
    assert status == 200
    reply = emulator.wait_for(lambda: bot_replies(emulator, sam.slack_id))[0]
    text = emulator.render_text(reply)
    assert "Hi Sam" in text
    assert "Confirm" in text
    with database.session() as session:
        employee = session.get(Employee, sam.employee_id)
        assert employee is not None and employee.slack_id == sam.slack_id
        linked = session.scalars(select(AuditEntry).where(AuditEntry.action == "employee.link_slack")).all()
        assert [entry.after for entry in linked] == [{"slack_id": sam.slack_id}]


def test_a_spanish_speaker_is_answered_in_spanish(slack, emulator, database):
    lucia = add_person(database, emulator, "Lucía Fernández", locale="es-ES")
    slack.send_dm(lucia.slack_id, "hola, ¿qué puedes hacer?")
    reply = emulator.wait_for(lambda: bot_replies(emulator, lucia.slack_id))[0]
    assert "Hola, Lucía" in emulator.render_text(reply)


def test_forged_or_stale_requests_get_401_and_change_nothing(slack, emulator, database):
    sam = add_person(database, emulator)
    slack.forge_signature = True
    forged = slack.send_dm(sam.slack_id, "hi")
    slack.forge_signature = False
    slack.timestamp_offset = -6 * 60
    stale = slack.send_dm(sam.slack_id, "hi")
    slack.timestamp_offset = 0
    assert forged[0] == 401 and stale[0] == 401
    time.sleep(0.3)
    assert bot_replies(emulator, sam.slack_id) == []
    assert count(database, ProcessedEvent) == 0
    with database.session() as session:
        employee = session.get(Employee, sam.employee_id)
        assert employee is not None and employee.slack_id is None


def test_a_retried_event_is_handled_once(slack, emulator, database):
    sam = add_person(database, emulator)
    _, _, event_id = slack.send_dm(sam.slack_id, "hi")
    emulator.wait_for(lambda: bot_replies(emulator, sam.slack_id))
    for retry in (1, 2):
        status, _, _ = slack.send_dm(sam.slack_id, "hi", event_id=event_id, retry_num=retry)
        assert status == 200
    settle(emulator, slack, sam)
    assert len(bot_replies(emulator, sam.slack_id)) == 2  # "hi" once, and the sentinel
    with database.session() as session:
        assert session.get(ProcessedEvent, event_id) is not None


def test_messages_from_bots_and_edits_are_ignored(slack, emulator, database):
    sam = add_person(database, emulator)
    slack.send_dm(sam.slack_id, "hi", bot_id="B0OTHERBOT")
    slack.send_dm(sam.slack_id, "hi", subtype="message_changed")
    slack.send_dm(emulator.bot_user_id, "hi", bot_id=emulator.bot_id if hasattr(emulator, "bot_id") else "BBOT")
    settle(emulator, slack, sam)
    assert len(bot_replies(emulator, sam.slack_id)) == 1  # only the sentinel


def test_someone_not_in_the_directory_is_told_whom_to_contact(slack, emulator, database):
    stranger = add_person(database, emulator, "Stranger Danger", in_directory=False)
    slack.send_dm(stranger.slack_id, "hi")
    reply = emulator.wait_for(lambda: bot_replies(emulator, stranger.slack_id))[0]
    text = emulator.render_text(reply)
    assert "don't know you yet" in text and "people@acme.example" in text
    assert count(database, Employee) == 0


def test_someone_not_in_the_directory_is_told_in_their_language_in_the_dm_and_the_home_tab(slack, emulator, database):
    stranger = add_person(database, emulator, "Nadie Conocido", locale="es-ES", in_directory=False)
    slack.send_dm(stranger.slack_id, "hola")
    reply = emulator.wait_for(lambda: bot_replies(emulator, stranger.slack_id))[0]
    assert "aún no te conozco" in emulator.render_text(reply) and "people@acme.example" in emulator.render_text(reply)
    slack.open_home(stranger.slack_id)
    home = emulator.wait_for(lambda: emulator.home_tab(stranger.slack_id))
    assert "aún no te conozco" in emulator.render_text(home)
    status, body = slack.send_slash(stranger.slack_id, "/backoffice", "")
    assert status == 200 and "aún no te conozco" in body
    assert count(database, Employee) == 0


def test_a_mention_is_answered_in_its_thread(slack, emulator, database):
    sam = add_person(database, emulator)
    emulator.add_channel("C0GENERAL", "general")
    _, _, _ = slack.send_mention(sam.slack_id, "C0GENERAL", "help")
    replies = emulator.wait_for(lambda: [m for m in emulator.messages("C0GENERAL") if m.get("bot_id")])
    mention = next(m for m in emulator.messages("C0GENERAL") if not m.get("bot_id"))
    assert replies[0]["thread_ts"] == mention["ts"]


def test_the_slash_command_answers_help_at_once(slack, emulator, database):
    sam = add_person(database, emulator)
    status, body = slack.send_slash(sam.slack_id, "/backoffice", "help")
    assert status == 200
    assert "Hi Sam" in json.loads(body)["text"]


def test_the_slash_command_help_speaks_the_users_language(slack, emulator, database):
    lucia = add_person(database, emulator, "Lucía Fernández", locale="es-ES")
    for text in ("", "help", "ayuda", "?"):
        status, body = slack.send_slash(lucia.slack_id, "/backoffice", text)
        assert status == 200 and json.loads(body)["text"].startswith("¡Hola, Lucía!"), text
    sam = add_person(database, emulator)
    assert json.loads(slack.send_slash(sam.slack_id, "/backoffice", "")[1])["text"].startswith("Hi Sam!")
    assert json.loads(slack.send_slash(sam.slack_id, "/backoffice", "ayuda")[1])["text"].startswith("¡Hola, Sam!")


def test_the_slash_command_takes_a_request_to_the_dm(slack, emulator, database):
    sam = add_person(database, emulator)
    status, body = slack.send_slash(sam.slack_id, "/backoffice", "what can you do")
    assert status == 200 and "direct messages" in body
    answer = emulator.wait_for(
        lambda: [m for m in bot_replies(emulator, sam.slack_id) if m.get("thread_ts") not in (None, m["ts"])]
    )
    assert "Hi Sam" in emulator.render_text(answer[0])


def test_the_home_tab_is_published(slack, emulator, database):
    sam = add_person(database, emulator)
    slack.open_home(sam.slack_id)
    home = emulator.wait_for(lambda: emulator.home_tab(sam.slack_id))
    assert home["type"] == "home"


def test_a_stale_button_says_it_does_nothing(slack, emulator, database):
    sam = add_person(database, emulator)
    old_card = [
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Approve"},
                    "action_id": "old.approve",
                    "value": "42",
                }
            ],
        }
    ]
    client = WebClient(token=emulator.bot_token, base_url=emulator.api_url)
    client.chat_postMessage(channel=emulator.dm_channel_for(sam.slack_id), text="old card", blocks=old_card)
    status, _ = slack.click(sam.slack_id, "old.approve")
    assert status == 200
    whisper = emulator.wait_for(lambda: emulator.ephemerals(sam.slack_id))
    assert "no longer does anything" in whisper[0]["text"]


def test_healthz_reports_the_database(bot_server):
    with urllib.request.urlopen(f"{bot_server.url}/healthz", timeout=5) as response:
        assert response.status == 200
        assert json.loads(response.read())["ok"] is True


def test_channel_talk_is_ignored_unless_it_answers_one_of_our_cards(slack, emulator, database):
    sam = add_person(database, emulator)
    channel = emulator.add_channel("C0GENERAL1", "general")["id"]
    status, _, _ = slack.send_channel_message(sam.slack_id, channel, "lunch anyone?")
    assert status == 200
    root = emulator.messages(channel)[-1]
    slack.send_channel_message(sam.slack_id, channel, "approve", thread_ts=root["ts"])
    settle(emulator, slack, sam)
    assert [m for m in emulator.messages(channel) if m.get("bot_id")] == []
    assert count(database, ProcessedEvent) == 2  # the sentinel DM and the thread reply; the chatter is not kept
