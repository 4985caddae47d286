"""The maintenance skill's settings: business hours for SLA clocks, how long 👎 may reopen, where unrouted tickets go."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel


class MaintenanceConfig(BaseModel):
    """Built from Settings by field name (``FACILITIES_CHANNEL``); the other fields keep their defaults."""

    facilities_channel: str | None = None
    """Where a ticket goes when no team takes its category (else the facilities people's DMs)."""
    opens_at: int = 9
    """The local hour business hours start (SLA clocks run only inside them)."""
    closes_at: int = 18
    """The local hour business hours end."""
    reopen_days: int = 7
    """For how many days after resolution the requester's 👎 reopens the ticket."""
    backoffice_home: Path = Path("var")
    """Where the terminal saves a chart a team member asked for (under ``reports/``)."""
    duplicate_score: float = 60.0
    """The lowest rapidfuzz score between two summaries for an open ticket to be offered as the same problem."""
