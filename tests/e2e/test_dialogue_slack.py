"""A write request through Slack: questions in the DM, the preview card, the Edit modal, Confirm updates the card."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from bot.runtime import build_runtime
from bot.settings import Settings
from db.engine import Database
from db.models import AuditEntry
from skills.common.time import FixedClock
from tests.e2e.conftest import SIGNING_SECRET, BotServer, add_person, running_server
from tests.fakes.slack_driver import SlackDriver
from tests.fakes.trip_skill import TRIP, KeywordRouter
from tests.pinned import NOW


@pytest.fixture(scope="module")
def trip_server(slack_settings: Settings, migrated_database: Database) -> Iterator[BotServer]:
    """The real transport with one extra write skill (the test trip form) and a keyword router."""
    runtime = build_runtime(slack_settings, router=KeywordRouter(), clock=FixedClock(NOW))
    runtime.registry.on_form(TRIP)
    with running_server(runtime) as server:
        yield server


@pytest.fixture
def trip_slack(trip_server, emulator, database) -> SlackDriver:
    return SlackDriver(f"{trip_server.url}/slack/events", SIGNING_SECRET, emulator)


def bot_messages(emulator, user_id: str) -> list[dict]:
    return [m for m in emulator.dm_messages(user_id) if m.get("bot_id")]


def next_bot_message(emulator, user_id: str, seen: int) -> dict:
    return emulator.wait_for(lambda: bot_messages(emulator, user_id)[seen:])[0]


def trips_written(database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).where(AuditEntry.action == "trip.requested")) or 0


def test_a_trip_is_asked_for_previewed_edited_and_confirmed_once(trip_slack, emulator, database):
    ana = add_person(database, emulator, "Ana Ruiz")
    script = [("I need a business trip", "Which dates?"), ("Dec 3-5", "What budget?"), ("120 euros", "What is it for?")]
    for seen, (text, question) in enumerate(script):
        trip_slack.send_dm(ana.slack_id, text)
        assert emulator.render_text(next_bot_message(emulator, ana.slack_id, seen)).startswith(question)
    trip_slack.send_dm(ana.slack_id, "client visit")
    next_bot_message(emulator, ana.slack_id, 3)
    trip_slack.send_dm(ana.slack_id, "train")
    card = next_bot_message(emulator, ana.slack_id, 4)
    assert "[Confirm]" in emulator.render_text(card) and "120 EUR" in emulator.render_text(card)
    assert trips_written(database) == 0

    trip_slack.click(ana.slack_id, "dialogue.edit", message=card)
    opened = emulator.wait_for(lambda: [v for v in emulator.views.values() if v["user"] == ana.slack_id])
    view = opened[0]["view"]
    assert json.loads(view["private_metadata"])["channel"] == emulator.dm_channel_for(ana.slack_id)
    status, body = trip_slack.submit_view(ana.slack_id, view, {"amount": "not money"})
    assert status == 200 and json.loads(body)["response_action"] == "errors"
    status, _ = trip_slack.submit_view(ana.slack_id, view, {"amount": "99.50 EUR"})
    assert status == 200
    new_card = next_bot_message(emulator, ana.slack_id, 5)
    assert "99.50 EUR" in emulator.render_text(new_card)

    trip_slack.click(ana.slack_id, "dialogue.confirm", message=card)  # the old card is out of date
    whisper = emulator.wait_for(lambda: emulator.ephemerals(ana.slack_id))
    assert "out of date" in whisper[-1]["text"]
    trip_slack.click(ana.slack_id, "dialogue.confirm", message=new_card)
    booked = emulator.wait_for(lambda: [m for m in bot_messages(emulator, ana.slack_id) if m["text"] == "Trip booked."])
    assert booked
    confirmed_card = next(m for m in emulator.dm_messages(ana.slack_id) if m["ts"] == new_card["ts"])
    assert "[Confirm]" not in emulator.render_text(confirmed_card) and "Confirmed" in emulator.render_text(
        confirmed_card
    )
    assert trips_written(database) == 1
