"""Slack events as received: written with their body before Slack is answered, leased while handled, then settled.

Over HTTP, Slack retries an event only when it got no 2xx; once acknowledged, the event is ours to keep. So it is
recorded first and acknowledged after the commit. A process that dies while handling it leaves a ``received`` row
whose lease (``due_at``) runs out, and any process takes it back (``take_due``); a failure that Slack caused
(``users.info`` down) puts it back after a growing delay, and after ``RETRY_DELAYS`` it is given up (and logged).
The primary key still makes Slack's own retries of one event a no-op, across processes.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import EventState, ProcessedEvent

EVENT_LEASE = timedelta(seconds=60)
"""How long a process may take to handle an event before another takes it back (its handler timed out or died)."""
RETRY_DELAYS = (timedelta(seconds=5), timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10))
"""The waits before an event whose handling failed is handled again; one more failure gives it up."""


def record_received(
    session: Session, *, event_id: str, event_type: str, body: str, now: datetime, lease: timedelta = EVENT_LEASE
) -> bool:
    """Record a new event, leased to its receiver until ``now + lease``; False if it was already recorded.

    Commits: the caller acknowledges the event to Slack only after this returned True.
    """
    session.add(
        ProcessedEvent(
            event_id=event_id,
            event_type=event_type,
            received_at=now,
            state=EventState.RECEIVED,
            attempts=1,
            due_at=now + lease,
            body=body,
        )
    )
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


def mark_handled(session: Session, event_id: str) -> bool:
    """Settle a received event as handled and drop its body; False if it was not ``received`` any more."""
    settled = settle_in(session, event_id)
    session.commit()
    return settled


def settle_in(session: Session, event_id: str) -> bool:
    """Settle a received event as handled within the caller's transaction (the one that made its effects and
    journaled its replies, so a process dying later cannot have it handled twice); False if already settled."""
    result = session.execute(
        update(ProcessedEvent)
        .where(ProcessedEvent.event_id == event_id, ProcessedEvent.state == EventState.RECEIVED)
        .values(state=EventState.HANDLED, due_at=None, body=None)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def put_back(session: Session, event_id: str, *, now: datetime) -> EventState | None:
    """After a failed handling: due again after the next retry delay, or given up when they are used up."""
    attempts = session.scalar(
        select(ProcessedEvent.attempts).where(
            ProcessedEvent.event_id == event_id, ProcessedEvent.state == EventState.RECEIVED
        )
    )
    if attempts is None:
        return None
    if attempts > len(RETRY_DELAYS):
        values: dict[str, object] = {"state": EventState.GIVEN_UP, "due_at": None, "body": None}
    else:
        values = {"due_at": now + RETRY_DELAYS[attempts - 1]}
    session.execute(
        update(ProcessedEvent)
        .where(ProcessedEvent.event_id == event_id, ProcessedEvent.state == EventState.RECEIVED)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return EventState(str(values.get("state", EventState.RECEIVED)))


def take_due(
    session: Session,
    *,
    now: datetime,
    lease: timedelta = EVENT_LEASE,
    limit: int = 20,
    busy: Collection[str] = (),
) -> list[tuple[str, str]]:
    """Lease up to ``limit`` received events that are due (a retry's time came, or a receiver's lease ran out).

    Each is taken with one conditional update, so two processes never take the same event; each take counts as an
    attempt, so an event that kills every process handling it is given up in the end. ``busy``: the events the
    caller is still handling itself (a slow handling past its lease is not started twice by the same process).
    Returns (event id, body).
    """
    due = (ProcessedEvent.state == EventState.RECEIVED) & (ProcessedEvent.due_at <= now)
    if busy:
        due = due & ProcessedEvent.event_id.not_in(list(busy))
    candidates = session.execute(
        select(ProcessedEvent.event_id, ProcessedEvent.body).where(due).order_by(ProcessedEvent.due_at).limit(limit)
    ).all()
    taken: list[tuple[str, str]] = []
    for event_id, body in candidates:
        result = session.execute(
            update(ProcessedEvent)
            .where(ProcessedEvent.event_id == event_id, due)
            .values(due_at=now + lease, attempts=ProcessedEvent.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1 and body is not None:  # type: ignore[attr-defined]
            taken.append((event_id, body))
    session.commit()
    return taken


def oldest_unhandled_age(session: Session, now: datetime) -> float | None:
    """Seconds since the oldest event still waiting to be handled was received (None when there is none)."""
    received = session.scalar(
        select(ProcessedEvent.received_at)
        .where(ProcessedEvent.state == EventState.RECEIVED)
        .order_by(ProcessedEvent.received_at)
        .limit(1)
    )
    return None if received is None else (now - received).total_seconds()
