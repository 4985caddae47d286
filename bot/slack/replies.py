"""Turn the core's replies into Slack Web API calls in the right channel and thread, as durably as notifications.

A reply is posted at once (the person is waiting); when Slack rate-limits, fails or never answers, that reply and
the ones after it go to the outbox instead, whose worker retries them. Each post carries a delivery key in its
metadata, and the outbox row keeps it, so a post that did reach Slack before the failure is found, not repeated.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.outbox_worker import METADATA_EVENT, REPLY_KEY_PREFIX
from bot.slack.files import upload_reply_file
from bot.slack.safe_text import neutralise, neutralise_blocks
from db.engine import Database
from db.outbox import OUTCOME_UNKNOWN, enqueue
from skills.core import Reply

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Where:
    """The conversation a reply goes to: a channel, maybe a thread, the person, and the clicked card."""

    channel: str
    user: str
    thread_ts: str | None = None
    card_ts: str | None = None


def _worth_queueing(error: Exception) -> bool:
    """Whether a failed call is Slack failing (retry later) rather than a call Slack will never accept."""
    if isinstance(error, SlackApiError):
        return error.response.status_code == 429 or error.response.status_code >= 500
    return isinstance(error, OSError)


def _queue(database: Database, where: Where, reply: Reply, key: str, unknown: bool) -> None:
    with database.session() as session:
        message = enqueue(
            session, text=reply.text, blocks=reply.blocks, channel=where.channel, thread_ts=where.thread_ts,
            dedupe_key=key,
        )  # fmt: skip
        message.last_error = f"{OUTCOME_UNKNOWN}: the direct reply got no answer" if unknown else "rate limited"


def send_replies(client: WebClient, where: Where, replies: list[Reply], database: Database | None = None) -> None:
    """Post, update or whisper each reply, in order; with ``database``, what Slack fails to take goes to the outbox."""
    queued = False
    for reply in replies:
        payload: dict[str, Any] = {"channel": where.channel, "text": neutralise(reply.text)}
        if reply.blocks:
            payload["blocks"] = neutralise_blocks(reply.blocks)
        durable = not (reply.replace_original and where.card_ts) and (
            not reply.ephemeral or where.channel.startswith("D")  # a whisper in a DM can be a plain reply later
        )
        key = f"{REPLY_KEY_PREFIX}{uuid.uuid4().hex}"
        if queued and database is not None and durable:
            _queue(database, where, reply, key, unknown=False)  # keep the order: after one went to the outbox
            continue
        try:
            if reply.replace_original and where.card_ts:
                client.chat_update(ts=where.card_ts, **payload)
            elif reply.ephemeral:
                client.chat_postEphemeral(user=where.user, thread_ts=where.thread_ts, **payload)
            else:
                metadata = {"event_type": METADATA_EVENT, "event_payload": {"key": key}}
                client.chat_postMessage(thread_ts=where.thread_ts, metadata=metadata, **payload)
        except (SlackApiError, OSError) as error:
            if database is None or not durable or not _worth_queueing(error):
                raise
            log.warning("a reply in %s goes to the outbox: %s", where.channel, type(error).__name__)
            unknown = not reply.ephemeral and not (
                isinstance(error, SlackApiError) and error.response.status_code == 429
            )
            _queue(database, where, reply, key, unknown=unknown)
            queued = True
            continue
        if reply.file is not None and not reply.ephemeral:
            upload_reply_file(client, reply.file, where.channel, where.thread_ts)
