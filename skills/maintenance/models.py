"""The maintenance skill's tables: teams, assets, tickets and their events, SLA targets per priority, preventive
plans and meter readings.

A ticket moves requested → triaged → in progress ⇄ on hold → resolved → closed (or cancelled; reopened from
resolved), always through a conditional update on its status. Every change, comment and photo is a
:class:`TicketEvent`. A preventive plan opens at most one ticket at a time: the plan's ``open_ticket_id`` is set
by a conditional update, and ``(plan_id, occurrence)`` is unique on tickets, so two processes cannot both open one.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base
from db.models import Employee
from db.types import UTCDateTime
from skills.locations.models import Location

TICKET_ENTITY = "maintenance_ticket"
TEAM_ENTITY = "maintenance_team"
ASSET_ENTITY = "maintenance_asset"
PLAN_ENTITY = "maintenance_plan"

PRIORITIES = ("P1", "P2", "P3", "P4")
CATEGORIES = ("hvac", "plumbing", "electrical", "it", "appliance", "furniture", "building", "cleaning", "other")


class Status(StrEnum):
    """Where a ticket stands."""

    REQUESTED = "requested"
    TRIAGED = "triaged"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"


OPEN_STATUSES = (Status.REQUESTED, Status.TRIAGED, Status.IN_PROGRESS, Status.ON_HOLD)
"""The statuses of a ticket still being worked (SLA clocks run, except on hold)."""


class PlanKind(StrEnum):
    """How a preventive plan counts: fixed dates, from the last completion, or meter units."""

    FIXED = "fixed"
    FLOATING = "floating"
    METER = "meter"


class Team(Base):
    """A team that works tickets in its Slack channel: its lead, its members and the categories it takes."""

    __tablename__ = "maintenance_teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str | None] = mapped_column(String(80))
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    member_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)

    lead: Mapped[Employee | None] = relationship(lazy="joined")

    def is_member(self, employee: Employee) -> bool:
        """Whether ``employee`` works this team's tickets (a member or the lead)."""
        return employee.id == self.lead_id or employee.id in (self.member_ids or [])


class Asset(Base):
    """A thing the company maintains (an air conditioner, a printer), where it is and which team looks after it."""

    __tablename__ = "maintenance_assets"

    id: Mapped[int] = mapped_column(primary_key=True)
    tag: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    category: Mapped[str] = mapped_column(String(32))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id", ondelete="RESTRICT"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("maintenance_teams.id", ondelete="SET NULL"))
    meter_unit: Mapped[str | None] = mapped_column(String(16))
    meter_value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    location: Mapped[Location | None] = relationship(lazy="joined")
    team: Mapped[Team | None] = relationship(lazy="joined")

    def names(self) -> list[str]:
        """Every way the asset is named: its tag, name and aliases."""
        return [self.tag, self.name, *(self.aliases or [])]


class SlaTarget(Base):
    """Response and resolution targets of one priority, in business hours."""

    __tablename__ = "maintenance_sla_targets"

    priority: Mapped[str] = mapped_column(String(4), primary_key=True)
    response_hours: Mapped[int] = mapped_column(Integer)
    resolution_hours: Mapped[int] = mapped_column(Integer)


class PreventivePlan(Base):
    """Recurring work on an asset: every N days/weeks/months (fixed or from completion) or every N meter units."""

    __tablename__ = "maintenance_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("maintenance_assets.id", ondelete="CASCADE"), index=True)
    task: Mapped[str] = mapped_column(String(300))
    checklist: Mapped[list[str]] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(String(16), default=PlanKind.FIXED)
    every: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(16))
    """``days``, ``weeks``, ``months`` for dated plans; the meter's unit (``h``) for meter plans."""
    lead_days: Mapped[int] = mapped_column(Integer, default=0)
    next_due: Mapped[date | None] = mapped_column(Date)
    next_meter: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    open_ticket_id: Mapped[int | None] = mapped_column(Integer)
    """The plan's ticket still open (no foreign key: tickets point at plans, and one direction is enough)."""
    occurrences: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    asset: Mapped[Asset] = relationship(lazy="joined")


class Ticket(Base):
    """One problem report and its work: who asked, what, where, how urgent, who works it, and its SLA clocks."""

    __tablename__ = "maintenance_tickets"
    __table_args__ = (
        Index("ix_maintenance_tickets_status", "status"),
        UniqueConstraint("plan_id", "occurrence", name="uq_maintenance_tickets_plan_occurrence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requester_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    summary: Mapped[str] = mapped_column(String(300))
    original_text: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(32))
    asset_id: Mapped[int | None] = mapped_column(ForeignKey("maintenance_assets.id", ondelete="SET NULL"))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id", ondelete="SET NULL"))
    priority: Mapped[str] = mapped_column(String(4))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("maintenance_teams.id", ondelete="SET NULL"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default=Status.REQUESTED)
    lang: Mapped[str] = mapped_column(String(8), default="en")
    via: Mapped[str] = mapped_column(String(16), default="")
    thread_key: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution: Mapped[str | None] = mapped_column(Text)
    response_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    remind_half_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    remind_late_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded: Mapped[int] = mapped_column(Integer, default=0)
    """Reminders sent: 1 at 50 %, 2 at 75 %, 3 after the breach alert (each step once, by conditional update)."""
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    feedback: Mapped[str | None] = mapped_column(String(8))
    followers: Mapped[list[int]] = mapped_column(JSON, default=list)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("maintenance_plans.id", ondelete="SET NULL"))
    occurrence: Mapped[int | None] = mapped_column(Integer)

    requester: Mapped[Employee | None] = relationship(foreign_keys=[requester_id], lazy="joined")
    assignee: Mapped[Employee | None] = relationship(foreign_keys=[assignee_id], lazy="joined")
    asset: Mapped[Asset | None] = relationship(lazy="joined")
    location: Mapped[Location | None] = relationship(lazy="joined")
    team: Mapped[Team | None] = relationship(lazy="joined")

    @property
    def is_open(self) -> bool:
        """Whether the ticket is still being worked."""
        return self.status in OPEN_STATUSES

    @property
    def reference(self) -> str:
        """How people name it: ``#12``."""
        return f"#{self.id}"

    def sla_state(self, now: datetime) -> str:
        """``paused`` (on hold), ``breached``, ``at_risk`` (past 75 %), ``on_time``; once settled ``met`` or
        ``breached``; ``cancelled``."""
        if self.status == Status.CANCELLED:
            return "cancelled"
        due = self.resolution_due
        if self.resolved_at is not None or self.status == Status.CLOSED:
            done = self.resolved_at or self.closed_at or now
            return "breached" if due is not None and done > due else "met"
        if self.status == Status.ON_HOLD:
            return "paused"
        if due is not None and now > due:
            return "breached"
        if self.remind_late_at is not None and now >= self.remind_late_at:
            return "at_risk"
        return "on_time"


class TicketEvent(Base):
    """One thing that happened to a ticket: a status change, a comment, a photo, feedback; who and when."""

    __tablename__ = "maintenance_ticket_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("maintenance_tickets.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    """``status``, ``comment``, ``photo``, ``feedback``, ``follow``, ``reminder``."""
    status_from: Mapped[str | None] = mapped_column(String(16))
    status_to: Mapped[str | None] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(254), default="")
    via: Mapped[str] = mapped_column(String(16), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    actor: Mapped[Employee | None] = relationship(lazy="joined")


class MeterReading(Base):
    """A reading of an asset's meter (hours, cycles), as someone said it in chat or a job recorded it."""

    __tablename__ = "maintenance_meter_readings"

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("maintenance_assets.id", ondelete="CASCADE"), index=True)
    value: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    read_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    via: Mapped[str] = mapped_column(String(16), default="")


__all__ = [
    "Asset",
    "MeterReading",
    "PlanKind",
    "PreventivePlan",
    "SlaTarget",
    "Status",
    "Team",
    "Ticket",
    "TicketEvent",
]
