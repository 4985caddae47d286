"""Keep people's words from acting as Slack commands: ``<!channel>``, ``<@U…>`` or a disguised ``<url|label>``.

Slack reads such sequences in mrkdwn text (and in a message's top-level ``text``). The skills never send them on
purpose, but they quote what people wrote (a question in HR's channel, a rejection reason, HR's answer), so every
``<`` in those texts is sent as ``&lt;``, which Slack shows as ``<`` and never acts on.
"""

from __future__ import annotations

from typing import Any


def neutralise(text: str) -> str:
    """``text`` with every ``<`` escaped, so nothing in it can mention, notify or link."""
    return text.replace("<", "&lt;")


def neutralise_blocks(value: Any) -> Any:
    """A copy of Block Kit ``value`` with the text of every mrkdwn text object neutralised (plain text is inert)."""
    if isinstance(value, list):
        return [neutralise_blocks(item) for item in value]
    if isinstance(value, dict):
        copied = {key: neutralise_blocks(item) for key, item in value.items()}
        if copied.get("type") == "mrkdwn" and isinstance(copied.get("text"), str):
            copied["text"] = neutralise(copied["text"])
        return copied
    return value
