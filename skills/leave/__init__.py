"""Leave skill: request time off in plain words, balances, status, cancel, who is off; approval in the thread."""

from skills.base import Skill
from skills.leave import handlers, messages, models  # noqa: F401  (texts and tables)
from skills.leave.intents import EXAMPLES
from skills.leave.jobs import JOBS

SKILL = Skill(
    name="leave",
    intents=EXAMPLES,
    write_intents=frozenset({"leave.request", "leave.cancel"}),
    register=handlers.register,
    description={"en": "Time off: requests, balances, approvals", "es": "Ausencias: solicitudes, saldos, aprobaciones"},
    jobs=JOBS,
)
