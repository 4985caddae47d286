"""An acknowledged event is never lost: the process handling it is killed (SIGKILL) while ``users.info`` hangs,
and another ``serve`` on the same database takes the event back when its lease runs out and answers it once.

Real processes, as an operator runs them (``tests/e2e/install.py``); the Slack emulator plays Slack. Slack itself
would not help here: it had its 200 and never delivers the event again.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from db.models import EventState, ProcessedEvent
from tests.e2e.conftest import SIGNING_SECRET
from tests.e2e.install import fresh_install, import_csv, serving
from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_emulator import SlackEmulator

PEOPLE = """slack_id,email,name,manager_email,department,roles,locale,timezone,country
,kim@inbox.example,Kim Park,,Operations,,en-US,America/New_York,US
"""
KIM = "U0KIM0001"
LEASE_SECONDS = "3"
"""Short, so the second process takes the event back in seconds; production waits a minute."""


def event_row(url: str, event_id: str) -> ProcessedEvent | None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            row = connection.execute(select(ProcessedEvent).where(ProcessedEvent.event_id == event_id)).first()
            return None if row is None else ProcessedEvent(**row._mapping)
    finally:
        engine.dispose()


def is_handled(url: str, event_id: str) -> bool:
    row = event_row(url, event_id)
    return row is not None and row.state == EventState.HANDLED


@pytest.mark.e2e
def test_an_event_whose_process_was_killed_mid_handling_is_answered_once_by_another(
    tmp_path: Path, emulator: SlackEmulator
):
    emulator.add_user(KIM, "kim@inbox.example", "Kim Park", locale="en-US")
    with fresh_install(tmp_path, emulator, EVENT_LEASE_SECONDS=LEASE_SECONDS, OUTBOX_POLL_SECONDS="0.5") as env:
        import_csv(env, tmp_path, "employees", PEOPLE, "1 created")
        emulator.accept_then_fail("users.info", how="hang", times=1, hang_seconds=15)
        with serving(env) as first:
            slack = SlackDriver(first["EVENTS_URL"], SIGNING_SECRET, emulator)
            looked_up = len(emulator.calls_to("users.info"))  # the emulator serves the whole session: count ours
            status, _, event_id = slack.send_dm(KIM, "help")
            assert status == 200  # acknowledged: Slack will not send it again
            emulator.wait_for(lambda: len(emulator.calls_to("users.info")) > looked_up, timeout=30)  # hanging now
            os.kill(int(first["SERVER_PID"]), signal.SIGKILL)
        recorded = event_row(env["DATABASE_URL"], event_id)
        assert recorded is not None and recorded.state == EventState.RECEIVED and recorded.body
        assert not [m for m in emulator.dm_messages(KIM) if m.get("bot_id")]
        with serving(env):
            answered = emulator.wait_for(lambda: [m for m in emulator.dm_messages(KIM) if m.get("bot_id")], timeout=60)
            assert "Hi Kim" in emulator.render_text(answered[0])
            emulator.wait_for(lambda: is_handled(env["DATABASE_URL"], event_id), timeout=30)
        replies = [m for m in emulator.dm_messages(KIM) if m.get("bot_id")]
        assert len(replies) == 1
        settled = event_row(env["DATABASE_URL"], event_id)
        assert settled is not None and settled.attempts == 2 and settled.body is None
