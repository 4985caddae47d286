"""The stock skill's settings: where low-stock alerts go when a place names no channel, and its few thresholds."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel


class StockConfig(BaseModel):
    """Built from Settings by field name (``WAREHOUSE_CHANNEL``); the other fields keep their defaults."""

    warehouse_channel: str | None = None
    """Low-stock alerts and pick cards for places whose tree names no alert channel (DESIGN §3)."""
    count_reason_over: int = 5
    """A count that changes on hand by more than this many units needs a reason."""
    undo_minutes: int = 15
    """How long the author of a movement may undo it with its Undo button (a reversal is posted)."""
    digest_hour: int = 8
    """The local hour (of each place) after which the daily low-stock digest is posted."""
    backoffice_home: Path = Path("var")
    """Where the terminal saves the stock report's file (under ``reports/``)."""
