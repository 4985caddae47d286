"""Issue 11 through Slack, with the real router: a reply under a card that nothing understands gets what can be
done there, and the card's buttons answer in the card's language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.runtime import build_runtime
from bot.settings import Settings
from db.engine import Database
from skills.common.time import FixedClock
from tests.e2e.conftest import SIGNING_SECRET, BotServer, running_server, wait_until_recorded
from tests.e2e.test_leave_slack import staff, wait_for_text
from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_emulator import SlackEmulator
from tests.pinned import NOW


@pytest.fixture(scope="module")
def cases_server(slack_settings: Settings, migrated_database: Database) -> Iterator[BotServer]:
    runtime = build_runtime(slack_settings, clock=FixedClock(NOW))
    with running_server(runtime) as server:
        yield server


@pytest.fixture
def slack(cases_server: BotServer, emulator: SlackEmulator, database: Database) -> SlackDriver:
    return SlackDriver(f"{cases_server.url}/slack/events", SIGNING_SECRET, emulator)


def test_a_reply_under_the_approval_card_nothing_understands_gets_its_options(slack, emulator, database):
    ana, maria = staff(database, emulator)
    slack.send_dm(ana.slack_id, "I need vacation Dec 14-16")
    card = wait_for_text(emulator, ana.slack_id, "[Confirm]")
    slack.click(ana.slack_id, "dialogue.confirm", message=card)
    approval = wait_for_text(emulator, maria.slack_id, "[Approve]")
    shown = len(emulator.ephemerals(maria.slack_id))  # the emulator serves the whole session: wait for a new one
    wait_until_recorded(emulator, database, approval)  # the hint is the card's: its thread must be known as the card's
    slack.send_dm(maria.slack_id, "I'll check with the team first", thread_ts=approval["ts"])
    [hint] = emulator.wait_for(lambda: emulator.ephemerals(maria.slack_id)[shown:][-1:], timeout=30)
    assert hint["text"].startswith("I didn't act on that, and nothing was changed.")
    assert "Approve, Reject" in hint["text"] and hint.get("thread_ts") == approval["ts"]


def test_the_cancel_button_of_a_spanish_conversation_answers_in_spanish(slack, emulator, database):
    ana, _ = staff(database, emulator)  # her Slack locale is English
    slack.send_dm(ana.slack_id, "quiero vacaciones del 14 al 16 de diciembre")
    card = wait_for_text(emulator, ana.slack_id, "[Cancelar]")
    slack.click(ana.slack_id, "dialogue.cancel", message=card)
    wait_for_text(emulator, ana.slack_id, "Cancelado. No se ha cambiado nada.")
