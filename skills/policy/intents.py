"""The policy skill's intents (DESIGN §3): what each one writes or reads, its slots, and how it is named.

Example utterances are data: ``examples/en.txt`` and ``examples/es.txt`` beside this file.
"""

from __future__ import annotations

from skills.base import IntentSpec

INTENTS = (
    IntentSpec(
        name="policy.ask",
        label={"en": "a policy question", "es": "una pregunta sobre las normas"},
        description="Ask a question about company rules or policy (leave, expenses, remote work). Read-only: it answers.",
    ),
)
