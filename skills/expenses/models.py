"""The expenses skill's tables: expense categories (limits per item, day or month, per country or every office,
the receipt threshold) and expense claims (the amount as paid, its conversion to the office's currency with the
rate's date and source, the receipt, the status and the approval it went through).

The database refuses an approved amount above the converted claimed amount, and amounts that are not positive.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base
from db.models import Employee
from db.types import UTCDateTime

ENTITY = "expense_claim"
CATEGORY_ENTITY = "expense_category"
EVERY_OFFICE = ""
"""The ``country`` of a category that applies in every office (DESIGN §3: an empty country)."""


class ClaimStatus(StrEnum):
    """Where a claim stands: draft → pending approval → approved → exported → paid; or rejected, withdrawn; info
    requested returns to the step that asked."""

    DRAFT = "draft"
    PENDING = "pending"
    INFO_REQUESTED = "info_requested"
    APPROVED = "approved"
    EXPORTED = "exported"
    PAID = "paid"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


OPEN_STATUSES = (ClaimStatus.DRAFT, ClaimStatus.PENDING, ClaimStatus.INFO_REQUESTED)
COUNTED_STATUSES = (ClaimStatus.PENDING, ClaimStatus.INFO_REQUESTED, ClaimStatus.APPROVED, ClaimStatus.EXPORTED,
                    ClaimStatus.PAID)  # fmt: skip
"""The statuses whose amounts count against a limit (everything not rejected, withdrawn or a draft)."""


class LimitPeriod(StrEnum):
    """What a category's limit is counted over."""

    ITEM = "item"
    DAY = "day"
    MONTH = "month"


class ExpenseCategory(Base):
    """A kind of expense with its limit and receipt threshold, for one country or (``country=""``) every office."""

    __tablename__ = "expense_categories"
    __table_args__ = (UniqueConstraint("code", "country", name="uq_expense_categories_code_country"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    name_en: Mapped[str] = mapped_column(String(100))
    name_es: Mapped[str] = mapped_column(String(100))
    limit: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3))
    per: Mapped[str] = mapped_column(String(8), default=LimitPeriod.ITEM)
    receipt_over: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    country: Mapped[str] = mapped_column(String(8), default=EVERY_OFFICE)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def label(self, lang: str) -> str:
        """The category's name in ``lang``."""
        return self.name_es if lang == "es" and self.name_es else self.name_en


class ExpenseClaim(Base):
    """One expense an employee asks to be paid back for."""

    __tablename__ = "expense_claims"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(
            "approved_amount IS NULL OR (approved_amount > 0 AND approved_amount <= converted_amount)",
            name="approved_not_above_claimed",
        ),
        Index("ix_expense_claims_employee_status", "employee_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("expense_categories.id", ondelete="RESTRICT"))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3))
    converted_amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    office_currency: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(Numeric(18, 8))
    rate_date: Mapped[date | None] = mapped_column(Date)
    rate_source: Mapped[str] = mapped_column(String(40), default="")
    merchant: Mapped[str] = mapped_column(String(200), default="")
    expense_date: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str] = mapped_column(String(8))
    distance: Mapped[Decimal | None] = mapped_column(Numeric(10, 1))
    distance_unit: Mapped[str | None] = mapped_column(String(4))
    receipt_path: Mapped[str | None] = mapped_column(String(500))
    receipt_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    receipt_type: Mapped[str | None] = mapped_column(String(100))
    receipt_size: Mapped[int | None] = mapped_column(Integer)
    no_receipt_reason: Mapped[str] = mapped_column(Text, default="")
    justification: Mapped[str] = mapped_column(Text, default="")
    over_limit: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_finance: Mapped[bool] = mapped_column(Boolean, default=False)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("expense_claims.id", ondelete="SET NULL"))
    not_duplicate_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default=ClaimStatus.PENDING, index=True)
    approved_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    approval_id: Mapped[int | None] = mapped_column(Integer)
    """The shared approval engine's request for this claim."""
    lang: Mapped[str] = mapped_column(String(8), default="en")
    via: Mapped[str] = mapped_column(String(16), default="")
    thread_key: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    exported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    export_batch: Mapped[str | None] = mapped_column(String(32), index=True)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    receipt_reminded: Mapped[str | None] = mapped_column(String(7))
    """The month (``YYYY-MM``) of the last missing-receipt reminder, so each month reminds once."""

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id], lazy="joined")
    category: Mapped[ExpenseCategory] = relationship(lazy="joined")
    not_duplicate_by: Mapped[Employee | None] = relationship(foreign_keys=[not_duplicate_by_id])
    duplicate_of: Mapped[ExpenseClaim | None] = relationship(
        remote_side=[id], foreign_keys=[duplicate_of_id], lazy="joined", join_depth=1
    )
    """The earlier claim this one may duplicate, so an approver's card can say which it is."""

    @property
    def payable(self) -> Decimal:
        """What is paid back, in the office's currency: the approved amount, else the converted claimed amount."""
        return self.approved_amount if self.approved_amount is not None else self.converted_amount

    @property
    def has_receipt(self) -> bool:
        """Whether a receipt file is attached."""
        return bool(self.receipt_sha256)


__all__ = ["ClaimStatus", "ExpenseCategory", "ExpenseClaim", "LimitPeriod"]
