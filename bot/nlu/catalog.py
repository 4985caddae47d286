"""The intent catalog (DESIGN.md §3): intents, write intents, skills, slots per intent and the training examples."""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Mapping

from bot.nlu.negatives import NONE_EXAMPLES

NONE = "none"
INTENTS: tuple[str, ...] = (
    "leave.request",
    "leave.balance",
    "leave.status",
    "leave.cancel",
    "leave.history",
    "leave.team",
    "expense.submit",
    "expense.status",
    "expense.report",
    "stock.lookup",
    "stock.adjust",
    "maintenance.create",
    "maintenance.status",
    "maintenance.update",
    "policy.ask",
    "help",
)
"""Every intent the router can return, besides ``none``."""

WRITE_INTENTS: frozenset[str] = frozenset(
    {"leave.request", "leave.cancel", "expense.submit", "stock.adjust", "maintenance.create", "maintenance.update"}
)
"""Intents that end in a database write (after a confirmation): the router needs more evidence for these."""

SKILL_MODULES: tuple[str, ...] = (
    "skills.leave.intents",
    "skills.expenses.intents",
    "skills.stock.intents",
    "skills.maintenance.intents",
    "skills.policy.intents",
    "skills.help.intents",
)
"""Where each skill declares its example utterances (``EXAMPLES``)."""

_SKILL_BY_PREFIX = {
    "leave": "leave",
    "expense": "expenses",
    "stock": "stock",
    "maintenance": "maintenance",
    "policy": "policy",
    "help": "help",
}

SLOTS_BY_INTENT: dict[str, tuple[str, ...]] = {
    "leave.request": ("date", "half_day", "leave_type"),
    "leave.cancel": ("date", "leave_type"),
    "leave.balance": ("date", "half_day", "leave_type"),  # dates make it a what-if
    "leave.status": ("date", "leave_type"),
    "leave.history": ("date", "leave_type"),
    "leave.team": ("date",),
    "expense.submit": ("date", "money", "category", "merchant"),
    "expense.status": ("date", "money", "category"),
    "expense.report": ("date", "category"),
    "stock.lookup": ("item", "location"),
    "stock.adjust": ("quantity", "item", "location"),
    "maintenance.create": ("location", "priority"),
    "maintenance.status": ("location",),
    "maintenance.update": ("priority", "location"),
}
"""Extractors (``skills.common.extract.SLOT_NAMES``) worth running for each intent; others get no slots."""

Examples = dict[str, dict[str, list[str]]]


def skill_of(intent: str) -> str:
    """The skill package that owns ``intent`` (``expense.submit`` -> ``expenses``); ``none`` for none."""
    if intent == NONE:
        return NONE
    return _SKILL_BY_PREFIX.get(intent.split(".", 1)[0], NONE)


def is_write(intent: str) -> bool:
    """True for intents that change the database once confirmed."""
    return intent in WRITE_INTENTS


def skill_examples() -> Examples:
    """Every skill's ``EXAMPLES`` merged into ``{intent: {lang: [utterances]}}``."""
    merged: Examples = {}
    for module_name in SKILL_MODULES:
        module = importlib.import_module(module_name)
        examples: Mapping[str, Mapping[str, list[str]]] = module.EXAMPLES
        for intent, by_lang in examples.items():
            if intent not in INTENTS:
                raise ValueError(f"{module_name} declares {intent!r}, which is not in the intent catalog")
            target = merged.setdefault(intent, {})
            for lang, texts in by_lang.items():
                target.setdefault(lang, []).extend(texts)
    return merged


def training_examples() -> Examples:
    """The skills' examples plus the out-of-scope (``none``) examples the router learns from."""
    examples = skill_examples()
    examples[NONE] = {lang: list(texts) for lang, texts in NONE_EXAMPLES.items()}
    return examples


def normalise_for_comparison(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of ``text``, to spot duplicates across data sets."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[a-z0-9]+", folded))
