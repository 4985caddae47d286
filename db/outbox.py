"""The outbox: notifications written with the state change that causes them, claimed and settled by a worker."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import case, delete, func, or_, select, update
from sqlalchemy.orm import Session

from db.models import Employee, OutboxMessage, OutboxStatus
from db.types import utcnow

CLAIM_LEASE = timedelta(seconds=40)
"""A claimed row whose worker has not touched it for this long is taken back (its process died); a live worker
renews its claims before each delivery, and a Web API call gives up well before this."""
OUTCOME_UNKNOWN = "outcome unknown"
"""``last_error`` prefix of a row that may have reached Slack: its next attempt looks for it before posting."""
POST_KEY_PREFIX = "post:"
"""``dedupe_key`` prefix of a notification queued without a key of its own: a random one, so the delivery key its
Slack message carries can never be another message's (row ids repeat across installs and after a restore)."""
WROTE_OUTBOX = "wrote_outbox"
"""Key in ``Session.info`` set when a unit of work queued a notification (so the worker can be woken)."""


@dataclass(frozen=True)
class Entity:
    """The domain object a notification is about, so later cards about it can be found and updated."""

    type: str
    id: str | int


def enqueue(
    session: Session,
    *,
    text: str,
    blocks: list[dict[str, Any]] | None = None,
    recipient: Employee | None = None,
    channel: str | None = None,
    thread_ts: str | None = None,
    entity: Entity | None = None,
    dedupe_key: str | None = None,
) -> OutboxMessage:
    """Queue a new message to ``recipient``'s DM or to ``channel``, in the caller's transaction."""
    if recipient is None and channel is None:
        raise ValueError("an outbox message needs a recipient or a channel")
    message = OutboxMessage(
        kind="post",
        recipient_id=recipient.id if recipient is not None else None,
        channel=channel,
        thread_ts=thread_ts,
        text=text,
        blocks=blocks,
        entity_type=entity.type if entity else None,
        entity_id=str(entity.id) if entity else None,
        dedupe_key=dedupe_key or f"{POST_KEY_PREFIX}{uuid.uuid4().hex}",
    )
    session.add(message)
    session.flush()
    session.info[WROTE_OUTBOX] = True
    return message


def journal_reply(
    session: Session,
    *,
    channel: str,
    thread_ts: str | None,
    text: str,
    blocks: list[dict[str, Any]] | None,
    key: str,
    worker_id: str,
    now: datetime,
) -> OutboxMessage:
    """Write a direct reply, in the caller's transaction, as a row already claimed by ``worker_id`` (who posts it
    right after the commit); if that process dies first, the row's lease runs out and any worker delivers it."""
    message = OutboxMessage(
        kind="post",
        channel=channel,
        thread_ts=thread_ts,
        text=text,
        blocks=blocks,
        dedupe_key=key,
        status=OutboxStatus.SENDING,
        claimed_by=worker_id,
        claimed_at=now,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(message)
    session.flush()
    return message


def settle_replies(
    session: Session,
    worker_id: str,
    *,
    sent: list[tuple[int, str, str]],
    released: list[tuple[int, str]],
    now: datetime,
) -> None:
    """After posting journaled replies: ``sent`` (row, channel, ts) are delivered; ``released`` (row, why) go to the
    outbox worker now. One commit for them all."""
    for message_id, channel, ts in sent:
        _settle(
            session, message_id, worker_id, commit=False,
            status=OutboxStatus.SENT, sent_channel=channel, sent_ts=ts, sent_at=now, last_error=None,
        )  # fmt: skip
    for message_id, why in released:
        _settle(
            session, message_id, worker_id, commit=False,
            status=OutboxStatus.PENDING, next_attempt_at=now, claimed_by=None, claimed_at=None, last_error=why,
        )  # fmt: skip
    session.commit()


def enqueue_update(
    session: Session, original: OutboxMessage, *, text: str, blocks: list[dict[str, Any]] | None = None
) -> OutboxMessage:
    """Queue an edit of a message the outbox already sent (or will send), e.g. to remove its buttons."""
    message = OutboxMessage(
        kind="update",
        update_of=original.id,
        recipient_id=original.recipient_id,
        text=text,
        blocks=blocks,
        entity_type=original.entity_type,
        entity_id=original.entity_id,
    )
    session.add(message)
    session.flush()
    session.info[WROTE_OUTBOX] = True
    return message


def messages_about(session: Session, entity: Entity) -> list[OutboxMessage]:
    """Every posted (not update) message about ``entity``, oldest first."""
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.entity_type == entity.type,
                OutboxMessage.entity_id == str(entity.id),
                OutboxMessage.kind == "post",
            )
            .order_by(OutboxMessage.id)
        )
    )


def claim_due(
    session: Session, worker_id: str, *, now: datetime | None = None, limit: int = 20, lease: timedelta = CLAIM_LEASE
) -> list[int]:
    """Claim up to ``limit`` due rows for ``worker_id``; a conditional update makes each claim exclusive.

    Rows claimed by a worker that died more than ``lease`` ago are due again.
    """
    now = now or utcnow()
    stale = now - lease
    due = or_(
        (OutboxMessage.status == OutboxStatus.PENDING) & (OutboxMessage.next_attempt_at <= now),
        (OutboxMessage.status == OutboxStatus.SENDING) & (OutboxMessage.claimed_at < stale),
    )
    candidates = session.scalars(select(OutboxMessage.id).where(due).order_by(OutboxMessage.id).limit(limit))
    claimed: list[int] = []
    # A row taken back from a worker that stopped mid-delivery may have reached Slack: mark its outcome unknown.
    reclaimed = OUTCOME_UNKNOWN + ": taken back from a worker that stopped"
    last_error = case((OutboxMessage.status == OutboxStatus.SENDING, reclaimed), else_=OutboxMessage.last_error)
    for message_id in list(candidates):
        result = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, due)
            .values(status=OutboxStatus.SENDING, claimed_by=worker_id, claimed_at=now, last_error=last_error)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(message_id)
    session.commit()
    return claimed


def _settle(session: Session, message_id: int, worker_id: str, *, commit: bool = True, **values: Any) -> bool:
    """Update a row ``worker_id`` still holds (claimed, being sent) with ``values``; False if it no longer does."""
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.claimed_by == worker_id,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if commit:
        session.commit()
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def mark_sent(
    session: Session,
    message_id: int,
    worker_id: str,
    *,
    channel: str,
    ts: str,
    now: datetime | None = None,
    note: str | None = None,
) -> bool:
    """Record a delivery with the channel and ts Slack gave, so the card can be updated later; ``note`` says what
    the delivery had to leave out (kept in ``last_error`` for ``outbox list --all``)."""
    return _settle(
        session,
        message_id,
        worker_id,
        status=OutboxStatus.SENT,
        sent_channel=channel,
        sent_ts=ts,
        sent_at=now or utcnow(),
        last_error=note,
    )


def mark_retry(
    session: Session, message_id: int, worker_id: str, *, error: str, delay: timedelta, now: datetime | None = None
) -> bool:
    """Put a row back for another attempt after ``delay``."""
    message = session.get(OutboxMessage, message_id)
    attempts = (message.attempts if message else 0) + 1
    return _settle(
        session,
        message_id,
        worker_id,
        status=OutboxStatus.PENDING,
        attempts=attempts,
        last_error=error,
        next_attempt_at=(now or utcnow()) + delay,
        claimed_by=None,
        claimed_at=None,
    )


def mark_deferred(session: Session, message_id: int, worker_id: str, *, until: datetime) -> bool:
    """Hand a claimed row back untried until ``until`` (its channel is rate limited); no attempt is counted."""
    return _settle(
        session, message_id, worker_id, status=OutboxStatus.PENDING, next_attempt_at=until, claimed_by=None,
        claimed_at=None,
    )  # fmt: skip


def renew_claims(session: Session, worker_id: str, message_ids: list[int], now: datetime) -> None:
    """Show the rows ``worker_id`` still holds are in hand (so no other worker takes them back)."""
    if message_ids:
        session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_(message_ids),
                OutboxMessage.status == OutboxStatus.SENDING,
                OutboxMessage.claimed_by == worker_id,
            )
            .values(claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        session.commit()


def mark_failed(session: Session, message_id: int, worker_id: str, *, error: str, commit: bool = True) -> bool:
    """Give up on a row: a permanent error (or too many attempts) is recorded, never retried forever; with
    ``commit=False`` the caller commits (so what the give-up causes is written with it)."""
    message = session.get(OutboxMessage, message_id)
    attempts = (message.attempts if message else 0) + 1
    return _settle(
        session, message_id, worker_id, commit=commit, status=OutboxStatus.FAILED, attempts=attempts, last_error=error
    )


def card_posted_at(session: Session, channel: str, ts: str) -> OutboxMessage | None:
    """The card about an entity the outbox posted as message ``ts`` in ``channel`` (a thread's parent), if any."""
    return session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.sent_channel == channel,
            OutboxMessage.sent_ts == ts,
            OutboxMessage.kind == "post",
            OutboxMessage.entity_type.is_not(None),
        )
    )


def oldest_pending_age(session: Session, now: datetime) -> float | None:
    """Seconds since the oldest row still waiting (pending or being sent) was queued; None when nothing waits."""
    waiting = (OutboxStatus.PENDING, OutboxStatus.SENDING)
    oldest = session.scalar(select(func.min(OutboxMessage.created_at)).where(OutboxMessage.status.in_(waiting)))
    if oldest is None:
        return None
    return max(0.0, (now - oldest).total_seconds())


def retry_now(session: Session, message_id: int, now: datetime) -> bool:
    """Make a failed or waiting row due now (``backoffice outbox retry``); False if it is sent or unknown."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status.in_((OutboxStatus.FAILED, OutboxStatus.PENDING)))
        .values(status=OutboxStatus.PENDING, next_attempt_at=now, created_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


DROPPED_BY_HAND = "dropped by hand"
"""``last_error`` prefix of a row an admin gave up on (``backoffice outbox drop``)."""


class DropOutcome(StrEnum):
    """What ``drop`` found: the row dropped now, or why it was left as it was."""

    DROPPED = "dropped"
    ALREADY_DROPPED = "already dropped"
    GIVEN_UP = "already given up"
    SENT = "already sent"
    SENDING = "being sent"
    UNKNOWN = "unknown"


def drop(session: Session, message_id: int, reason: str = DROPPED_BY_HAND) -> DropOutcome:
    """Give up on a waiting row by hand (``backoffice outbox drop``); a row already dropped, given up, sent or
    being sent is left exactly as it is (so its own error stays), and the outcome says which."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.FAILED, last_error=reason)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:  # type: ignore[attr-defined]
        return DropOutcome.DROPPED
    row = session.get(OutboxMessage, message_id)
    if row is None:
        return DropOutcome.UNKNOWN
    if row.status == OutboxStatus.FAILED:
        dropped = (row.last_error or "").startswith(DROPPED_BY_HAND)
        return DropOutcome.ALREADY_DROPPED if dropped else DropOutcome.GIVEN_UP
    return DropOutcome.SENT if row.status == OutboxStatus.SENT else DropOutcome.SENDING


def purge_sent(session: Session, before: datetime, cards_before: datetime) -> int:
    """Delete rows delivered before ``before``; a card about an entity (edited later, answered in its thread)
    stays until ``cards_before``. A row a waiting edit refers to always stays."""
    waiting_edits = select(OutboxMessage.update_of).where(
        OutboxMessage.update_of.is_not(None), OutboxMessage.status != OutboxStatus.SENT
    )
    card = OutboxMessage.entity_type.is_not(None) & (OutboxMessage.kind == "post")
    old = case((card, OutboxMessage.sent_at < cards_before), else_=OutboxMessage.sent_at < before)
    result = session.execute(
        delete(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENT, old, OutboxMessage.id.not_in(waiting_edits))
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def edit_queued_since(session: Session, channel: str, ts: str, since: datetime) -> bool:
    """Whether an edit of the message the outbox sent as (``channel``, ``ts``) was queued at or after ``since``."""
    original = select(OutboxMessage.id).where(OutboxMessage.sent_channel == channel, OutboxMessage.sent_ts == ts)
    found = session.scalar(
        select(OutboxMessage.id)
        .where(OutboxMessage.kind == "update", OutboxMessage.update_of.in_(original), OutboxMessage.created_at >= since)
        .limit(1)
    )
    return found is not None


def card_as_it_stands(session: Session, card: OutboxMessage) -> OutboxMessage:
    """The newest version of a posted card: its latest update, or the post itself when it was never updated."""
    newest = session.scalar(
        select(OutboxMessage)
        .where(OutboxMessage.update_of == card.id, OutboxMessage.kind == "update")
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    return newest or card
