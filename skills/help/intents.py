"""The help skill's intents (DESIGN §3): what each one writes or reads, its slots, and how it is named.

Example utterances are data: ``examples/en.txt`` and ``examples/es.txt`` beside this file.
"""

from __future__ import annotations

from skills.base import IntentSpec

INTENTS = (
    IntentSpec(
        name="help",
        label={"en": "help", "es": "ayuda"},
        description="Ask what the assistant can do or how to use it. Read-only.",
    ),
)
