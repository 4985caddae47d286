"""The maintenance skill's intents (DESIGN §3): what each one writes or reads, its slots, and how it is named.

Example utterances are data: ``examples/en.txt`` and ``examples/es.txt`` beside this file.
"""

from __future__ import annotations

from skills.base import IntentSpec

INTENTS = (
    IntentSpec(
        name="maintenance.create",
        label={"en": "a maintenance ticket", "es": "una incidencia de mantenimiento"},
        description="Report something broken or needing repair in the office or warehouse.",
        write=True,
        slots=("location", "priority"),
        free_text=("description",),
    ),
    IntentSpec(
        name="maintenance.status",
        label={"en": "the status of a ticket", "es": "el estado de una incidencia"},
        description="Ask how a reported maintenance issue or ticket is going. Read-only.",
        personal=True,
        slots=("location",),
    ),
    IntentSpec(
        name="maintenance.update",
        label={"en": "an update to a ticket", "es": "una actualización de una incidencia"},
        description="Change the priority or details of a maintenance ticket already reported.",
        write=True,
        slots=("priority", "location"),
    ),
    IntentSpec(
        name="maintenance.meter",
        label={"en": "a meter reading", "es": "una lectura de contador"},
        description="Record the hours or units an asset's meter reads (a generator's or compressor's running hours), "
        "which may trigger its preventive maintenance.",
        write=True,
    ),
)
