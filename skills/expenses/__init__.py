"""Expenses skill: claims from a sentence (or a modal) and a receipt, converted at the ECB's rates, checked against
the category limits and the written policy, duplicates caught, approved through the shared engine, exported to
payroll and marked paid."""

from skills.base import Skill
from skills.expenses import handlers, messages, models  # noqa: F401  (texts and tables)
from skills.expenses.approval import EXPENSE_APPROVAL
from skills.expenses.config import ExpensesConfig
from skills.expenses.intents import INTENTS
from skills.expenses.jobs import JOBS
from skills.expenses.reference import CATEGORIES
from skills.expenses.service import settle_leavers_claims

SKILL = Skill(
    name="expenses",
    package=__name__,
    intents=INTENTS,
    register=handlers.register,
    description={
        "en": "Expenses: claims with receipts, policy checks, approval, payroll export",
        "es": "Gastos: notas con ticket, control de la política, aprobación, exportación a nómina",
    },
    jobs=JOBS,
    config=ExpensesConfig,
    reference=(CATEGORIES,),
    approval_kinds=(EXPENSE_APPROVAL,),
    on_employees_left=settle_leavers_claims,
)
