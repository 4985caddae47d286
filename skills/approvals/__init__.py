"""Approvals: the one approval engine every skill uses (chains of steps, stand-ins, delegates, levels by
condition, "any of" steps), the inbox across skills, reminders and escalation. See README.md for its API."""

from skills.approvals import messages, models  # noqa: F401  (texts and tables)
from skills.approvals.config import ApprovalsConfig
from skills.approvals.handlers import register
from skills.approvals.intents import INTENTS
from skills.approvals.jobs import JOBS
from skills.approvals.service import hand_over_leavers_steps
from skills.base import Skill

SKILL = Skill(
    name="approvals",
    package=__name__,
    intents=INTENTS,
    register=register,
    description={
        "en": "Approvals: what waits for your decision, across skills; delegates while you are away",
        "es": "Aprobaciones: lo que espera tu decisión, de todas las áreas; sustitutos mientras no estás",
    },
    jobs=JOBS,
    config=ApprovalsConfig,
    on_employees_left=hand_over_leavers_steps,
)
