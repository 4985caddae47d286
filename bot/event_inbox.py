"""The event inbox of one process: ``db.events`` over the database, on the wall clock that leases run on."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from datetime import datetime, timedelta

from db.engine import Database
from db.events import EVENT_LEASE, mark_handled, put_back, record_received, take_due
from db.models import EventState
from db.types import utcnow

log = logging.getLogger(__name__)


class EventInbox:
    """Record, settle and take back Slack events; safe to share between threads and processes."""

    def __init__(
        self, database: Database, *, clock: Callable[[], datetime] = utcnow, lease: timedelta = EVENT_LEASE
    ) -> None:
        self.database = database
        self.clock = clock
        self.lease = lease
        self.record_before_ack = database.dialect != "sqlite"
        """PostgreSQL records an event before Slack gets its 200; SQLite (one writer) records it right after."""

    def record(self, event_id: str, event_type: str, body: str) -> bool:
        """Write a new event before it is acknowledged; False for a delivery already recorded (Slack's retry)."""
        with self.database.session() as session:
            return record_received(
                session, event_id=event_id, event_type=event_type, body=body, now=self.clock(), lease=self.lease
            )

    def handled(self, event_id: str) -> None:
        """The event was handled: settle it and drop its body."""
        with self.database.session() as session:
            mark_handled(session, event_id)

    def failed(self, event_id: str) -> EventState | None:
        """Handling failed: the event is due again after a delay, or given up (logged) when the delays are used."""
        with self.database.session() as session:
            state = put_back(session, event_id, now=self.clock())
        if state is EventState.GIVEN_UP:
            log.error("event %s given up after its retries", event_id)
        return state

    def take_due(self, limit: int = 20, busy: Collection[str] = ()) -> list[tuple[str, str]]:
        """Lease the events due again (their retry time came, or their receiver died), except those this process is
        still handling (``busy``): (event id, body)."""
        with self.database.session() as session:
            return take_due(session, now=self.clock(), lease=self.lease, limit=limit, busy=busy)
