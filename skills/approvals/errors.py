"""The approval engine's named errors: one per broken rule of a decision or a delegation."""

from __future__ import annotations

from skills.errors import DomainError, NotAllowed


class NoApprover(DomainError):
    """The chain found nobody to approve (no manager up the chain, no HR, nobody holding the role)."""

    key = "approvals_no_approver"
    ends_conversation = True  # who approves does not depend on the form's values: no change of them could help


class ApprovalNotFound(DomainError):
    """No approval (or step) with that id, or the skill's row has none."""

    key = "approvals_not_found"


class DecideOwnRequest(NotAllowed):
    """The requester tried to decide a step of their own approval."""

    key = "approvals_decide_own"


class NotInStep(NotAllowed):
    """Someone who is neither a step's approver, their delegate, nor HR/admin tried to decide."""

    key = "approvals_not_in_step"


class DecidedEarlierLevel(NotAllowed):
    """Someone who approved an earlier level tried to decide a later one (as a delegate, a stand-in or an override):
    each level is a different person's decision."""

    key = "approvals_decided_earlier_level"


class ReasonRequired(DomainError):
    """A rejection without a reason."""

    key = "approvals_reason_required"
    slot = "reason"


class NoLongerPending(DomainError):
    """The approval (or this level) was already settled: nothing changed; one subclass per outcome."""

    key = "approvals_no_longer_pending"


class AlreadyApproved(NoLongerPending):
    """Someone approved it (or this level) first."""

    key = "approvals_already_approved"


class AlreadyRejected(NoLongerPending):
    """Someone rejected it first."""

    key = "approvals_already_rejected"


class AlreadyWithdrawn(NoLongerPending):
    """The requester withdrew it first."""

    key = "approvals_already_withdrawn"


class DelegateToSelf(DomainError):
    """A delegation to oneself."""

    key = "approvals_delegate_self"
    slot = "person"


class DelegateUnknown(DomainError):
    """The delegate named is not an active colleague."""

    key = "approvals_delegate_unknown"
    slot = "person"


class DelegateDates(DomainError):
    """A delegation ending before it starts, or over in the past."""

    key = "approvals_delegate_dates"
    slot = "dates"


class DelegateNotAllowed(NotAllowed):
    """Setting someone else's delegate without being HR or an admin."""

    key = "approvals_delegate_not_allowed"
