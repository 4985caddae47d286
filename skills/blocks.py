"""Small Block Kit builders shared by the skills' views, as plain data; texts are capped under Slack's 3000."""

from __future__ import annotations

from typing import Any

MAX_TEXT = 2900  # Slack allows 3000 characters in a text object; keep a margin


def section_block(text: str) -> dict[str, Any]:
    """A section block with mrkdwn text."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:MAX_TEXT]}}


def context_block(text: str) -> dict[str, Any]:
    """A context block (small grey text) with mrkdwn text."""
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:MAX_TEXT]}]}


def button(label: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    """A button with Slack's limits applied (75 characters of label, 2000 of value); style is primary or danger."""
    built: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": label[:75]},
        "action_id": action_id,
        "value": value[:2000],
    }
    if style:
        built["style"] = style
    return built
