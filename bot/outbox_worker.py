"""Deliver outbox rows to Slack: claim, post or update, record channel and ts; retry 429/5xx, fail permanent errors."""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.slack.safe_text import neutralise, neutralise_blocks
from db.engine import Database
from db.models import Employee, OutboxMessage
from db.outbox import claim_due, mark_failed, mark_retry, mark_sent

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BATCH = 20
BASE_BACKOFF_SECONDS = 2.0
MAX_BACKOFF_SECONDS = 600.0


class RetryLater(Exception):
    """Delivery failed in a way worth retrying after ``delay``."""

    def __init__(self, reason: str, delay: timedelta) -> None:
        super().__init__(reason)
        self.delay = delay


class PermanentFailure(Exception):
    """Delivery can never succeed as the row stands (bad channel, invalid blocks, unlinked recipient)."""


def backoff(attempts: int) -> timedelta:
    """Exponential backoff for the ``attempts``-th retry, capped."""
    return timedelta(seconds=min(MAX_BACKOFF_SECONDS, BASE_BACKOFF_SECONDS * 2**attempts))


def default_worker_id() -> str:
    """A name for this process's worker: host and pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


class OutboxWorker:
    """Delivers due outbox rows with a Slack client; safe to run in several processes at once."""

    def __init__(self, database: Database, client: WebClient, worker_id: str | None = None) -> None:
        self.database = database
        self.client = client
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
                if message.attempts + 1 >= MAX_ATTEMPTS:
                    mark_failed(session, message_id, self.worker_id, error=f"gave up: {retry}")
                else:
                    mark_retry(session, message_id, self.worker_id, error=str(retry), delay=retry.delay)
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
        except SlackApiError as error:
            raise _classify(error, message.attempts) from error
        except OSError as error:
            raise RetryLater(f"network: {error}", backoff(message.attempts)) from error

    def _post(self, session: Session, message: OutboxMessage) -> tuple[str, str]:
        channel = message.channel or self._dm_channel(session, message.recipient_id)
        response = self.client.chat_postMessage(
            channel=channel,
            text=neutralise(message.text),
            blocks=neutralise_blocks(message.blocks),
            thread_ts=message.thread_ts,
        )
        return str(response["channel"]), str(response["ts"])

    def _update(self, session: Session, message: OutboxMessage) -> tuple[str, str]:
        original = session.get(OutboxMessage, message.update_of) if message.update_of else None
        if original is None:
            raise PermanentFailure("the message to update no longer exists")
        if not (original.sent_channel and original.sent_ts):
            raise RetryLater("the original message is not delivered yet", backoff(message.attempts))
        response = self.client.chat_update(
            channel=original.sent_channel,
            ts=original.sent_ts,
            text=neutralise(message.text),
            blocks=neutralise_blocks(message.blocks),
        )
        return str(response["channel"]), str(response["ts"])

    def _dm_channel(self, session: Session, recipient_id: int | None) -> str:
        recipient = session.get(Employee, recipient_id) if recipient_id else None
        if recipient is None:
            raise PermanentFailure("the recipient no longer exists")
        if not recipient.slack_id:
            raise PermanentFailure(f"{recipient.email} is not linked to a Slack account")
        if recipient.slack_id not in self._dm_channels:
            opened = self.client.conversations_open(users=recipient.slack_id)
            self._dm_channels[recipient.slack_id] = str(opened["channel"]["id"])
        return self._dm_channels[recipient.slack_id]


PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "invalid_blocks",
        "invalid_arguments",
        "msg_too_long",
        "no_text",
        "user_not_found",
        "cant_update_message",
        "message_not_found",
        "not_authed",
        "invalid_auth",
        "account_inactive",
        "token_revoked",
        "missing_scope",
        "unknown_method",
    }
)


def _classify(error: SlackApiError, attempts: int) -> Exception:
    """Map a Slack API error to a retry (rate limit, server error) or a permanent failure."""
    response = error.response
    status = response.status_code
    code = str(response.get("error") or "") if isinstance(response.data, dict) else ""
    if status == 429 or code == "ratelimited":
        retry_after = float(response.headers.get("Retry-After", response.headers.get("retry-after", "1")) or 1)
        return RetryLater("rate limited", timedelta(seconds=max(retry_after, 1.0)))
    if status >= 500:
        return RetryLater(f"Slack answered {status}", backoff(attempts))
    if code in PERMANENT_ERRORS or 400 <= status < 500:
        return PermanentFailure(code or f"HTTP {status}")
    return RetryLater(code or f"HTTP {status}", backoff(attempts))
