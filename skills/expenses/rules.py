"""The rules of a claim as an ordered checklist: ``validate()`` calls each ``check_*`` in order and each raises one
named error. ``assess()`` works out what the card shows (the conversion, the limit in force and what is left of it,
whether a receipt is required, possible duplicates, who approves) without refusing anything, so "can I expense
this?" shares it and writes nothing.

Order: amount > 0 and plausible; known currency; date not in the future and not older than the maximum age;
category set; over the limit → a justification; receipt missing above the threshold → a declared reason.
Possible duplicates are never refused: they are shown and the approver confirms "not a duplicate".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from db.models import Employee
from skills.expenses.config import ExpensesConfig
from skills.expenses.errors import (
    AmountImplausible,
    AmountNotPositive,
    CategoryUnknown,
    CurrencyUnknown,
    DateInFuture,
    DateTooOld,
    JustificationNeeded,
    RateMissing,
    ReceiptReasonNeeded,
)
from skills.expenses.models import ExpenseCategory, ExpenseClaim, LimitPeriod
from skills.expenses.rates import Conversion, RateUnavailable, convert, iso_currencies


@dataclass(frozen=True)
class Receipt:
    """A receipt file stored under ``BACKOFFICE_HOME/receipts``: where, its SHA-256, its type and size."""

    path: str
    sha256: str
    content_type: str
    size: int


@dataclass(frozen=True)
class ClaimDraft:
    """A claim as the person described it, before anything is written."""

    employee: Employee
    amount: Decimal
    currency: str
    expense_date: date
    category: ExpenseCategory | None
    merchant: str = ""
    description: str = ""
    country: str = ""
    nights: int = 1
    distance: Decimal | None = None
    distance_unit: str | None = None
    justification: str = ""
    no_receipt_reason: str = ""
    receipt: Receipt | None = None


@dataclass(frozen=True)
class LimitCheck:
    """The limit in force for the claim, in the office's currency: how much, over what, what is used, what is left."""

    limit: Decimal
    per: str
    used: Decimal
    days: int

    @property
    def allowed(self) -> Decimal:
        """The limit over the claim's days (a hotel for 3 nights has 3 nightly caps)."""
        return self.limit * self.days

    @property
    def left(self) -> Decimal:
        """What is left of the limit before this claim (never below zero)."""
        return max(self.allowed - self.used, Decimal(0))


@dataclass(frozen=True)
class Assessment:
    """What the rules found about a draft: nothing here refuses; ``validate`` decides what must be fixed."""

    conversion: Conversion
    limit: LimitCheck | None
    over_limit: bool
    receipt_over: Decimal | None
    receipt_required: bool
    duplicates: list[ExpenseClaim] = field(default_factory=list)
    needs_finance: bool = False


def check_amount(draft: ClaimDraft, config: ExpensesConfig) -> None:
    """The amount is above zero and not implausibly large: over ``max_amount`` once converted into its currency.

    An amount no ECB rate can convert (pesos colombianos) is not judged here; its approvers see it as it is.
    """
    if draft.amount <= 0:
        raise AmountNotPositive()
    try:
        in_cap_currency = convert(draft.amount, draft.currency, config.max_amount_currency, draft.expense_date)
    except RateUnavailable:
        return
    if in_cap_currency.amount > config.max_amount:
        raise AmountImplausible(
            amount=draft.amount,
            currency=draft.currency,
            limit=config.max_amount,
            limit_currency=config.max_amount_currency,
        )


def check_currency(draft: ClaimDraft) -> None:
    """The currency is a real ISO 4217 code (whether it converts to the office's is ``conversion_of``'s to say)."""
    if draft.currency not in iso_currencies():
        raise CurrencyUnknown(currency=draft.currency)


def check_date(draft: ClaimDraft, today: date, config: ExpensesConfig) -> None:
    """The expense happened, and not longer ago than the policy's maximum age."""
    if draft.expense_date > today:
        raise DateInFuture(day=draft.expense_date)
    if draft.expense_date < today - timedelta(days=config.max_age_days):
        raise DateTooOld(day=draft.expense_date, days=config.max_age_days)


def check_category(draft: ClaimDraft) -> ExpenseCategory:
    """A category in force is set."""
    if draft.category is None or not draft.category.active:
        raise CategoryUnknown(names="-")
    return draft.category


def check_justification(draft: ClaimDraft, assessment: Assessment) -> None:
    """Over the limit needs a justification (the approver sees the flag and the reason)."""
    if assessment.over_limit and not draft.justification.strip() and assessment.limit is not None:
        raise JustificationNeeded(left=assessment.limit.left, currency=assessment.conversion.currency)


def check_receipt_reason(draft: ClaimDraft, assessment: Assessment) -> None:
    """No receipt above the threshold needs a declared reason."""
    if assessment.receipt_required and draft.receipt is None and not draft.no_receipt_reason.strip():
        over = assessment.receipt_over if assessment.receipt_over is not None else Decimal(0)
        raise ReceiptReasonNeeded(over=over, currency=assessment.conversion.currency)


def conversion_of(draft: ClaimDraft, office_currency: str) -> Conversion:
    """The draft's amount in the office's currency at the ECB rate of its day (RateMissing when there is none)."""
    try:
        return convert(draft.amount, draft.currency, office_currency, draft.expense_date)
    except RateUnavailable:
        raise RateMissing(currency=draft.currency, office_currency=office_currency) from None


def limit_in_office(category: ExpenseCategory, office_currency: str, day: date) -> Decimal | None:
    """The category's limit in the office's currency (converted at the day's rate when it is set in another).

    None when there is no limit, or when no ECB rate links the two currencies (a USD limit in a COP office): a
    figure in one currency is never compared with an amount in another. Importing the office's own categories in
    its currency sets a limit that applies.
    """
    if category.limit is None:
        return None
    if category.currency == office_currency:
        return Decimal(category.limit)
    try:
        return convert(Decimal(category.limit), category.currency, office_currency, day).amount
    except RateUnavailable:
        return None


def receipt_threshold(category: ExpenseCategory, office_currency: str, day: date) -> Decimal | None:
    """The category's receipt threshold in the office's currency, or None when receipts are never required.

    When no ECB rate links the two currencies the threshold cannot be placed, so every amount needs its receipt
    (zero): asking for a receipt is the safe side of a rule that cannot be read.
    """
    if category.receipt_over is None:
        return None
    if category.currency == office_currency:
        return Decimal(category.receipt_over)
    try:
        return convert(Decimal(category.receipt_over), category.currency, office_currency, day).amount
    except RateUnavailable:
        return Decimal(0)


def assess(
    draft: ClaimDraft,
    *,
    office_currency: str,
    used: Decimal,
    duplicates: list[ExpenseClaim],
    config: ExpensesConfig,
) -> Assessment:
    """The conversion, the limit and what is left of it, the receipt rule, duplicates and whether finance approves."""
    category = check_category(draft)
    conversion = conversion_of(draft, office_currency)
    limit = limit_in_office(category, office_currency, draft.expense_date)
    days = max(draft.nights, 1) if category.per == LimitPeriod.DAY else 1
    check = LimitCheck(limit, category.per, used, days) if limit is not None else None
    over = check is not None and conversion.amount > check.left
    threshold = receipt_threshold(category, office_currency, draft.expense_date)
    required = threshold is not None and conversion.amount > threshold
    finance = conversion.amount > config.finance_approval_over or over
    return Assessment(conversion, check, over, threshold, required, duplicates, finance)


def validate(
    draft: ClaimDraft,
    *,
    today: date,
    office_currency: str,
    used: Decimal,
    duplicates: list[ExpenseClaim],
    config: ExpensesConfig,
) -> Assessment:
    """Every rule in order (the first broken one raises its named error); the assessment when all hold."""
    if draft.amount <= 0:
        raise AmountNotPositive()
    check_currency(draft)
    check_amount(draft, config)
    conversion_of(draft, office_currency)
    check_date(draft, today, config)
    check_category(draft)
    assessment = assess(draft, office_currency=office_currency, used=used, duplicates=duplicates, config=config)
    check_justification(draft, assessment)
    check_receipt_reason(draft, assessment)
    return assessment
