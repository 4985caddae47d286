"""What can be done under a card, said to whoever writes something there that no rule understood.

The answer is built from the card as it stands now (its live buttons, by their labels) and, when the skill that owns
the card's subject has one, its ``thread_hint.<entity type>`` message (the words its thread replies understand).
Nothing is changed: the message is only acknowledged, so nothing said under a card is silently dropped.
"""

from __future__ import annotations

from typing import Any

import bot.messages  # noqa: F401  (registers the texts)
from skills.core import Reply
from skills.i18n import message_keys, translate


def live_buttons(blocks: list[dict[str, Any]] | None) -> list[str]:
    """The labels of the buttons a card still offers."""
    labels: list[str] = []
    for block in blocks or []:
        elements = block.get("elements", []) if block.get("type") == "actions" else [block.get("accessory") or {}]
        labels += [str(e["text"].get("text", "")) for e in elements if e.get("type") == "button" and e.get("text")]
    return labels


def thread_hint(lang: str, entity_type: str, blocks: list[dict[str, Any]] | None) -> Reply:
    """The reply to a message under a card that nothing acted on: what can be done there, in ``lang``."""
    parts = [translate(lang, "bot.thread.not_understood")]
    buttons = live_buttons(blocks)
    if buttons:
        parts.append(translate(lang, "bot.thread.buttons", buttons=", ".join(buttons)))
        key = f"thread_hint.{entity_type}"
        if key in message_keys():
            parts.append(translate(lang, key))
    else:
        parts.append(translate(lang, "bot.thread.settled"))
    parts.append(translate(lang, "bot.thread.elsewhere"))
    return Reply(text=" ".join(parts), ephemeral=True)
