"""Amounts written the way the examples write them before a message is scored: the intent of "taxi ayer 35.000
pesos" is that of "taxi ayer 35 euros", but the examples are mostly in euros and dollars, and the sentence encoder
placed a claim in pesos or dólares out of scope. Only what the router compares changes; slots read the message as
written."""

from __future__ import annotations

from skills.common.extract.money import Money, find_money

EXAMPLE_CURRENCY = {"en": "${amount}", "es": "{amount} €"}
"""How the examples of each language mostly write an amount."""


def amounts_as_examples(text: str, lang: str) -> str:
    """``text`` with each amount in it written as the examples of ``lang`` write one ("35.000 pesos" -> "35000 €")."""
    template = EXAMPLE_CURRENCY.get(lang, EXAMPLE_CURRENCY["en"])
    found = [money for money in find_money(text) if isinstance(money, Money)]
    for money in reversed(found):  # in order of place: rewriting from the end keeps the earlier spans valid
        start, end = money.span
        text = text[:start] + template.format(amount=str(money.amount)) + text[end:]
    return text
