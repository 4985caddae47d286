"""Expenses skill: understood already, built next (claims, receipts, two-level approval)."""

from skills.base import Skill
from skills.expenses.intents import INTENTS

SKILL = Skill(
    name="expenses",
    package=__name__,
    intents=INTENTS,
    description={"en": "Expense claims (coming next)", "es": "Notas de gastos (próximamente)"},
)
