"""The expenses skill's named errors: one per broken rule, its message ``error.<key>`` in both languages.

An error about one thing the person said carries the slot to ask again (``money``, ``date``, ``category``,
``justification``, ``no_receipt_reason``, ``receipt``). Refusals of a person are ``NotAllowed``.
"""

from __future__ import annotations

from skills.errors import DomainError, NotAllowed
from skills.i18n import translate


class AmountNotPositive(DomainError):
    """Zero or a negative amount."""

    key = "expense_amount_not_positive"
    slot = "money"


class AmountImplausible(DomainError):
    """An amount far above anything one expense costs (a typo, most likely)."""

    key = "expense_amount_implausible"
    slot = "money"

    def message(self, lang: str) -> str:
        """The amount (``amount``, ``currency``) and the ceiling (``limit``, ``limit_currency``) as ``lang`` writes
        money."""
        from skills.expenses.messages import money

        params = dict(self.params)
        params["amount"] = money(params["amount"], params["currency"], lang)
        params["limit"] = money(params["limit"], params["limit_currency"], lang)
        return translate(lang, f"error.{self.key}", **params)


class AmountUnreadable(DomainError):
    """Something that looked like an amount but could not be read."""

    key = "expense_amount_unreadable"
    slot = "money"


class CurrencyUnknown(DomainError):
    """A currency the ECB reference rates do not know."""

    key = "expense_currency_unknown"
    slot = "money"


class _DateError(DomainError):
    """A refused expense date: the ``day`` param (a date) is written as a reader of the language writes it."""

    slot = "date"

    def message(self, lang: str) -> str:
        """The explanation with the day in ``lang``'s medium date form."""
        from skills.expenses.messages import day

        return translate(lang, f"error.{self.key}", **(self.params | {"day": day(self.params["day"], lang)}))


class DateInFuture(_DateError):
    """An expense dated after today."""

    key = "expense_date_in_future"


class DateTooOld(_DateError):
    """An expense older than the policy's maximum age."""

    key = "expense_date_too_old"


class CategoryUnknown(DomainError):
    """No category matches what was written (or none was given)."""

    key = "expense_category_unknown"
    slot = "category"


class PolicyWarning(DomainError):
    """A rule the written policy sets: its message ends with the clause quoted, when the index has it."""

    def message(self, lang: str) -> str:
        """The explanation, then the policy's clause (``clause`` param) when one was found."""
        from skills.expenses.messages import money

        params = dict(self.params)
        for key in ("left", "over"):
            if key in params and "currency" in params:
                params[key] = money(params[key], params["currency"], lang)
        key = f"error.{self.key}"
        if self.params.get("over") == 0:
            key += "_always"
        text = translate(lang, key, **params)
        clause = self.params.get("clause")
        return f"{text}\n{clause}\n" if clause else text


class JustificationNeeded(PolicyWarning):
    """Over the category's limit: a justification is required, and the approver will see the flag."""

    key = "expense_justification_needed"
    slot = "justification"


class ReceiptReasonNeeded(PolicyWarning):
    """No receipt above the receipt threshold: a declared reason is required."""

    key = "expense_receipt_reason_needed"
    slot = "no_receipt_reason"


class ReceiptUnreadable(DomainError):
    """A receipt that is not there, not an image or PDF, or too big."""

    key = "expense_receipt_unreadable"
    slot = "receipt"


class DistanceNeeded(DomainError):
    """A mileage claim without a distance, or a country without a mileage rate."""

    key = "expense_distance_needed"
    slot = "money"


class RateMissing(DomainError):
    """No exchange rate for the currency on or before the day of the expense."""

    key = "expense_rate_missing"
    slot = "money"


class ClaimNotFound(DomainError):
    """A claim that is not there (or not this person's to see)."""

    key = "expense_claim_not_found"


class ClaimNotOpen(DomainError):
    """A claim that is no longer waiting for what was asked (already decided, withdrawn, exported…)."""

    key = "expense_claim_not_open"


class ApprovedAboveClaimed(DomainError):
    """An approved amount above the claimed one, or not positive."""

    key = "expense_approved_above_claimed"
    slot = "amount"


class ApproveInOtherCurrency(DomainError):
    """An approved amount written in a currency that is neither the office's (what payroll pays) nor the claim's own
    (converted at the claim's rate)."""

    key = "expense_approve_other_currency"
    slot = "amount"


class ReasonRequired(DomainError):
    """Approving less, rejecting or asking for information needs a reason."""

    key = "expense_reason_required"
    slot = "reason"


class DuplicateUnconfirmed(DomainError):
    """Approving a possible duplicate without confirming it is not one."""

    key = "expense_duplicate_unconfirmed"


class NotFinance(NotAllowed):
    """Only finance may do this (exports, mark paid, the finance queue, team reports)."""

    key = "expense_not_finance"


class NotYourClaim(NotAllowed):
    """Only the employee who claimed may do this."""

    key = "expense_not_your_claim"


class NotTheApprover(NotAllowed):
    """Only the approver of the claim's current step may decide it."""

    key = "expense_not_the_approver"


class ExportFileUnreadable(DomainError):
    """A mark-paid file that is not an export of ours (no claim_id column, unknown claims)."""

    key = "expense_export_file_unreadable"
