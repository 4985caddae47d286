"""The policy skill's named errors: one per broken rule or refusal, its message ``error.<key>`` in both languages.

Refusals of a person (only the asker, only HR) are ``NotAllowed``. An error that names a moment carries the moment
and the time zone to show it in; its message writes them in the reader's language when it is shown.
"""

from __future__ import annotations

from datetime import datetime

from skills.errors import DomainError, NotAllowed
from skills.i18n import translate
from skills.policy.messages import ReviewDecision, format_when


class KnowledgeNotConfigured(DomainError):
    """The process has no policy index: an admin has to ingest the policies first."""

    key = "policy_not_configured"


class QuestionNotFound(DomainError):
    """The answer, question for HR or reviewed answer a button or thread refers to is gone."""

    key = "policy_not_found"


class NotTheAsker(NotAllowed):
    """Someone other than the person who asked acted on their answer."""


class OnlyAskerVotes(NotTheAsker):
    """👍 / 👎 by someone who did not ask: only the asker's vote counts."""

    key = "policy_vote_not_yours"


class OnlyAskerAsksHr(NotTheAsker):
    """Ask HR pressed by someone who did not ask."""

    key = "policy_ask_hr_not_yours"


class HrOnly(NotAllowed):
    """Saving or reviewing an HR answer by someone outside HR (admins count as HR)."""

    key = "policy_hr_only"


class ReplyNotFromHr(NotAllowed):
    """A reply in an HR card's thread by someone outside HR: it is not passed on to the asker."""

    key = "policy_reply_not_from_hr"

    def __init__(self, *, asker: str) -> None:
        super().__init__(name=asker)


class EmptyReply(DomainError):
    """An HR reply with nothing in it to pass on."""

    key = "policy_reply_empty"


class ReplyTooLong(DomainError):
    """An HR reply longer than one Slack text block can carry."""

    key = "policy_reply_too_long"

    def __init__(self, *, length: int, limit: int) -> None:
        super().__init__(length=length, limit=limit)


class NothingToSave(DomainError):
    """Save as answer before HR answered the question."""

    key = "policy_nothing_to_save"


class _SaysWhen(DomainError):
    """An error whose message says when something happened: ``at`` shown in ``timezone``, in the reader's language."""

    def __init__(self, *, at: datetime, timezone: str | None, **params: str) -> None:
        super().__init__(at=at, timezone=timezone, **params)

    def message(self, lang: str) -> str:
        """The explanation in ``lang``, with the moment written for its reader."""
        when = format_when(self.params["at"], lang, self.params["timezone"])
        return translate(lang, f"error.{self.key}", when=when, **self.params)


class AlreadySentToHr(_SaysWhen):
    """Ask HR pressed again: the question went to HR already, at ``at``."""

    key = "policy_ask_hr_already"


class AlreadySaved(_SaysWhen):
    """Save as answer pressed again: ``name`` saved it already, at ``at``."""

    key = "policy_save_already"

    def __init__(self, *, saver: str, at: datetime, timezone: str | None) -> None:
        super().__init__(at=at, timezone=timezone, name=saver)


class ReviewAlreadyDecided(DomainError):
    """Still correct / Withdraw on an answer HR has already decided: says who decided what, and when."""

    key = "policy_review_already"

    def __init__(self, *, decision: ReviewDecision) -> None:
        super().__init__(decision=decision)

    def message(self, lang: str) -> str:
        """The explanation in ``lang``: "Already done." and the decision as the settled review card shows it."""
        decision: ReviewDecision = self.params["decision"]
        return translate(lang, f"error.{self.key}", outcome=decision.text(lang))
