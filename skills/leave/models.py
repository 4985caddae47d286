"""The leave skill's tables: leave types, yearly allocations, requests and company holidays."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base
from db.models import Employee
from db.types import UTCDateTime

ENTITY = "leave"
"""How the audit log and the outbox name a leave request (``Entity(ENTITY, request.id)``)."""

DAYS = Numeric(5, 1)
"""Day counts keep one decimal so half days (0.5) are exact."""


class Accrual(StrEnum):
    """How a type's yearly allowance becomes available."""

    UPFRONT = "upfront"  # all of it on January 1
    MONTHLY = "monthly"  # a twelfth on the first day of each month


class LeaveStatus(StrEnum):
    """Where a leave request stands."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # the requester took back a pending request
    CANCELLED = "cancelled"  # an approved request called off before it started


ACTIVE_STATUSES = (LeaveStatus.PENDING, LeaveStatus.APPROVED)
"""Requests that hold days: they count against the balance and block overlapping requests."""


class LeaveType(Base):
    """A kind of leave and its rules: allowance, accrual, carry-over, approval, notice, half days, backdating."""

    __tablename__ = "leave_types"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(100))
    name_es: Mapped[str] = mapped_column(String(100))
    allowance_days: Mapped[Decimal | None] = mapped_column(DAYS)  # None: no yearly limit (sick, unpaid)
    accrual: Mapped[str] = mapped_column(String(16), default=Accrual.UPFRONT)
    carry_over_cap: Mapped[Decimal] = mapped_column(DAYS, default=Decimal(0))
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=True)
    min_notice_days: Mapped[int] = mapped_column(Integer, default=0)
    half_days_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    backdate_days: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def name(self, lang: str) -> str:
        """The type's name in ``lang`` (Spanish or English)."""
        return self.name_es if lang.startswith("es") else self.name_en

    @property
    def limited(self) -> bool:
        """Whether requests of this type draw on a yearly allowance."""
        return self.allowance_days is not None


class LeaveAllocation(Base):
    """The days one employee is given of one type in one year, plus what was carried over from the last."""

    __tablename__ = "leave_allocations"
    __table_args__ = (
        UniqueConstraint("employee_id", "leave_type", "year", name="uq_leave_allocations_employee_type_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    leave_type: Mapped[str] = mapped_column(ForeignKey("leave_types.code", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    allocated_days: Mapped[Decimal] = mapped_column(DAYS)
    carried_over_days: Mapped[Decimal] = mapped_column(DAYS, default=Decimal(0))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, insert_default=func.now())  # bookkeeping, by the DB


class LeaveRequest(Base):
    """One request for time off, from submission to its decision, withdrawal or cancellation.

    ``start_half`` means the first day is taken from midday (afternoon only); ``end_half`` means the last day
    ends at midday (morning only). A one-day request with ``end_half`` is a morning off, with ``start_half``
    an afternoon off.
    """

    __tablename__ = "leave_requests"
    __table_args__ = (
        Index("ix_leave_requests_employee_dates", "employee_id", "start_date", "end_date"),
        Index("ix_leave_requests_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    leave_type: Mapped[str] = mapped_column(ForeignKey("leave_types.code"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    start_half: Mapped[bool] = mapped_column(Boolean, default=False)
    end_half: Mapped[bool] = mapped_column(Boolean, default=False)
    working_days: Mapped[Decimal] = mapped_column(DAYS)
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=LeaveStatus.PENDING)
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    approver_reason: Mapped[str | None] = mapped_column(String(32))  # why a stand-in approves: a code
    approver_reason_params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the actor's moment (reminders count from it)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)  # set by every transition, from the actor's moment
    version: Mapped[int] = mapped_column(Integer, default=1)
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the approver was last chased
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # HR was told it is overdue

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    approver: Mapped[Employee | None] = relationship(foreign_keys=[approver_id])
    decided_by: Mapped[Employee | None] = relationship(foreign_keys=[decided_by_id])
    type: Mapped[LeaveType] = relationship()

    def __repr__(self) -> str:
        return f"LeaveRequest(id={self.id!r}, {self.start_date}..{self.end_date}, {self.status!r})"


class CompanyHoliday(Base):
    """A day the company closes: for every office (``country`` empty) or one country (or region, ``ES-MD``)."""

    __tablename__ = "company_holidays"
    __table_args__ = (UniqueConstraint("day", "country", name="uq_company_holidays_day_country"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(8))


__all__ = [
    "ACTIVE_STATUSES",
    "ENTITY",
    "Accrual",
    "CompanyHoliday",
    "LeaveAllocation",
    "LeaveRequest",
    "LeaveStatus",
    "LeaveType",
]
