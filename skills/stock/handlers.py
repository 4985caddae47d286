"""The stock skill's registration: thin adapters from stock.lookup, the two forms, the buttons (show, undo, fulfil,
decline, I'm ordering, snooze) and the decline modal to the queries, the service and the views."""

from __future__ import annotations

import re
from datetime import UTC, timedelta
from functools import partial
from typing import Any

from skills.base import SkillDeps
from skills.blocks import context_block, section_block
from skills.clicks import on_entity, refused_click, stale_click
from skills.common.extract import fold
from skills.common.time import zone
from skills.core import Action, Blocks, Capability, Context, Reply, Request, SkillRegistry
from skills.errors import DomainError
from skills.i18n import translate
from skills.locations.models import Location
from skills.locations.queries import subtree
from skills.stock import queries, service, thread_replies, views
from skills.stock.config import StockConfig
from skills.stock.errors import MovementNotFound, PlaceUnknown
from skills.stock.forms import adjust_form, request_form
from skills.stock.messages import unit_label
from skills.stock.queries import get_item, get_request, history, is_warehouse, levels_in, levels_of, low_levels
from skills.stock.reports import stock_report
from skills.stock.resolve import STORE_WORDS, CatalogCache, lookup_matches, match_place, stock_place_names
from skills.stock.rules import check_alert_staff, check_open, check_warehouse

Deps = SkillDeps[StockConfig]

HISTORY_CUES = re.compile(
    r"\b(?:who (?:took|has|used|moved|got)|history|movements?|"
    r"quien (?:se llevo|se ha llevado|cogio|ha cogido|tiene|saco|ha sacado|movio|ha movido|uso|ha usado)|"
    r"historial|movimientos?)\b"
)
LOW_CUES = re.compile(
    r"\b(?:running low|low|below|under (?:its|their) level|out of stock|re-?order(?:ed|ing)?|re-?stock(?:ed|ing)?|"
    r"order (?:more|again)|se (?:esta|estan) acabando|bajo minimos|bajo (?:el|su) minimo|pocas existencias|"
    r"agotad[oa]s?|reponer|reposicion|(?:volver a|hay que|tenemos que) (?:pedir|encargar))\b"
)
THIS_MONTH = re.compile(r"\b(?:this month|este mes)\b")


def _card(card: views.Card, **extra: Any) -> Reply:
    return Reply(text=card.text, blocks=card.blocks, **extra)


# --- stock.lookup -----------------------------------------------------------------------------------------------


def lookup(deps: Deps, catalogs: CatalogCache, context: Context, request: Request) -> list[Reply]:
    """How many, where; by any name or SKU; what is low; what a place holds; who moved an item. A place named that
    the tree does not know is said first (the answer is then about every place), never silently dropped."""
    phrase = str(request.slots.get("place") or "")
    place = match_place(context.session, phrase) if phrase else None
    if place is not None or not phrase or set(fold(phrase).split()) <= ANY_PLACE_WORDS:
        return _lookup(deps, catalogs, context, request, place)
    unknown = PlaceUnknown(phrase=phrase, places=stock_place_names(context.session))
    return [Reply(text=unknown.message(context.lang)), *_lookup(deps, catalogs, context, request, None)]


def moved_asked(deps: Deps, catalogs: CatalogCache, context: Context, request: Request) -> list[Reply] | None:
    """ "who took toner this week?" / "¿quién se llevó las sillas?", which the router reads as who is off: who moved
    that item, when the question names one; None otherwise ("who took time off this week?" stays who is off)."""
    if not HISTORY_CUES.search(fold(request.text)):
        return None
    if lookup_matches(context.session, request.text, {}, catalogs).best is None:
        return None
    return lookup(deps, catalogs, context, Request(text=request.text, intent="stock.lookup", slots={}))


ANY_PLACE_WORDS = frozenset((*STORE_WORDS, "storage", "supply", "supplies", "room", "stockroom", "somewhere",
                             "anywhere", "the", "a", "el", "la", "de", "del", "algun", "sitio", "lado"))  # fmt: skip
"""Words of a place phrase that name no particular place ("in storage", "en el almacén"): not an unknown place."""


REPORT_CUES = re.compile(
    r"\b(?:report|overview|summary|stock list|inventory list|full stock|all (?:the )?stock|everything in stock"
    r"|informe|resumen|listado|todo el stock|inventario completo)\b"
)
"""A stock report asked for ("stock report", "informe de stock", "inventory overview"): every place, not one item."""


_LAST_LINK = re.compile(r"\b(?:for|of|at|in|de|del|en|para)\s+(?:(?:the|el|la)\s+)?", re.IGNORECASE)
_REPORT_WORDS = frozenset("stock inventory inventario existencias report informe the el la".split())


def report_place_phrase(text: str) -> str:
    """The place a stock report is asked for, as said after its last linking word ("stock report for the NY
    warehouse", "informe de stock de Madrid"); "" when it names none ("report of the stock")."""
    links = list(_LAST_LINK.finditer(text))
    phrase = text[links[-1].end() :].strip(" ?.!¿¡") if links else ""
    return "" if set(fold(phrase).split()) <= _REPORT_WORDS else phrase


def _report(deps: Deps, context: Context, request: Request, place: Location | None) -> list[Reply]:
    """The stock report of the place named (by the router, or after the report's last linking word), else of every
    place; a place the tree does not know is said first."""
    said = "" if place is not None else report_place_phrase(request.text)
    place = place or (match_place(context.session, said) if said else None)
    places = subtree(context.session, place) if place is not None else None
    report = stock_report(deps.config.backoffice_home, context, places, place.name if place is not None else None)
    if said and place is None:  # "stock report for Narnia"
        unknown = PlaceUnknown(phrase=said, places=stock_place_names(context.session))
        return [Reply(text=unknown.message(context.lang)), *report]
    return report


def _lookup(
    deps: Deps, catalogs: CatalogCache, context: Context, request: Request, place: Location | None
) -> list[Reply]:
    session, lang = context.session, context.lang
    folded = fold(request.text)
    places = subtree(session, place) if place is not None else None
    matches = lookup_matches(session, request.text, request.slots, catalogs)
    best = matches.best
    item = get_item(session, best.item_id) if best is not None else None
    if item is not None and HISTORY_CUES.search(folded):
        return [_history(context, item, places, this_month=bool(THIS_MONTH.search(folded)))]
    if item is None and REPORT_CUES.search(folded):
        return _report(deps, context, request, place)
    if item is None and LOW_CUES.search(folded):
        levels = [level for level in low_levels(session) if places is None or level.location in places]
        return [_card(views.low_card(levels, lang))]
    if item is not None:
        levels = levels_of(session, item.id, places)
        return [_card(views.item_card(item, levels, lang, place.name if place is not None else None))]
    candidates = [(c.item_id, c.sku, _name(context, c.item_id)) for c in matches.matched]
    if len(candidates) > 1:
        return [_card(views.choices_card(matches.phrase, candidates, lang, place.id if place else None))]
    if place is not None and not matches.suggestions:
        return [_card(views.place_card(place.name, levels_in(session, places or [place]), lang))]
    if not matches.phrase.strip():
        return [Reply(text=translate(lang, "stock.lookup.ask_item"))]
    suggestions = [(c.item_id, c.sku, _name(context, c.item_id)) for c in matches.suggestions]
    message = translate(lang, "error.stock_item_unknown", phrase=matches.phrase)
    if suggestions:
        message += " " + translate(lang, "stock.did_you_mean", names=", ".join(name for _, _, name in suggestions))
    return [_card(views.unknown_card(message, suggestions, lang, place.id if place else None))]


def _name(context: Context, item_id: int) -> str:
    item = get_item(context.session, item_id)
    return item.label(context.lang) if item is not None else "?"


def _history(context: Context, item: Any, places: Any, *, this_month: bool) -> Reply:
    timezone = context.employee.timezone
    if this_month:
        local = context.now.astimezone(zone(timezone))
        start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)
        period = translate(context.lang, "stock.history.this_month")
    else:
        start = context.now - timedelta(days=30)
        period = translate(context.lang, "stock.history.recent")
    movements = history(context.session, item_id=item.id, places=places, start=start, end=context.now + timedelta(1))
    return _card(views.history_card(item, movements, period, context.lang, timezone))


def show(context: Context, action: Action, item_id: int) -> list[Reply]:
    """A disambiguation or suggestion button: that item's levels (at the place asked about, if any)."""
    item = get_item(context.session, item_id)
    if item is None:
        raise MovementNotFound()
    _, _, place_part = action.value.partition(":")
    place = context.session.get(Location, int(place_part)) if place_part.isdigit() else None
    places = subtree(context.session, place) if place is not None else None
    levels = levels_of(context.session, item.id, places)
    return [_card(views.item_card(item, levels, context.lang, place.name if place is not None else None))]


# --- movements --------------------------------------------------------------------------------------------------


def undo(deps: Deps, context: Context, action: Action) -> list[Reply]:
    """Undo (the author, for a while): post the reversals and say so."""
    try:
        posted = service.undo(context.session, actor=context.actor, batch=action.value, config=deps.config)
    except DomainError as error:
        return refused_click(context, error)
    return [Reply(text=views.undone_text(posted.movements, context.lang))]


UNDO_COMMANDS = {
    "en": ("undo", "undo it", "undo that", "undo this", "undo last", "undo the last one", "undo my last movement",
           "undo the last movement", "revert", "revert that"),
    "es": ("deshacer", "deshaz", "deshazlo", "deshaz eso", "deshacer lo ultimo", "deshaz lo ultimo",
           "deshaz el ultimo movimiento", "deshacer el ultimo movimiento", "revertir", "revierte", "revierte eso"),
}  # fmt: skip
"""Messages that are a typed Undo: they offer the person's last movement they may still undo (the button undoes)."""


def undo_last(deps: Deps, context: Context, _request: Request) -> list[Reply]:
    """A typed "undo": the person's last movement still in its undo window with its Undo button, or what Undo is.

    Nothing is reversed here: the person presses Undo on the offer, as on the movement's own card."""
    found = service.last_undoable(context.session, actor=context.actor, config=deps.config)
    if found is None:
        return [Reply(text=views.nothing_to_undo_text(context.lang, deps.config.undo_minutes))]
    until = found.movements[0].created_at + timedelta(minutes=deps.config.undo_minutes)
    when = views.format_moment(until, context.lang, context.employee.timezone)
    return [_card(views.undo_offer_card(found.batch, found.movements, context.lang, when))]


# --- requests ---------------------------------------------------------------------------------------------------


def fulfil(deps: Deps, context: Context, action: Action, request_id: int) -> list[Reply]:
    """Fulfil (warehouse staff, once): the issue movement is posted and the requester told."""
    request, _ = service.fulfil(context.session, actor=context.actor, request_id=request_id, config=deps.config)
    card = views.pick_card(request, context.lang)
    done = translate(context.lang, "stock.pick.done", quantity=request.quantity, unit=unit_label(request.item.unit, request.quantity, context.lang),
                     item=request.item.label(context.lang), name=request.employee.name)  # fmt: skip
    return [_card(card, replace_original=True), Reply(text=done)]


MY_REQUESTS = re.compile(
    r"\b(?:my (?:item |stock |material |supply |supplies |warehouse )?(?:requests?|orders?) (?:to|from) the warehouse"
    r"|my (?:item|stock|material|supply|supplies|warehouse) (?:requests?|orders?)"
    r"|(?:item|stock|material|supply|supplies) requests? (?:i|i've|i have) (?:made|sent|asked)"
    r"|what (?:did|have) i ask(?:ed)? the warehouse"
    r"|mis (?:solicitudes|pedidos)(?: de material| al almacen)|mi (?:solicitud|pedido) (?:de material|al almacen)"
    r"|(?:cuando|como) (?:llega|va) mi pedido|mi pedido de material"
    r"|(?:cancel\w*|withdraw\w*|anula\w*|retira\w*) (?:my|mi|la|the) (?:item |stock |material )?"
    r"(?:solicitud de material|pedido al almacen|(?:item|stock|material) request|pedido))\b"
)
"""The asker's own requests to the warehouse, in either language ("my item requests", "mis solicitudes de
material", "¿cuándo llega mi pedido?", "cancela mi solicitud de material"), however the router read them."""


def my_requests_asked(context: Context, request: Request) -> list[Reply] | None:
    """The asker's requests to the warehouse, newest first, each open one with its Withdraw button (a withdrawal
    is a write: only on the press); None when the words are not about them ("my requests" is the leave's)."""
    if not MY_REQUESTS.search(fold(request.text)):
        return None
    mine = queries.requests_of(context.session, context.employee.id)
    return [_card(views.my_requests_card(mine, context.lang, context.employee.timezone or "UTC"))]


def withdraw_pressed(deps: Deps, context: Context, action: Action, request_id: int) -> list[Reply]:
    """Withdraw (the requester, once): the reservation is released, the pick card says so, the list is redrawn."""
    request = service.withdraw(context.session, actor=context.actor, request_id=request_id, config=deps.config)
    lang = context.lang
    done = translate(lang, "stock.mine.withdrawn", id=request.id, quantity=request.quantity,
                     unit=unit_label(request.item.unit, request.quantity, lang), item=request.item.label(lang))  # fmt: skip
    card = views.my_requests_card(queries.requests_of(context.session, context.employee.id), lang,
                                  context.employee.timezone or "UTC")  # fmt: skip
    return [_card(card, replace_original=True), Reply(text=done)]


def decline(deps: Deps, context: Context, action: Action, request_id: int) -> list[Reply]:
    """Decline: ask for the reason (a modal in Slack, a few canned reasons elsewhere); nothing changes yet."""
    request = get_request(context.session, request_id)
    if request is None:
        raise MovementNotFound()
    check_warehouse(context.employee, queries.warehouse_staff(context.session))
    check_open(request)
    prompt = translate(context.lang, "stock.decline.pick_reason", name=request.employee.name)
    if context.via == "slack":
        return [Reply(text=prompt, modal=views.decline_modal(request, context.lang), ephemeral=True)]
    return [Reply(text=prompt, blocks=views.canned_reasons_card(request, context.lang))]


def _declined(deps: Deps, context: Context, request_id: int, reason: str) -> list[Reply]:
    request = service.decline(context.session, actor=context.actor, request_id=request_id, reason=reason,
                              config=deps.config)  # fmt: skip
    return [Reply(text=translate(context.lang, "stock.pick.declined_ack", name=request.employee.name))]


def decline_with(deps: Deps, context: Context, action: Action, request_id: int) -> list[Reply]:
    """Decline with a canned reason (``<request id>:<code>``), written in the requester's language."""
    code = action.value.split(":", 1)[1] if ":" in action.value else ""
    request = get_request(context.session, request_id)
    if request is None or code not in views.CANNED_REASONS:
        return stale_click(context)
    return _declined(deps, context, request_id, translate(request.lang, f"stock.decline.canned.{code}"))


def decline_reason(
    deps: Deps, context: Context, values: dict[str, str], metadata: dict[str, Any]
) -> tuple[dict[str, str], list[Reply]]:
    """The decline modal: an empty reason is a field error; otherwise decline and say so."""
    try:
        request_id = int(metadata.get("request_id", 0))
    except (TypeError, ValueError):
        return {}, stale_click(context)
    try:
        return {}, _declined(deps, context, request_id, values.get(views.REASON, ""))
    except DomainError as error:
        context.session.rollback()
        if error.blamed_slot == "reason":
            return {views.REASON: error.message(context.lang)}, []
        return {}, [Reply(text=error.message(context.lang), ephemeral=True)]


# --- alerts -----------------------------------------------------------------------------------------------------


def ordering(deps: Deps, context: Context, action: Action, alert_id: int) -> list[Reply]:
    """I'm ordering: claim the reorder; the card (everywhere) says who."""
    service.claim_alert(context.session, actor=context.actor, alert_id=alert_id, config=deps.config)
    return [Reply(text=translate(context.lang, "stock.alert.claim_ack"), ephemeral=True)]


def snooze(context: Context, action: Action, alert_id: int) -> list[Reply]:
    """Snooze until…: offer a day, three days or a week."""
    if queries.get_alert(context.session, alert_id) is None:
        raise MovementNotFound()
    check_alert_staff(context.employee, queries.warehouse_staff(context.session))
    return [Reply(text=translate(context.lang, "stock.alert.snooze_pick"),
                  blocks=views.snooze_choices(alert_id, context.lang), ephemeral=True)]  # fmt: skip


def snooze_for(deps: Deps, context: Context, action: Action, alert_id: int) -> list[Reply]:
    """Snooze for the chosen days (``<alert id>:<days>``)."""
    days_text = action.value.split(":", 1)[1] if ":" in action.value else ""
    if not days_text.isdigit() or int(days_text) not in views.SNOOZE_DAYS:
        return stale_click(context)
    until = context.now + timedelta(days=int(days_text))
    service.snooze_alert(context.session, actor=context.actor, alert_id=alert_id, until=until, config=deps.config)
    when = views.format_moment(until, context.lang, context.employee.timezone)
    return [Reply(text=translate(context.lang, "stock.alert.snooze_ack", when=when), ephemeral=True)]


# --- the warehouse's queue --------------------------------------------------------------------------------------

QUEUE_WORDS = re.compile(r"\b(?:queue|cola)\b")
WAITING_WORDS = re.compile(r"\b(?:pending|waiting|open|pendientes?|esperando|abiertas?)\b")
WAREHOUSE_WORDS = re.compile(r"\b(?:warehouse|almacen|material|items?|item requests?|articulos?|pedidos de material)\b")
"""Words that make "pending" the warehouse's, not the approvals inbox's ("what requests are pending for me?")."""
QUEUE_SHOWN = 10
"""Open requests listed in a chat answer, oldest first (Home lists the first five)."""


def warehouse_queue_asked(context: Context, request: Request) -> list[Reply] | None:
    """Warehouse staff asking what waits for them ("my queue", "¿qué solicitudes de material hay pendientes?",
    "what's waiting for the warehouse?"), however the router read it: the open item requests, oldest first, each
    with its Fulfil / Decline buttons. None for anyone else, or any other question."""
    folded = fold(request.text)
    asked = QUEUE_WORDS.search(folded) or (WAITING_WORDS.search(folded) and WAREHOUSE_WORDS.search(folded))
    if not asked or not is_warehouse(context.employee):
        return None
    lang = context.lang
    waiting = queries.open_requests(context.session, limit=QUEUE_SHOWN + 1)
    if not waiting:
        return [Reply(text=translate(lang, "stock.queue.empty"))]
    shown = waiting[:QUEUE_SHOWN]
    cards = [views.pick_card(found, lang) for found in shown]
    title = translate(lang, "stock.queue.title", count=len(shown))
    more = [translate(lang, "stock.queue.more")] if len(waiting) > QUEUE_SHOWN else []
    text = "\n".join([title, *(card.text for card in cards), *more])
    blocks = [section_block(title), *(block for card in cards for block in card.blocks)]
    return [Reply(text=text, blocks=[*blocks, *(context_block(line) for line in more)])]


# --- Home -------------------------------------------------------------------------------------------------------


def open_requests(context: Context) -> Blocks:
    """Warehouse staff's Home: the requests waiting for them (with their Fulfil / Decline buttons)."""
    if not is_warehouse(context.employee):
        return []
    blocks: Blocks = []
    for request in queries.open_requests(context.session, limit=5):
        blocks += views.pick_card(request, context.lang).blocks
    return blocks


def capability(context: Context) -> Capability:
    """The help card's stock line, with an item the asker's country keeps as its example."""
    return views.capability(context.lang, queries.example_item(context.session, context.employee.country or ""))


def warehouse_capability(context: Context) -> Capability | None:
    """The help card's line of the warehouse's own work (requests, movements, the report), for its staff only."""
    if not is_warehouse(context.employee):
        return None
    lang = context.lang
    return Capability(
        translate(lang, "stock.capability.warehouse_title"), translate(lang, "stock.capability.warehouse")
    )


def register(registry: SkillRegistry, deps: Deps) -> None:
    """Register stock.lookup, the two forms, every button, the decline modal, Home and the help line."""
    catalogs = CatalogCache()  # the item names, read once and again only when the items change
    registry.on_intent("stock.lookup", partial(lookup, deps, catalogs))
    registry.on_form(adjust_form(deps.config, catalogs))
    registry.on_form(request_form(deps.config, catalogs))
    registry.on_action(views.SHOW, on_entity(show))
    registry.on_action(views.UNDO, partial(undo, deps))
    registry.on_command(UNDO_COMMANDS, partial(undo_last, deps))
    registry.on_action(views.FULFIL, on_entity(partial(fulfil, deps)))
    registry.on_action(views.DECLINE, on_entity(partial(decline, deps)))
    registry.on_action(views.DECLINE_WITH, on_entity(partial(decline_with, deps)))
    registry.on_view(views.DECLINE_VIEW, partial(decline_reason, deps))
    registry.on_action(views.ORDERING, on_entity(partial(ordering, deps)))
    registry.on_action(views.SNOOZE_FOR, on_entity(partial(snooze_for, deps)))
    registry.on_action(views.SNOOZE, on_entity(snooze))
    thread_replies.register(registry, deps)
    registry.on_open_items(open_requests)
    registry.on_fallback(warehouse_queue_asked, narrow=True)
    for intent in ("approvals.inbox", "stock.lookup", "maintenance.status"):  # "¿qué solicitudes hay pendientes?"
        registry.on_intent_first(intent, warehouse_queue_asked)
    registry.on_intent_first("leave.team", partial(moved_asked, deps, catalogs))
    registry.on_action(views.WITHDRAW, on_entity(partial(withdraw_pressed, deps)))
    registry.on_fallback(my_requests_asked, narrow=True)
    for intent in ("leave.status", "leave.cancel", "approvals.inbox", "stock.lookup", "stock.request",
                   "expense.status", "maintenance.status"):  # fmt: skip
        registry.on_intent_first(intent, my_requests_asked)
    registry.on_capability(capability)
    registry.on_capability(warehouse_capability)
