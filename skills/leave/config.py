"""The leave skill's settings, typed: the HR desk overdue requests are escalated to (``HR_CHANNEL``, ``HR_LANGUAGE``)."""

from __future__ import annotations

from skills.common.hr import HrDesk


class LeaveConfig(HrDesk):
    """What the leave skill reads from the settings."""
