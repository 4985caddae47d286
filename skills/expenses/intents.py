"""The expenses skill's intents (DESIGN §3): what each one writes or reads, its slots, and how it is named.

Example utterances are data: ``examples/en.txt`` and ``examples/es.txt`` beside this file.
"""

from __future__ import annotations

from skills.base import IntentSpec

INTENTS = (
    IntentSpec(
        name="expense.submit",
        label={"en": "an expense claim", "es": "una nota de gastos"},
        description="Claim back money the user spent for work (a receipt: meal, taxi, hotel, supplies, mileage).",
        write=True,
        slots=("date", "past", "money", "category", "merchant", "distance", "nights"),
    ),
    IntentSpec(
        name="expense.check",
        label={"en": "an expense check", "es": "una consulta de gasto"},
        description="Ask whether a spend would be reimbursed before claiming it ('can I expense a 300 € team "
        "dinner for 6?'): the limit, the policy clause and the approval it needs. Read-only.",
        slots=("date", "money", "category", "merchant", "distance", "nights"),
    ),
    IntentSpec(
        name="expense.status",
        label={"en": "the status of an expense", "es": "el estado de un gasto"},
        description="Ask whether an expense claim was approved or paid, list my claims, or (finance) the finance "
        "queue. Read-only.",
        personal=True,
        slots=("date", "money", "category"),
    ),
    IntentSpec(
        name="expense.withdraw",
        label={"en": "withdrawing an expense claim", "es": "retirar una nota de gastos"},
        description="Take back one of my own expense claims that is still waiting for a decision ('withdraw claim "
        "2', 'retira el gasto 2'): the claim with a Withdraw button; the button writes.",
        write=True,
        personal=True,
    ),
    IntentSpec(
        name="expense.report",
        label={"en": "an expense report", "es": "un informe de gastos"},
        description="Summarise or total the user's (or their team's) expense claims over a period, by category. "
        "Read-only.",
        personal=True,
        slots=("date", "period", "category"),
    ),
)
