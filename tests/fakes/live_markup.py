"""Walk every Block Kit payload the app sent the emulator and find Slack markup that would act: mentions,
broadcasts, channel links or disguised links (``<!…>``, ``<@…>``, ``<#…>``, ``<url|…>``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

LIVE = re.compile(r"<(?:[!@#]|[a-z][a-z0-9+.-]*:[^>|]*\|)", re.IGNORECASE)
"""Markup Slack acts on in mrkdwn: ``<!channel>``, ``<@U1>``, ``<#C1>``, ``<https://x|label>``."""
SENDING_METHODS = frozenset(
    {"chat.postMessage", "chat.update", "chat.postEphemeral", "views.open", "views.push", "views.update",
     "views.publish", "response_url"}
)  # fmt: skip


def _decoded(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def mrkdwn_texts(value: Any) -> Iterator[str]:
    """Every text Slack reads as mrkdwn inside ``value`` (blocks or a view): mrkdwn text objects."""
    if isinstance(value, list):
        for item in value:
            yield from mrkdwn_texts(item)
    elif isinstance(value, dict):
        if value.get("type") == "mrkdwn" and isinstance(value.get("text"), str):
            yield value["text"]
        for key, item in value.items():
            if key != "private_metadata":
                yield from mrkdwn_texts(item)


def live_markup(calls: list[Any]) -> list[str]:
    """``method: text`` for each sent text holding markup Slack would act on."""
    found: list[str] = []
    for call in calls:
        if call.method not in SENDING_METHODS:
            continue
        params = call.params
        texts = [str(params["text"])] if isinstance(params.get("text"), str) else []
        for key in ("blocks", "view"):
            texts += list(mrkdwn_texts(_decoded(params.get(key))))
        found += [f"{call.method}: {text[:200]}" for text in texts if LIVE.search(text)]
    return found
