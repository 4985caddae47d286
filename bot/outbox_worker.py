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
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy.orm import Session

from db.engine import Database
from db.models import Employee, OutboxMessage
from db.outbox import claim_due, mark_failed, mark_retry, mark_sent

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BATCH = 20
BASE_BACKOFF_SECONDS = 2.0
MAX_BACKOFF_SECONDS = 600.0


class RetryLater(Exception):
    """Delivery failed in a way worth retrying: after ``delay`` (Retry-After), or the worker's backoff when None."""

    def __init__(self, reason: str, delay: timedelta | None = None) -> None:
        super().__init__(reason)
        self.delay = delay


class PermanentFailure(Exception):
    """Delivery can never succeed as the row stands (bad channel, invalid blocks, unlinked recipient)."""


class Transport(Protocol):
    """Where the worker delivers: post, update, open a DM; raises ``RetryLater`` or ``PermanentFailure``."""

    def post(
        self, channel: str, text: str, blocks: list[dict[str, Any]] | None, thread_ts: str | None
    ) -> tuple[str, str]:
        """Post a message; return the (channel, ts) it got."""
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


class OutboxWorker:
    """Delivers due outbox rows through a :class:`Transport`; safe to run in several processes at once."""

    def __init__(self, database: Database, transport: Transport, worker_id: str | None = None) -> None:
        self.database = database
        self.transport = transport
        self.worker_id = worker_id or default_worker_id()
        self._wake = threading.Event()
        self._dm_channels: dict[str, str] = {}  # Slack user id -> DM channel id (stable in Slack)
        self._last_claimed = 0

    def kick(self) -> None:
        """Ask a running loop to look at the outbox now instead of at the next poll."""
        self._wake.set()

    def deliver_due(self) -> int:
        """Deliver a batch of the rows due now; return how many were sent."""
        with self.database.session() as session:
            claimed = claim_due(session, self.worker_id, limit=BATCH)
        self._last_claimed = len(claimed)
        return sum(self._deliver(message_id) for message_id in claimed)

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
            try:
                channel, ts = self._send(session, message)
            except RetryLater as retry:
                delay = retry.delay if retry.delay is not None else backoff(message.attempts)
                if message.attempts + 1 >= MAX_ATTEMPTS:
                    mark_failed(session, message_id, self.worker_id, error=f"gave up: {retry}")
                else:
                    mark_retry(session, message_id, self.worker_id, error=str(retry), delay=delay)
                log.warning("outbox %s will be retried: %s", message_id, retry)
                return False
            except PermanentFailure as failure:
                mark_failed(session, message_id, self.worker_id, error=str(failure))
                log.error("outbox %s failed for good: %s", message_id, failure)
                return False
            return mark_sent(session, message_id, self.worker_id, channel=channel, ts=ts)

    def _send(self, session: Session, message: OutboxMessage) -> tuple[str, str]:
        try:
            if message.kind == "update":
                return self._update(session, message)
            return self._post(session, message)
        except OSError as error:
            raise RetryLater(f"network: {error}") from error

    def _post(self, session: Session, message: OutboxMessage) -> tuple[str, str]:
        channel = message.channel or self._dm_channel(session, message.recipient_id)
        return self.transport.post(channel, message.text, message.blocks, message.thread_ts)

    def _update(self, session: Session, message: OutboxMessage) -> tuple[str, str]:
        original = session.get(OutboxMessage, message.update_of) if message.update_of else None
        if original is None:
            raise PermanentFailure("the message to update no longer exists")
        if not (original.sent_channel and original.sent_ts):
            raise RetryLater("the original message is not delivered yet")
        return self.transport.update(original.sent_channel, original.sent_ts, message.text, message.blocks)

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
