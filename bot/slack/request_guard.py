"""The checks a request to ``/slack/events`` passes before Bolt sees it: size, signature, then shape.

Order matters: a body bigger than Slack ever sends is refused before it is read; the signature and timestamp are
checked on the raw bytes before anything parses them; only then is the body parsed, and a payload whose shape is
not Slack's (an event that is a list, ``actions`` missing, private metadata that is not JSON…) is refused with
400 before it can write anything. Every refusal is a :class:`Refused` with a status and a short reason that
never contains the body, so it can be logged in one line.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

MAX_BODY_BYTES = 1_000_000
"""Slack's largest payloads (a view submission with 100 inputs of 3,000 characters) stay well under this."""
MAX_SKEW_SECONDS = 5 * 60
"""Slack's own rule: a request signed more than five minutes ago (or ahead) is a replay."""
MAX_EVENT_ID = 64
"""``processed_events.event_id`` holds 64 characters; Slack's ids are about 12."""
VIEW_TYPES = frozenset({"view_submission", "view_closed"})


class Refused(Exception):
    """The request is answered ``status`` with nothing done; ``reason`` is safe to log (no body, no secret)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def check_length(headers: Mapping[str, str]) -> None:
    """Refuse (413) a request whose declared ``Content-Length`` is over the limit; 400 when it is not a number."""
    declared = headers.get("content-length")
    if declared is None:
        return
    if not declared.strip().isdigit():
        raise Refused(400, "malformed Content-Length")
    if int(declared) > MAX_BODY_BYTES:
        raise Refused(413, f"body of {int(declared)} bytes is over {MAX_BODY_BYTES}")


def verify_signature(headers: Mapping[str, str], body: bytes, signing_secret: str, now: float) -> None:
    """Refuse (401) a request not signed with ``signing_secret`` within five minutes of ``now``."""
    timestamp = headers.get("x-slack-request-timestamp")
    signature = headers.get("x-slack-signature")
    if not timestamp or not signature:
        raise Refused(401, "unsigned")
    if not timestamp.strip().isdigit() or len(timestamp) > 12:
        raise Refused(401, "malformed X-Slack-Request-Timestamp")
    if abs(now - int(timestamp)) > MAX_SKEW_SECONDS:
        raise Refused(401, "stale or future timestamp")
    base = b"v0:" + timestamp.strip().encode() + b":" + body
    expected = "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        raise Refused(401, "bad signature")


def parse_body(headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
    """The signed body as Slack's payload (JSON events, form-encoded commands and interactions), or ``Refused(400)``."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "body is not UTF-8") from None
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        parsed = _json(text, "body")
    elif content_type in ("application/x-www-form-urlencoded", ""):
        form = {key: values[-1] for key, values in parse_qs(text, keep_blank_values=True).items()}
        parsed = _json(form["payload"], "payload") if "payload" in form else form
    else:
        raise Refused(400, f"unsupported content type {content_type[:40]!r}")
    if not isinstance(parsed, dict):
        raise Refused(400, "payload is not an object")
    check_shape(parsed)
    return parsed


def _json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        raise Refused(400, f"{what} is not JSON") from None


def _need(condition: bool, reason: str) -> None:
    if not condition:
        raise Refused(400, reason)


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _optional(payload: Mapping[str, Any], key: str, kind: type) -> None:
    _need(payload.get(key) is None or isinstance(payload.get(key), kind), f"{key} is not a {kind.__name__}")


def check_shape(payload: dict[str, Any]) -> None:
    """Refuse (400) a parsed payload whose fields our listeners read are missing or of the wrong type."""
    if "command" in payload:
        _check_command(payload)
        return
    kind = payload.get("type")
    _need(_is_str(kind), "type missing")
    if kind == "url_verification":
        _need(_is_str(payload.get("challenge")), "challenge missing")
    elif kind == "event_callback":
        _check_event(payload)
    elif kind == "block_actions":
        _check_interaction(payload)
        _check_actions(payload.get("actions"))
    elif kind in VIEW_TYPES:
        _check_interaction(payload)
        _check_view(payload.get("view"))
    else:
        _check_interaction(payload)


def _check_command(payload: Mapping[str, Any]) -> None:
    for key in ("command", "user_id", "channel_id"):
        _need(_is_str(payload.get(key)) and bool(payload.get(key)), f"command without {key}")
    _optional(payload, "text", str)


def _check_event(payload: Mapping[str, Any]) -> None:
    event_id = payload.get("event_id")
    _need(isinstance(event_id, str) and 0 < len(event_id) <= MAX_EVENT_ID, "event_id missing or too long")
    event = payload.get("event")
    if not isinstance(event, dict):
        raise Refused(400, "event is not an object")
    _need(_is_str(event.get("type")), "event type missing")
    for key in ("user", "text", "channel", "ts", "thread_ts", "channel_type", "subtype", "tab", "bot_id"):
        _optional(event, key, str)
    for key in ("message", "previous_message", "item", "bot_profile"):
        _optional(event, key, dict)
    if event["type"] in ("message", "app_mention"):
        _need(_is_str(event.get("channel")), "message without channel")


def _check_interaction(payload: Mapping[str, Any]) -> None:
    user = payload.get("user")
    _need(isinstance(user, dict) and _is_str(user.get("id")), "user missing")
    for key in ("container", "message", "channel", "view"):
        _optional(payload, key, dict)
    _optional(payload, "trigger_id", str)
    for key in ("container", "message", "channel"):
        part = payload.get(key) or {}
        for field in ("channel_id", "message_ts", "thread_ts", "ts", "id"):
            _optional(part, field, str)


def _check_actions(actions: Any) -> None:
    _need(isinstance(actions, list) and bool(actions), "actions missing")
    for action in actions:
        _need(isinstance(action, dict) and _is_str(action.get("action_id")), "action without action_id")
        _optional(action, "value", str)
        _optional(action, "selected_option", dict)
        _optional(action.get("selected_option") or {}, "value", str)


def _check_view(view: Any) -> None:
    _need(isinstance(view, dict), "view missing")
    _need(_is_str(view.get("type")), "view type missing")
    _optional(view, "callback_id", str)
    metadata = view.get("private_metadata", "")
    _need(_is_str(metadata), "private_metadata is not a string")
    if metadata:
        _need(isinstance(_json(metadata, "private_metadata"), dict), "private_metadata is not an object")
    state = view.get("state", {})
    _need(isinstance(state, dict), "state is not an object")
    values = state.get("values", {})
    _need(isinstance(values, dict), "state.values is not an object")
    for block in values.values():
        _need(isinstance(block, dict), "a state block is not an object")
        _need(all(isinstance(element, dict) for element in block.values()), "a state value is not an object")
