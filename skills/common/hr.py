"""The HR desk every skill hands problems to: its channel and the language of the cards posted there."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_HR_CHANNEL = "#hr-questions"


class HrDesk(BaseModel):
    """``HR_CHANNEL`` and ``HR_LANGUAGE``: where HR is asked or told, and in which language."""

    model_config = ConfigDict(frozen=True)

    hr_channel: str = Field(default=DEFAULT_HR_CHANNEL, min_length=1)
    hr_language: Literal["en", "es"] = "en"
