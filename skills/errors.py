"""Named domain errors: a rule broken by the user's request, shown to them as a friendly message."""

from __future__ import annotations

from typing import Any

from skills.i18n import translate


class DomainError(Exception):
    """A request that breaks a business rule; ``code`` names the rule, ``params`` fill its message."""

    code = "domain_error"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or self.code
        self.params = params
        super().__init__(f"{self.code}: {params}")

    def message(self, lang: str) -> str:
        """The user-facing explanation in ``lang``."""
        return translate(lang, f"error.{self.code}", **self.params)


class NotAllowed(DomainError):
    """The person may not do this (e.g. approve a request that is not theirs to decide)."""

    code = "not_allowed"
