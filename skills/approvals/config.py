"""The engine's settings: the HR desk escalations are posted to (``HR_CHANNEL``, ``HR_LANGUAGE``)."""

from __future__ import annotations

from skills.common.hr import HrDesk


class ApprovalsConfig(HrDesk):
    """Built from Settings by field name; the HR desk is shared with leave."""
