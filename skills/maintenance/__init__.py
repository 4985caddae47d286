"""Maintenance skill: understood already, built next (tickets, team channels, SLAs, preventive plans)."""

from skills.base import Skill
from skills.maintenance.intents import INTENTS

SKILL = Skill(
    name="maintenance",
    package=__name__,
    intents=INTENTS,
    description={"en": "Maintenance tickets (coming next)", "es": "Incidencias de mantenimiento (próximamente)"},
)
