"""The stock skill's write intents as forms: stock.adjust (a movement, warehouse staff only; anyone else is offered
an item request for the same items) and stock.request (ask the warehouse for items).

Both previews check every rule and show the balance before and after; Confirm checks them again and writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from skills.core import Context, Reply
from skills.forms import Form, Preview, Slot, SlotKind, Slots
from skills.i18n import translate
from skills.locations.models import Location
from skills.stock import service, views
from skills.stock.config import StockConfig
from skills.stock.errors import ItemUnknown, MovementWarehouseOnly, QuantityNotPositive
from skills.stock.messages import unit_label
from skills.stock.models import Item
from skills.stock.queries import channel_for, is_warehouse, level_at, warehouse_staff
from skills.stock.resolve import CatalogCache, match_text, place_for, resolve_item
from skills.stock.rules import ACTIONS, MovementDraft, check_unit, validate_movement, validate_request

ADJUST = "stock.adjust"
REQUEST = "stock.request"

QUANTITY = Slot("quantity", SlotKind.QUANTITY, "stock.ask.quantity", "stock.label.quantity", extra_keys=("unit",),
              value_keys=("unit",))  # fmt: skip
"""How many, with the unit it was said in (a new count drops an old unit)."""
ADJUST_SLOTS = (
    Slot("action", SlotKind.CHOICE, "stock.ask.action", "stock.label.action", choices=ACTIONS),
    Slot("item", SlotKind.ITEM, "stock.ask.item", "stock.label.item"),
    QUANTITY,
    Slot("place", SlotKind.TEXT, "stock.ask.place", "stock.label.place", required=False),
    Slot("to_place", SlotKind.TEXT, "stock.ask.to_place", "stock.label.to_place", required=False),
    Slot("reason", SlotKind.TEXT, "stock.ask.reason", "stock.label.reason", required=False),
)
REQUEST_SLOTS = (
    Slot("item", SlotKind.ITEM, "stock.ask.item", "stock.label.item"),
    QUANTITY,
    Slot("place", SlotKind.TEXT, "stock.ask.place", "stock.label.place", required=False),
    Slot("note", SlotKind.TEXT, "stock.ask.note", "stock.label.note", required=False),
)


@dataclass(frozen=True)
class RequestDraft:
    """An item request with its item and place resolved."""

    item: Item
    quantity: int
    place: Location
    note: str


def quantity_of(slots: Slots) -> int:
    """The quantity slot as a whole number (QuantityNotPositive when it is not one)."""
    try:
        return int(str(slots.get("quantity", "")).strip())
    except ValueError:
        raise QuantityNotPositive() from None


def normalise(context: Context, slots: Slots, catalogs: CatalogCache | None = None) -> Slots:
    """Replace an item phrase that names exactly one item by its SKU, so later steps (and the card) are stable."""
    out = dict(slots)
    phrase = str(out.get("item") or "").strip()
    if phrase:
        best = match_text(context.session, phrase, phrase=phrase, catalogs=catalogs).best
        if best is not None:
            out["item"] = best.sku
    if isinstance(out.get("action"), str):
        out["action"] = out["action"].strip().lower()
    if out.get("quantity") in (None, "") and out.get("action") == "count":
        out.pop("quantity", None)
    return out


# --- stock.adjust -----------------------------------------------------------------------------------------------


def movement_draft(context: Context, slots: Slots, catalogs: CatalogCache | None = None) -> MovementDraft:
    """The movement the slots describe, item and places resolved."""
    lang = context.lang
    action = str(slots.get("action") or "")
    item = resolve_item(context.session, str(slots.get("item") or ""), lang, catalogs)
    check_unit(item, slots.get("unit"), lang)
    quantity = quantity_of(slots)
    outgoing = action in ("issue", "transfer")
    place = place_for(context.session, item, _text(slots, "place"), context.employee, quantity=quantity,
                      outgoing=outgoing, lang=lang)  # fmt: skip
    destination = None
    if action == "transfer" and _text(slots, "to_place"):
        destination = place_for(context.session, item, _text(slots, "to_place"), context.employee,
                                quantity=quantity, outgoing=False, lang=lang, slot="to_place")  # fmt: skip
    return MovementDraft(action, item, quantity, place, destination, _text(slots, "reason") or "")


def _text(slots: Slots, key: str) -> str | None:
    value = str(slots.get(key) or "").strip()
    return value or None


def _balance(context: Context, item: Item, place: Location, change: int) -> tuple[str, str]:
    level = level_at(context.session, item.id, place.id)
    before = level.on_hand if level is not None else 0
    label = translate(context.lang, "stock.label.balance", place=place.name)
    value = translate(
        context.lang,
        "stock.label.before_after",
        before=before,
        after=before + change,
        unit=unit_label(item.unit, before + change, context.lang),
    )
    return label, value


def _change(draft: MovementDraft, on_hand: int) -> int:
    if draft.action == "receive":
        return draft.quantity
    if draft.action == "count":
        return draft.quantity - on_hand
    return -draft.quantity


def adjust_preview(
    config: StockConfig, context: Context, slots: Slots, catalogs: CatalogCache | None = None
) -> Preview:
    """Warehouse staff: the movement with the balance before and after at each place. Anyone else: the same items
    as an item request for the warehouse (who can move stock is named)."""
    if not is_warehouse(context.employee):
        _refuse_inward_movement(context, slots)
        return _offer_request(context, slots, catalogs)
    lang = context.lang
    draft = movement_draft(context, slots, catalogs)
    level = level_at(context.session, draft.item.id, draft.place.id)
    validate_movement(
        draft, employee=context.employee, staff=warehouse_staff(context.session), level=level,
        count_threshold=config.count_reason_over, lang=lang,
    )  # fmt: skip
    change = _change(draft, level.on_hand if level is not None else 0)
    fields = [
        (translate(lang, "stock.label.item"), f"{draft.item.label(lang)} (`{draft.item.sku}`)"),
        (
            translate(lang, "stock.label.quantity"),
            f"{draft.quantity} {unit_label(draft.item.unit, draft.quantity, lang)}",
        ),
        _balance(context, draft.item, draft.place, change),
    ]
    if draft.destination is not None:
        fields.append(_balance(context, draft.item, draft.destination, draft.quantity))
    if draft.reason:
        fields.append((translate(lang, "stock.label.reason"), draft.reason[:500]))
    note = ""
    if level is not None and level.reorder_level and change < 0 and level.available + change < level.reorder_level:
        note = translate(lang, "stock.preview.below_level", level=level.reorder_level)
    title = translate(lang, f"stock.preview.title.{draft.action}", item=draft.item.label(lang))
    return Preview(title=title, fields=fields, note=note)


def adjust_commit(
    config: StockConfig, context: Context, slots: Slots, catalogs: CatalogCache | None = None
) -> list[Reply]:
    """Post the movement (or, for someone outside the warehouse, send the request) and say what was written."""
    if not is_warehouse(context.employee):
        _refuse_inward_movement(context, slots)
        return request_commit(config, context, slots, catalogs)
    draft = movement_draft(context, slots, catalogs)
    posted = service.post_movement(context.session, actor=context.actor, draft=draft, config=config)
    card = views.posted_card(posted.batch, posted.movements, context.lang, config.undo_minutes)
    return [Reply(text=card.text, blocks=card.blocks)]


NOT_A_REQUEST = ("receive", "count", "transfer")
"""Movements that an item request cannot stand for: stock coming in, a count, a move between places."""


def _refuse_inward_movement(context: Context, slots: Slots) -> None:
    """Someone outside the warehouse said stock came in, was counted or moved: name who records it (a request for
    the same items would take them out instead)."""
    if str(slots.get("action") or "") in NOT_A_REQUEST:
        raise MovementWarehouseOnly(names=[person.name for person in warehouse_staff(context.session)[:5]])


def _offer_request(context: Context, slots: Slots, catalogs: CatalogCache | None) -> Preview:
    preview = request_preview(context, slots, catalogs)
    names = ", ".join(person.name for person in warehouse_staff(context.session)[:5]) or "-"
    offer = translate(context.lang, "stock.preview.offer_request", names=names)
    return Preview(title=preview.title, fields=preview.fields, note="\n".join(filter(None, [offer, preview.note])))


# --- stock.request ----------------------------------------------------------------------------------------------


def request_draft(context: Context, slots: Slots, catalogs: CatalogCache | None = None) -> RequestDraft:
    """The request the slots describe, item and place resolved."""
    lang = context.lang
    phrase = str(slots.get("item") or "")
    if not phrase.strip():
        raise ItemUnknown(phrase=phrase, suggestions=[])
    item = resolve_item(context.session, phrase, lang, catalogs)
    check_unit(item, slots.get("unit"), lang)
    quantity = quantity_of(slots)
    validate_request(item, quantity, lang)
    place = place_for(context.session, item, _text(slots, "place"), context.employee, quantity=quantity,
                      outgoing=True, lang=lang)  # fmt: skip
    return RequestDraft(item, quantity, place, _text(slots, "note") or "")


def request_preview(context: Context, slots: Slots, catalogs: CatalogCache | None = None) -> Preview:
    """What will be asked for, from where, and what is available there now."""
    lang = context.lang
    draft = request_draft(context, slots, catalogs)
    level = level_at(context.session, draft.item.id, draft.place.id)
    available = level.available if level is not None else 0
    fields = [
        (translate(lang, "stock.label.item"), f"{draft.item.label(lang)} (`{draft.item.sku}`)"),
        (
            translate(lang, "stock.label.quantity"),
            f"{draft.quantity} {unit_label(draft.item.unit, draft.quantity, lang)}",
        ),
        (translate(lang, "stock.label.from"), draft.place.name),
        (translate(lang, "stock.label.available"), f"{available} {unit_label(draft.item.unit, available, lang)}"),
    ]
    if draft.note:
        fields.append((translate(lang, "stock.label.note"), draft.note[:500]))
    note = translate(lang, "stock.preview.short", available=available) if available < draft.quantity else ""
    return Preview(title=translate(lang, "stock.preview.title.request", item=draft.item.label(lang)), fields=fields,
                   note=note)  # fmt: skip


def request_commit(
    config: StockConfig, context: Context, slots: Slots, catalogs: CatalogCache | None = None
) -> list[Reply]:
    """Create the request (reserving what is there), post the pick card, and tell the requester where it went."""
    draft = request_draft(context, slots, catalogs)
    service.create_request(
        context.session, actor=context.actor, item=draft.item, location=draft.place, quantity=draft.quantity,
        note=draft.note, thread_key=context.thread_key, lang=context.lang, config=config,
    )  # fmt: skip
    where = channel_for(draft.place, config) or draft.place.name
    return [Reply(text=translate(context.lang, "stock.request.sent", where=where))]


def adjust_form(config: StockConfig, catalogs: CatalogCache | None = None) -> Form:
    """The stock.adjust form, bound to the skill's config and its item catalog."""
    return Form(
        intent=ADJUST,
        slots=ADJUST_SLOTS,
        preview=lambda context, slots: adjust_preview(config, context, slots, catalogs),
        commit=lambda context, slots: adjust_commit(config, context, slots, catalogs),
        normalise=lambda context, slots: normalise(context, slots, catalogs),
    )


def request_form(config: StockConfig, catalogs: CatalogCache | None = None) -> Form:
    """The stock.request form, bound to the skill's config and its item catalog."""
    return Form(
        intent=REQUEST,
        slots=REQUEST_SLOTS,
        preview=lambda context, slots: request_preview(context, slots, catalogs),
        commit=lambda context, slots: request_commit(config, context, slots, catalogs),
        normalise=lambda context, slots: normalise(context, slots, catalogs),
    )
