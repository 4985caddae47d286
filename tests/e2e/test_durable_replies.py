"""Direct replies are as durable as notifications, and a first delivery that fails leaves Slack's retry free."""

from __future__ import annotations

import logging
import time

from sqlalchemy import select

from db.models import Employee, OutboxMessage, OutboxStatus, ProcessedEvent
from tests.e2e.conftest import add_person


def bot_replies(emulator, user_id: str) -> list[dict]:
    return [m for m in emulator.dm_messages(user_id) if m.get("bot_id")]


def test_a_reply_slack_fails_to_take_is_delivered_once_by_the_outbox(slack, emulator, database, caplog):
    caplog.set_level(logging.WARNING, logger="bot.slack.replies")
    sam = add_person(database, emulator)
    emulator.fail_next("chat.postMessage", status=500, times=2)  # the direct post, then the outbox's first try
    status, _, _ = slack.send_dm(sam.slack_id, "help")
    assert status == 200
    replies = emulator.wait_for(lambda: bot_replies(emulator, sam.slack_id), timeout=10)
    time.sleep(0.5)
    assert len(bot_replies(emulator, sam.slack_id)) == 1 and "Hi Sam" in emulator.render_text(replies[0])
    with database.session() as session:
        rows = session.scalars(select(OutboxMessage)).all()
        assert [(row.status, row.sent_ts) for row in rows] == [(OutboxStatus.SENT, replies[0]["ts"])]
    # the log says which row to look for in `backoffice outbox list` and what Slack answered (it said: SlackApiError)
    said = [record.getMessage() for record in caplog.records if record.name == "bot.slack.replies"]
    assert said == [
        f"a reply in {emulator.dm_channel_for(sam.slack_id)} goes to the outbox as row {rows[0].id}: Slack answered 500 fatal_error"
    ]


def test_a_reply_whose_answer_was_lost_is_found_not_posted_again(slack, emulator, database):
    sam = add_person(database, emulator)
    emulator.accept_then_fail("chat.postMessage", how="drop")
    slack.send_dm(sam.slack_id, "help")
    with_row = lambda: database_rows(database, OutboxStatus.SENT)  # noqa: E731
    emulator.wait_for(with_row, timeout=10)
    assert len(bot_replies(emulator, sam.slack_id)) == 1
    assert emulator.calls_to("conversations.history")  # it looked before posting again


def database_rows(database, status: str) -> list[OutboxMessage]:
    with database.session() as session:
        return list(session.scalars(select(OutboxMessage).where(OutboxMessage.status == status)))


def test_slack_failing_on_users_info_is_not_called_unknown_and_the_event_is_handled_again(slack, emulator, database):
    sam = add_person(database, emulator)
    emulator.fail_next("users.info", status=500)
    status, _, event_id = slack.send_dm(sam.slack_id, "help")
    assert status == 200  # acknowledged at once; handled after
    reply = emulator.wait_for(lambda: bot_replies(emulator, sam.slack_id), timeout=15)  # handled again, 5 s later
    assert len(reply) == 1 and "Hi Sam" in emulator.render_text(reply[0])
    assert len(emulator.calls_to("users.info")) >= 2
    with database.session() as session:
        assert session.get(ProcessedEvent, event_id) is not None
        employee = session.get(Employee, sam.employee_id)
        assert employee is not None and employee.slack_id == sam.slack_id


def test_a_click_edits_its_card_once(slack, emulator, database):
    from datetime import date

    from skills.core import Actor
    from skills.leave.rules import LeaveDraft
    from skills.leave.service import submit
    from tests.e2e.test_leave_slack import staff
    from tests.pinned import NOW

    ana, maria = staff(database, emulator)
    with database.session() as session:
        draft = LeaveDraft(leave_type="vacation", start=date(2026, 12, 14), end=date(2026, 12, 16))
        submit(session, actor=Actor(session.get(Employee, ana.employee_id), "slack", NOW), draft=draft)
    card = emulator.wait_for(lambda: bot_replies(emulator, maria.slack_id), timeout=10)[-1]
    slack.click(maria.slack_id, "leave.approve")
    dm = emulator.dm_channel_for(maria.slack_id)
    emulator.wait_for(lambda: [m for m in emulator.messages(dm) if m["ts"] == card["ts"] and "edited" in m])
    time.sleep(1.0)  # anything else due would have been delivered by now
    edits = [call for call in emulator.calls_to("chat.update") if call.get("ts") == card["ts"]]
    assert len(edits) == 1
