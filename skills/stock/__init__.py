"""Stock skill: understood already, built next (lookups, warehouse movements, low-stock alerts)."""

from skills.base import Skill
from skills.stock.intents import INTENTS

SKILL = Skill(
    name="stock",
    package=__name__,
    intents=INTENTS,
    description={"en": "Stock and the warehouse (coming next)", "es": "Existencias y almacén (próximamente)"},
)
