"""The approval engine's tables: one approval per skill row, its ordered steps, and approvers' delegations."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base
from db.models import Employee
from db.types import UTCDateTime

ENTITY = "approval"
"""How the audit log names an approval's own changes (``approval.step_approved``, ``approval.delegate_set``)."""
DELEGATION_ENTITY = "approval_delegation"


class ApprovalStatus(StrEnum):
    """Where an approval stands."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # the requester took it back while pending


class StepStatus(StrEnum):
    """Where one step stands: waiting for its level, pending a decision, decided, or skipped."""

    WAITING = "waiting"  # a later level, not asked yet
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SKIPPED = "skipped"  # another step of its level decided, or the approval ended first


class DecidedAs(StrEnum):
    """In what capacity a step was decided."""

    APPROVER = "approver"
    DELEGATE = "delegate"  # the approver's delegate for the day, on their behalf
    OVERRIDE = "override"  # HR or an admin deciding for the approver (recorded as such)


class Approval(Base):
    """The approval of one row of a skill (``entity_type`` + ``entity_id``): who asked and where it stands."""

    __tablename__ = "approvals"
    __table_args__ = (
        UniqueConstraint("entity_type", "entity_id", name="uq_approvals_entity"),
        Index("ix_approvals_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int] = mapped_column(Integer)
    requester_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default=ApprovalStatus.PENDING)
    current_level: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    requester: Mapped[Employee] = relationship(foreign_keys=[requester_id])
    steps: Mapped[list[ApprovalStep]] = relationship(
        back_populates="approval", order_by="(ApprovalStep.level, ApprovalStep.id)", lazy="selectin"
    )

    def __repr__(self) -> str:
        return f"Approval(id={self.id!r}, {self.entity_type}:{self.entity_id}, {self.status!r}, L{self.current_level})"


class ApprovalStep(Base):
    """One person asked to decide one level of an approval; steps sharing a level are "any of"."""

    __tablename__ = "approval_steps"
    __table_args__ = (
        Index("ix_approval_steps_approver_status", "approver_id", "status"),
        Index("ix_approval_steps_approval", "approval_id", "level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    approval_id: Mapped[int] = mapped_column(ForeignKey("approvals.id", ondelete="CASCADE"))
    level: Mapped[int] = mapped_column(Integer)
    approver_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(32))  # the chain rule that put it there: manager, finance, hr, …
    rule_reason: Mapped[str | None] = mapped_column(String(32))  # why a stand-in: a code (manager_on_leave, …)
    rule_params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default=StepStatus.WAITING)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    decided_as: Mapped[str | None] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pending_since: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when its level was asked
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    approval: Mapped[Approval] = relationship(back_populates="steps")
    approver: Mapped[Employee] = relationship(foreign_keys=[approver_id], lazy="selectin")
    decided_by: Mapped[Employee | None] = relationship(foreign_keys=[decided_by_id], lazy="selectin")
    on_behalf_of: Mapped[Employee | None] = relationship(foreign_keys=[on_behalf_of_id], lazy="selectin")

    def __repr__(self) -> str:
        return f"ApprovalStep(id={self.id!r}, L{self.level}, {self.rule}, approver={self.approver_id}, {self.status})"


class Delegation(Base):
    """ "While I'm away Ana approves for me": the delegate may decide the delegator's steps from ``start`` to
    ``end`` (inclusive), on their behalf."""

    __tablename__ = "approval_delegations"
    __table_args__ = (Index("ix_approval_delegations_delegator", "delegator_id", "start_date", "end_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delegator_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    delegate_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    delegator: Mapped[Employee] = relationship(foreign_keys=[delegator_id], lazy="selectin")
    delegate: Mapped[Employee] = relationship(foreign_keys=[delegate_id], lazy="selectin")


__all__ = ["ENTITY", "Approval", "ApprovalStatus", "ApprovalStep", "DecidedAs", "Delegation", "StepStatus"]
