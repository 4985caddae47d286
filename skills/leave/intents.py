"""The leave skill's intents (DESIGN §3): what each one writes or reads, its slots, and how it is named.

Example utterances are data: ``examples/en.txt`` and ``examples/es.txt`` beside this file.
"""

from __future__ import annotations

from skills.base import IntentSpec

INTENTS = (
    IntentSpec(
        name="leave.request",
        label={"en": "a leave request", "es": "una solicitud de ausencia"},
        description="Ask for time off (vacation, sick day, personal day, parental or bereavement leave) on given dates.",
        write=True,
        slots=("date", "half_day", "leave_type"),
    ),
    IntentSpec(
        name="leave.balance",
        label={"en": "a question about your leave balance", "es": "una consulta de tu saldo de días"},
        description="Ask how many days of leave the user has left. Read-only.",
        personal=True,
        slots=("date", "half_day", "leave_type"),
    ),
    IntentSpec(
        name="leave.status",
        label={"en": "a question about your leave requests", "es": "una consulta de tus solicitudes de ausencia"},
        description="Ask whether a leave request was approved or is still pending. Read-only.",
        personal=True,
        slots=("date", "leave_type"),
    ),
    IntentSpec(
        name="leave.cancel",
        label={"en": "cancelling leave", "es": "cancelar una ausencia"},
        description="Withdraw a leave request or time off the user already asked for.",
        write=True,
        slots=("date", "leave_type"),
    ),
    IntentSpec(
        name="leave.history",
        label={"en": "your leave history", "es": "tu historial de ausencias"},
        description="List the leave the user took or requested in a period. Read-only.",
        personal=True,
        slots=("date", "period", "leave_type"),
    ),
    IntentSpec(
        name="leave.team",
        label={"en": "who is off", "es": "quién está ausente"},
        description="Ask who in the team is off or away on given dates. Read-only.",
        personal=True,
        slots=("date",),
    ),
)
