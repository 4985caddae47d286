"""The stock skill's tables: items, their levels per location, the append-only movement ledger, item requests and
low-stock alerts.

A level's ``on_hand`` only ever changes together with a movement row whose ``balance_after`` is the new value, so
the sum of an item's movements at a location is always its on-hand quantity. ``available`` is ``on_hand -
reserved``; the database itself refuses a level whose available (or reserved) quantity would go below zero.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql import ColumnElement

from db.base import Base
from db.models import Employee
from db.types import UTCDateTime
from skills.locations.models import Location

MOVEMENT_ENTITY = "stock_movement"
REQUEST_ENTITY = "stock_request"
ALERT_ENTITY = "stock_alert"
ITEM_ENTITY = "stock_item"


class MovementKind(StrEnum):
    """What a ledger row records: quantity in (+), out (-) or set by a count; a reversal undoes another row."""

    OPENING = "opening"
    RECEIVE = "receive"
    ISSUE = "issue"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"
    COUNT = "count"
    REVERSAL = "reversal"


class RequestStatus(StrEnum):
    """Where an item request stands."""

    OPEN = "open"
    FULFILLED = "fulfilled"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # the requester left the company before the warehouse settled it


class Item(Base):
    """Something the company keeps in stock, named in any language (``aliases``)."""

    __tablename__ = "stock_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_es: Mapped[str | None] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    unit: Mapped[str] = mapped_column(String(32), default="unit")
    category: Mapped[str | None] = mapped_column(String(64))
    serialized: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def label(self, lang: str) -> str:
        """The item's name in ``lang`` (the Spanish name when there is one), for people."""
        return self.name_es if lang == "es" and self.name_es else self.name

    def names(self) -> list[str]:
        """Every way the item is named: its SKU, names and aliases."""
        return [self.sku, self.name, *([self.name_es] if self.name_es else []), *(self.aliases or [])]

    def __repr__(self) -> str:
        return f"Item({self.sku!r})"


class StockLevel(Base):
    """One item at one location: on hand, reserved for open requests, and its reorder point there."""

    __tablename__ = "stock_levels"
    __table_args__ = (
        UniqueConstraint("item_id", "location_id", name="uq_stock_levels_item_location"),
        CheckConstraint("reserved >= 0", name="reserved_not_negative"),
        CheckConstraint("on_hand - reserved >= 0", name="available_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("stock_items.id", ondelete="RESTRICT"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id", ondelete="RESTRICT"), index=True)
    on_hand: Mapped[int] = mapped_column(Integer, default=0)
    reserved: Mapped[int] = mapped_column(Integer, default=0)
    reorder_level: Mapped[int] = mapped_column(Integer, default=0)
    reorder_qty: Mapped[int] = mapped_column(Integer, default=0)
    low: Mapped[bool] = mapped_column(Boolean, default=False)
    """True while available is under the reorder level (between a crossing down and the recovery)."""
    crossings: Mapped[int] = mapped_column(Integer, default=0)
    """How many times available went under the reorder level: each crossing gets exactly one alert."""

    item: Mapped[Item] = relationship(lazy="joined")
    location: Mapped[Location] = relationship(lazy="joined")

    @hybrid_property
    def available(self) -> int:
        """On hand minus reserved: what can still be issued or promised."""
        return self.on_hand - self.reserved

    @available.inplace.expression
    @classmethod
    def _available_expression(cls) -> ColumnElement[int]:
        return cls.on_hand - cls.reserved

    @property
    def is_below(self) -> bool:
        """Whether available is under the reorder level (a level of 0 never is)."""
        return self.available < self.reorder_level


class Movement(Base):
    """One row of the append-only ledger: never edited, never deleted; a correction is a reversal pointing at it."""

    __tablename__ = "stock_movements"
    __table_args__ = (
        Index("ix_stock_movements_item_location", "item_id", "location_id"),
        UniqueConstraint("reverses_id", name="uq_stock_movements_reverses_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("stock_items.id", ondelete="RESTRICT"))
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(16))
    quantity: Mapped[int] = mapped_column(Integer)
    """The signed change of on hand: +20 received, -3 issued."""
    balance_after: Mapped[int] = mapped_column(Integer)
    batch: Mapped[str] = mapped_column(String(32), index=True)
    """Movements posted together (the two legs of a transfer) share a batch; Undo reverses a whole batch."""
    reason: Mapped[str] = mapped_column(Text, default="")
    reference: Mapped[str] = mapped_column(String(200), default="")
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("stock_movements.id", ondelete="RESTRICT"))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("stock_requests.id", ondelete="SET NULL"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(254), default="")
    via: Mapped[str] = mapped_column(String(16), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    item: Mapped[Item] = relationship(lazy="joined")
    location: Mapped[Location] = relationship(lazy="joined")
    actor: Mapped[Employee | None] = relationship()


@event.listens_for(Movement, "before_update")
@event.listens_for(Movement, "before_delete")
def _ledger_is_append_only(_mapper: Any, _connection: Any, target: Movement) -> None:
    """Refuse to change or delete a ledger row through the ORM: corrections are reversals."""
    raise ValueError(f"stock movement {target.id} is part of the ledger and cannot be changed; post a reversal")


class StockRequest(Base):
    """An employee asking the warehouse for items: open (quantity reserved if it was there), fulfilled or declined."""

    __tablename__ = "stock_requests"
    __table_args__ = (Index("ix_stock_requests_status", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("stock_items.id", ondelete="RESTRICT"))
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id", ondelete="RESTRICT"))
    quantity: Mapped[int] = mapped_column(Integer)
    reserved: Mapped[int] = mapped_column(Integer, default=0)
    """How much of ``quantity`` is reserved at the location (all of it, or 0 when it was not there to reserve)."""
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=RequestStatus.OPEN)
    lang: Mapped[str] = mapped_column(String(8), default="en")
    via: Mapped[str] = mapped_column(String(16), default="")
    thread_key: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decline_reason: Mapped[str | None] = mapped_column(Text)

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    decided_by: Mapped[Employee | None] = relationship(foreign_keys=[decided_by_id])
    item: Mapped[Item] = relationship(lazy="joined")
    location: Mapped[Location] = relationship(lazy="joined")


class StockAlert(Base):
    """One low-stock alert: one per crossing of a level under its reorder point, resolved on recovery."""

    __tablename__ = "stock_alerts"
    __table_args__ = (UniqueConstraint("level_id", "crossing", name="uq_stock_alerts_level_crossing"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    level_id: Mapped[int] = mapped_column(ForeignKey("stock_levels.id", ondelete="CASCADE"), index=True)
    crossing: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str | None] = mapped_column(String(80))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    level: Mapped[StockLevel] = relationship(lazy="joined")
    claimed_by: Mapped[Employee | None] = relationship()


__all__ = ["Item", "Movement", "MovementKind", "RequestStatus", "StockAlert", "StockLevel", "StockRequest"]
