"""Pure functions from already-loaded stock data to Block Kit and text: lookups, movement summaries, pick cards,
low-stock alerts, the digest. No database, no client."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from skills.blocks import button, context_block, section_block
from skills.core import Blocks, Capability
from skills.i18n import mid_sentence, translate, translate_count
from skills.stock.messages import format_moment, unit_label
from skills.stock.models import Item, Movement, RequestStatus, StockAlert, StockLevel, StockRequest

SHOW = "stock.show"
UNDO = "stock.undo"
FULFIL = "stock.pick.fulfil"
DECLINE = "stock.pick.decline"
WITHDRAW = "stock.request.withdraw"
DECLINE_WITH = "stock.pick.decline_with"
DECLINE_VIEW = "stock.decline_view"
REASON = "reason"
ORDERING = "stock.alert.ordering"
SNOOZE = "stock.alert.snooze"
SNOOZE_FOR = "stock.alert.snooze_for"
SNOOZE_DAYS = (1, 3, 7)
CANNED_REASONS = ("out_of_stock", "ask_manager", "use_other")
ALERT_BLOCK = "stock.alert"
SPANISH_COUNTRIES = frozenset("ES MX AR CO CL PE UY VE EC BO PY CR PA GT HN SV NI DO CU PR".split())
MAX_LINES = 25

__all__ = ["format_moment"]


@dataclass(frozen=True)
class Card:
    """A message: its plain text (notifications, screen readers) and its blocks."""

    text: str
    blocks: Blocks


@dataclass(frozen=True)
class DigestLine:
    """One item under its level in the digest, with its consumption and the suggested order."""

    level: StockLevel
    used: int
    suggested: int
    claimed_by: str | None = None


def _actions(*elements: dict[str, Any], block_id: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "actions", "elements": list(elements)}
    if block_id:
        block["block_id"] = block_id
    return block


def has_buttons(blocks: Sequence[dict[str, Any]] | None) -> bool:
    """Whether a card still has buttons (so it is worth updating)."""
    return any(block.get("type") == "actions" for block in blocks or [])


def is_alert_card(blocks: Sequence[dict[str, Any]] | None) -> bool:
    """Whether ``blocks`` are a low-stock alert card (not a reminder in its thread)."""
    return any(block.get("block_id") == ALERT_BLOCK for block in blocks or [])


def capability(lang: str, item: Item | None) -> Capability:
    """The help card's line about stock, its example naming an item of the company's own catalog when it has one."""
    if item is None:
        return Capability(translate(lang, "stock.capability"), translate(lang, "stock.capability.example"))
    example = translate(lang, "stock.capability.example_item", item=mid_sentence(item.label(lang)))
    return Capability(translate(lang, "stock.capability"), example)


# --- lookups ----------------------------------------------------------------------------------------------------


def level_line(level: StockLevel, lang: str) -> str:
    """One place's numbers for an item, exactly (and a note when under its reorder level)."""
    line = translate(
        lang, "stock.lookup.line", place=level.location.name, on_hand=level.on_hand, reserved=level.reserved,
        available=level.available, unit=unit_label(level.item.unit, level.on_hand, lang),
    )  # fmt: skip
    if level.reorder_level and level.is_below:
        line += f" ⚠️ _{translate(lang, 'stock.lookup.low', level=level.reorder_level)}_"
    return line


def item_card(item: Item, levels: Sequence[StockLevel], lang: str, place: str | None = None) -> Card:
    """An item with its per-place breakdown (at ``place`` only, when one was asked for) and the total."""
    title = translate(lang, "stock.lookup.title", item=item.label(lang), sku=item.sku)
    if not levels:
        key, params = ("stock.lookup.none_here", {"place": place}) if place else ("stock.lookup.nowhere", {})
        body = translate(lang, key, item=item.label(lang), **params)
        return Card(f"{title}\n{body}", [section_block(f"{title}\n{body}")])
    lines = [level_line(level, lang) for level in levels]
    total = translate(
        lang,
        "stock.lookup.total",
        available=sum(level.available for level in levels),
        unit=unit_label(item.unit, sum(level.available for level in levels), lang),
    )
    text = "\n".join([title, *lines, total] if len(levels) > 1 else [title, *lines])
    return Card(text, [section_block(text)])


def choices_card(phrase: str, candidates: Sequence[tuple[int, str, str]], lang: str, place_id: int | None) -> Card:
    """Several items match: one button each (``(item id, sku, name)``), to show that one."""
    heading = translate(lang, "stock.lookup.pick", phrase=phrase)
    suffix = f":{place_id}" if place_id else ""
    buttons = [button(f"{name} ({sku})", f"{SHOW}.{index}", f"{item_id}{suffix}")
               for index, (item_id, sku, name) in enumerate(candidates[:5])]  # fmt: skip
    text = "\n".join([heading, *(f"• {name} ({sku})" for _, sku, name in candidates[:5])])
    return Card(text, [section_block(heading), _actions(*buttons)])


def unknown_card(message: str, suggestions: Sequence[tuple[int, str, str]], lang: str, place_id: int | None) -> Card:
    """No item matches: the explanation, and buttons for the closest ones."""
    if not suggestions:
        return Card(message, [section_block(message)])
    suffix = f":{place_id}" if place_id else ""
    buttons = [button(f"{name} ({sku})", f"{SHOW}.{index}", f"{item_id}{suffix}")
               for index, (item_id, sku, name) in enumerate(suggestions[:3])]  # fmt: skip
    return Card(message, [section_block(message), _actions(*buttons)])


def place_card(place: str, levels: Sequence[StockLevel], lang: str) -> Card:
    """Stock by location: every item at a place (and under it)."""
    if not levels:
        text = translate(lang, "stock.lookup.place_empty", place=place)
        return Card(text, [section_block(text)])
    lines = [
        translate(lang, "stock.lookup.place_line", item=level.item.label(lang), sku=level.item.sku,
                  available=level.available, on_hand=level.on_hand, unit=unit_label(level.item.unit, level.on_hand, lang))
        + (" ⚠️" if level.reorder_level and level.is_below else "")
        for level in levels[:MAX_LINES]
    ]  # fmt: skip
    if len(levels) > MAX_LINES:
        lines.append(translate(lang, "stock.lookup.more", count=len(levels) - MAX_LINES))
    text = "\n".join([translate(lang, "stock.lookup.place_title", place=place), *lines])
    return Card(text, [section_block(text)])


def report_card(
    counts: Sequence[tuple[str, int, int]], place: str | None, day: str, lang: str, saved: str | None
) -> Card:
    """The stock report's summary: each place with how many items it holds and how many are under their reorder
    level (the file beside it has the numbers), and where the file was saved outside Slack."""
    title = translate(lang, "stock.report.title_at", place=place, day=day) if place else translate(
        lang, "stock.report.title", day=day)  # fmt: skip
    lines = [translate_count(lang, "stock.report.place", held, place=name)
             + (translate_count(lang, "stock.report.low", low) if low else "") for name, held, low in counts]  # fmt: skip
    note = translate(lang, "stock.report.file")
    if saved is not None:
        note += "\n" + translate(lang, "stock.report.saved", path=saved)
    text = "\n".join([title, *(f"• {line}" for line in lines), note])
    return Card(text, [section_block("\n".join([title, *(f"• {line}" for line in lines)])), context_block(note)])


def low_card(levels: Sequence[StockLevel], lang: str) -> Card:
    """What is under its reorder level now."""
    if not levels:
        text = translate(lang, "stock.lookup.low_none")
        return Card(text, [section_block(text)])
    lines = [
        f"• {level.item.label(lang)} (`{level.item.sku}`) — {level_line(level, lang)}" for level in levels[:MAX_LINES]
    ]
    text = "\n".join([translate(lang, "stock.lookup.low_title"), *lines])
    return Card(text, [section_block(text)])


SYSTEM_ACTORS = ("cli", "job")
"""How the system's own movements are labelled in the ledger (an import from the command line, a scheduled job)."""


def who_moved(movement: Movement, lang: str) -> str:
    """Who made a movement, as a reader understands it: the person, else what the system was doing ("data import"
    rather than the ledger's "cli")."""
    if movement.actor is not None:
        return movement.actor.name
    label = movement.actor_label
    return translate(lang, f"stock.by.{label}") if label in SYSTEM_ACTORS else label


def history_card(item: Item, movements: Sequence[Movement], period: str, lang: str, zone: str) -> Card:
    """Who moved an item, when, how many, where, and the balance after each."""
    if not movements:
        text = translate(lang, "stock.history.none", item=item.label(lang), period=period)
        return Card(text, [section_block(text)])
    lines = [
        translate(lang, "stock.history.line", when=format_moment(m.created_at, lang, zone),
                  who=who_moved(m, lang),
                  kind=translate(lang, f"stock.kind.{m.kind}"), quantity=f"{m.quantity:+d}", place=m.location.name,
                  balance=m.balance_after)
        for m in movements[-MAX_LINES:]
    ]  # fmt: skip
    text = "\n".join([translate(lang, "stock.history.title", item=item.label(lang), period=period), *lines])
    return Card(text, [section_block(text)])


# --- movements --------------------------------------------------------------------------------------------------


def movement_summary(movement: Movement, lang: str) -> str:
    """One ledger row in words ("20 ream of A4 paper in at Madrid warehouse")."""
    return translate(
        lang, f"stock.summary.{movement.kind}", quantity=abs(movement.quantity),
        unit=unit_label(movement.item.unit, movement.quantity, lang),
        item=movement.item.label(lang), place=movement.location.name, change=movement.quantity,
    )  # fmt: skip


def posted_card(batch: str, movements: Sequence[Movement], lang: str, undo_minutes: int) -> Card:
    """What a movement wrote, with the Undo button its author may press for a while."""
    if not movements:
        text = translate(lang, "stock.posted.nothing")
        return Card(text, [section_block(text)])
    summary = "; ".join(movement_summary(m, lang) for m in movements)
    balances = " · ".join(f"{m.location.name}: {m.balance_after}" for m in movements)
    text = f"{translate(lang, 'stock.posted', summary=summary)}\n{balances}"
    hint = translate(lang, "stock.posted.undo_hint", minutes=undo_minutes)
    return Card(
        text, [section_block(text), context_block(hint), _actions(button(translate(lang, "stock.undo"), UNDO, batch))]
    )


def undo_offer_card(batch: str, movements: Sequence[Movement], lang: str, until: str) -> Card:
    """A typed "undo": the person's last movement they may still undo, with the same Undo button its card had."""
    summary = "; ".join(movement_summary(m, lang) for m in movements)
    text = translate(lang, "stock.undo.offer", summary=summary)
    hint = translate(lang, "stock.undo.offer_until", until=until)
    return Card(
        text, [section_block(text), context_block(hint), _actions(button(translate(lang, "stock.undo"), UNDO, batch))]
    )


def nothing_to_undo_text(lang: str, undo_minutes: int) -> str:
    """A typed "undo" with no movement of the person's left to undo: what Undo does and where else to look."""
    return translate(lang, "stock.undo.nothing", minutes=undo_minutes)


def undone_text(movements: Sequence[Movement], lang: str) -> str:
    """What an Undo posted."""
    return translate(lang, "stock.undone", summary="; ".join(movement_summary(m, lang) for m in movements))


# --- pick cards -------------------------------------------------------------------------------------------------


def pick_card(request: StockRequest, lang: str, level: StockLevel | None = None) -> Card:
    """The warehouse's card for an item request: who wants what from where; Fulfil / Decline while open."""
    item = request.item
    lines = [
        translate(lang, "stock.pick.body", name=request.employee.name, quantity=request.quantity,
                  unit=unit_label(item.unit, request.quantity, lang),
                  item=item.label(lang), sku=item.sku, place=request.location.name),
    ]  # fmt: skip
    if request.status == RequestStatus.OPEN:
        if request.reserved:
            lines.append(translate(lang, "stock.pick.reserved", reserved=request.reserved))
        elif level is not None:
            lines.append(translate(lang, "stock.pick.short", on_hand=level.on_hand, available=level.available))
    if request.note:
        lines.append(translate(lang, "stock.pick.note", note=request.note[:500]))
    title = translate(lang, "stock.pick.title", id=request.id)
    body = "\n".join(lines)
    blocks: Blocks = [section_block(f"*{title}*\n{body}")]
    outcome = pick_outcome(request, lang)
    if outcome:
        blocks.append(context_block(outcome))
    else:
        value = str(request.id)
        blocks.append(_actions(button(translate(lang, "stock.pick.fulfil"), FULFIL, value, "primary"),
                               button(translate(lang, "stock.pick.decline"), DECLINE, value, "danger")))  # fmt: skip
    return Card("\n".join([title, body, outcome]).strip(), blocks)


def pick_outcome(request: StockRequest, lang: str) -> str:
    """How a settled request ended ("Fulfilled by Carlos."), or "" while open."""
    name = request.decided_by.name if request.decided_by is not None else "?"
    if request.status == RequestStatus.FULFILLED:
        return translate(lang, "stock.pick.fulfilled", name=name)
    if request.status == RequestStatus.DECLINED:
        return translate(lang, "stock.pick.declined", name=name, reason=request.decline_reason or "")
    if request.status == RequestStatus.WITHDRAWN and request.decided_by_id == request.employee_id:
        return translate(lang, "stock.pick.withdrawn", name=request.employee.name)
    if request.status == RequestStatus.WITHDRAWN:
        return translate(lang, "stock.pick.withdrawn_left", name=request.employee.name)
    return ""


def my_requests_card(requests: Sequence[StockRequest], lang: str, zone: str) -> Card:
    """The asker's requests to the warehouse, newest first: what, from where, how each stands; the open ones with
    a Withdraw button (Slack asks "are you sure?")."""
    if not requests:
        text = translate(lang, "stock.mine.none")
        return Card(text, [section_block(text)])
    title = translate(lang, "stock.mine.title")
    blocks: Blocks = [section_block(title)]
    lines = [title]
    for request in requests:
        unit = unit_label(request.item.unit, request.quantity, lang)
        status = translate(lang, f"stock.request.status.{request.status}")
        line = translate(lang, "stock.mine.line", id=request.id, quantity=request.quantity, unit=unit,
                         item=request.item.label(lang), place=request.location.name, status=status,
                         when=format_moment(request.created_at, lang, zone))  # fmt: skip
        lines.append(line)
        block = section_block(line)
        if request.status == RequestStatus.OPEN:
            withdraw = button(translate(lang, "stock.mine.withdraw"), f"{WITHDRAW}.{request.id}", str(request.id))
            withdraw["confirm"] = {
                "title": {"type": "plain_text", "text": translate(lang, "stock.mine.confirm_title")[:100]},
                "text": {"type": "plain_text", "text": translate(lang, "stock.mine.confirm_text", id=request.id)[:300]},
                "confirm": {"type": "plain_text", "text": translate(lang, "stock.mine.withdraw")[:30]},
                "deny": {"type": "plain_text", "text": translate(lang, "stock.mine.keep")[:30]},
            }
            block["accessory"] = withdraw
        blocks.append(block)
    return Card("\n".join(lines), blocks)


def requester_text(request: StockRequest, lang: str) -> str:
    """The requester's answer in their thread: ready, or declined and why."""
    name = request.decided_by.name if request.decided_by is not None else "?"
    unit = unit_label(request.item.unit, request.quantity, lang)
    params = {"quantity": request.quantity, "unit": unit, "item": request.item.label(lang), "name": name}
    if request.status == RequestStatus.FULFILLED:
        return translate(lang, "stock.requester.fulfilled", place=request.location.name, **params)
    return translate(lang, "stock.requester.declined", reason=request.decline_reason or "", **params)


def decline_modal(request: StockRequest, lang: str) -> dict[str, Any]:
    """The Slack modal asking for the decline reason."""
    return {
        "type": "modal",
        "callback_id": DECLINE_VIEW,
        "title": {"type": "plain_text", "text": translate(lang, "stock.decline.title")[:24]},
        "submit": {"type": "plain_text", "text": translate(lang, "stock.decline.send")[:24]},
        "close": {"type": "plain_text", "text": translate(lang, "stock.decline.cancel")[:24]},
        "private_metadata": f'{{"request_id": {request.id}}}',
        "blocks": [
            {
                "type": "input",
                "block_id": REASON,
                "label": {"type": "plain_text", "text": translate(lang, "stock.decline.label")},
                "element": {"type": "plain_text_input", "action_id": REASON, "multiline": True, "max_length": 1000},
            }
        ],
    }


def canned_reasons_card(request: StockRequest, lang: str) -> Blocks:
    """Outside Slack (no modals): a few reasons to decline with, one button each."""
    buttons = [button(translate(lang, f"stock.decline.canned.{code}"), f"{DECLINE_WITH}.{code}", f"{request.id}:{code}")
               for code in CANNED_REASONS]  # fmt: skip
    return [section_block(translate(lang, "stock.decline.pick_reason", name=request.employee.name)), _actions(*buttons)]


# --- alerts -----------------------------------------------------------------------------------------------------


def _numbers(level: StockLevel, lang: str) -> str:
    return translate(
        lang, "stock.alert.numbers", on_hand=level.on_hand, reserved=level.reserved, available=level.available,
        unit=unit_label(level.item.unit, level.available, lang), level=level.reorder_level, qty=level.reorder_qty,
    )  # fmt: skip


def alert_card(alert: StockAlert, level: StockLevel, movements: Sequence[Movement], lang: str, zone: str) -> Card:
    """A low-stock alert: the numbers, the last five movements, and I'm ordering / Snooze until… while open."""
    title = translate(lang, "stock.alert.title", item=level.item.label(lang), place=level.location.name)
    recent = [
        f"• {format_moment(m.created_at, lang, zone)} · {translate(lang, f'stock.kind.{m.kind}')} {m.quantity:+d} "
        f"→ {m.balance_after} ({who_moved(m, lang)})"
        for m in movements[:5]
    ]
    body = "\n".join([f"*{title}*", _numbers(level, lang), translate(lang, "stock.alert.recent"), *recent])
    blocks: Blocks = [{**section_block(body), "block_id": ALERT_BLOCK}]
    status: list[str] = []
    if alert.claimed_by is not None and alert.claimed_at is not None:
        status.append(translate(lang, "stock.alert.claimed", name=alert.claimed_by.name,
                                when=format_moment(alert.claimed_at, lang, zone)))  # fmt: skip
    if alert.resolved_at is not None:
        status.append(translate(lang, "stock.alert.resolved"))
    elif alert.snoozed_until is not None:
        status.append(translate(lang, "stock.alert.snoozed", when=format_moment(alert.snoozed_until, lang, zone)))
    if status:
        blocks.append(context_block("\n".join(status)))
    if alert.resolved_at is None:
        value = str(alert.id)
        elements = [button(translate(lang, "stock.alert.snooze"), SNOOZE, value)]
        if alert.claimed_by_id is None:
            elements.insert(0, button(translate(lang, "stock.alert.ordering"), ORDERING, value, "primary"))
        blocks.append(_actions(*elements))
    return Card("\n".join([title, _numbers(level, lang), *status]), blocks)


def snooze_choices(alert_id: int, lang: str) -> Blocks:
    """Snooze until…: one button per choice (a day, three days, a week)."""
    buttons = [button(translate_count(lang, "stock.alert.snooze_days", days), f"{SNOOZE_FOR}.{days}", f"{alert_id}:{days}")
               for days in SNOOZE_DAYS]  # fmt: skip
    return [section_block(translate(lang, "stock.alert.snooze_pick")), _actions(*buttons)]


def resolved_text(level: StockLevel, lang: str) -> str:
    """Said in the alert's thread when stock is back above the level."""
    return translate(lang, "stock.alert.back", item=level.item.label(lang), place=level.location.name,
                     available=level.available, level=level.reorder_level)  # fmt: skip


def snooze_over_text(level: StockLevel, lang: str) -> str:
    """Said in the alert's thread when its snooze ends and stock is still low."""
    return translate(lang, "stock.alert.snooze_over", item=level.item.label(lang), place=level.location.name,
                     available=level.available, level=level.reorder_level)  # fmt: skip


def digest_card(lines: Sequence[DigestLine], lang: str) -> Card:
    """The daily digest: every item under its level, its use in 30 days and the suggested order."""
    rows = []
    for line in lines[:MAX_LINES]:
        level = line.level
        row = translate(
            lang, "stock.digest.line", item=level.item.label(lang), sku=level.item.sku, place=level.location.name,
            available=level.available, level=level.reorder_level, used=line.used, suggested=line.suggested,
            unit=unit_label(level.item.unit, line.suggested, lang),
        )  # fmt: skip
        if line.claimed_by:
            row += f" · _{translate(lang, 'stock.digest.claimed', name=line.claimed_by)}_"
        rows.append(f"• {row}")
    if len(lines) > MAX_LINES:
        rows.append(translate(lang, "stock.lookup.more", count=len(lines) - MAX_LINES))
    title = translate_count(lang, "stock.digest.title", len(lines))
    text = "\n".join([f"*{title}*", *rows])
    return Card(text, [section_block(text)])
