"""The platform's own scheduled job: purge processed-event records and delivered outbox rows after a retention.

Neither table is read after its rows settle (a processed event only guards against Slack's retries, which stop
within minutes; a delivered row only matters while its card may still be edited or answered), so both are kept
for a retention period set in Settings, then deleted by the scheduler's leader once an hour.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete

from bot.settings import Settings
from db.models import ProcessedEvent
from db.outbox import purge_sent
from skills.jobs import Job, JobContext

PURGE_JOB = "platform.purge"


def purge_job(settings: Settings) -> Job:
    """The hourly purge with the retention periods of ``settings``."""
    keep_events = timedelta(days=settings.keep_processed_events_days)
    keep_sent = timedelta(days=settings.keep_delivered_days)
    keep_cards = timedelta(days=settings.keep_cards_days)

    def run(context: JobContext) -> int:
        events = context.session.execute(
            delete(ProcessedEvent)
            .where(ProcessedEvent.received_at < context.now - keep_events)
            .execution_options(synchronize_session=False)
        )
        sent = purge_sent(context.session, context.now - keep_sent, context.now - keep_cards)
        return int(events.rowcount or 0) + sent  # type: ignore[attr-defined]

    return Job(
        name=PURGE_JOB,
        every=timedelta(hours=1),
        run=run,
        description="Delete processed-event records and delivered outbox rows older than their retention.",
    )
