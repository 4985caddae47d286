"""Block Kit checks as Slack applies them (slack_sdk's models plus the documented limits), and a text rendering."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

from slack_sdk.models.basic_objects import JsonObject
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_TEXT_LENGTH = 3000
MAX_ACTION_ID_LENGTH = 255
MAX_VIEW_TITLE_LENGTH = 24
TEXT_OBJECT_TYPES = ("plain_text", "mrkdwn")
# Keys whose value, when it is a typed object, must be a text object.
TEXT_OBJECT_KEYS = {"text", "title", "label", "placeholder", "hint", "submit", "close", "fields", "description"}
# Keys whose text object Slack accepts only as plain_text.
PLAIN_TEXT_ONLY_KEYS = {"title", "label", "placeholder", "hint", "submit", "close", "confirm", "deny"}


def _known_block_types() -> frozenset[str]:
    found: set[str] = set()
    pending = list(Block.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        kind = cls.__dict__.get("type")
        if isinstance(kind, str):
            found.add(kind)
    return frozenset(found)


KNOWN_BLOCK_TYPES = _known_block_types()


def parse_json_param(value: Any, name: str) -> tuple[Any, list[str]]:
    """Decode a parameter that may arrive as a JSON string (form body) or as a value (JSON body)."""
    if not isinstance(value, str):
        return value, []
    try:
        return json.loads(value), []
    except ValueError:
        return None, [f"{name} is not valid JSON [json-pointer:/{name}]"]


def check_blocks(blocks: Any, *, limit: int = MAX_MESSAGE_BLOCKS, pointer: str = "/blocks") -> list[str]:
    """Human-readable reasons why Slack would answer `invalid_blocks`; empty when the blocks are valid."""
    if not isinstance(blocks, list):
        return [f"must be an array [json-pointer:{pointer}]"]
    errors: list[str] = []
    if len(blocks) > limit:
        errors.append(f"no more than {limit} items allowed, got {len(blocks)} [json-pointer:{pointer}]")
    seen_block_ids: set[str] = set()
    for index, block in enumerate(blocks):
        where = f"{pointer}/{index}"
        if not isinstance(block, dict):
            errors.append(f"a block must be an object [json-pointer:{where}]")
            continue
        kind = block.get("type")
        if kind not in KNOWN_BLOCK_TYPES:
            errors.append(f"unknown block type {kind!r} [json-pointer:{where}/type]")
            continue
        block_id = block.get("block_id")
        if isinstance(block_id, str):
            if block_id in seen_block_ids:
                errors.append(f"duplicate block_id {block_id!r} [json-pointer:{where}/block_id]")
            seen_block_ids.add(block_id)
        errors.extend(_limit_errors(block, where))
        errors.extend(_duplicate_action_ids(block, where))
        errors.extend(_sdk_errors(block, where))
    return errors


def check_view(view: Any) -> list[str]:
    """Reasons why Slack would reject this modal or Home tab view; empty when it is valid."""
    view, errors = parse_json_param(view, "view")
    if errors:
        return errors
    if not isinstance(view, dict):
        return ["view must be a JSON object [json-pointer:/view]"]
    kind = view.get("type")
    if kind not in ("modal", "home"):
        errors.append(f"type must be 'modal' or 'home', got {kind!r} [json-pointer:/view/type]")
    blocks = view.get("blocks")
    if blocks is None:
        errors.append("missing required field: blocks [json-pointer:/view]")
    else:
        errors.extend(check_blocks(blocks, limit=MAX_VIEW_BLOCKS, pointer="/view/blocks"))
    if kind == "modal":
        if not view.get("title"):
            errors.append("missing required field: title [json-pointer:/view]")
        for key in ("title", "submit", "close"):
            errors.extend(_view_label_errors(view.get(key), f"/view/{key}"))
        has_inputs = isinstance(blocks, list) and any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
        if has_inputs and not view.get("submit"):
            errors.append("a modal with input blocks needs a submit button [json-pointer:/view/submit]")
    if kind == "home":
        errors.extend(
            f"home views cannot have {key} [json-pointer:/view/{key}]" for key in ("submit", "close") if view.get(key)
        )
    try:
        model = View(**{k: copy.deepcopy(v) for k, v in view.items() if k != "blocks"})
        model.blocks = None  # type: ignore[assignment]  # checked above, with precise pointers
        model.validate_json()
    except Exception as exc:  # slack_sdk raises assorted errors on malformed input
        errors.append(f"{exc} [json-pointer:/view]")
    return errors


def _view_label_errors(label: Any, pointer: str) -> list[str]:
    if label is None:
        return []
    if not isinstance(label, dict) or label.get("type") != "plain_text":
        return [f"must be a plain_text object [json-pointer:{pointer}]"]
    text = label.get("text")
    if not isinstance(text, str) or not 1 <= len(text) <= MAX_VIEW_TITLE_LENGTH:
        return [f"must be 1 to {MAX_VIEW_TITLE_LENGTH} characters [json-pointer:{pointer}/text]"]
    return []


def _limit_errors(node: Any, pointer: str, parent_key: str = "") -> Iterator[str]:
    """Slack's documented limits, checked on the raw JSON (slack_sdk does not check them all)."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _limit_errors(item, f"{pointer}/{index}", parent_key)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if kind in TEXT_OBJECT_TYPES:
        text = node.get("text")
        if not isinstance(text, str) or not text:
            yield f"text must be a non-empty string [json-pointer:{pointer}/text]"
        elif len(text) > MAX_TEXT_LENGTH:
            yield f"must be less than {MAX_TEXT_LENGTH + 1} characters [json-pointer:{pointer}/text]"
    elif parent_key in TEXT_OBJECT_KEYS and isinstance(kind, str):
        yield f"must be a text object (plain_text or mrkdwn), got {kind!r} [json-pointer:{pointer}]"
    if parent_key in PLAIN_TEXT_ONLY_KEYS and kind == "mrkdwn":
        yield f"must be plain_text [json-pointer:{pointer}]"
    text_object = node.get("text")
    if kind in ("button", "header") and isinstance(text_object, dict) and text_object.get("type") != "plain_text":
        yield f"{kind} text must be plain_text [json-pointer:{pointer}/text]"
    if "action_id" in node:
        action_id = node["action_id"]
        if not isinstance(action_id, str) or len(action_id) > MAX_ACTION_ID_LENGTH:
            yield f"action_id must be a string of at most {MAX_ACTION_ID_LENGTH} characters [json-pointer:{pointer}/action_id]"
    for key, value in node.items():
        yield from _limit_errors(value, f"{pointer}/{key}", key)


def _action_ids(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("action_id"), str):
            yield node["action_id"]
        for value in node.values():
            yield from _action_ids(value)
    elif isinstance(node, list):
        for item in node:
            yield from _action_ids(item)


def _duplicate_action_ids(block: dict[str, Any], pointer: str) -> list[str]:
    seen: set[str] = set()
    errors = []
    for action_id in _action_ids(block):
        if action_id in seen:
            errors.append(f"duplicate action_id {action_id!r} in one block [json-pointer:{pointer}]")
        seen.add(action_id)
    return errors


def _sdk_errors(block: dict[str, Any], pointer: str) -> list[str]:
    """Parse with slack_sdk's models, run every validator in the tree, and report fields the models dropped."""
    try:
        parsed = Block.parse(copy.deepcopy(block))
        if parsed is None:
            return [f"unsupported block [json-pointer:{pointer}]"]
        _validate_tree(parsed)
        dumped = parsed.to_dict()
    except Exception as exc:  # slack_sdk raises TypeError, SlackObjectFormationError, KeyError, ...
        return [f"{exc} [json-pointer:{pointer}]"]
    return [f"{reason} [json-pointer:{pointer}{where}]" for where, reason in _ignored_fields(block, dumped, "")]


def _validate_tree(node: object) -> None:
    if isinstance(node, JsonObject):
        node.validate_json()
        for name in sorted(node.attributes):
            _validate_tree(getattr(node, name, None))
    elif isinstance(node, list | tuple):
        for item in node:
            _validate_tree(item)


def _ignored_fields(source: Any, dumped: Any, pointer: str) -> Iterator[tuple[str, str]]:
    """Fields of the input that slack_sdk's models did not keep: unknown fields or unknown element types."""
    if isinstance(source, dict) and isinstance(dumped, dict):
        for key, value in source.items():
            if value is None or value in ("", [], {}):
                continue
            if key not in dumped and isinstance(value, dict) and "type" in value:
                yield f"{pointer}/{key}", f"unknown field {key!r}, or unsupported type {value['type']!r}"
            elif key not in dumped:
                yield f"{pointer}/{key}", f"unknown field {key!r}"
            else:
                yield from _ignored_fields(value, dumped[key], f"{pointer}/{key}")
    elif isinstance(source, list) and isinstance(dumped, list):
        for index, item in enumerate(source):
            if index >= len(dumped) or (dumped[index] is None and item is not None):
                kind = item.get("type") if isinstance(item, dict) else item
                yield f"{pointer}/{index}", f"unsupported element {kind!r}"
            else:
                yield from _ignored_fields(item, dumped[index], f"{pointer}/{index}")


# ---- rendering ------------------------------------------------------------------------------------------


def render_blocks(blocks: Any, fallback: str = "") -> str:
    """A plain-text picture of blocks: texts, fields, `[Button]`s, `[Choice ▾]` menus; `fallback` without blocks."""
    if not isinstance(blocks, list) or not blocks:
        return fallback
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, dict):
            lines.extend(line for line in _render_block(block) if line)
    return "\n".join(lines)


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("text", ""))
    return value if isinstance(value, str) else ""


def _render_element(element: Any) -> str:
    if not isinstance(element, dict):
        return ""
    kind = str(element.get("type", ""))
    if kind in TEXT_OBJECT_TYPES:
        return _text(element)
    if kind == "button":
        return f"[{_text(element.get('text'))}]"
    if kind == "image":
        return f"[image: {element.get('alt_text', '')}]"
    if kind.endswith("select") or kind == "overflow":
        chosen = element.get("initial_option") or {}
        label = _text(chosen.get("text")) or _text(element.get("placeholder")) or "…"
        return f"[{label} ▾]"
    if kind in ("checkboxes", "radio_buttons"):
        return " ".join(f"( ) {_text(option.get('text'))}" for option in element.get("options", []))
    if kind in ("datepicker", "timepicker"):
        return f"[{element.get('initial_date') or element.get('initial_time') or _text(element.get('placeholder'))}]"
    if kind.endswith("input"):
        return f"[{element.get('initial_value') or _text(element.get('placeholder')) or '…'}]"
    return f"[{kind}]"


def _render_rich_text(node: Any) -> str:
    if isinstance(node, list):
        return "".join(_render_rich_text(item) for item in node)
    if not isinstance(node, dict):
        return ""
    kind = node.get("type")
    if kind == "text":
        return str(node.get("text", ""))
    if kind == "link":
        return str(node.get("text") or node.get("url", ""))
    if kind == "user":
        return f"<@{node.get('user_id', '')}>"
    if kind == "channel":
        return f"<#{node.get('channel_id', '')}>"
    if kind == "emoji":
        return f":{node.get('name', '')}:"
    if kind == "rich_text_list":
        return "\n".join(f"• {_render_rich_text(item)}" for item in node.get("elements", []))
    if kind == "rich_text_quote":
        return "> " + _render_rich_text(node.get("elements", []))
    return _render_rich_text(node.get("elements", []))


def _render_block(block: dict[str, Any]) -> list[str]:
    kind = block.get("type")
    if kind in ("header", "markdown"):
        return [_text(block.get("text"))]
    if kind == "section":
        first = " ".join(filter(None, [_text(block.get("text")), _render_element(block.get("accessory"))]))
        return [first, *(_text(field) for field in block.get("fields", []))]
    if kind in ("context", "actions"):
        return [" ".join(filter(None, (_render_element(e) for e in block.get("elements", []))))]
    if kind == "divider":
        return ["---"]
    if kind == "image":
        return [f"[image: {block.get('alt_text', '')}]"]
    if kind == "input":
        return [f"{_text(block.get('label'))}: {_render_element(block.get('element'))}"]
    if kind == "rich_text":
        return [line for e in block.get("elements", []) for line in _render_rich_text(e).splitlines()]
    return [f"[{kind}]"]
