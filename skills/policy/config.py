"""The policy skill's settings, typed: the HR desk (``HR_CHANNEL``, ``HR_LANGUAGE``) questions are sent to."""

from __future__ import annotations

from skills.common.hr import HrDesk


class PolicyConfig(HrDesk):
    """What the policy skill reads from the settings."""
