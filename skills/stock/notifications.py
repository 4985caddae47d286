"""Who is told what, as outbox rows in the caller's transaction: low-stock alerts (posted once per crossing,
resolved in their thread), pick cards for item requests and their settling, the requester's answer, snooze reminders
and the daily digest.

Cards go to the place's (inherited) alert channel, else ``WAREHOUSE_CHANNEL``, else to the warehouse staff's DMs.
Channel cards are written in the place's language (Spanish for places in Spain), the requester's in theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.audit import record
from db.models import Employee, OutboxMessage
from db.outbox import Entity, enqueue, enqueue_update
from skills.common.transition import transition
from skills.core import Actor
from skills.locations.models import Location
from skills.locations.queries import place_timezone
from skills.stock import views
from skills.stock.config import StockConfig
from skills.stock.models import ALERT_ENTITY, REQUEST_ENTITY, StockAlert, StockLevel, StockRequest
from skills.stock.queries import (
    alert_cards,
    channel_for,
    last_movements,
    level_at,
    open_alert,
    request_cards,
    warehouse_staff,
)

STAFF_DMS = 5
"""With no channel configured anywhere, cards go to this many warehouse people's DMs."""


def place_language(location: Location) -> str:
    """The language of a place's channel: Spanish for places in Spain or Latin America, else English."""
    country = str(location.inherited("country") or "")
    return "es" if country[:2] in views.SPANISH_COUNTRIES else "en"


def _post(session: Session, location: Location, config: StockConfig, entity: Entity, card: views.Card) -> None:
    channel = channel_for(location, config)
    if channel is not None:
        enqueue(session, text=card.text, blocks=card.blocks, channel=channel, entity=entity)
        return
    for person in warehouse_staff(session)[:STAFF_DMS]:
        enqueue(session, text=card.text, blocks=card.blocks, recipient=person, entity=entity)


def _in_threads(session: Session, cards: list[OutboxMessage], text: str, entity: Entity) -> None:
    """Say ``text`` in the thread of each card (under the card in a DM, or in the channel if not sent yet)."""
    for card in cards:
        if card.recipient_id is not None:
            person = session.get(Employee, card.recipient_id)
            if person is not None:
                enqueue(session, text=text, recipient=person, entity=entity)
            continue
        channel = card.sent_channel or card.channel
        if channel:
            enqueue(session, text=text, channel=channel, thread_ts=card.sent_ts, entity=entity)


# --- low-stock alerts -------------------------------------------------------------------------------------------


def watch_level(session: Session, level: StockLevel, actor: Actor, config: StockConfig) -> None:
    """After a change of ``level``: open one alert when available crossed under the reorder level, resolve it when
    it is back; each a conditional update on the level, so two processes never both alert for one crossing."""
    if level.reorder_level > 0 and level.is_below and not level.low:
        crossed = transition(session, level, StockLevel.low.is_(False), low=True, crossings=StockLevel.crossings + 1)
        if crossed:
            _open(session, level, actor, config)
    elif level.low and not level.is_below and transition(session, level, StockLevel.low.is_(True), low=False):
        _resolve(session, level, actor, config)


def _open(session: Session, level: StockLevel, actor: Actor, config: StockConfig) -> None:
    alert = StockAlert(
        level_id=level.id, crossing=level.crossings, channel=channel_for(level.location, config), opened_at=actor.when
    )
    try:
        with session.begin_nested():
            session.add(alert)
            session.flush()
    except IntegrityError:  # pragma: no cover - the crossing was alerted already (the level's update prevents it)
        return
    record(
        session, action="stock.alert_opened", entity_type=ALERT_ENTITY, entity_id=alert.id, before=None,
        after={"sku": level.item.sku, "place": level.location.code, "available": level.available,
               "reorder_level": level.reorder_level, "crossing": alert.crossing},
        via=actor.via, actor=actor.employee, actor_label=actor.label,
    )  # fmt: skip
    _post(session, level.location, config, Entity(ALERT_ENTITY, alert.id), _alert_card(session, alert))


def _alert_card(session: Session, alert: StockAlert) -> views.Card:
    level = alert.level
    movements = last_movements(session, level.item_id, level.location_id)
    lang = place_language(level.location)
    zone = place_timezone(session, level.location)
    return views.alert_card(alert, level, movements, lang, zone)


def _resolve(session: Session, level: StockLevel, actor: Actor, config: StockConfig) -> None:
    alert = open_alert(session, level.id)
    if alert is None or not transition(session, alert, StockAlert.resolved_at.is_(None), resolved_at=actor.when):
        return
    record(
        session, action="stock.alert_resolved", entity_type=ALERT_ENTITY, entity_id=alert.id, before=None,
        after={"available": level.available, "reorder_level": level.reorder_level},
        via=actor.via, actor=actor.employee, actor_label=actor.label,
    )  # fmt: skip
    lang = place_language(level.location)
    cards = alert_cards(session, alert.id)
    _in_threads(session, cards, views.resolved_text(level, lang), Entity(ALERT_ENTITY, alert.id))
    refresh_alert(session, alert, config)


def refresh_alert(session: Session, alert: StockAlert, config: StockConfig) -> int:
    """Queue an edit of every card of ``alert`` (who is ordering, the snooze, or resolved); how many."""
    return _redraw(session, alert_cards(session, alert.id), _alert_card(session, alert), views.is_alert_card)


def remind_snoozed(session: Session, alert: StockAlert, config: StockConfig) -> None:
    """The snooze is over and stock is still low: say so in the alert's thread, with the card's numbers."""
    level = alert.level
    lang = place_language(level.location)
    _in_threads(session, alert_cards(session, alert.id), views.snooze_over_text(level, lang),
                Entity(ALERT_ENTITY, alert.id))  # fmt: skip
    refresh_alert(session, alert, config)


# --- item requests ----------------------------------------------------------------------------------------------


def post_pick_card(session: Session, request: StockRequest, config: StockConfig) -> None:
    """The pick card with Fulfil / Decline, where the warehouse of the request's place reads it."""
    lang = place_language(request.location)
    level = level_at(session, request.item_id, request.location_id)
    card = views.pick_card(request, lang, level)
    _post(session, request.location, config, Entity(REQUEST_ENTITY, request.id), card)


def requester_target(via: str, thread_key: str) -> tuple[str | None, str | None]:
    """Where to answer the requester: Slack's ``(channel, thread ts)`` of their conversation, or ``(None, None)``."""
    if via != "slack":
        return None, None
    channel, _, ts = thread_key.rpartition(":")
    if not channel:
        return None, None
    return channel, ts if ts.replace(".", "").isdigit() else None


def settle_request(session: Session, request: StockRequest, config: StockConfig) -> None:
    """Replace the buttons of every pick card with the outcome, and tell the requester in their thread."""
    lang = place_language(request.location)
    card = views.pick_card(request, lang)
    for message in request_cards(session, request.id):
        if message.kind == "post" and message.blocks and views.has_buttons(message.blocks):
            enqueue_update(session, message, text=card.text, blocks=card.blocks)
    text = views.requester_text(request, request.lang)
    channel, thread_ts = requester_target(request.via, request.thread_key)
    target: dict[str, Any] = (
        {"channel": channel, "thread_ts": thread_ts} if channel else {"recipient": request.employee}
    )
    enqueue(session, text=text, entity=Entity(REQUEST_ENTITY, request.id), **target)


def _redraw(
    session: Session, messages: Iterable[OutboxMessage], card: views.Card, redrawn: Callable[[Any], bool]
) -> int:
    """Queue an edit to ``card`` (its text and blocks) of each posted message whose blocks ``redrawn`` picks; how
    many."""
    count = 0
    for message in messages:
        if message.kind == "post" and message.blocks and redrawn(message.blocks):
            enqueue_update(session, message, text=card.text, blocks=card.blocks)
            count += 1
    return count


def settle_pick_cards(session: Session, request: StockRequest) -> int:
    """Replace the buttons of every pick card of ``request`` with its outcome (nobody else is told); how many."""
    card = views.pick_card(request, place_language(request.location))
    return _redraw(session, request_cards(session, request.id), card, views.has_buttons)


# --- the daily digest -------------------------------------------------------------------------------------------


def post_digest(session: Session, channel: str, lines: list[views.DigestLine], lang: str, key: str) -> bool:
    """Post one digest to ``channel`` under the dedupe key ``key``; False if it was posted already (anywhere)."""
    card = views.digest_card(lines, lang)
    try:
        with session.begin_nested():
            enqueue(session, text=card.text, blocks=card.blocks, channel=channel, dedupe_key=key)
    except IntegrityError:
        return False
    return True
