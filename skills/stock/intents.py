"""The stock skill's intents (DESIGN §3): what each one writes or reads, its slots, and how it is named.

Example utterances are data: ``examples/en.txt`` and ``examples/es.txt`` beside this file.
"""

from __future__ import annotations

from skills.base import IntentSpec

INTENTS = (
    IntentSpec(
        name="stock.lookup",
        label={"en": "a stock lookup", "es": "una consulta de existencias"},
        description="Ask how many of an item are in stock (by name or SKU, optionally at a place), what is low, "
        "what a place holds, or who moved an item recently. Read-only.",
        slots=("item", "location", "places"),
    ),
    IntentSpec(
        name="stock.adjust",
        label={"en": "a stock movement", "es": "un movimiento de existencias"},
        description="Warehouse staff record stock received, issued (taken out), moved between places, or counted.",
        write=True,
        slots=("stock_action", "quantity", "item", "location", "places"),
    ),
    IntentSpec(
        name="stock.request",
        label={"en": "an item request", "es": "una solicitud de material"},
        description="An employee asks the warehouse for items for themselves or their team ("
        "'I need 2 HDMI adapters'); the warehouse fulfils or declines it.",
        write=True,
        slots=("quantity", "item", "location", "places"),
    ),
)
