"""The stock skill's intents (DESIGN §3): what each one writes or reads, its slots, and how it is named.

Example utterances are data: ``examples/en.txt`` and ``examples/es.txt`` beside this file.
"""

from __future__ import annotations

from skills.base import IntentSpec

INTENTS = (
    IntentSpec(
        name="stock.lookup",
        label={"en": "a stock lookup", "es": "una consulta de existencias"},
        description="Ask how many of an item are in stock, or where it is kept. Read-only.",
        slots=("item", "location"),
    ),
    IntentSpec(
        name="stock.adjust",
        label={"en": "a stock movement", "es": "un movimiento de existencias"},
        description="Record items taken from, added to or counted in the company stock.",
        write=True,
        slots=("quantity", "item", "location"),
    ),
)
