"""Nothing a killed process had in hand is lost or doubled: a reply journaled with the request's transaction, and a
click acknowledged before it was handled.

Real ``serve`` processes killed with SIGKILL (``tests/e2e/install.py``); the Slack emulator plays Slack and holds
the one call that matters, so the kill lands exactly between the commit and the post, or before the click's work.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, update

from db.models import Employee, EventState, OutboxMessage, OutboxStatus, ProcessedEvent
from skills.leave.models import LeaveRequest
from tests.e2e.conftest import SIGNING_SECRET
from tests.e2e.install import fresh_install, import_csv, serving
from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_emulator import SlackEmulator

PEOPLE = """slack_id,email,name,manager_email,department,roles,locale,timezone,country
,rita@killed.example,Rita Moss,,Operations,manager,en-US,America/New_York,US
U0KEN0001,ken@killed.example,Ken Ito,rita@killed.example,Operations,,en-US,America/New_York,US
"""
KEN, RITA = "U0KEN0001", "U0RITA001"
QUICK = {"EVENT_LEASE_SECONDS": "3", "OUTBOX_CLAIM_LEASE_SECONDS": "3", "OUTBOX_POLL_SECONDS": "0.5"}
"""Short leases, so the second process takes over in seconds; production waits 60 and 40."""


def rows(url: str, query: Any) -> list[Any]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(query).all())
    finally:
        engine.dispose()


SEEN: dict[str, int] = {}
"""Messages each person already had before the running test (the emulator serves the whole session)."""


def execute(url: str, statement: Any) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(statement)
    finally:
        engine.dispose()


def bot_messages(emulator: SlackEmulator, user_id: str, needle: str) -> list[dict[str, Any]]:
    """The bot's messages to ``user_id`` in this test that show ``needle``."""
    fresh = emulator.dm_messages(user_id)[SEEN.get(user_id, 0) :]
    return [m for m in fresh if m.get("bot_id") and needle in emulator.render_text(m)]


def kill(server: dict[str, str]) -> None:
    os.kill(int(server["SERVER_PID"]), signal.SIGKILL)


@pytest.fixture
def install(tmp_path: Path, emulator: SlackEmulator):
    emulator.add_user(RITA, "rita@killed.example", "Rita Moss", locale="en-US")
    emulator.add_user(KEN, "ken@killed.example", "Ken Ito", locale="en-US")
    SEEN.update({user_id: len(emulator.dm_messages(user_id)) for user_id in (KEN, RITA)})
    with fresh_install(tmp_path, emulator, **QUICK) as env:
        import_csv(env, tmp_path, "employees", PEOPLE, "2 created")
        yield env


def leave_preview(emulator: SlackEmulator, server: dict[str, str]) -> tuple[SlackDriver, dict[str, Any]]:
    """Ken asks ``server`` for leave; Slack as he sees it, and the preview card with its Confirm button."""
    slack = SlackDriver(server["EVENTS_URL"], SIGNING_SECRET, emulator)
    slack.send_dm(KEN, "I'd like to take vacation from Dec 14 to Dec 16")
    return slack, emulator.wait_for(lambda: bot_messages(emulator, KEN, "[Confirm]"), timeout=30)[-1]


def preview_confirmed_then_stalled(emulator: SlackEmulator, server: dict[str, str]) -> None:
    """Ken asks for leave and presses Confirm; the next post (the "Request sent" reply) is held by Slack."""
    slack, preview = leave_preview(emulator, server)
    posts = len(emulator.calls_to("chat.postMessage"))
    emulator.stall("chat.postMessage", seconds=30)
    status, _ = slack.click(KEN, "dialogue.confirm", message=preview)
    assert status == 200
    emulator.wait_for(lambda: len(emulator.calls_to("chat.postMessage")) > posts, timeout=30)


@pytest.mark.e2e
def test_a_reply_whose_process_died_before_posting_it_is_delivered_once_by_another(
    install: dict[str, str], emulator: SlackEmulator
):
    url = install["DATABASE_URL"]
    with serving(install) as first:
        preview_confirmed_then_stalled(emulator, first)
        kill(first)  # the click's transaction committed (request, card, reply row); Slack never got the reply
    waiting = rows(
        url, select(OutboxMessage.status, OutboxMessage.dedupe_key).where(OutboxMessage.channel.is_not(None))
    )
    assert (OutboxStatus.SENDING, waiting[-1][1]) == tuple(waiting[-1]) and waiting[-1][1].startswith("reply:")
    assert not bot_messages(emulator, KEN, "Request sent to")
    with serving(install):
        emulator.wait_for(lambda: bot_messages(emulator, KEN, "Request sent to"), timeout=30)
        emulator.wait_for(lambda: bot_messages(emulator, RITA, "asks for Vacation"), timeout=30)
    assert len(bot_messages(emulator, KEN, "Request sent to")) == 1
    assert len(bot_messages(emulator, RITA, "asks for Vacation")) == 1
    assert rows(url, select(func.count()).select_from(LeaveRequest)) == [(1,)]
    clicks = rows(
        url, select(ProcessedEvent.state, ProcessedEvent.attempts).where(ProcessedEvent.event_id.like("click:%"))
    )
    assert clicks == [(EventState.HANDLED, 1)]  # settled with its transaction: not handled a second time
    assert emulator.calls_to("conversations.history")  # the second process looked before posting


@pytest.mark.e2e
def test_a_reply_slack_took_before_the_process_died_is_found_not_posted_again(
    install: dict[str, str], emulator: SlackEmulator
):
    url = install["DATABASE_URL"]
    with serving(install) as first:
        slack, preview = leave_preview(emulator, first)
        emulator.accept_then_fail("chat.postMessage", how="hang", hang_seconds=30)
        slack.click(KEN, "dialogue.confirm", message=preview)
        emulator.wait_for(lambda: bot_messages(emulator, KEN, "Request sent to"), timeout=30)
        kill(first)  # Slack has the reply; the process died before it heard so
    with serving(install):
        emulator.wait_for(
            lambda: rows(url, select(OutboxMessage.id).where(OutboxMessage.status != OutboxStatus.SENT)) == [],
            timeout=30,
        )
    assert len(bot_messages(emulator, KEN, "Request sent to")) == 1
    assert len(bot_messages(emulator, RITA, "asks for Vacation")) == 1


@pytest.mark.e2e
def test_a_click_whose_process_died_before_handling_it_is_handled_once_by_another(
    install: dict[str, str], emulator: SlackEmulator
):
    url = install["DATABASE_URL"]
    with serving(install) as first:
        slack, preview = leave_preview(emulator, first)
        # Hold the click before its work: the directory forgot Ken's Slack id (say, a re-import), so the click
        # asks Slack who he is, and Slack hangs.
        execute(url, update(Employee).where(Employee.slack_id == KEN).values(slack_id=None))
        looked_up = len(emulator.calls_to("users.info"))
        emulator.accept_then_fail("users.info", how="hang", hang_seconds=30)
        status, _ = slack.click(KEN, "dialogue.confirm", message=preview)
        assert status == 200  # acknowledged: Slack will not send this click again
        emulator.wait_for(lambda: len(emulator.calls_to("users.info")) > looked_up, timeout=30)
        kill(first)
    assert rows(url, select(func.count()).select_from(LeaveRequest)) == [(0,)]
    with serving(install):
        emulator.wait_for(lambda: bot_messages(emulator, KEN, "Request sent to"), timeout=60)
        emulator.wait_for(lambda: bot_messages(emulator, RITA, "asks for Vacation"), timeout=30)
    assert rows(url, select(func.count()).select_from(LeaveRequest)) == [(1,)]
    assert len(bot_messages(emulator, KEN, "Request sent to")) == 1
    assert len(bot_messages(emulator, RITA, "asks for Vacation")) == 1
    clicks = rows(
        url, select(ProcessedEvent.state, ProcessedEvent.attempts).where(ProcessedEvent.event_id.like("click:%"))
    )
    assert clicks == [(EventState.HANDLED, 2)]  # taken back once by the second process
