"""Deliver outbox rows through a chat transport: claim, post or update, record channel and ts; retry, or fail for good.

The worker knows rows, attempts and backoff; the transport (``bot.slack.delivery.SlackDelivery`` in ``serve``) knows
the chat service: it posts, updates and opens DMs, and tells a failure worth retrying (``RetryLater``: rate limits,
server errors) from one that never will succeed (``PermanentFailure``).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.orm import Session

from db.engine import Database
from db.models import Employee, OutboxMessage, OutboxStatus
from db.outbox import (
    CLAIM_LEASE,
    OUTCOME_UNKNOWN,
    POST_KEY_PREFIX,
    claim_due,
    mark_deferred,
    mark_failed,
    mark_retry,
    mark_sent,
    renew_claims,
)
from db.types import utcnow

log = logging.getLogger(__name__)

METADATA_EVENT = "backoffice_delivery"
"""The ``event_type`` of the metadata every post carries, with its delivery key, so it can be found again."""
REPLY_KEY_PREFIX = "reply:"
"""``dedupe_key`` prefix of a direct reply (journaled, or fallen back to the outbox): its first post carried it."""
LOOKUP_MARGIN_SECONDS = 600

INVALID_BLOCKS = "invalid_blocks"
TEXT_ONLY_NOTE = "sent as text only: Slack refused its blocks (invalid_blocks)"
"""What a delivered row keeps in ``last_error`` when its Block Kit was refused and only its text went out."""

GIVE_UP_AFTER = timedelta(hours=24)
"""A row is retried (rate limits, server errors, timeouts) for this long after it was queued, then given up."""
BATCH = 20
BASE_BACKOFF_SECONDS = 2.0
MAX_BACKOFF_SECONDS = 120.0


class RetryLater(Exception):
    """Delivery failed in a way worth retrying: after ``delay`` (Retry-After), or the worker's backoff when None."""

    def __init__(self, reason: str, delay: timedelta | None = None) -> None:
        super().__init__(reason)
        self.delay = delay


class RateLimited(RetryLater):
    """Slack asked us to slow down (HTTP 429): nothing was sent; the channel waits ``delay`` before any other post."""


class TokenRefused(RetryLater):
    """Slack refused the bot token (revoked, its workspace or app deactivated): nothing was sent, and nothing will be
    until an admin fixes the token, so every row waits ``delay`` (until the give-up ceiling) instead of failing."""


class PermanentFailure(Exception):
    """Delivery can never succeed as the row stands (bad channel, invalid blocks, unlinked recipient)."""


class Transport(Protocol):
    """Where the worker delivers: post, update, open a DM; raises ``RetryLater`` or ``PermanentFailure``."""

    def post(
        self, channel: str, text: str, blocks: list[dict[str, Any]] | None, thread_ts: str | None, key: str
    ) -> tuple[str, str]:
        """Post a message carrying ``key`` (so it can be found again); return the (channel, ts) it got."""
        ...

    def find_posted(self, channel: str, thread_ts: str | None, key: str, since: float) -> tuple[str, str] | None:
        """The (channel, ts) of the message posted with ``key`` since ``since`` (epoch seconds), or None."""
        ...

    def update(self, channel: str, ts: str, text: str, blocks: list[dict[str, Any]] | None) -> tuple[str, str]:
        """Replace the message at (channel, ts); return its (channel, ts)."""
        ...

    def open_dm(self, user_id: str) -> str:
        """The id of the direct-message channel with ``user_id``."""
        ...

    def find_user(self, email: str) -> str | None:
        """The Slack user id of the workspace member with ``email``, or None when there is none."""
        ...


def backoff(attempts: int) -> timedelta:
    """Exponential backoff for the ``attempts``-th retry, capped."""
    return timedelta(seconds=min(MAX_BACKOFF_SECONDS, BASE_BACKOFF_SECONDS * 2**attempts))


def default_worker_id() -> str:
    """A name for this process's worker: host and pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def delivery_key(message: OutboxMessage) -> str:
    """The key a post carries in its Slack metadata: the row's own random one (a reply's, or a notification's), or
    for a row queued with a key of the caller's, ``outbox:<id>``."""
    own = message.dedupe_key or ""
    return own if own.startswith((REPLY_KEY_PREFIX, POST_KEY_PREFIX)) else f"outbox:{message.id}"


def channel_key(message: OutboxMessage) -> str:
    """What Slack rate-limits a row by: its channel, or its recipient's DM."""
    return message.channel or f"dm:{message.recipient_id}"


class OutboxWorker:
    """Delivers due outbox rows through a :class:`Transport`; safe to run in several processes at once.

    Rate limits never fail a row: it waits for Retry-After, and so does every other row for the same channel
    (back-pressure per channel, other channels go on). A post whose outcome is unknown (a timeout, a dropped
    connection, a server error, a worker that died) is looked for in Slack by its key before it is posted again.
    A row is given up only ``GIVE_UP_AFTER`` after it was queued, or at once for an error no retry can fix.
    """

    def __init__(
        self,
        database: Database,
        transport: Transport,
        worker_id: str | None = None,
        *,
        clock: Callable[[], datetime] = utcnow,
        give_up_after: timedelta = GIVE_UP_AFTER,
        claim_lease: timedelta = CLAIM_LEASE,
        on_failed: Callable[[Session, OutboxMessage], None] | None = None,
    ) -> None:
        self.database = database
        self.on_failed = on_failed
        self.claim_lease = claim_lease
        self.transport = transport
        self.worker_id = worker_id or default_worker_id()
        self.clock = clock
        self.give_up_after = give_up_after
        self._wake = threading.Event()
        self._dm_channels: dict[str, str] = {}  # Slack user id -> DM channel id (stable in Slack)
        self._paused: dict[str, datetime] = {}  # channel key -> when Slack lets us post there again
        self._token_paused_until: datetime | None = None  # Slack refused the token: nothing is tried before this
        self._last_claimed = 0
        self._notes: dict[int, str] = {}  # row -> what a delivery had to give up on (kept as the sent row's note)

    def kick(self) -> None:
        """Ask a running loop to look at the outbox now instead of at the next poll."""
        self._wake.set()

    def deliver_due(self) -> int:
        """Deliver a batch of the rows due now; return how many were sent."""
        with self.database.session() as session:
            claimed = claim_due(session, self.worker_id, now=self.clock(), limit=BATCH, lease=self.claim_lease)
        self._last_claimed = len(claimed)
        sent = 0
        for index, message_id in enumerate(claimed):
            with self.database.session() as session:
                renew_claims(session, self.worker_id, claimed[index:], self.clock())
            sent += self._deliver(message_id)
        return sent

    def run(self, stop: threading.Event, poll_seconds: float) -> None:
        """Deliver until ``stop`` is set, waking on ``kick`` or every ``poll_seconds``."""
        while not stop.is_set():
            try:
                self.deliver_due()
            except Exception:
                log.exception("outbox pass failed")
                self._last_claimed = 0
            if self._last_claimed >= BATCH:
                continue  # a full batch: more are probably due, so no pause
            self._wake.wait(poll_seconds)
            self._wake.clear()

    def _deliver(self, message_id: int) -> bool:
        with self.database.session() as session:
            message = session.get(OutboxMessage, message_id)
            if message is None:
                return False
            now = self.clock()
            paused_until = max(
                (t for t in (self._paused.get(channel_key(message)), self._token_paused_until) if t is not None),
                default=None,
            )
            if paused_until is not None and paused_until > now:
                mark_deferred(session, message_id, self.worker_id, until=paused_until)
                return False
            try:
                channel, ts = self._send(session, message)
            except RetryLater as retry:
                self._retry_later(session, message, retry, now)
                return False
            except PermanentFailure as failure:
                self._give_up(session, message, str(failure))
                log.error("outbox %s failed for good: %s", message_id, failure)
                return False
            note = self._notes.pop(message_id, None)
            return mark_sent(session, message_id, self.worker_id, channel=channel, ts=ts, now=self.clock(), note=note)

    def _retry_later(self, session: Session, message: OutboxMessage, retry: RetryLater, now: datetime) -> None:
        delay = retry.delay if retry.delay is not None else backoff(message.attempts)
        if isinstance(retry, RateLimited):
            self._paused[channel_key(message)] = now + delay
        if isinstance(retry, TokenRefused):
            self._token_paused_until = now + delay
            log.error("Slack refused the bot token; every notification waits (fix SLACK_BOT_TOKEN): %s", retry)
        # Once a post may have reached Slack it stays "unknown" (looked for before posting) until it is settled.
        unknown = str(retry).startswith(OUTCOME_UNKNOWN) or (message.last_error or "").startswith(OUTCOME_UNKNOWN)
        error = str(retry) if not unknown or str(retry).startswith(OUTCOME_UNKNOWN) else f"{OUTCOME_UNKNOWN}: {retry}"
        if now - message.created_at >= self.give_up_after:
            self._give_up(session, message, f"gave up after {self.give_up_after}: {retry}")
            log.error("outbox %s given up: %s", message.id, retry)
            return
        mark_retry(session, message.id, self.worker_id, error=error, delay=delay, now=now)
        log.warning("outbox %s will be retried in %s: %s", message.id, delay, retry)

    def _give_up(self, session: Session, message: OutboxMessage, error: str) -> None:
        """Mark the row failed and, in the same transaction, tell ``on_failed`` (the skill that owns its entity tells
        whoever was waiting on it); a hook that fails is logged and leaves the give-up standing."""
        if not mark_failed(session, message.id, self.worker_id, error=error, commit=False):
            session.commit()
            return
        if self.on_failed is not None:
            try:
                with session.begin_nested():
                    self.on_failed(session, message)
            except Exception:
                log.exception("outbox %s: telling its skill it was given up failed", message.id)
        session.commit()

    def _send(self, session: Session, message: OutboxMessage) -> tuple[str, str]:
        try:
            if message.kind == "update":
                return self._update(session, message)
            return self._post(session, message)
        except OSError as error:  # a timeout or a dropped connection: Slack may have posted it
            raise RetryLater(f"{OUTCOME_UNKNOWN}: network: {error}") from error

    def _post(self, session: Session, message: OutboxMessage) -> tuple[str, str]:
        channel = message.channel or self._dm_channel(session, message.recipient_id)
        key = delivery_key(message)
        if (message.last_error or "").startswith(OUTCOME_UNKNOWN):
            since = message.created_at.timestamp() - LOOKUP_MARGIN_SECONDS
            found = self.transport.find_posted(channel, message.thread_ts, key, since)
            if found is not None:
                log.info("outbox %s was already in Slack (%s); not posted again", message.id, found[1])
                return found
        try:
            return self._post_once(channel, message, message.blocks, key)
        except PermanentFailure as failure:
            if str(failure) != INVALID_BLOCKS or not message.blocks:
                raise
            # Slack refused the layout and posted nothing: the words still reach them (and the thread still works).
            log.error("outbox %s: Slack refused its blocks (invalid_blocks); posted as text only", message.id)
            self._notes[message.id] = TEXT_ONLY_NOTE
            return self._post_once(channel, message, None, key)

    def _post_once(
        self, channel: str, message: OutboxMessage, blocks: list[dict[str, Any]] | None, key: str
    ) -> tuple[str, str]:
        """One ``post``; a failure after which Slack may have posted it is marked "outcome unknown"."""
        try:
            return self.transport.post(channel, message.text, blocks, message.thread_ts, key)
        except RetryLater as retry:
            if isinstance(retry, (RateLimited, TokenRefused)):
                raise
            raise RetryLater(f"{OUTCOME_UNKNOWN}: {retry}", retry.delay) from retry

    def _update(self, session: Session, message: OutboxMessage) -> tuple[str, str]:
        original = session.get(OutboxMessage, message.update_of) if message.update_of else None
        if original is None:
            raise PermanentFailure("the message to update no longer exists")
        if not (original.sent_channel and original.sent_ts):
            if original.status == OutboxStatus.FAILED:  # it never will be: nothing in Slack to edit
                raise PermanentFailure(f"the message to update was never delivered ({original.last_error})")
            raise RetryLater("the original message is not delivered yet")
        try:
            return self.transport.update(original.sent_channel, original.sent_ts, message.text, message.blocks)
        except PermanentFailure as failure:
            if str(failure) != INVALID_BLOCKS or not message.blocks:
                raise
            log.error("outbox %s: Slack refused its blocks (invalid_blocks); updated as text only", message.id)
            self._notes[message.id] = TEXT_ONLY_NOTE
            return self.transport.update(original.sent_channel, original.sent_ts, message.text, None)

    def _dm_channel(self, session: Session, recipient_id: int | None) -> str:
        recipient = session.get(Employee, recipient_id) if recipient_id else None
        if recipient is None:
            raise PermanentFailure("the recipient no longer exists")
        if not recipient.slack_id:
            # Imported without a Slack id and not written to the bot yet: find them by e-mail and link them.
            found = self.transport.find_user(recipient.email)
            if found is None:
                raise PermanentFailure(f"nobody in the Slack workspace has the e-mail {recipient.email}")
            recipient.slack_id = found
        if recipient.slack_id not in self._dm_channels:
            self._dm_channels[recipient.slack_id] = self.transport.open_dm(recipient.slack_id)
        return self._dm_channels[recipient.slack_id]
