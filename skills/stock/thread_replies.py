"""Answering in the thread of a stock card, as people do in Slack: under a pick card "fulfil" / "entregado" or
"decline: out of stock" / "rechazar: sin existencias"; under a low-stock alert "I'm ordering" / "lo pido yo"."""

from __future__ import annotations

import re
from functools import partial

from skills.base import SkillDeps
from skills.clicks import entity_id, refused_click
from skills.common.extract import fold
from skills.core import Context, Reply, SkillRegistry
from skills.errors import DomainError
from skills.i18n import translate
from skills.stock import service
from skills.stock.config import StockConfig
from skills.stock.messages import unit_label
from skills.stock.models import ALERT_ENTITY, REQUEST_ENTITY

FULFIL_WORDS = frozenset(
    "fulfil fulfill fulfilled done ok okay ready issued entregar entregado entregada hecho listo vale".split()
)
DECLINE = re.compile(r"^\s*(?:decline[d]?|reject(?:ed)?|rechaz(?:ar|ado|ada|o)|denegar)\b[\s:,.;-]*(.*)$", re.I | re.S)
ORDERING = re.compile(r"^\s*(?:i'?m ordering|i am ordering|ordering|ordered|lo pido(?: yo)?|pedido|lo encargo)\b", re.I)


def _word(text: str) -> str:
    return re.sub(r"[!.¡¿?\s]+$", "", fold(text.strip()))


def on_pick_card(deps: SkillDeps[StockConfig], context: Context, card_entity: str, text: str) -> list[Reply] | None:
    """Fulfil or decline the request under whose pick card this was written; None when it is neither."""
    request_id = entity_id(card_entity)
    declined = DECLINE.match(text)
    if request_id is None or (_word(text) not in FULFIL_WORDS and declined is None):
        return None
    try:
        if declined is None:
            request, _ = service.fulfil(context.session, actor=context.actor, request_id=request_id,
                                        config=deps.config)  # fmt: skip
            return [Reply(text=translate(context.lang, "stock.pick.done", quantity=request.quantity,
                                         unit=unit_label(request.item.unit, request.quantity, context.lang),
                                         item=request.item.label(context.lang), name=request.employee.name))]  # fmt: skip
        request = service.decline(context.session, actor=context.actor, request_id=request_id,
                                  reason=declined.group(1), config=deps.config)  # fmt: skip
    except DomainError as error:
        return refused_click(context, error)
    return [Reply(text=translate(context.lang, "stock.pick.declined_ack", name=request.employee.name))]


def on_alert(deps: SkillDeps[StockConfig], context: Context, card_entity: str, text: str) -> list[Reply] | None:
    """ "I'm ordering" under a low-stock alert claims it; anything else is not for the alert."""
    alert_id = entity_id(card_entity)
    if alert_id is None or ORDERING.match(fold(text)) is None:
        return None
    try:
        service.claim_alert(context.session, actor=context.actor, alert_id=alert_id, config=deps.config)
    except DomainError as error:
        return refused_click(context, error)
    return [Reply(text=translate(context.lang, "stock.alert.claim_ack"))]


def register(registry: SkillRegistry, deps: SkillDeps[StockConfig]) -> None:
    """Let the warehouse answer pick cards and alerts in their threads."""
    registry.on_thread_reply(REQUEST_ENTITY, partial(on_pick_card, deps))
    registry.on_thread_reply(ALERT_ENTITY, partial(on_alert, deps))
