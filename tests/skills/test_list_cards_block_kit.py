"""The cards that list things with a button on each line (exports to mark paid, one's requests to the warehouse)
and the stock report pass Slack's published Block Kit limits at their largest, in both languages."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from skills.expenses import views as expense_views
from skills.stock import views as stock_views
from tests.fakes.block_kit_checks import check_blocks

WHEN = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_card_passes_the_block_kit_checks(lang):
    claim = SimpleNamespace(id=123456, office_currency="EUR", payable=Decimal("1234.56"), exported_at=WHEN)
    batches = {f"{n:012x}": [claim] * 40 for n in range(9)}  # more exports than shown, more claims than listed
    unpaid = expense_views.unpaid_card("*Exported, not marked paid yet*", batches, lang)  # type: ignore[arg-type]
    assert len(unpaid.blocks) == 1 + expense_views.MAX_BATCHES + 1 and "…" in unpaid.text
    item = SimpleNamespace(unit="ream", label=lambda lang: "A4 paper " * 10)
    requests = [SimpleNamespace(id=n, item=item, quantity=n + 1, location=SimpleNamespace(name="Almacén de Madrid"),
                                status="open" if n % 2 else "fulfilled", created_at=WHEN) for n in range(10)]  # fmt: skip
    mine = stock_views.my_requests_card(requests, lang, "Europe/Madrid")  # type: ignore[arg-type]
    assert sum("accessory" in block for block in mine.blocks) == 5  # a Withdraw button on each open one
    report = stock_views.report_card([(f"Place {n}", 40, n % 3) for n in range(30)], None, "Dec 1, 2026", lang, None)
    for card in (unpaid, expense_views.exported_card("Exported", "0" * 12, 40, lang), mine, report):
        assert check_blocks(card.blocks) == [], card.text[:80]
