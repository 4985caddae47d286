"""Render Block Kit (the plain data our views build) as terminal text, collecting buttons as choices."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from skills.i18n import WORDS_CLOSE, WORDS_OPEN

_BOLD = re.compile(r"\*(\S[^*]*?)\*")
_WORDS = re.compile(f"{WORDS_OPEN}([^{WORDS_CLOSE}]*){WORDS_CLOSE}")


@dataclass(frozen=True)
class Choice:
    """A button a terminal user can pick by number."""

    label: str
    action_id: str
    value: str


def _text(obj: Any) -> str:
    if isinstance(obj, dict):
        return str(obj.get("text", ""))
    return ""


def plain(text: str) -> str:
    """Strip the mrkdwn emphasis a terminal cannot show (never from people's own words, shown as they wrote them)."""
    parts = _WORDS.split(text)  # odd items are people's words
    return "".join(part if index % 2 else _BOLD.sub(r"\1", part) for index, part in enumerate(parts))


def render_blocks(blocks: list[dict[str, Any]]) -> tuple[list[str], list[Choice]]:
    """The lines a person would read in these blocks, and the buttons they could press."""
    lines: list[str] = []
    choices: list[Choice] = []
    for block in blocks:
        kind = block.get("type")
        if kind in ("section", "header"):
            if block.get("text"):
                lines.append(plain(_text(block["text"])))
            fields = [plain(_text(field)).replace("\n", ": ") for field in block.get("fields", [])]
            if fields:
                lines.append(" · ".join(fields))
            accessory = block.get("accessory") or {}
            if accessory.get("type") == "button":
                choices.append(Choice(_text(accessory["text"]), accessory["action_id"], accessory.get("value", "")))
        elif kind == "context":
            lines.append("  " + " · ".join(plain(_text(element)) for element in block.get("elements", [])))
        elif kind == "divider":
            lines.append("  ---")
        elif kind == "actions":
            choices.extend(
                Choice(_text(element["text"]), element["action_id"], element.get("value", ""))
                for element in block.get("elements", [])
                if element.get("type") == "button"
            )
    return lines, choices
