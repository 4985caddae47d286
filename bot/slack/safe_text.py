"""The one escaping function at the Slack edge: nothing a person wrote can mention, notify, link or pass for ours.

Slack reads ``<!channel>``, ``<@U…>``, ``<#C…>`` and ``<url|label>`` in mrkdwn text (and a message's top-level
``text``). The bot never sends such sequences on purpose, so every ``<`` (and every ``&`` that is not already an
entity) is escaped in every mrkdwn text that leaves the bot: messages, cards, modals and the Home tab alike.

People's own words are also *quoted*: the catalog (``skills.i18n.people_words``) wraps them in Unicode's isolate
marks (U+2068 … U+2069, invisible), and inside such a span this function also escapes ``>`` and swaps ``*``,
``_``, ``~`` and the backtick for look-alikes, so a reason written as ``*Approved by CEO*`` or ``> HR says`` reads
as the person's words, never as the bot's bold text or quote.
"""

from __future__ import annotations

import re
from typing import Any

from skills.i18n import WORDS_CLOSE, WORDS_OPEN

_BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt);)")
_WORDS = re.compile(f"{WORDS_OPEN}([^{WORDS_OPEN}{WORDS_CLOSE}]*){WORDS_CLOSE}")
_LOOK_ALIKES = str.maketrans({"*": "\u2217", "_": "\uff3f", "~": "\u223c", "`": "\u02cb", ">": "\u203a"})
"""Inside people's words: ∗ ＿ ∼ ˋ › instead of Slack's formatting characters."""


def _quoted(match: re.Match[str]) -> str:
    return WORDS_OPEN + match.group(1).translate(_LOOK_ALIKES) + WORDS_CLOSE


def neutralise(text: str) -> str:
    """``text`` as Slack mrkdwn that cannot mention, notify or link, with people's quoted words kept inert."""
    escaped = _BARE_AMPERSAND.sub("&amp;", text).replace("<", "&lt;")
    return _WORDS.sub(_quoted, escaped)


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


def neutralise_view(view: dict[str, Any]) -> dict[str, Any]:
    """A modal or Home tab view with every mrkdwn text neutralised (its private metadata untouched)."""
    return {key: (neutralise_blocks(item) if key == "blocks" else item) for key, item in view.items()}
