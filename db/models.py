"""Shared tables: employees and their roles, processed Slack events, conversations, outbox, audit log."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base
from db.types import UTCDateTime, utcnow


class Role(StrEnum):
    """What an employee may do beyond their own requests."""

    EMPLOYEE = "employee"
    MANAGER = "manager"
    HR = "hr"
    FINANCE = "finance"
    FACILITIES = "facilities"
    WAREHOUSE = "warehouse"
    ADMIN = "admin"


class Employee(Base):
    """A person in the company directory, linked to a Slack user once known."""

    __tablename__ = "employees"
    __table_args__ = (Index("ix_employees_manager_id", "manager_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    slack_id: Mapped[str | None] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    department: Mapped[str] = mapped_column(String(100), default="")
    locale: Mapped[str] = mapped_column(String(16), default="en-US")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    country: Mapped[str] = mapped_column(String(8), default="US")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    started_on: Mapped[date | None] = mapped_column(Date)  # first working day, when the directory knows it
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    manager: Mapped[Employee | None] = relationship(remote_side=[id], foreign_keys=[manager_id], post_update=True)
    role_rows: Mapped[list[EmployeeRole]] = relationship(
        back_populates="employee", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> set[Role]:
        """Every role the employee holds; everyone is at least an employee."""
        return {Role.EMPLOYEE} | {Role(row.role) for row in self.role_rows}

    def has_role(self, role: Role) -> bool:
        """Whether the employee holds ``role`` (admins hold every role)."""
        return role in self.roles or Role.ADMIN in self.roles

    def set_roles(self, roles: set[Role]) -> None:
        """Replace the employee's roles, keeping rows that did not change."""
        wanted = {str(role) for role in roles}
        self.role_rows = [row for row in self.role_rows if row.role in wanted]
        present = {row.role for row in self.role_rows}
        self.role_rows.extend(EmployeeRole(role=role) for role in sorted(wanted - present))

    @property
    def language(self) -> str:
        """The two-letter language of the employee's locale, e.g. ``es`` for ``es-ES``."""
        return self.locale.split("-")[0].split("_")[0].lower() or "en"

    def __repr__(self) -> str:
        return f"Employee(id={self.id!r}, email={self.email!r})"


class EmployeeRole(Base):
    """One role held by one employee."""

    __tablename__ = "employee_roles"

    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)

    employee: Mapped[Employee] = relationship(back_populates="role_rows")


class EventState(StrEnum):
    """Where a received Slack event stands: being handled (until ``due_at``), handled, or given up."""

    RECEIVED = "received"
    HANDLED = "handled"
    GIVEN_UP = "given_up"


class ProcessedEvent(Base):
    """A Slack event as received; the primary key makes a retried delivery a no-op, across processes.

    Over HTTP the event is recorded with its body *before* Slack gets its acknowledgement, and stays ``received``
    until it was handled: a process that dies meanwhile leaves it ``due_at`` the end of its lease, when any process
    takes it back (``db.events``). The body is dropped once the event is handled or given up.
    """

    __tablename__ = "processed_events"
    __table_args__ = (Index("ix_processed_events_state_due_at", "state", "due_at"),)

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(64), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    state: Mapped[str] = mapped_column(String(16), default=EventState.HANDLED, server_default=EventState.HANDLED.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    body: Mapped[str | None] = mapped_column(Text)


class ConversationStatus(StrEnum):
    """Where a conversation in a thread stands."""

    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class Conversation(Base):
    """Dialogue state of one thread: what the bot is waiting for and the slots gathered so far."""

    __tablename__ = "conversations"
    __table_args__ = (Index("ix_conversations_thread_status", "thread_key", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_key: Mapped[str] = mapped_column(String(128))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    skill: Mapped[str] = mapped_column(String(32))
    intent: Mapped[str] = mapped_column(String(64))
    slots: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    awaiting: Mapped[str | None] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(8), default="en")
    status: Mapped[str] = mapped_column(String(16), default=ConversationStatus.OPEN)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OutboxStatus(StrEnum):
    """Delivery state of an outbox row."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(Base):
    """A Slack message a state change causes, written in the same transaction and delivered by the worker."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="post")
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    channel: Mapped[str | None] = mapped_column(String(64))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    update_of: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text, default="")
    blocks: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    entity_type: Mapped[str | None] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    dedupe_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_channel: Mapped[str | None] = mapped_column(String(64))
    sent_ts: Mapped[str | None] = mapped_column(String(32))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEntry(Base):
    """Who changed what, from what to what, and through which front end."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_entity", "entity_type", "entity_id"),
        Index("ix_audit_log_entity_type_id", "entity_type", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(254), default="")
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    via: Mapped[str] = mapped_column(String(16))


__all__ = [
    "AuditEntry",
    "Conversation",
    "ConversationStatus",
    "Employee",
    "EmployeeRole",
    "EventState",
    "JobRun",
    "OutboxMessage",
    "OutboxStatus",
    "ProcessedEvent",
    "Role",
]


class JobRun(Base):
    """One run of a scheduled job: when, where, how many items it acted on, and whether it failed."""

    __tablename__ = "job_runs"
    __table_args__ = (
        Index("ix_job_runs_job_started_at", "job", "started_at"),
        UniqueConstraint("job", "slot", name="uq_job_runs_job_slot"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(64))
    slot: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """The scheduled moment this run is for (None for a run by hand): claimed once, by one leader."""
    host: Mapped[str] = mapped_column(String(128), default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ok: Mapped[bool] = mapped_column(Boolean, default=False)
    processed: Mapped[int] = mapped_column(Integer, default=0)
    detail: Mapped[str] = mapped_column(Text, default="")
