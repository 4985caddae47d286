"""What the help card and the Home tab suggest trying is understood: each example a capability line quotes, in
English and Spanish, is routed to an intent of the skill that line announces."""

from __future__ import annotations

import re
from datetime import date

import pytest

import skills.approvals.messages
import skills.expenses.messages
import skills.leave.messages
import skills.maintenance.messages
import skills.policy.messages
import skills.stock.messages  # noqa: F401  (each module adds its texts to the catalog)
from bot.nlu.catalog import skill_of
from bot.nlu.router import Router
from skills.i18n import translate

TODAY = date(2026, 11, 25)
CAPABILITY_EXAMPLES = {
    "leave.query.capability_example": "leave",
    "approvals.capability.inbox.example": "approvals",
    "policy.capability_example": "policy",
    "expenses.capability.example": "expenses",
    "stock.capability.example": "stock",
    "maintenance.capability.example": "maintenance",
}


def quoted(example: str) -> list[str]:
    """The suggestions in one capability line: each “…” quote, or the whole line when it quotes nothing."""
    return re.findall(r"“([^”]+)”", example) or [example]


CASES = [
    (lang, text, skill)
    for key, skill in CAPABILITY_EXAMPLES.items()
    for lang in ("en", "es")
    for text in quoted(translate(lang, key))
]


@pytest.mark.parametrize(("lang", "text", "skill"), CASES, ids=[f"{lang}:{text}" for lang, text, _ in CASES])
def test_what_help_suggests_is_understood(router: Router, lang: str, text: str, skill: str):
    route = router.route(text, locale="es-ES" if lang == "es" else "en-US", today=TODAY)
    assert skill_of(route.intent) == skill, (route.intent, route.confidence)
