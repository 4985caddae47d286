"""The approval engine's intents: the inbox, deciding one by name, and naming a delegate.

Example utterances are data: ``examples/en.txt`` and ``examples/es.txt`` beside this file.
"""

from __future__ import annotations

from skills.base import IntentSpec

INTENTS = (
    IntentSpec(
        name="approvals.inbox",
        label={"en": "what is waiting for your approval", "es": "lo que tienes pendiente de aprobar"},
        description="A manager or approver asks what requests are waiting for their approval or decision, across "
        "leave, expenses and the rest. Read-only.",
        personal=True,
    ),
    IntentSpec(
        name="approvals.decide",
        label={"en": "a decision on someone's request", "es": "una decisión sobre la solicitud de alguien"},
        description="An approver approves or rejects someone else's pending request by naming it (\"approve Sam's "
        'vacation Dec 21-23", "reject Javier\'s, clash with the release").',
        write=True,
        slots=("date", "leave_type"),
        free_text=("reason",),
    ),
    IntentSpec(
        name="approvals.delegate",
        label={"en": "naming someone to approve for you", "es": "nombrar a alguien que apruebe por ti"},
        description="An approver names a colleague who approves on their behalf while they are away, with dates.",
        write=True,
        slots=("date",),
    ),
)
