"""Turn the core's replies into Slack Web API calls in the right channel and thread, as durably as notifications.

A reply is posted at once (the person is waiting); when Slack rate-limits, fails or never answers, that reply and
the ones after it go to the outbox instead, whose worker retries them. Each post carries a delivery key in its
metadata, and the outbox row keeps it, so a post that did reach Slack before the failure is found, not repeated.
A reply the request's transaction journaled (``bot.slack.journal``) already has its row: it is posted with that
row's key, and the row is settled after.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.outbox_worker import METADATA_EVENT
from bot.slack.files import upload_reply_file
from bot.slack.journal import SlackReplyJournal, new_reply_key
from bot.slack.safe_text import neutralise, neutralise_blocks
from db.engine import Database
from db.outbox import OUTCOME_UNKNOWN, enqueue, settle_replies
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


_UNKNOWN_REPLY = f"{OUTCOME_UNKNOWN}: the direct reply got no answer"


def _queue(database: Database, where: Where, reply: Reply, key: str, unknown: bool) -> None:
    with database.session() as session:
        message = enqueue(
            session, text=reply.text, blocks=reply.blocks, channel=where.channel, thread_ts=where.thread_ts,
            dedupe_key=key,
        )  # fmt: skip
        message.last_error = _UNKNOWN_REPLY if unknown else "rate limited"


def why(error: SlackApiError | OSError) -> str:
    """What went wrong with a Web API call, for the log: Slack's HTTP status and error code, or the network's."""
    if isinstance(error, SlackApiError):
        return f"Slack answered {error.response.status_code} {error.response.get('error') or ''}".rstrip()
    return f"{type(error).__name__}: {error}"


def send_replies(
    client: WebClient,
    where: Where,
    replies: list[Reply],
    database: Database | None = None,
    journal: SlackReplyJournal | None = None,
) -> None:
    """Post, update or whisper each reply, in order; with ``database``, what Slack fails to take goes to the outbox.

    A reply the ``journal`` wrote in the request's transaction is posted with its row's key, then its row settled
    (sent, or handed to the outbox worker) in one commit after them all.
    """
    queued = False
    sent: list[tuple[int, str, str]] = []
    released: list[tuple[int, str]] = []
    try:
        for reply in replies:
            entry = journal.entry_for(reply) if journal is not None else None
            payload: dict[str, Any] = {"channel": where.channel, "text": neutralise(reply.text)}
            if reply.blocks:
                payload["blocks"] = neutralise_blocks(reply.blocks)
            durable = not (reply.replace_original and where.card_ts) and (
                not reply.ephemeral or where.channel.startswith("D")  # a whisper in a DM can be a plain reply later
            )
            key = entry.key if entry is not None else new_reply_key()
            if queued and entry is not None:
                released.append((entry.row_id, "waiting behind a reply Slack did not take"))
                continue
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
                    posted = client.chat_postMessage(thread_ts=where.thread_ts, metadata=metadata, **payload)
                    if entry is not None:
                        sent.append((entry.row_id, str(posted["channel"]), str(posted["ts"])))
            except (SlackApiError, OSError) as error:
                rate_limited = isinstance(error, SlackApiError) and error.response.status_code == 429
                if entry is not None and _worth_queueing(error):
                    log.warning(
                        "a reply in %s goes to the outbox as row %d: %s", where.channel, entry.row_id, why(error)
                    )
                    released.append((entry.row_id, "rate limited" if rate_limited else _UNKNOWN_REPLY))
                    queued = True
                    continue
                if entry is not None:  # a call Slack will never accept: the worker records it as failed
                    released.append((entry.row_id, f"Slack refused the reply: {type(error).__name__}"))
                if database is None or not durable or not _worth_queueing(error):
                    raise
                log.warning("a reply in %s goes to the outbox: %s", where.channel, why(error))
                _queue(database, where, reply, key, unknown=not reply.ephemeral and not rate_limited)
                queued = True
                continue
            if reply.file is not None and not reply.ephemeral:
                upload_reply_file(client, reply.file, where.channel, where.thread_ts)
    finally:
        if journal is not None and database is not None and (sent or released):
            with database.session() as session:
                settle_replies(
                    session, journal.claimant.worker_id, sent=sent, released=released, now=journal.claimant.clock()
                )
