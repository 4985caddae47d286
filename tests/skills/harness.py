"""One skill under test through the real assistant: a router the test steers (the real extractors read the slots),
buttons pressed by their label, and replies read as the terminal shows them. Each skill's conftest subclasses it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from bot.assistant import Assistant, Origin
from bot.terminal.render import render_blocks
from db.engine import Database
from db.models import Employee
from skills.base import IntentSpec
from skills.common.extract import extract_slots
from skills.common.time import FixedClock
from skills.core import Action, Reply
from tests.fakes.trip_skill import Routed


@dataclass
class StubRouter:
    """The test names the intent; the real extractors read the slots the intent asks for."""

    skill: str
    intents: Sequence[IntentSpec]
    intent: str
    currency_by_lang: Mapping[str, str] | None = None
    seen: list[str] = field(default_factory=list)

    def route(self, text: str, *, locale: str | None = None, today: Any, **_: object) -> Routed:
        """The steered intent with the slots the extractors find for it."""
        self.seen.append(text)
        lang = "es" if (locale or "").startswith("es") else "en"
        wanted = next((spec.slots for spec in self.intents if spec.name == self.intent), ())  # none: no slots
        extra: dict[str, Any] = {}
        if self.currency_by_lang is not None:
            extra["default_currency"] = self.currency_by_lang[lang]
        slots = extract_slots(text, today=today, locale=locale or "en-US", only=set(wanted), **extra)
        slots.pop("errors", None)
        return Routed(self.intent, self.skill, lang, 0.95, slots)


@dataclass
class SkillHarness:
    """An assistant with only the skill under test, its stub router and its clock."""

    assistant: Assistant
    router: StubRouter
    clock: FixedClock
    database: Database
    default_intent: ClassVar[str]
    origin: ClassVar[Origin]

    def say(self, who: Employee, text: str, intent: str | None = None, origin: Origin | None = None) -> list[Reply]:
        """``who`` writes ``text``, routed to ``intent`` (the skill's usual one when not given)."""
        self.router.intent = intent or self.default_intent
        return self.assistant.handle_message(who.id, text, origin or self.origin)

    def click(self, who: Employee, action_id: str, value: str, origin: Origin | None = None) -> list[Reply]:
        """``who`` presses the button ``action_id`` carrying ``value``."""
        return self.assistant.handle_action(who.id, Action(action_id, value), origin or self.origin)

    def press(self, who: Employee, reply: Reply, label: str, origin: Origin | None = None) -> list[Reply]:
        """Press the button labelled ``label`` on ``reply``'s card."""
        _, choices = render_blocks(reply.blocks or [])
        choice = next(c for c in choices if c.label == label)
        return self.click(who, choice.action_id, choice.value, origin)


def text_of(replies: list[Reply]) -> str:
    """The replies as the terminal shows them: their lines, then each button as ``[label]``."""
    shown = []
    for reply in replies:
        lines, choices = render_blocks(reply.blocks) if reply.blocks else ([reply.text], [])
        shown += lines + [f"[{choice.label}]" for choice in choices]
    return "\n".join(shown)
