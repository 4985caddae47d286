"""Every rule of leave that a request, a decision or a cancellation can break: one DomainError subclass each.

``key`` names the message (``error.<key>`` in messages.py), ``slot`` the slot the dialogue asks for again.
Callers tell them apart with ``isinstance``; refusals of permission are ``NotAllowed`` subclasses.
"""

from __future__ import annotations

from skills.errors import DomainError, NotAllowed

DATES = "dates"
HALF_DAY = "half_day"
LEAVE_TYPE = "leave_type"
REASON = "reason"

# --- a request (rules.py, in the order they are checked) -------------------------------------------------------


class SeparatePeriods(DomainError):
    """The message names days that are not one stretch ("Jan 4 and Jan 8"): a request is for one period."""

    key = "leave_separate_periods"
    slot = DATES


class UnknownLeaveType(DomainError):
    """0. The type does not exist or is switched off."""

    key = "leave_unknown_type"
    slot = LEAVE_TYPE


class EndBeforeStart(DomainError):
    """1. The last day is before the first."""

    key = "leave_end_before_start"
    slot = DATES


class InThePast(DomainError):
    """2. The leave starts in the past and its type cannot be backdated."""

    key = "leave_in_past"
    slot = DATES


class BackdatedTooFar(DomainError):
    """2. The leave starts further back than its type may be backdated."""

    key = "leave_backdate_too_far"
    slot = DATES


class HalfDayNotAllowed(DomainError):
    """3. The type cannot be taken in half days."""

    key = "leave_half_day_not_allowed"
    slot = HALF_DAY


class HalfDayAmbiguous(DomainError):
    """3. One day cannot lose both its morning and its afternoon as half days."""

    key = "leave_half_day_ambiguous"
    slot = HALF_DAY


class NoWorkingDays(DomainError):
    """4. The dates are only weekends and holidays."""

    key = "leave_no_working_days"
    slot = DATES


class Overlaps(DomainError):
    """5. The employee already has pending or approved leave on one of these half days."""

    key = "leave_overlaps"
    slot = DATES


class ShortNotice(DomainError):
    """6. The type's minimum notice is not given."""

    key = "leave_short_notice"
    slot = DATES


class InsufficientBalance(DomainError):
    """7. Not enough days left of a type with a yearly allowance."""

    key = "leave_insufficient_balance"
    slot = DATES


class InsufficientBalanceInYear(InsufficientBalance):
    """7. A request spanning two years: not enough days left in one of them."""

    key = "leave_insufficient_balance_in_year"


# --- who approves, decides and cancels (queries/approvals.py, service.py) --------------------------------------


class NoApprover(DomainError):
    """Nobody can approve: no active manager up the chain and no HR contact."""

    key = "leave_no_approver"
    ends_conversation = True  # other dates or another type would find nobody either


class RequestNotFound(DomainError):
    """No leave request has that id."""

    key = "leave_not_found"


class DecideOwnRequest(NotAllowed):
    """The requester tried to approve or reject their own request."""

    key = "leave_decide_own"


class NotYourApproval(NotAllowed):
    """Someone who is neither the approver nor HR tried to decide."""

    key = "leave_not_your_approval"


class CancelNotYours(NotAllowed):
    """Someone who is neither the requester nor HR tried to cancel."""

    key = "leave_cancel_not_yours"


class ReasonRequired(DomainError):
    """A rejection without a reason."""

    key = "leave_reason_required"
    slot = REASON


class NoLongerPending(DomainError):
    """The request was already decided, withdrawn or cancelled: nothing changed (one subclass per outcome)."""

    key = "leave_no_longer_pending"


class AlreadyApproved(NoLongerPending):
    """Someone approved it first."""

    key = "leave_already_approved"


class AlreadyRejected(NoLongerPending):
    """Someone rejected it first."""

    key = "leave_already_rejected"


class AlreadyWithdrawn(NoLongerPending):
    """The requester withdrew it first."""

    key = "leave_already_withdrawn"


class AlreadyCancelled(NoLongerPending):
    """It was cancelled first."""

    key = "leave_already_cancelled"


class AlreadyStarted(DomainError):
    """Approved leave that has started cannot be cancelled any more."""

    key = "leave_already_started"
