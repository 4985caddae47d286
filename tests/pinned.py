"""The one moment every test runs at, unless it moves the clock: Wednesday 2026-11-25, 10:00 UTC.

Tests never read the real clock: the ``clock`` fixture (tests/conftest.py) hands this moment to the assistant, the
dialogue, the services and the jobs, and CI runs the suite once more with the machine's clock moved years ahead.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)  # a Wednesday; Thanksgiving is tomorrow
