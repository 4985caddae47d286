"""Turn the core's replies into Slack Web API calls in the right channel and thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient

from bot.slack.files import upload_reply_file
from bot.slack.safe_text import neutralise, neutralise_blocks
from skills.core import Reply


@dataclass(frozen=True)
class Where:
    """The conversation a reply goes to: a channel, maybe a thread, the person, and the clicked card."""

    channel: str
    user: str
    thread_ts: str | None = None
    card_ts: str | None = None


def send_replies(client: WebClient, where: Where, replies: list[Reply]) -> None:
    """Post, update or whisper each reply, in order."""
    for reply in replies:
        payload: dict[str, Any] = {"channel": where.channel, "text": neutralise(reply.text)}
        if reply.blocks:
            payload["blocks"] = neutralise_blocks(reply.blocks)
        if reply.replace_original and where.card_ts:
            client.chat_update(ts=where.card_ts, **payload)
        elif reply.ephemeral:
            client.chat_postEphemeral(user=where.user, thread_ts=where.thread_ts, **payload)
        else:
            client.chat_postMessage(thread_ts=where.thread_ts, **payload)
        if reply.file is not None and not reply.ephemeral:
            upload_reply_file(client, reply.file, where.channel, where.thread_ts)
