"""Stock skill: look items up by any name in either language, an append-only ledger that never goes negative,
warehouse movements through a preview, item requests, and low-stock alerts people act on."""

from skills.base import Skill
from skills.stock import handlers, messages, models  # noqa: F401  (texts and tables)
from skills.stock.config import StockConfig
from skills.stock.intents import INTENTS
from skills.stock.jobs import JOBS
from skills.stock.reference import ITEMS
from skills.stock.service import withdraw_leavers_requests

SKILL = Skill(
    name="stock",
    package=__name__,
    intents=INTENTS,
    register=handlers.register,
    description={
        "en": "Stock: look items up, ask the warehouse, warehouse movements and low-stock alerts",
        "es": "Material: consultar existencias, pedir al almacén, movimientos y avisos de stock bajo",
    },
    jobs=JOBS,
    config=StockConfig,
    reference=(ITEMS,),
    on_employees_left=withdraw_leavers_requests,
)
