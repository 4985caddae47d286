"""The digest (once per channel and local day, after the digest hour, with a suggested order from consumption) and
snooze reminders (once, only while stock is still low); every run idempotent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from db.models import OutboxMessage
from skills.jobs import JobContext
from skills.stock import service
from skills.stock.jobs import digest, snoozes, suggested_order
from skills.stock.models import StockAlert
from skills.stock.rules import MovementDraft
from tests.pinned import NOW

from .conftest import CONFIG, actor, item, place, stock_deps


def run(job, session, now):
    return job(JobContext(session=session, now=now, deps=stock_deps()))


def take(session, who, sku, quantity, code, when=NOW):
    draft = MovementDraft("issue", item(session, sku), quantity, place(session, code))
    service.post_movement(session, actor=actor(session, who, when=when), draft=draft, config=CONFIG)


def test_the_digest_posts_once_per_channel_and_day_after_the_hour(session, people):
    take(session, people.wes, "TON-HP26", 6, "NY-WH")  # NY: 3 left, level 4
    take(session, people.wanda, "TON-HP26", 4, "MAD-WH")  # Madrid: 3 left, level 5
    early = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # 07:00 in New York, 13:00 in Madrid
    assert run(digest, session, early) == 1
    later = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)  # 09:00 in New York
    assert run(digest, session, later) == 1
    assert run(digest, session, later) == 0  # the same day again: nothing new
    posts = session.scalars(select(OutboxMessage).where(OutboxMessage.dedupe_key.like("stock.digest:%"))).all()
    assert sorted(p.dedupe_key for p in posts) == ["stock.digest:#almacen-madrid:2026-11-25",
                                                   "stock.digest:#warehouse-ny:2026-11-25"]  # fmt: skip
    ny = next(p for p in posts if p.channel == "#warehouse-ny")
    assert "3 available, level 4 · used 6 in 30 days · suggested order 12 units" in ny.text.replace("*", "")
    assert "Resumen diario" in next(p.text for p in posts if p.channel == "#almacen-madrid")
    assert run(digest, session, later + timedelta(days=1)) == 2


def test_suggested_order_covers_consumption_and_the_gap():
    class Level:
        reorder_qty, reorder_level, available = 12, 4, 1

    assert suggested_order(Level(), used=0) == 12  # type: ignore[arg-type]
    assert suggested_order(Level(), used=30) == 33  # type: ignore[arg-type]


def test_a_snooze_ends_with_one_reminder_in_the_thread_while_still_low(session, people):
    take(session, people.wes, "TON-HP26", 6, "NY-WH")
    alert = session.scalars(select(StockAlert)).one()
    service.snooze_alert(session, actor=actor(session, people.wes), alert_id=alert.id, until=NOW + timedelta(days=1),
                         config=CONFIG)  # fmt: skip
    assert run(snoozes, session, NOW + timedelta(hours=23)) == 0
    assert run(snoozes, session, NOW + timedelta(days=1)) == 1
    assert run(snoozes, session, NOW + timedelta(days=1)) == 0
    said = session.scalars(select(OutboxMessage).where(OutboxMessage.text.like("⏰%"))).all()
    assert len(said) == 1 and "still low (3 available, level 4)" in said[0].text


def test_a_snooze_over_after_recovery_says_nothing(session, people):
    take(session, people.wes, "TON-HP26", 6, "NY-WH")
    alert = session.scalars(select(StockAlert)).one()
    service.snooze_alert(session, actor=actor(session, people.wes), alert_id=alert.id, until=NOW + timedelta(days=1),
                         config=CONFIG)  # fmt: skip
    draft = MovementDraft("receive", item(session, "TON-HP26"), 12, place(session, "NY-WH"))
    service.post_movement(session, actor=actor(session, people.wes), draft=draft, config=CONFIG)
    assert run(snoozes, session, NOW + timedelta(days=2)) == 0
