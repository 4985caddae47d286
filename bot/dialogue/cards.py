"""Block Kit for the dialogue, as plain data: the preview card with Confirm / Edit / Cancel, and the edit modal."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from skills.blocks import button
from skills.core import Blocks
from skills.forms import Form, Preview, Slot, SlotKind, Slots
from skills.i18n import translate

CONFIRM, EDIT, CANCEL = "dialogue.confirm", "dialogue.edit", "dialogue.cancel"
EDIT_VIEW = "dialogue.edit_view"
TEXT_LIMIT = 1000
"""The most characters a free-text slot keeps, typed or entered in the edit modal."""


def _button(lang: str, action: str, value: str, style: str | None = None) -> dict[str, Any]:
    return button(translate(lang, action), action, value, style)


def _preview_body(preview: Preview) -> Blocks:
    blocks: Blocks = [{"type": "header", "text": {"type": "plain_text", "text": preview.title[:150]}}]
    fields = [{"type": "mrkdwn", "text": f"*{label}*\n{value}"[:2000]} for label, value in preview.fields]
    for start in range(0, len(fields), 10):  # a section holds at most 10 fields
        blocks.append({"type": "section", "fields": fields[start : start + 10]})
    if preview.note:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": preview.note[:3000]}})
    return blocks + list(preview.extra_blocks)


def preview_card(lang: str, preview: Preview, conversation_id: int, version: int, notes: Sequence[str] = ()) -> Blocks:
    """The confirmation card: what will be written (with the dialogue's ``notes``, e.g. the dates it read), and the
    three buttons carrying the conversation's version."""
    value = f"{conversation_id}:{version}"
    said = [{"type": "context", "elements": [{"type": "mrkdwn", "text": " ".join(notes)[:3000]}]}] if notes else []
    return [
        *_preview_body(preview),
        *said,
        {"type": "context", "elements": [{"type": "mrkdwn", "text": translate(lang, "dialogue.preview_note")}]},
        {
            "type": "actions",
            "block_id": "dialogue.buttons",
            "elements": [
                _button(lang, CONFIRM, value, "primary"),
                _button(lang, EDIT, value),
                _button(lang, CANCEL, value, "danger"),
            ],
        },
    ]


def settled_card(preview: Preview, outcome: str) -> Blocks:
    """The card after Confirm or Cancel: the same content, no live buttons, and what happened."""
    return [*_preview_body(preview), {"type": "context", "elements": [{"type": "mrkdwn", "text": outcome}]}]


def preview_text(preview: Preview) -> str:
    """Plain-text fallback of a preview."""
    return "\n".join([preview.title, *(f"{label}: {value}" for label, value in preview.fields), preview.note]).strip()


def _input(block_id: str, label: str, element: dict[str, Any], optional: bool) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label[:2000]},
        "element": element,
        "optional": optional,
    }


def _datepicker(action_id: str, value: Any) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "datepicker", "action_id": action_id}
    if isinstance(value, str) and value:
        with contextlib.suppress(ValueError):
            element["initial_date"] = date.fromisoformat(value).isoformat()
    return element


def _text_input(action_id: str, value: Any, multiline: bool = False) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": action_id,
        "multiline": multiline,
        "max_length": TEXT_LIMIT,
    }
    if value not in (None, ""):
        element["initial_value"] = str(value)[:TEXT_LIMIT]
    return element


def modal_block_of(slot: Slot) -> str:
    """The block (and action) id of the edit modal's input for ``slot``: where an error about it is shown."""
    if slot.kind in (SlotKind.DATE_RANGE, SlotKind.DATE):
        return "start_date"
    if slot.kind is SlotKind.MONEY:
        return "amount"
    return slot.name


def edit_modal(lang: str, form: Form, slots: Slots, metadata: dict[str, Any]) -> dict[str, Any]:
    """A modal pre-filled with the slots gathered so far, one input per slot."""
    blocks: Blocks = []
    for slot in form.slots:
        label, optional = translate(lang, slot.label), not slot.required
        if slot.kind is SlotKind.DATE_RANGE:
            blocks.append(_input("start_date", label, _datepicker("start_date", slots.get("start_date")), optional))
            end_label = f"{label} →"
            blocks.append(_input("end_date", end_label, _datepicker("end_date", slots.get("end_date")), optional))
        elif slot.kind is SlotKind.DATE:
            blocks.append(_input("start_date", label, _datepicker("start_date", slots.get("start_date")), optional))
        elif slot.kind is SlotKind.MONEY:
            amount = f"{slots.get('amount', '')} {slots.get('currency', '')}".strip()
            blocks.append(_input("amount", label, _text_input("amount", amount), optional))
        elif slot.kind is SlotKind.CHOICE:
            options = [
                {"text": {"type": "plain_text", "text": translate(lang, f"{slot.label}.{choice}")}, "value": choice}
                for choice in slot.choices
            ]
            select: dict[str, Any] = {"type": "static_select", "action_id": slot.name, "options": options}
            chosen = next((o for o in options if o["value"] == slots.get(slot.name)), None)
            if chosen:
                select["initial_option"] = chosen
            blocks.append(_input(slot.name, label, select, optional))
        else:
            multiline = slot.kind is SlotKind.TEXT
            blocks.append(_input(slot.name, label, _text_input(slot.name, slots.get(slot.name), multiline), optional))
    return {
        "type": "modal",
        "callback_id": EDIT_VIEW,
        "title": {"type": "plain_text", "text": translate(lang, "dialogue.edit_title")[:24]},
        "submit": {"type": "plain_text", "text": translate(lang, "dialogue.save")[:24]},
        "close": {"type": "plain_text", "text": translate(lang, "dialogue.cancel")[:24]},
        "private_metadata": json.dumps(metadata)[:3000],
        "blocks": blocks,
    }


def modal_values(state: dict[str, Any]) -> dict[str, str]:
    """Flatten a view submission's ``state.values`` into ``{action_id: value}``."""
    values: dict[str, str] = {}
    for block in (state.get("values") or {}).values():
        for action_id, field in block.items():
            value = (
                field.get("value") or field.get("selected_date") or (field.get("selected_option") or {}).get("value")
            )
            if value is not None:
                values[action_id] = str(value)
    return values
