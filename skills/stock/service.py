"""Stock commands: post movements to the append-only ledger (receive, issue, transfer, count, undo), open
balances from an import, item requests (create, fulfil, decline) and the low-stock alerts they cause.

Every change of a level is one conditional ``UPDATE stock_levels ... WHERE on_hand - reserved >= :taken`` through
``skills.common.transition`` (the database decides, so fifty people taking the last units at once cannot take more
than there is, on SQLite or PostgreSQL), followed in the same transaction by its ledger row (with the balance
after), its audit row and the notifications it causes. Arguments are keyword-only; ``actor`` says who, via what,
when.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.audit import record
from db.models import Employee
from skills.common.transition import transition
from skills.core import Actor
from skills.errors import DomainError
from skills.locations.models import Location
from skills.stock import notifications
from skills.stock.config import StockConfig
from skills.stock.errors import (
    AlertAlreadyClaimed,
    AlertResolved,
    AlreadyReversed,
    MovementNotFound,
    NotEnoughStock,
    StockChanged,
)
from skills.stock.models import (
    ALERT_ENTITY,
    MOVEMENT_ENTITY,
    REQUEST_ENTITY,
    Item,
    Movement,
    MovementKind,
    RequestStatus,
    StockAlert,
    StockLevel,
    StockRequest,
)
from skills.stock.queries import (
    batches_posted_by,
    get_alert,
    get_request,
    level_at,
    movements_of_batch,
    open_requests_of,
    reversal_of,
    warehouse_staff,
)
from skills.stock.rules import (
    MovementDraft,
    acting_employee,
    check_alert_staff,
    check_decline_reason,
    check_open,
    check_requester,
    check_undo,
    check_warehouse,
    validate_movement,
    validate_request,
)


@dataclass(frozen=True)
class Posted:
    """What a command wrote: its ledger rows (one, or a transfer's two) under one batch."""

    batch: str
    movements: tuple[Movement, ...]


def new_batch() -> str:
    """A fresh id for movements posted together."""
    return secrets.token_hex(8)


# --- levels and the ledger --------------------------------------------------------------------------------------


def level_for(session: Session, item: Item, location: Location) -> StockLevel:
    """The level of ``item`` at ``location``, created empty the first time (a concurrent creator is tolerated)."""
    found = level_at(session, item.id, location.id)
    if found is not None:
        return found
    try:
        with session.begin_nested():
            level = StockLevel(item_id=item.id, location_id=location.id, on_hand=0, reserved=0, reorder_level=0,
                               reorder_qty=0, low=False, crossings=0)  # fmt: skip
            session.add(level)
            session.flush()
    except IntegrityError:
        found = level_at(session, item.id, location.id)
        if found is None:  # pragma: no cover - the unique key was violated by a row that is not there
            raise
        return found
    return level


def _take(session: Session, level: StockLevel, quantity: int, *, release: int = 0) -> bool:
    """``on_hand -= quantity`` (and ``reserved -= release``) only if that leaves available >= 0: one UPDATE."""
    return transition(
        session, level,
        StockLevel.on_hand - StockLevel.reserved + release >= quantity, StockLevel.reserved >= release,
        on_hand=StockLevel.on_hand - quantity, reserved=StockLevel.reserved - release,
    )  # fmt: skip


def _add(session: Session, level: StockLevel, quantity: int) -> None:
    """``on_hand += quantity`` (always possible)."""
    transition(session, level, on_hand=StockLevel.on_hand + quantity)


def _record(
    session: Session,
    *,
    actor: Actor,
    level: StockLevel,
    kind: MovementKind,
    delta: int,
    batch: str,
    reason: str = "",
    reference: str = "",
    reverses: Movement | None = None,
    request_id: int | None = None,
) -> Movement:
    """The ledger row of a change just made to ``level`` (its balance after), and its audit row."""
    movement = Movement(
        item_id=level.item_id, location_id=level.location_id, kind=kind, quantity=delta,
        balance_after=level.on_hand, batch=batch, reason=reason[:1000], reference=reference[:200],
        reverses_id=reverses.id if reverses is not None else None, request_id=request_id, actor_id=actor.id,
        actor_label=actor.label, via=actor.via, created_at=actor.when,
    )  # fmt: skip
    session.add(movement)
    session.flush()
    record(
        session, action=f"stock.{kind}", entity_type=MOVEMENT_ENTITY, entity_id=movement.id,
        before={"on_hand": level.on_hand - delta},
        after={"on_hand": level.on_hand, "quantity": delta, "sku": level.item.sku, "place": level.location.code,
               "reason": movement.reason, "reverses": movement.reverses_id},
        via=actor.via, actor=actor.employee, actor_label=actor.label,
    )  # fmt: skip
    return movement


def _not_enough(level: StockLevel, lang: str = "en") -> NotEnoughStock:
    return NotEnoughStock(
        item=level.item.label(lang), place=level.location.name, available=level.available, unit=level.item.unit
    )


def _post_out(
    session: Session,
    *,
    actor: Actor,
    level: StockLevel,
    quantity: int,
    kind: MovementKind,
    batch: str,
    reason: str = "",
    reference: str = "",
) -> Movement:
    if not _take(session, level, quantity):
        raise _not_enough(level)
    return _record(session, actor=actor, level=level, kind=kind, delta=-quantity, batch=batch, reason=reason,
                   reference=reference)  # fmt: skip


def _post_in(
    session: Session,
    *,
    actor: Actor,
    level: StockLevel,
    quantity: int,
    kind: MovementKind,
    batch: str,
    reason: str = "",
    reference: str = "",
) -> Movement:
    _add(session, level, quantity)
    return _record(session, actor=actor, level=level, kind=kind, delta=quantity, batch=batch, reason=reason,
                   reference=reference)  # fmt: skip


# --- movements --------------------------------------------------------------------------------------------------


def post_movement(session: Session, *, actor: Actor, draft: MovementDraft, config: StockConfig) -> Posted:
    """Receive, issue, transfer or count as ``draft`` says, after every rule; the rows written, under one batch."""
    employee = acting_employee(actor)
    level = level_at(session, draft.item.id, draft.place.id)
    validate_movement(
        draft, employee=employee, staff=warehouse_staff(session), level=level,
        count_threshold=config.count_reason_over, lang=employee.language,
    )  # fmt: skip
    batch = new_batch()
    level = level or level_for(session, draft.item, draft.place)
    reason = draft.reason
    movements: list[Movement] = []
    if draft.action == "receive":
        movements.append(_post_in(session, actor=actor, level=level, quantity=draft.quantity,
                                  kind=MovementKind.RECEIVE, batch=batch, reason=reason))  # fmt: skip
    elif draft.action == "issue":
        movements.append(_post_out(session, actor=actor, level=level, quantity=draft.quantity,
                                   kind=MovementKind.ISSUE, batch=batch, reason=reason))  # fmt: skip
    elif draft.action == "transfer":
        assert draft.destination is not None  # validate_movement checked it
        destination = level_for(session, draft.item, draft.destination)
        movements.append(_post_out(session, actor=actor, level=level, quantity=draft.quantity,
                                   kind=MovementKind.TRANSFER_OUT, batch=batch, reference=draft.destination.code,
                                   reason=reason))  # fmt: skip
        movements.append(_post_in(session, actor=actor, level=destination, quantity=draft.quantity,
                                  kind=MovementKind.TRANSFER_IN, batch=batch, reference=draft.place.code,
                                  reason=reason))  # fmt: skip
        notifications.watch_level(session, destination, actor, config)
    else:
        movements.extend(_count(session, actor=actor, level=level, counted=draft.quantity, batch=batch, reason=reason))
    notifications.watch_level(session, level, actor, config)
    return Posted(batch, tuple(movements))


def _count(
    session: Session, *, actor: Actor, level: StockLevel, counted: int, batch: str, reason: str
) -> list[Movement]:
    """Set on hand to ``counted`` if nobody moved it since it was read (else StockChanged); no row if equal."""
    seen = level.on_hand
    delta = counted - seen
    if delta == 0:
        return []
    changed = transition(session, level, StockLevel.on_hand == seen, StockLevel.reserved <= counted, on_hand=counted)
    if not changed:
        raise StockChanged()
    return [_record(session, actor=actor, level=level, kind=MovementKind.COUNT, delta=delta, batch=batch,
                    reason=reason)]  # fmt: skip


def open_balance(
    session: Session, *, actor: Actor, item: Item, location: Location, quantity: int, source: str
) -> tuple[StockLevel, Movement | None]:
    """An import's quantity for an item at a place: an opening movement for a new level, a count for a stored one."""
    existing = level_at(session, item.id, location.id)
    level = existing or level_for(session, item, location)
    batch = new_batch()
    if existing is None:
        if quantity == 0:
            return level, None
        return level, _post_in(session, actor=actor, level=level, quantity=quantity, kind=MovementKind.OPENING,
                               batch=batch, reference=source)  # fmt: skip
    moved = _count(session, actor=actor, level=level, counted=quantity, batch=batch, reason=f"import {source}")
    return level, (moved[0] if moved else None)


def _undoable_batch(
    session: Session, employee: Employee, batch: str, when: datetime, config: StockConfig
) -> list[Movement]:
    """The movements of ``batch`` when ``employee`` may undo them at ``when``; the rule's error when not."""
    movements = movements_of_batch(session, batch)
    if not movements:
        raise MovementNotFound()
    reversed_already = any(reversal_of(session, movement.id) is not None for movement in movements)
    check_undo(movements, employee, when, config.undo_minutes, reversed_already)
    return movements


def last_undoable(session: Session, *, actor: Actor, config: StockConfig) -> Posted | None:
    """The newest batch ``actor`` could undo now with its Undo button (theirs, in the window, not undone yet): what
    a typed "undo" offers. Reads only; the reversal waits for the button."""
    employee = acting_employee(actor)
    since = actor.when - timedelta(minutes=config.undo_minutes)
    for batch in batches_posted_by(session, employee.id, since):
        try:
            return Posted(batch, tuple(_undoable_batch(session, employee, batch, actor.when, config)))
        except DomainError:
            continue
    return None


def undo(session: Session, *, actor: Actor, batch: str, config: StockConfig) -> Posted:
    """Reverse every movement of ``batch`` (newest first): by its author, within the undo window, once."""
    employee = acting_employee(actor)
    movements = _undoable_batch(session, employee, batch, actor.when, config)
    reversal_batch = new_batch()
    levels = {m.id: level_at(session, m.item_id, m.location_id) for m in movements}  # read before writing (SQLite)
    posted: list[Movement] = []
    try:
        with session.begin_nested():  # the first statement inside is a write: SQLite waits for its lock
            for movement in reversed(movements):
                level = levels[movement.id]
                if level is None:  # pragma: no cover - a movement always has its level
                    raise MovementNotFound()
                posted.append(_reverse(session, actor=actor, movement=movement, level=level, batch=reversal_batch))
    except IntegrityError:
        raise AlreadyReversed() from None  # another click reversed it first (one reversal per movement)
    for movement in posted:
        level = levels[movement.reverses_id or 0]
        if level is not None:
            notifications.watch_level(session, level, actor, config)
    return Posted(reversal_batch, tuple(posted))


def _reverse(session: Session, *, actor: Actor, movement: Movement, level: StockLevel, batch: str) -> Movement:
    if movement.quantity > 0:
        if not _take(session, level, movement.quantity):
            raise _not_enough(level)
    else:
        _add(session, level, -movement.quantity)
    return _record(session, actor=actor, level=level, kind=MovementKind.REVERSAL, delta=-movement.quantity,
                   batch=batch, reverses=movement, reason=f"undo of #{movement.id}",
                   reference=f"#{movement.id}")  # fmt: skip


# --- item requests ----------------------------------------------------------------------------------------------


def create_request(
    session: Session,
    *,
    actor: Actor,
    item: Item,
    location: Location,
    quantity: int,
    note: str,
    thread_key: str,
    lang: str,
    config: StockConfig,
) -> StockRequest:
    """Ask the warehouse for items: reserve them at ``location`` if they are there, and post the pick card."""
    employee = acting_employee(actor)
    validate_request(item, quantity, employee.language)
    level = level_for(session, item, location)
    reserved = quantity if transition(
        session, level, StockLevel.on_hand - StockLevel.reserved >= quantity, reserved=StockLevel.reserved + quantity
    ) else 0  # fmt: skip
    request = StockRequest(
        employee_id=employee.id, item_id=item.id, location_id=location.id, quantity=quantity, reserved=reserved,
        note=note[:1000], status=RequestStatus.OPEN, lang=lang, via=actor.via, thread_key=thread_key,
        created_at=actor.when,
    )  # fmt: skip
    session.add(request)
    session.flush()
    record(
        session, action="stock.requested", entity_type=REQUEST_ENTITY, entity_id=request.id, before=None,
        after={"sku": item.sku, "place": location.code, "quantity": quantity, "reserved": reserved},
        via=actor.via, actor=employee,
    )  # fmt: skip
    notifications.post_pick_card(session, request, config)
    notifications.watch_level(session, level, actor, config)
    return request


def _settle(session: Session, request: StockRequest, actor: Actor, status: RequestStatus, **values: object) -> None:
    employee = acting_employee(actor)
    settled = transition(
        session, request, StockRequest.status == RequestStatus.OPEN,
        status=status, decided_by_id=employee.id, decided_at=actor.when, **values,
    )  # fmt: skip
    if not settled:
        check_open(request)  # raises RequestAlreadyDecided naming who settled it


def fulfil(session: Session, *, actor: Actor, request_id: int, config: StockConfig) -> tuple[StockRequest, Movement]:
    """Fulfil (warehouse staff, once): the issue movement, the reservation released, the requester told."""
    employee = acting_employee(actor)
    request = get_request(session, request_id)
    if request is None:
        raise MovementNotFound()
    check_warehouse(employee, warehouse_staff(session))
    check_open(request)
    level = level_for(session, request.item, request.location)
    _settle(session, request, actor, RequestStatus.FULFILLED)
    if not _take(session, level, request.quantity, release=request.reserved):
        raise _not_enough(level, employee.language)
    movement = _record(
        session, actor=actor, level=level, kind=MovementKind.ISSUE, delta=-request.quantity, batch=new_batch(),
        reason=f"request #{request.id} for {request.employee.name}", reference=f"request #{request.id}",
        request_id=request.id,
    )  # fmt: skip
    record(
        session, action="stock.request_fulfilled", entity_type=REQUEST_ENTITY, entity_id=request.id,
        before={"status": RequestStatus.OPEN}, after={"status": request.status, "movement": movement.id},
        via=actor.via, actor=employee,
    )  # fmt: skip
    notifications.settle_request(session, request, config)
    notifications.watch_level(session, level, actor, config)
    return request, movement


def _release(session: Session, request: StockRequest) -> StockLevel:
    """What a settled request reserved goes back on the shelf (never below zero); the level it was reserved at."""
    level = level_for(session, request.item, request.location)
    if request.reserved:
        transition(session, level, StockLevel.reserved >= request.reserved,
                   reserved=StockLevel.reserved - request.reserved)  # fmt: skip
    return level


def decline(session: Session, *, actor: Actor, request_id: int, reason: str, config: StockConfig) -> StockRequest:
    """Decline (warehouse staff, once, with a reason the requester reads): the reservation is released."""
    employee = acting_employee(actor)
    request = get_request(session, request_id)
    if request is None:
        raise MovementNotFound()
    check_warehouse(employee, warehouse_staff(session))
    check_open(request)
    check_decline_reason(reason)
    _settle(session, request, actor, RequestStatus.DECLINED, decline_reason=reason.strip()[:1000])
    level = _release(session, request)
    record(
        session, action="stock.request_declined", entity_type=REQUEST_ENTITY, entity_id=request.id,
        before={"status": RequestStatus.OPEN}, after={"status": request.status, "reason": request.decline_reason},
        via=actor.via, actor=employee,
    )  # fmt: skip
    notifications.settle_request(session, request, config)
    notifications.watch_level(session, level, actor, config)
    return request


def withdraw(session: Session, *, actor: Actor, request_id: int, config: StockConfig) -> StockRequest:
    """The requester withdraws their open request (once): the reservation is released and the pick cards say so."""
    employee = acting_employee(actor)
    request = get_request(session, request_id)
    if request is None:
        raise MovementNotFound()
    check_requester(employee, request)
    check_open(request)
    _settle(session, request, actor, RequestStatus.WITHDRAWN)
    level = _release(session, request)
    record(
        session, action="stock.request_withdrawn", entity_type=REQUEST_ENTITY, entity_id=request.id,
        before={"status": RequestStatus.OPEN}, after={"status": request.status, "why": "the requester withdrew it"},
        via=actor.via, actor=employee,
    )  # fmt: skip
    notifications.settle_pick_cards(session, request)
    notifications.watch_level(session, level, actor, config)
    return request


def withdraw_for_leaver(session: Session, *, actor: Actor, request: StockRequest, source: str) -> bool:
    """An open request of someone the directory marks as gone is withdrawn: the reservation is released, the audit
    row names the directory file, and the pick cards lose their buttons; False when the warehouse settled it first."""
    if not transition(
        session, request, StockRequest.status == RequestStatus.OPEN, status=RequestStatus.WITHDRAWN,
        decided_at=actor.when,
    ):  # fmt: skip
        return False
    if request.reserved:
        _release(session, request)
    record(
        session, action="stock.request_withdrawn", entity_type=REQUEST_ENTITY, entity_id=request.id,
        before={"status": RequestStatus.OPEN}, after={"status": request.status, "why": "the employee left"},
        via=actor.via, actor=actor.employee, actor_label=source,
    )  # fmt: skip
    notifications.settle_pick_cards(session, request)
    return True


def withdraw_leavers_requests(session: Session, leavers: Sequence[Employee], actor: Actor, source: str) -> None:
    """The ``on_employees_left`` hook: every open item request of the leavers is withdrawn and its stock freed."""
    for employee in leavers:
        for request in open_requests_of(session, employee.id):
            withdraw_for_leaver(session, actor=actor, request=request, source=source)


# --- alerts -----------------------------------------------------------------------------------------------------


def _open_alert(session: Session, alert_id: int) -> StockAlert:
    alert = get_alert(session, alert_id)
    if alert is None:
        raise MovementNotFound()
    if alert.resolved_at is not None:
        raise AlertResolved()
    return alert


def claim_alert(session: Session, *, actor: Actor, alert_id: int, config: StockConfig) -> StockAlert:
    """ "I'm ordering": the first to press it owns the reorder; the card says who."""
    employee = acting_employee(actor)
    alert = _open_alert(session, alert_id)
    check_alert_staff(employee, warehouse_staff(session))
    claimed = transition(
        session, alert, StockAlert.claimed_by_id.is_(None), StockAlert.resolved_at.is_(None),
        claimed_by_id=employee.id, claimed_at=actor.when,
    )  # fmt: skip
    if not claimed:
        if alert.resolved_at is not None:
            raise AlertResolved()
        raise AlertAlreadyClaimed(name=alert.claimed_by.name if alert.claimed_by is not None else "?")
    record(
        session, action="stock.alert_claimed", entity_type=ALERT_ENTITY, entity_id=alert.id, before=None,
        after={"claimed_by": employee.email}, via=actor.via, actor=employee,
    )  # fmt: skip
    notifications.refresh_alert(session, alert, config)
    return alert


def snooze_alert(session: Session, *, actor: Actor, alert_id: int, until: datetime, config: StockConfig) -> StockAlert:
    """Snooze until…: the alert says nothing more until ``until`` (then the snooze job reminds its thread)."""
    employee = acting_employee(actor)
    alert = _open_alert(session, alert_id)
    check_alert_staff(employee, warehouse_staff(session))
    transition(session, alert, StockAlert.resolved_at.is_(None), snoozed_until=until)
    record(
        session, action="stock.alert_snoozed", entity_type=ALERT_ENTITY, entity_id=alert.id, before=None,
        after={"until": until.isoformat()}, via=actor.via, actor=employee,
    )  # fmt: skip
    notifications.refresh_alert(session, alert, config)
    return alert
