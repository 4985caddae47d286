"""The stock skill's scheduled work: the daily low-stock digest per channel, and reminders when a snooze ends.

Both are idempotent: the digest is one outbox row per channel and local day (a unique dedupe key, so two serve
processes, or a re-run, post it once); a snooze reminder clears the snooze with a conditional update first.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import timedelta

from skills.common.time import zone
from skills.common.transition import transition
from skills.jobs import Job, JobContext
from skills.locations.queries import place_timezone
from skills.stock import notifications, views
from skills.stock.config import StockConfig
from skills.stock.models import StockAlert, StockLevel
from skills.stock.queries import channel_for, consumed_since, digest_posted, low_levels, open_alert, snoozes_due

CONSUMPTION_DAYS = 30
"""The window of recent consumption a suggested order is based on."""


def suggested_order(level: StockLevel, used: int) -> int:
    """Enough to cover the last 30 days' use and get back to the reorder level; at least the reorder quantity."""
    return max(level.reorder_qty, level.reorder_level - level.available + math.ceil(used))


def digest(context: JobContext) -> int:
    """Post each channel's digest of items under their level once per local day, after the digest hour."""
    config: StockConfig = context.deps.config
    session = context.session
    by_channel: dict[tuple[str, str], list[views.DigestLine]] = defaultdict(list)
    since = context.now - timedelta(days=CONSUMPTION_DAYS)
    for level in low_levels(session):
        channel = channel_for(level.location, config)
        if channel is None:
            continue
        timezone = place_timezone(session, level.location)
        local = context.now.astimezone(zone(timezone))
        if local.hour < config.digest_hour:
            continue
        used = consumed_since(session, level, since)
        alert = open_alert(session, level.id)
        claimer = alert.claimed_by.name if alert is not None and alert.claimed_by is not None else None
        line = views.DigestLine(level, used, suggested_order(level, used), claimer)
        by_channel[(channel, local.date().isoformat())].append(line)
    posted = 0
    for (channel, day), lines in by_channel.items():
        key = f"stock.digest:{channel}:{day}"
        if digest_posted(session, key):
            continue
        lang = notifications.place_language(lines[0].level.location)
        posted += notifications.post_digest(session, channel, lines, lang, key)
    return posted


def snoozes(context: JobContext) -> int:
    """Remind the thread of every alert whose snooze ended while stock is still low; each reminder once."""
    config: StockConfig = context.deps.config
    reminded = 0
    for alert in snoozes_due(context.session, context.now):
        if not transition(context.session, alert, StockAlert.snoozed_until.is_not(None),
                          StockAlert.snoozed_until <= context.now, snoozed_until=None):  # fmt: skip
            continue
        if alert.level.low:
            notifications.remind_snoozed(context.session, alert, config)
            reminded += 1
    return reminded


JOBS = (
    Job("stock.digest", timedelta(minutes=30), digest, "Daily low-stock digest per channel, with suggested orders"),
    Job("stock.snoozes", timedelta(minutes=15), snoozes, "Remind low-stock alerts whose snooze is over"),
)

__all__ = ["JOBS"]
