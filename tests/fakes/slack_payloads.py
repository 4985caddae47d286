"""Pieces of Slack's request payloads: the signature, a typed message's rich_text, and element selections."""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from typing import Any

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
SELECTED_OPTION = {"static_select", "external_select", "overflow", "radio_buttons"}
SELECTED_OPTIONS = {"multi_static_select", "multi_external_select", "checkboxes"}
SELECTED_SCALAR = {
    "datepicker": "selected_date",
    "timepicker": "selected_time",
    "datetimepicker": "selected_date_time",
    "users_select": "selected_user",
    "multi_users_select": "selected_users",
    "conversations_select": "selected_conversation",
    "multi_conversations_select": "selected_conversations",
    "channels_select": "selected_channel",
    "multi_channels_select": "selected_channels",
}


def sign(signing_secret: str, timestamp: int, body: bytes) -> str:
    """Slack's request signature: "v0=" + HMAC-SHA256(secret, "v0:{timestamp}:{body}")."""
    base = f"v0:{timestamp}:".encode() + body
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


def rich_text(text: str) -> dict[str, Any]:
    """The rich_text block Slack attaches to a typed message (mentions become user elements)."""
    elements: list[dict[str, Any]] = []
    position = 0
    for match in MENTION.finditer(text):
        if match.start() > position:
            elements.append({"type": "text", "text": text[position : match.start()]})
        elements.append({"type": "user", "user_id": match.group(1)})
        position = match.end()
    if position < len(text):
        elements.append({"type": "text", "text": text[position:]})
    return {
        "type": "rich_text",
        "block_id": uuid.uuid4().hex[:5],
        "elements": [{"type": "rich_text_section", "elements": elements}],
    }


def element_in(blocks: Any, action_id: str) -> tuple[str, dict[str, Any]] | None:
    """(block_id, element) of the interactive element with this action_id."""
    for block in blocks or []:
        candidates = [*block.get("elements", []), block.get("accessory"), block.get("element")]
        for element in candidates:
            if isinstance(element, dict) and element.get("action_id") == action_id:
                return str(block.get("block_id", "")), element
    return None


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    groups = element.get("option_groups") or []
    return [*element.get("options", []), *(o for g in groups for o in g.get("options", []))]


def selection(element: dict[str, Any], value: Any) -> dict[str, Any]:
    """What Slack reports for an element set to `value` (a state value, or the selection part of an action)."""
    kind = str(element.get("type"))
    if isinstance(value, dict) and "type" in value:
        return value
    state: dict[str, Any] = {"type": kind}
    by_value = {o.get("value"): o for o in _options(element)}
    if kind in SELECTED_OPTION:
        if value is not None and value not in by_value:
            raise ValueError(f"{value!r} is not an option of {element.get('action_id')!r}")
        state["selected_option"] = by_value.get(value)
    elif kind in SELECTED_OPTIONS:
        wanted = value if isinstance(value, list) else [] if value is None else [value]
        unknown = [v for v in wanted if v not in by_value]
        if unknown:
            raise ValueError(f"{unknown!r} are not options of {element.get('action_id')!r}")
        state["selected_options"] = [by_value[v] for v in wanted]
    elif kind in SELECTED_SCALAR:
        state[SELECTED_SCALAR[kind]] = value
    else:
        state["value"] = value
    return state
