"""Named domain errors: each broken rule is a ``DomainError`` subclass, shown to the user as a friendly message.

A skill's ``errors.py`` declares one subclass per rule (Frappe HRMS's named ``validate()`` errors)::

    class LeaveOverlaps(DomainError):
        key = "leave_overlaps"   # the message is ``error.leave_overlaps`` in the catalog
        slot = "dates"           # the slot the dialogue asks for again

Callers tell errors apart with ``isinstance``, never by comparing strings. ``NotAllowed`` is the base of every
"you may not do this" error; permissions are asked with queries (``can_decide``), not probed by raising.
"""

from __future__ import annotations

from typing import Any, ClassVar

from skills.i18n import translate


class DomainError(Exception):
    """A request that breaks a business rule; ``key`` names its message, ``params`` fill it."""

    key: ClassVar[str] = "domain_error"
    slot: ClassVar[str | None] = None
    """The slot to blame (the dialogue forgets it and asks for it again); None when no single slot is."""
    ends_conversation: ClassVar[bool] = False
    """True when no change to the form's values could help: the dialogue says why and closes the conversation."""

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(f"{self.key}: {params}")

    @property
    def blamed_slot(self) -> str | None:
        """The slot to ask for again: a ``slot=`` given when raised, else the class's."""
        given = self.params.get("slot")
        return str(given) if given else self.slot

    def message(self, lang: str) -> str:
        """The user-facing explanation in ``lang``."""
        return translate(lang, f"error.{self.key}", **self.params)


class NotAllowed(DomainError):
    """The person may not do this (e.g. decide a request that is not theirs to decide)."""

    key = "not_allowed"
