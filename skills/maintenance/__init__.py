"""Maintenance skill: a ticket from one sentence, routed to its team's channel and worked in the thread, SLA clocks
on business hours with reminders, preventive plans that open tickets by themselves, and meter readings by chat."""

from skills.base import Skill
from skills.maintenance import handlers, messages, models  # noqa: F401  (texts and tables)
from skills.maintenance.config import MaintenanceConfig
from skills.maintenance.intents import INTENTS
from skills.maintenance.jobs import JOBS
from skills.maintenance.reference import ASSETS, PLANS, TEAMS

SKILL = Skill(
    name="maintenance",
    package=__name__,
    intents=INTENTS,
    register=handlers.register,
    description={
        "en": "Maintenance: report a problem, follow your ticket; teams work tickets in their channel",
        "es": "Mantenimiento: avisar de una avería y seguir tu incidencia; los equipos las atienden en su canal",
    },
    jobs=JOBS,
    config=MaintenanceConfig,
    reference=(TEAMS, ASSETS, PLANS),
)
