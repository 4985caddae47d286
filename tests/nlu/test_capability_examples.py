"""What the help card and the Home tab suggest trying is understood: each example a capability line quotes, in
English and Spanish, is routed to an intent of the skill that line announces — with the company's own items,
assets, office currencies and the asker's coming days filled in, as a real install fills them."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

import skills.approvals.messages
import skills.policy.messages  # noqa: F401  (each module adds its texts to the catalog)
from bot.nlu.catalog import skill_of
from bot.nlu.router import Router
from skills.expenses import views as expense_views
from skills.expenses.rates import about
from skills.i18n import translate
from skills.leave.handlers.answers import example_request
from skills.maintenance import views as maintenance_views
from skills.stock import views as stock_views
from skills.stock.models import Item

TODAY = date(2026, 11, 25)
FIXED_EXAMPLES = {"approvals.capability.inbox.example": "approvals", "policy.capability_example": "policy"}
ITEMS = [
    None,  # an install with no catalog yet
    Item(name="Toner cartridge", name_es="Cartucho de tóner"),
    Item(name="Nitrile gloves", name_es="Guantes de nitrilo"),
    Item(name="HDMI adapter"),
    Item(name="Coffee beans", name_es="Café en grano"),
    Item(name="Cardboard box", name_es="Caja de cartón"),
]
ASSETS = [None, "Air conditioning Goya room", "Aire acondicionado sala Goya", "Boiler", "Caldera Madrid", "Elevator"]
CURRENCIES = ["USD", "EUR", "GBP", "MXN", "COP", "JPY", "CHF"]


def quoted(example: str) -> list[str]:
    """The suggestions in one capability line: each “…” quote, or the whole line when it quotes nothing."""
    return re.findall(r"“([^”]+)”", example) or [example]


def examples(lang: str) -> list[tuple[str, str]]:
    """Every line's example in ``lang`` with the skill it announces, over the catalogs and currencies above."""
    lines = [(translate(lang, key), skill) for key, skill in FIXED_EXAMPLES.items()]
    lines += [(example_request(today, lang), "leave") for today in (TODAY, date(2027, 5, 19), date(2027, 12, 20))]
    lines += [(stock_views.capability(lang, item).example, "stock") for item in ITEMS]
    lines += [(maintenance_views.capability(lang, asset).example, "maintenance") for asset in ASSETS]
    lines += [
        (
            expense_views.capability(
                lang, about(Decimal("32.50"), currency, TODAY), about(Decimal(300), currency, TODAY), currency
            ).example,
            "expenses",
        )
        for currency in CURRENCIES
    ]
    return [(text, skill) for line, skill in lines for text in quoted(line)]


CASES = sorted({(lang, text, skill) for lang in ("en", "es") for text, skill in examples(lang)})


@pytest.mark.parametrize(("lang", "text", "skill"), CASES, ids=[f"{lang}:{text}" for lang, text, _ in CASES])
def test_what_help_suggests_is_understood(router: Router, lang: str, text: str, skill: str):
    route = router.route(text, locale="es-ES" if lang == "es" else "en-US", today=TODAY)
    assert skill_of(route.intent) == skill, (route.intent, route.confidence)
