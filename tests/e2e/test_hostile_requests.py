"""Hostile and malformed requests against the real HTTP app: always 4xx, never 500, and nothing written."""

from __future__ import annotations

import json
import logging
import socket
import time
import urllib.error
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from sqlalchemy import func, select

from bot.slack.request_guard import MAX_BODY_BYTES
from db.models import AuditEntry, OutboxMessage, ProcessedEvent
from tests.e2e.conftest import add_person

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def counts(database) -> tuple[int, int, int]:
    with database.session() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (ProcessedEvent, AuditEntry, OutboxMessage)
        )


def user(slack_id: str) -> dict[str, Any]:
    return {"id": slack_id, "username": "sam", "name": "sam", "team_id": "T0BACKOFF"}


def event_body(event: Any, **extra: Any) -> bytes:
    return json.dumps({"type": "event_callback", "event_id": "Ev0HOSTILE01", "event": event, **extra}).encode()


def interaction(payload: dict[str, Any]) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


def view_payload(slack_id: str, **view: Any) -> dict[str, Any]:
    base = {"id": "V1", "type": "modal", "callback_id": "leave.reject_reason", "private_metadata": "{}"}
    return {"type": "view_submission", "user": user(slack_id), "trigger_id": "1.2.3", "view": {**base, **view}}


def block_actions(slack_id: str, **fields: Any) -> dict[str, Any]:
    return {"type": "block_actions", "user": user(slack_id), "trigger_id": "1.2.3", **fields}


def command(slack_id: str, **fields: str) -> bytes:
    base = {"command": "/backoffice", "user_id": slack_id, "channel_id": "D0SAM", "text": "hi"}
    return urlencode({key: value for key, value in {**base, **fields}.items() if value != "<absent>"}).encode()


def malformed(slack_id: str) -> dict[str, tuple[bytes, str]]:
    """Every malformed signed payload from issue 16's findings (and a few more), as (body, content type)."""
    dm = {"type": "message", "channel_type": "im", "channel": "D0SAM", "user": slack_id, "text": "hi", "ts": "1.2"}
    return {
        "body is not JSON": (b"{not json", JSON),
        "body is a list": (b"[1, 2]", JSON),
        "body is not UTF-8": (b"\xff\xfe{}", JSON),
        "no type": (b'{"event": {}}', JSON),
        "event is a string": (event_body("message"), JSON),
        "event is a list": (event_body([dm]), JSON),
        "event without type": (event_body({"text": "hi"}), JSON),
        "event user is a list": (event_body({**dm, "user": [slack_id]}), JSON),
        "message without channel": (event_body({key: value for key, value in dm.items() if key != "channel"}), JSON),
        "event text is an object": (event_body({**dm, "text": {"a": 1}}), JSON),
        "event_id missing": (json.dumps({"type": "event_callback", "event": dm}).encode(), JSON),
        "event_id over 64 characters": (event_body(dm, event_id="Ev" + "X" * 80), JSON),
        "event_id a number": (event_body(dm, event_id=12), JSON),
        "url_verification without challenge": (b'{"type": "url_verification"}', JSON),
        "payload is not JSON": (urlencode({"payload": "{nope"}).encode(), FORM),
        "payload is a list": (urlencode({"payload": "[]"}).encode(), FORM),
        "actions missing": (interaction(block_actions(slack_id)), FORM),
        "actions a dict": (interaction(block_actions(slack_id, actions={"action_id": "x"})), FORM),
        "actions empty": (interaction(block_actions(slack_id, actions=[])), FORM),
        "action without action_id": (interaction(block_actions(slack_id, actions=[{"value": "1"}])), FORM),
        "action value a list": (interaction(block_actions(slack_id, actions=[{"action_id": "a", "value": []}])), FORM),
        "interaction without user": (interaction({"type": "block_actions", "actions": [{"action_id": "a"}]}), FORM),
        "user is a string": (interaction({**block_actions(slack_id, actions=[{"action_id": "a"}]), "user": "U"}), FORM),
        "container a list": (interaction(block_actions(slack_id, actions=[{"action_id": "a"}], container=[])), FORM),
        "view missing": (interaction({"type": "view_submission", "user": user(slack_id)}), FORM),
        "view without type": (interaction(view_payload(slack_id, type=None)), FORM),
        "view is a string": (interaction({"type": "view_submission", "user": user(slack_id), "view": "v"}), FORM),
        "state.values a list": (interaction(view_payload(slack_id, state={"values": []})), FORM),
        "state a string": (interaction(view_payload(slack_id, state="s")), FORM),
        "a state value a list": (interaction(view_payload(slack_id, state={"values": {"b": {"a": []}}})), FORM),
        "private metadata not JSON": (interaction(view_payload(slack_id, private_metadata="{oops")), FORM),
        "private metadata a list": (interaction(view_payload(slack_id, private_metadata="[1]")), FORM),
        "a 5 MB view": (interaction(view_payload(slack_id, blocks=[{"type": "divider"}] * 200_000)), FORM),
        "slash command without user_id": (command(slack_id, user_id="<absent>"), FORM),
        "slash command without channel_id": (command(slack_id, channel_id="<absent>"), FORM),
        "unknown content type": (b"hello", "text/plain"),
    }


def _status(slack, body: bytes, kind: str) -> int:
    """The answer's status; 413 when the app refused a big body before the client finished sending it."""
    try:
        return slack.post(body, kind)[0]
    except urllib.error.URLError as error:
        if len(body) > MAX_BODY_BYTES and isinstance(error.reason, (ConnectionResetError, BrokenPipeError)):
            return 413
        raise


@pytest.fixture
def sam(database, emulator):
    return add_person(database, emulator)


def test_every_malformed_signed_payload_gets_400_and_writes_nothing(slack, emulator, database, sam):
    calls_before = len(emulator.calls)
    before = counts(database)
    answers = {name: _status(slack, body, kind) for name, (body, kind) in malformed(sam.slack_id).items()}
    expected = {name: 413 if name == "a 5 MB view" else 400 for name in answers}
    assert answers == expected
    time.sleep(0.2)
    assert counts(database) == before
    assert emulator.calls[calls_before:] == []  # not even a users.info


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"X-Slack-Request-Timestamp": "yesterday"}, 401),
        ({"X-Slack-Request-Timestamp": "1e9"}, 401),
        ({"X-Slack-Request-Timestamp": "9" * 40}, 401),
        ({"X-Slack-Signature": "v0=00"}, 401),
        ({"X-Slack-Signature": "v0=\u00e9"}, 401),
    ],
)
def test_unsigned_or_badly_stamped_requests_get_401_and_write_nothing(slack, database, sam, headers, status):
    before = counts(database)
    body = b"{not even json"
    signed = slack.signed_headers(body)
    merged = {**signed, **headers}
    if not headers:
        merged = {}
    answer, _ = _raw_post(slack.app_url, body, {"Content-Type": JSON, **merged})
    assert answer == status
    assert counts(database) == before


def _raw_post(url: str, body: bytes, headers: dict[str, str], *, declared: int | None = None) -> tuple[int, bytes]:
    """POST with http.client-free sockets, so the Content-Length can lie and headers can hold any byte."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        lines = [f"POST {parts.path} HTTP/1.1", f"Host: {parts.hostname}", "Connection: close"]
        lines.append(f"Content-Length: {len(body) if declared is None else declared}")
        lines += [f"{name}: {value}" for name, value in headers.items()]
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status = int(answer.split(b" ", 2)[1])
    return status, answer


def test_a_huge_body_is_refused_before_it_is_read(slack, database, sam, caplog):
    """A client announcing 100 MB is answered 413 after its headers: the body is never sent, let alone held."""
    before = counts(database)
    with caplog.at_level(logging.INFO):
        status, _ = _raw_post(slack.app_url, b"x" * 1000, {"Content-Type": JSON}, declared=100_000_000)
    assert status == 413
    assert counts(database) == before
    refusals = [record for record in caplog.records if record.name == "bot.slack.asgi"]
    assert len(refusals) == 1 and "100000000 bytes" in refusals[0].getMessage()


def test_a_refused_request_is_logged_in_one_line_without_its_body(slack, database, sam, caplog):
    marker = "SECRET-BODY-MARKER-" + "y" * 50
    body = json.dumps({"type": "event_callback", "event": {"text": marker}}).encode()
    with caplog.at_level(logging.DEBUG):
        forged = slack.post(body, JSON, forge_signature=True)[0]
        stale = slack.post(body, JSON, timestamp=int(time.time()) - 3600)[0]
    assert (forged, stale) == (401, 401)
    logged = [record.getMessage() for record in caplog.records]
    assert not [line for line in logged if marker in line]
    refusals = [record for record in caplog.records if record.name == "bot.slack.asgi"]
    assert [record.getMessage().count("\n") for record in refusals] == [0, 0]


def test_a_forty_digit_button_value_is_a_stale_click_not_an_error(slack, emulator, database, sam):
    from slack_sdk import WebClient

    card = [
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Approve"},
                    "action_id": "leave.approve",
                    "value": "9" * 40,
                }
            ],
        }
    ]
    client = WebClient(token=emulator.bot_token, base_url=emulator.api_url)
    client.chat_postMessage(channel=emulator.dm_channel_for(sam.slack_id), text="card", blocks=card)
    status, _ = slack.click(sam.slack_id, "leave.approve")
    assert status == 200
    whisper = emulator.wait_for(lambda: emulator.ephemerals(sam.slack_id))
    assert "went wrong" not in whisper[-1]["text"]


def test_a_41000_character_slash_command_is_quoted_back_briefly(slack, emulator, database, sam):
    status, _ = slack.send_slash(sam.slack_id, "/backoffice", "please " * 6000)
    assert status == 200
    quoted = emulator.wait_for(
        lambda: [m for m in emulator.dm_messages(sam.slack_id) if m.get("bot_id") and m["text"].startswith(">")]
    )
    assert len(quoted[0]["text"]) < 400
