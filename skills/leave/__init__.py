"""Leave skill: request time off in plain words, balances, status, cancel, who is off; approval in the thread."""

from skills.base import Skill
from skills.leave import messages, models  # noqa: F401  (texts and tables)
from skills.leave.approval import LEAVE_APPROVAL
from skills.leave.config import LeaveConfig
from skills.leave.handlers import register
from skills.leave.intents import INTENTS
from skills.leave.jobs import JOBS
from skills.leave.reference import HOLIDAYS, LEAVE_TYPES
from skills.leave.service import allocate_joiners, withdraw_leavers_requests

SKILL = Skill(
    name="leave",
    package=__name__,
    intents=INTENTS,
    register=register,
    description={"en": "Time off: requests, balances, approvals", "es": "Ausencias: solicitudes, saldos, aprobaciones"},
    jobs=JOBS,
    config=LeaveConfig,
    reference=(HOLIDAYS, LEAVE_TYPES),
    on_employees_joined=allocate_joiners,
    on_employees_left=withdraw_leavers_requests,
    approval_kinds=(LEAVE_APPROVAL,),
)
