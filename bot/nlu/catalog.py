"""The intent catalog (DESIGN.md §3), derived from the skills' manifests: intents, write intents, the slots each
intent reads, the skill that owns it, and the example utterances the router learns from.

Nothing here is declared by hand: a skill's ``IntentSpec``\\ s and its ``examples/<lang>.txt`` files are the only
source, and the out-of-scope (``none``) examples are the data files in ``bot/nlu/negatives/``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from skills import all_intents, all_skills
from skills.base import IntentSpec
from skills.common.extract.spelling import SpellingFixer, key_words, words_of
from skills.examples import Examples, read_examples

NONE = "none"

INTENT_SPECS: dict[str, IntentSpec] = {spec.name: spec for spec in all_intents()}
"""Every intent of every skill, by name, in the skills' order."""

INTENTS: tuple[str, ...] = tuple(INTENT_SPECS)
"""Every intent the router can return, besides ``none``."""

WRITE_INTENTS: frozenset[str] = frozenset(name for name, spec in INTENT_SPECS.items() if spec.write)
"""Intents that end in a database write (after a confirmation): the router needs more evidence for these."""

PRIVATE_INTENTS: frozenset[str] = frozenset(name for name, spec in INTENT_SPECS.items() if spec.write or spec.personal)
"""Intents answered privately when asked in a channel: the asker's own records, and every preview of a write."""

SLOTS_BY_INTENT: dict[str, tuple[str, ...]] = {name: spec.slots for name, spec in INTENT_SPECS.items() if spec.slots}
"""Extractors (``skills.common.extract.SLOT_NAMES``) worth running for each intent; others get no slots."""

_SKILL_OF: dict[str, str] = {spec.name: skill.name for skill in all_skills() for spec in skill.intents}


def skill_of(intent: str) -> str:
    """The skill that owns ``intent`` (``expense.submit`` -> ``expenses``); ``none`` for none or an unknown one."""
    return _SKILL_OF.get(intent, NONE)


def is_write(intent: str) -> bool:
    """True for intents that change the database once confirmed."""
    return intent in WRITE_INTENTS


def skill_examples() -> Examples:
    """Every skill's example utterances merged into ``{intent: {lang: [utterances]}}``."""
    merged: Examples = {}
    for skill in all_skills():
        for intent, by_lang in skill.examples.items():
            target = merged.setdefault(intent, {})
            for lang, texts in by_lang.items():
                target.setdefault(lang, []).extend(texts)
    return merged


def none_examples() -> dict[str, list[str]]:
    """The out-of-scope utterances by language, from ``bot/nlu/negatives/<lang>.txt``."""
    found = read_examples(resources.files("bot.nlu") / "negatives")
    return found.get(NONE, {})


def training_examples() -> Examples:
    """The skills' examples plus the out-of-scope (``none``) examples the router learns from."""
    examples = skill_examples()
    examples[NONE] = {lang: list(texts) for lang, texts in none_examples().items()}
    return examples


def normalise_for_comparison(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of ``text``, to spot duplicates across data sets."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[a-z0-9]+", folded))


@lru_cache(maxsize=1)
def key_word_fixer() -> SpellingFixer:
    """Puts misspelt key words right ("vaction" → "vacation"), never a word the examples use ("medio")."""
    examples = training_examples()
    return SpellingFixer(key_words(), known=words_of(t for by_lang in examples.values() for ts in by_lang.values()
                                                     for t in ts))  # fmt: skip


def fix_key_words(text: str) -> str:
    """``text`` with misspelt key words put right (see ``skills.common.extract.spelling``)."""
    return key_word_fixer().fix(text)
