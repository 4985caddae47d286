"""``backoffice serve --socket`` end to end: Socket Mode envelopes in, acks back, emulated Web API calls out."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import SecretStr
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from bot.runtime import build_runtime
from bot.server import start_outbox_worker
from bot.settings import Settings, secret
from bot.slack.serving import build_slack_app
from db.engine import Database
from skills.common.time import FixedClock
from tests.e2e.conftest import add_person
from tests.fakes.slack_emulator import SlackEmulator
from tests.fakes.socket_mode import SocketModeDriver, SocketModeServer
from tests.pinned import NOW


@dataclass
class SocketBot:
    """The app connected over Socket Mode, the endpoint it is connected to, and a driver pushing envelopes."""

    handler: SocketModeHandler
    server: SocketModeServer
    slack: SocketModeDriver


@contextmanager
def socket_mode_bot(settings: Settings, emulator: SlackEmulator) -> Iterator[SocketBot]:
    """``serve --socket``'s assembly in this process: runtime, outbox worker, Bolt app, SocketModeHandler."""
    runtime = build_runtime(settings, clock=FixedClock(NOW))
    stop = threading.Event()
    worker = start_outbox_worker(runtime, stop)
    app = build_slack_app(runtime, worker, socket_mode=True)
    try:
        with SocketModeServer(emulator) as server:
            handler = SocketModeHandler(app, secret(settings.slack_app_token))  # its WebClient is app.client
            try:
                handler.connect()
                server.wait_connected()
                yield SocketBot(handler, server, SocketModeDriver(server, emulator))
            finally:
                handler.close()
    finally:
        app.listener_runner.listener_executor.shutdown()  # Bolt's own pool, which nothing else shuts down
        stop.set()
        worker.kick()
        runtime.database.dispose()


@pytest.fixture(scope="module")
def socket_settings(slack_settings: Settings, emulator: SlackEmulator) -> Settings:
    """The e2e settings with what Socket Mode needs: an app-level token, and no signing secret."""
    update = {"slack_app_token": SecretStr(emulator.app_token), "slack_signing_secret": None}
    return slack_settings.model_copy(update=update)


@pytest.fixture(scope="module")
def socket_bot(socket_settings: Settings, emulator: SlackEmulator, migrated_database: Database) -> Iterator[SocketBot]:
    """The app in Socket Mode, connected once for this module (closing takes slack_sdk about a second)."""
    with socket_mode_bot(socket_settings, emulator) as connected:
        yield connected


@pytest.fixture
def bot(socket_bot: SocketBot, database: Database) -> SocketBot:
    """The connected app for one test (the database is emptied after it)."""
    return socket_bot


def bot_replies(emulator: SlackEmulator, user_id: str) -> list[dict[str, Any]]:
    return [m for m in emulator.dm_messages(user_id) if m.get("bot_id")]


def test_the_app_opens_its_connection_with_the_app_token(bot: SocketBot, emulator: SlackEmulator) -> None:
    opened = [call for call in emulator.calls if call.method == "apps.connections.open"]
    assert opened and opened[-1].response["ok"] is True
    assert opened[-1].response["url"].startswith("ws://127.0.0.1:")
    assert bot.server.connections == 1


def test_a_dm_hi_is_acked_and_answered_in_that_dm(bot: SocketBot, emulator: SlackEmulator, database: Database) -> None:
    sam = add_person(database, emulator, "Sam Carter")
    status, body, _ = bot.slack.send_dm(sam.slack_id, "hi")
    envelope_id = bot.slack.last_envelope_id
    assert (status, body) == (200, "")
    assert bot.server.ack_for(envelope_id) == {"envelope_id": envelope_id}
    reply = emulator.wait_for(lambda: bot_replies(emulator, sam.slack_id))[0]
    assert "Hi Sam" in emulator.render_text(reply)


def test_a_retried_envelope_is_handled_once(bot: SocketBot, emulator: SlackEmulator, database: Database) -> None:
    sam = add_person(database, emulator)
    _, _, event_id = bot.slack.send_dm(sam.slack_id, "hi")
    emulator.wait_for(lambda: bot_replies(emulator, sam.slack_id))
    for attempt in (1, 2):
        status, _, _ = bot.slack.send_dm(sam.slack_id, "hi", event_id=event_id, retry_num=attempt)
        envelope = bot.server.envelopes[-1]
        assert status == 200 and envelope["payload"]["event_id"] == event_id
        assert (envelope["retry_attempt"], envelope["retry_reason"]) == (attempt, "http_timeout")
    bot.slack.send_dm(sam.slack_id, "help")  # a sentinel: once it is answered, the retries were handled too
    emulator.wait_for(lambda: len(bot_replies(emulator, sam.slack_id)) >= 2)
    time.sleep(0.2)
    assert len(bot_replies(emulator, sam.slack_id)) == 2
    assert len(bot.server.acks) == len(bot.server.envelopes)


def test_the_slash_command_help_comes_back_in_the_ack(
    bot: SocketBot, emulator: SlackEmulator, database: Database
) -> None:
    sam = add_person(database, emulator)
    bot.slack.send_slash(sam.slack_id, "/backoffice", "help")
    envelope = bot.server.envelopes[-1]
    assert envelope["type"] == "slash_commands" and envelope["accepts_response_payload"] is True
    ack = bot.server.ack_for(envelope["envelope_id"])
    assert ack is not None and "Hi Sam" in ack["payload"]["text"]
    assert bot_replies(emulator, sam.slack_id) == []


def test_a_click_on_a_stale_button_is_acked_and_answered_privately(
    bot: SocketBot, emulator: SlackEmulator, database: Database
) -> None:
    sam = add_person(database, emulator)
    button = {"type": "button", "action_id": "retired.action", "text": {"type": "plain_text", "text": "Old"}}
    old_card = [{"type": "actions", "block_id": "old", "elements": [button]}]
    WebClient(token=emulator.bot_token, base_url=emulator.api_url).chat_postMessage(
        channel=sam.slack_id, text="an old card", blocks=old_card
    )
    status, body = bot.slack.click(sam.slack_id, "retired.action")
    envelope = bot.server.envelopes[-1]
    assert (status, body) == (200, "")
    assert envelope["type"] == "interactive" and envelope["payload"]["type"] == "block_actions"
    assert bot.server.ack_for(envelope["envelope_id"]) == {"envelope_id": envelope["envelope_id"]}
    whisper = emulator.wait_for(lambda: emulator.ephemerals(sam.slack_id))
    assert whisper[-1]["text"] == "That button no longer does anything."


def test_closing_the_handler_stops_its_threads_quietly(
    socket_settings: Settings, emulator: SlackEmulator, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    before = set(threading.enumerate())
    caplog.set_level(logging.INFO)
    with socket_mode_bot(socket_settings, emulator) as connected:
        sam = add_person(database, emulator)
        connected.slack.send_dm(sam.slack_id, "hi")
        emulator.wait_for(lambda: bot_replies(emulator, sam.slack_id))
        assert connected.server.connections == 1
    assert connected.server.connections == 0
    deadline = time.monotonic() + 5
    while (left := [t for t in threading.enumerate() if t not in before]) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert left == []
    loud = [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.WARNING]
    assert loud == []


def test_apps_connections_open_takes_only_a_known_app_token() -> None:
    with SlackEmulator() as slack:

        def error(token: str, method: str = "apps.connections.open") -> str:
            client = WebClient(token=token, base_url=slack.api_url)
            with pytest.raises(SlackApiError) as failure:
                client.api_call(method)
            return str(failure.value.response["error"])

        assert error(slack.bot_token) == "not_allowed_token_type"
        assert error("xapp-1-unknown") == "invalid_auth"
        assert error(slack.app_token, "chat.postMessage") == "not_allowed_token_type"
        assert error(slack.app_token) == "emulator_not_implemented"  # no Socket Mode endpoint attached
        assert error(slack.app_token, "apps.connections.openn") == "unknown_method"
        with SocketModeServer(slack) as server:
            url = WebClient(base_url=slack.api_url).apps_connections_open(app_token=slack.app_token)["url"]
            assert url.split("?")[0] == server.new_url().split("?")[0]
            with connect(url) as socket:
                hello = json.loads(socket.recv(timeout=2))
            assert hello["type"] == "hello" and hello["connection_info"] == {"app_id": slack.app_id}
            with pytest.raises(InvalidStatus):
                connect(url.split("?")[0] + "?ticket=forged")
