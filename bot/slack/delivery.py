"""The outbox worker's Slack transport: post, update and open DMs with the Web API, and say which failures to retry.

Everything sent is neutralised here, at the edge (``bot.slack.safe_text``): people's words quoted in a
notification can never mention, notify or link.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.outbox_worker import PermanentFailure, RetryLater
from bot.settings import Settings
from bot.slack.app import make_client
from bot.slack.safe_text import neutralise, neutralise_blocks

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
"""Slack errors that no retry can fix."""


def classify(error: SlackApiError) -> Exception:
    """Map a Slack API error to a retry (rate limit, server error) or a permanent failure."""
    response = error.response
    status = response.status_code
    code = str(response.get("error") or "") if isinstance(response.data, dict) else ""
    if status == 429 or code == "ratelimited":
        retry_after = float(response.headers.get("Retry-After", response.headers.get("retry-after", "1")) or 1)
        return RetryLater("rate limited", timedelta(seconds=max(retry_after, 1.0)))
    if status >= 500:
        return RetryLater(f"Slack answered {status}")
    if code in PERMANENT_ERRORS or 400 <= status < 500:
        return PermanentFailure(code or f"HTTP {status}")
    return RetryLater(code or f"HTTP {status}")


class SlackDelivery:
    """Implements ``bot.outbox_worker.Transport`` with a Slack Web API client."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def post(
        self, channel: str, text: str, blocks: list[dict[str, Any]] | None, thread_ts: str | None
    ) -> tuple[str, str]:
        """``chat.postMessage``; return the (channel, ts) Slack gave the message."""
        try:
            response = self.client.chat_postMessage(
                channel=channel, text=neutralise(text), blocks=neutralise_blocks(blocks), thread_ts=thread_ts
            )
        except SlackApiError as error:
            raise classify(error) from error
        return str(response["channel"]), str(response["ts"])

    def update(self, channel: str, ts: str, text: str, blocks: list[dict[str, Any]] | None) -> tuple[str, str]:
        """``chat.update`` of the message at (channel, ts)."""
        try:
            response = self.client.chat_update(
                channel=channel, ts=ts, text=neutralise(text), blocks=neutralise_blocks(blocks)
            )
        except SlackApiError as error:
            raise classify(error) from error
        return str(response["channel"]), str(response["ts"])

    def find_user(self, email: str) -> str | None:
        """``users.lookupByEmail``: the Slack user id of ``email``, or None when the workspace has nobody with it."""
        try:
            found = self.client.users_lookupByEmail(email=email)
        except SlackApiError as error:
            if error.response.get("error") == "users_not_found":
                return None
            raise classify(error) from error
        return str(found["user"]["id"])

    def open_dm(self, user_id: str) -> str:
        """``conversations.open`` with ``user_id``: the DM channel's id."""
        try:
            opened = self.client.conversations_open(users=user_id)
        except SlackApiError as error:
            raise classify(error) from error
        return str(opened["channel"]["id"])


def slack_delivery(settings: Settings) -> SlackDelivery:
    """The outbox's Slack transport for the bot token; no client-side retries (the worker owns retrying)."""
    return SlackDelivery(make_client(settings, retry_handlers=[]))
