"""Every read of the stock skill: items, levels, the ledger, requests, alerts, who works in the warehouse."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from db.models import AuditEntry, Employee, EmployeeRole, OutboxMessage, Role
from db.outbox import Entity, messages_about
from skills.locations.models import Location
from skills.locations.queries import subtree
from skills.stock.config import StockConfig
from skills.stock.models import (
    ALERT_ENTITY,
    ITEM_ENTITY,
    REQUEST_ENTITY,
    Item,
    Movement,
    MovementKind,
    RequestStatus,
    StockAlert,
    StockLevel,
    StockRequest,
)

CONSUMED = (MovementKind.ISSUE, MovementKind.TRANSFER_OUT)
"""The movements that count as consumption of a place's stock (for suggested orders)."""


def active_items(session: Session) -> list[Item]:
    """Every item in use, by SKU."""
    return list(session.scalars(select(Item).where(Item.active.is_(True)).order_by(Item.sku)))


EXAMPLE_POOL = 200
"""How many of the fullest levels the help card's example item is chosen from (a large catalog is not read whole)."""


def example_item(session: Session, country: str) -> Item | None:
    """An item to name in the help card's example: of the fullest levels, one in ``country`` (its first two
    letters), else the fullest anywhere, else the first active item; None with an empty catalog."""
    query = (
        select(StockLevel)
        .join(StockLevel.item)
        .where(Item.active.is_(True))
        .order_by((StockLevel.on_hand - StockLevel.reserved).desc(), StockLevel.item_id)
        .limit(EXAMPLE_POOL)
    )
    levels = list(session.scalars(query))
    local = [level for level in levels if str(level.location.inherited("country") or "")[:2] == country[:2]]
    if local or levels:
        return (local or levels)[0].item
    return session.scalars(select(Item).where(Item.active.is_(True)).order_by(Item.sku).limit(1)).first()


def catalog_version(session: Session) -> tuple[int | None, int | None]:
    """What changes whenever the item catalog does: the newest item id and the newest audited item change (the
    reference import audits every item it creates or edits); two index lookups, whatever the number of items."""
    newest_item = select(func.max(Item.id)).scalar_subquery()
    newest_change = select(func.max(AuditEntry.id)).where(AuditEntry.entity_type == ITEM_ENTITY).scalar_subquery()
    item, change = session.execute(select(newest_item, newest_change)).one()
    return item, change


def item_by_sku(session: Session, sku: str) -> Item | None:
    """The item with ``sku`` (case-insensitive), if any."""
    return session.scalar(select(Item).where(func.upper(Item.sku) == sku.strip().upper()))


def get_item(session: Session, item_id: int) -> Item | None:
    """The item with ``item_id``, if any."""
    return session.get(Item, item_id)


def level_at(session: Session, item_id: int, location_id: int) -> StockLevel | None:
    """The level of one item at one place, if it was ever stocked there."""
    return session.scalar(
        select(StockLevel).where(StockLevel.item_id == item_id, StockLevel.location_id == location_id)
    )


def get_level(session: Session, level_id: int) -> StockLevel | None:
    """The level with ``level_id``, if any."""
    return session.get(StockLevel, level_id)


def levels_of(session: Session, item_id: int, places: Sequence[Location] | None = None) -> list[StockLevel]:
    """The item's levels (only at ``places`` if given), by place code."""
    query = select(StockLevel).join(StockLevel.location).where(StockLevel.item_id == item_id)
    if places is not None:
        query = query.where(StockLevel.location_id.in_([place.id for place in places]))
    return list(session.scalars(query.order_by(Location.code)))


def levels_in(session: Session, places: Sequence[Location]) -> list[StockLevel]:
    """Every level at ``places`` (stock by location), by place then SKU."""
    query = (
        select(StockLevel)
        .join(StockLevel.location)
        .join(StockLevel.item)
        .where(StockLevel.location_id.in_([place.id for place in places]), Item.active.is_(True))
        .order_by(Location.code, Item.sku)
    )
    return list(session.scalars(query))


def all_levels(session: Session) -> list[StockLevel]:
    """Every level, by SKU then place (the stock export)."""
    query = select(StockLevel).join(StockLevel.location).join(StockLevel.item).order_by(Item.sku, Location.code)
    return list(session.scalars(query))


def places_holding_stock(session: Session) -> set[int]:
    """Ids of the places where any item was ever stocked."""
    return set(session.scalars(select(StockLevel.location_id).distinct()))


def stock_places_under(session: Session, root: Location) -> list[Location]:
    """``root`` and the places under it, the ones already holding stock first (a warehouse before an office)."""
    holding = places_holding_stock(session)
    places = subtree(session, root)
    return sorted(places, key=lambda place: (place.id not in holding, len(place.lineage()), place.code))


def last_movements(session: Session, item_id: int, location_id: int, limit: int = 5) -> list[Movement]:
    """The newest movements of one item at one place, newest first."""
    query = (
        select(Movement)
        .where(Movement.item_id == item_id, Movement.location_id == location_id)
        .order_by(Movement.created_at.desc(), Movement.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def movements_of_batch(session: Session, batch: str) -> list[Movement]:
    """The movements posted together under ``batch``, in posting order."""
    return list(session.scalars(select(Movement).where(Movement.batch == batch).order_by(Movement.id)))


def batches_posted_by(session: Session, employee_id: int, since: datetime) -> list[str]:
    """The batches of the movements ``employee_id`` posted at or after ``since``, newest first."""
    query = (
        select(Movement.batch, func.max(Movement.id).label("newest"))
        .where(Movement.actor_id == employee_id, Movement.created_at >= since)
        .group_by(Movement.batch)
        .order_by(func.max(Movement.id).desc())
    )
    return [batch for batch, _ in session.execute(query)]


def reversal_of(session: Session, movement_id: int) -> Movement | None:
    """The reversal that undid ``movement_id``, if any."""
    return session.scalar(select(Movement).where(Movement.reverses_id == movement_id))


def history(
    session: Session,
    *,
    item_id: int | None = None,
    places: Sequence[Location] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    kinds: Sequence[str] | None = None,
    limit: int | None = None,
) -> list[Movement]:
    """Movements (of an item, at places, from ``start`` up to but excluding ``end``, of ``kinds``), oldest first."""
    query = select(Movement)
    if item_id is not None:
        query = query.where(Movement.item_id == item_id)
    if places is not None:
        query = query.where(Movement.location_id.in_([place.id for place in places]))
    if start is not None:
        query = query.where(Movement.created_at >= start)
    if end is not None:
        query = query.where(Movement.created_at < end)
    if kinds is not None:
        query = query.where(Movement.kind.in_(list(kinds)))
    query = query.order_by(Movement.created_at, Movement.id)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def ledger_sum(session: Session, item_id: int, location_id: int) -> int:
    """The sum of every movement of one item at one place (always equal to its on hand)."""
    total = session.scalar(
        select(func.coalesce(func.sum(Movement.quantity), 0)).where(
            Movement.item_id == item_id, Movement.location_id == location_id
        )
    )
    return int(total or 0)


def consumed_since(session: Session, level: StockLevel, since: datetime) -> int:
    """Units issued or transferred out of ``level``'s place since ``since``, net of the reversals of those."""
    here = (Movement.item_id == level.item_id, Movement.location_id == level.location_id, Movement.created_at >= since)
    taken = session.scalar(
        select(func.coalesce(func.sum(Movement.quantity), 0)).where(*here, Movement.kind.in_(list(CONSUMED)))
    )
    original = aliased(Movement)
    undone = session.scalar(
        select(func.coalesce(func.sum(Movement.quantity), 0))
        .join(original, Movement.reverses_id == original.id)
        .where(*here, Movement.kind == MovementKind.REVERSAL, original.kind.in_(list(CONSUMED)))
    )
    return max(0, -int(taken or 0) - int(undone or 0))


def warehouse_staff(session: Session) -> list[Employee]:
    """Active employees holding the warehouse role, by name."""
    query = (
        select(Employee)
        .join(EmployeeRole, EmployeeRole.employee_id == Employee.id)
        .where(EmployeeRole.role == Role.WAREHOUSE, Employee.active.is_(True))
        .order_by(Employee.name)
    )
    return list(session.scalars(query))


def is_warehouse(employee: Employee) -> bool:
    """Whether ``employee`` may move stock and settle requests (warehouse staff; admins hold every role)."""
    return employee.has_role(Role.WAREHOUSE)


def channel_for(location: Location, config: StockConfig) -> str | None:
    """Where alerts and pick cards for ``location`` go: its (inherited) alert channel, else ``WAREHOUSE_CHANNEL``."""
    channel = location.inherited("alert_channel")
    return str(channel) if channel else config.warehouse_channel


def get_request(session: Session, request_id: int) -> StockRequest | None:
    """The request with ``request_id``, if any."""
    return session.get(StockRequest, request_id)


def open_requests_of(session: Session, employee_id: int) -> list[StockRequest]:
    """The employee's open requests, oldest first."""
    query = select(StockRequest).where(
        StockRequest.employee_id == employee_id, StockRequest.status == RequestStatus.OPEN
    )
    return list(session.scalars(query.order_by(StockRequest.created_at)))


def requests_of(session: Session, employee_id: int, limit: int = 10) -> list[StockRequest]:
    """The employee's requests to the warehouse, newest first (open or settled)."""
    query = select(StockRequest).where(StockRequest.employee_id == employee_id)
    return list(session.scalars(query.order_by(StockRequest.created_at.desc(), StockRequest.id.desc()).limit(limit)))


def open_requests(session: Session, limit: int = 10) -> list[StockRequest]:
    """Requests waiting for the warehouse, oldest first."""
    query = select(StockRequest).where(StockRequest.status == RequestStatus.OPEN).order_by(StockRequest.created_at)
    return list(session.scalars(query.limit(limit)))


def request_cards(session: Session, request_id: int) -> list[OutboxMessage]:
    """The pick cards posted about a request."""
    return messages_about(session, Entity(REQUEST_ENTITY, request_id))


def get_alert(session: Session, alert_id: int) -> StockAlert | None:
    """The alert with ``alert_id``, if any."""
    return session.get(StockAlert, alert_id)


def open_alert(session: Session, level_id: int) -> StockAlert | None:
    """The unresolved alert of a level, if any."""
    query = select(StockAlert).where(StockAlert.level_id == level_id, StockAlert.resolved_at.is_(None))
    return session.scalar(query.order_by(StockAlert.crossing.desc()).limit(1))


def alert_cards(session: Session, alert_id: int) -> list[OutboxMessage]:
    """The alert's card (and anything else posted about it), oldest first."""
    return messages_about(session, Entity(ALERT_ENTITY, alert_id))


def snoozes_due(session: Session, now: datetime) -> list[StockAlert]:
    """Open alerts whose snooze ended at or before ``now``."""
    query = select(StockAlert).where(
        StockAlert.resolved_at.is_(None), StockAlert.snoozed_until.is_not(None), StockAlert.snoozed_until <= now
    )
    return list(session.scalars(query.order_by(StockAlert.id)))


def low_levels(session: Session) -> list[StockLevel]:
    """Levels whose available is under their reorder level, by place then SKU."""
    query = (
        select(StockLevel)
        .join(StockLevel.location)
        .join(StockLevel.item)
        .where(StockLevel.reorder_level > 0, StockLevel.on_hand - StockLevel.reserved < StockLevel.reorder_level)
        .where(Item.active.is_(True))
        .order_by(Location.code, Item.sku)
    )
    return list(session.scalars(query))


def digest_posted(session: Session, dedupe_key: str) -> bool:
    """Whether the digest with this key was queued already (by this process or another)."""
    found = session.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key)
    )
    return bool(found)
