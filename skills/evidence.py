"""Writes need evidence: a write intent that acts straight from its answer (a menu whose buttons write, not a form
with its own preview and Confirm) is asked about first when the router is below the write threshold.

"Do you want *cancelling leave*?" with Yes / No; Yes carries the intent and the words, so the answer is the one the
message would have had (a form's starts with its preview); No changes nothing. A skill's fallback asks the same way
about a message the router left out ("the boiler has a problem": "Do you want to report a problem with Boiler?").
"""

from __future__ import annotations

import json
from typing import Any

from skills.blocks import button
from skills.core import Blocks, Reply
from skills.i18n import add_messages, translate

add_messages(
    {
        "dialogue.intent_check": {
            "en": "I'm not sure I understood. Do you want *{intent}*?",
            "es": "No estoy seguro de haberte entendido. ¿Quieres *{intent}*?",
        },
        "dialogue.intent_yes": {"en": "Yes", "es": "Sí"},
        "dialogue.intent_no": {"en": "No", "es": "No"},
    }
)

YES, NO = "dialogue.intent_yes", "dialogue.intent_no"
MAX_VALUE = 1900
"""Characters of a button value Slack accepts (2,000), less the JSON around the words."""


def _button(lang: str, action: str, value: str, style: str | None = None) -> dict[str, Any]:
    return button(translate(lang, action), action, value, style)


def ask_first(lang: str, intent: str, text: str, question: str | None = None) -> Reply:
    """The question that stands between an unsure write and its answer (``question`` words it, else "Do you want
    *the intent*?")."""
    question = question or translate(lang, "dialogue.intent_check", intent=translate(lang, f"intent.{intent}"))
    value = json.dumps({"intent": intent, "text": text[:MAX_VALUE]}, ensure_ascii=False)
    blocks: Blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": question}},
        {
            "type": "actions",
            "block_id": "dialogue.intent_check",
            "elements": [_button(lang, YES, value, "primary"), _button(lang, NO, "no")],
        },
    ]
    return Reply(text=question, blocks=blocks)


def confirmed(value: str) -> tuple[str, str] | None:
    """The intent and words a Yes carries, or None when the value is not one of ours."""
    try:
        found = json.loads(value)
        return str(found["intent"]), str(found["text"])
    except (ValueError, KeyError, TypeError):
        return None
