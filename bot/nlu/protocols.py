"""What the assistant needs from a router, so the offline router and the LLM fallback are interchangeable."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol


class RouteResult(Protocol):
    """What a router understood of a text (the fields the assistant reads)."""

    @property
    def intent(self) -> str: ...  # noqa: D102

    @property
    def skill(self) -> str: ...  # noqa: D102

    @property
    def slots(self) -> dict[str, Any]: ...  # noqa: D102

    @property
    def confidence(self) -> float: ...  # noqa: D102

    @property
    def lang(self) -> str: ...  # noqa: D102


class Router(Protocol):
    """Classifies a text into an intent of the catalog (or ``none``) with its slots."""

    def route(
        self,
        text: str,
        *,
        locale: str | None = None,
        today: date,
        timezone: str = "UTC",
        default_currency: str = "USD",
    ) -> RouteResult:
        """Route ``text`` for a person whose day is ``today`` (relative dates are read from it)."""
        ...
