"""Write intents as forms: the slots each needs, how to preview it, and what Confirm writes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from skills.core import Blocks, Context, Reply, SharedFile

Slots = dict[str, Any]


def slot_dates(slots: Slots) -> tuple[date, date] | None:
    """The days ``start_date``..``end_date`` of ``slots`` name (one day when there is no end); None without a start.

    Raises ValueError when a date is not ISO (slots from the router and forms always are)."""
    start = slots.get("start_date")
    if not start:
        return None
    return date.fromisoformat(str(start)), date.fromisoformat(str(slots.get("end_date") or start))


class SlotKind(StrEnum):
    """How a slot is read from a message and shown in the edit modal."""

    DATE_RANGE = "date_range"  # fills start_date and end_date (ISO)
    DATE = "date"  # fills start_date
    MONEY = "money"  # fills amount (decimal string) and currency (ISO 4217)
    QUANTITY = "quantity"
    ITEM = "item"
    LOCATION = "location"
    CHOICE = "choice"  # one of Slot.choices; read by the slot's own extractor key
    TEXT = "text"  # free text: the whole answer


SLOT_KEYS: dict[SlotKind, tuple[str, ...]] = {
    SlotKind.DATE_RANGE: ("start_date", "end_date"),
    SlotKind.DATE: ("start_date",),
    SlotKind.MONEY: ("amount", "currency"),
    SlotKind.QUANTITY: ("quantity",),
    SlotKind.ITEM: ("item",),
    SlotKind.LOCATION: ("location",),
}


@dataclass(frozen=True)
class Slot:
    """One thing a write intent needs; ``question`` is the message key used to ask for it."""

    name: str
    kind: SlotKind
    question: str
    label: str
    required: bool = True
    choices: tuple[str, ...] = ()
    extra_keys: tuple[str, ...] = ()
    """Keys the extractors fill along with this slot (e.g. qualifiers of a date): kept from any answer, never asked."""
    value_keys: tuple[str, ...] = ()
    """Those of ``extra_keys`` that describe the value they came with (the other dates of a list, the unit a count
    was said in): a new value without them drops them."""
    belongs: tuple[str, ...] = ()
    """Other slots' keys that hold only for this slot's value (a dinner's restaurant, its reason for being over the
    meal limit): a different value drops them, so they are asked again where they are still needed."""
    choices_from: Callable[[Context], list[tuple[str, str, str]]] | None = None
    """The choices the company configured, read when asked: ``(value, English label, Spanish label)``. Instead of
    ``choices`` when set (leave types a company added or switched off)."""

    @property
    def keys(self) -> tuple[str, ...]:
        """The slot-dict keys this slot fills."""
        return SLOT_KEYS.get(self.kind, (self.name,))

    def is_filled(self, slots: Slots) -> bool:
        """Whether ``slots`` already holds a value for this slot."""
        return all(slots.get(key) not in (None, "") for key in self.keys[:1])


@dataclass(frozen=True)
class Preview:
    """What the confirmation card shows: a title, labelled values, and an optional note (e.g. balance after)."""

    title: str
    fields: list[tuple[str, str]]
    note: str = ""
    extra_blocks: Blocks = field(default_factory=list)


PreviewBuilder = Callable[[Context, Slots], Preview]
Committer = Callable[[Context, Slots], list[Reply]]
Normaliser = Callable[[Context, Slots], Slots]
FileReader = Callable[[Context, Slots, SharedFile], Slots]
"""Reads a file shared while the form is open (a photo, a PDF) into slot values; raises DomainError when it cannot."""


@dataclass(frozen=True)
class Form:
    """A write intent: its slots, its preview (which validates, raising DomainError), and its commit."""

    intent: str
    slots: tuple[Slot, ...]
    preview: PreviewBuilder
    commit: Committer
    normalise: Normaliser | None = None
    on_file: FileReader | None = None
    """How a file shared in the conversation's thread fills slots (None: the form takes no files)."""
    check_early: Callable[[Context, Slots], None] | None = None
    """The rules that need only what was said so far ("Jan 4 and Jan 8" is not one period): checked before the next
    question is asked, so the person is not asked for more first; raises DomainError."""

    def missing(self, slots: Slots) -> Slot | None:
        """The first required slot without a value, in the form's order."""
        return next((slot for slot in self.slots if slot.required and not slot.is_filled(slots)), None)

    def slot(self, name: str) -> Slot | None:
        """The slot called ``name``."""
        return next((slot for slot in self.slots if slot.name == name), None)

    def slot_keys(self) -> set[str]:
        """Every slot-dict key the form uses."""
        return {key for slot in self.slots for key in slot.keys} | self.extra_keys()

    def extra_keys(self) -> set[str]:
        """The keys the form's slots fill along with their own (see ``Slot.extra_keys``)."""
        return {key for slot in self.slots for key in slot.extra_keys}
