"""The outbox worker's Slack transport: post, update and open DMs with the Web API, and say which failures to retry.

Everything sent is neutralised here, at the edge (``bot.slack.safe_text``): people's words quoted in a
notification can never mention, notify or link.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.outbox_worker import METADATA_EVENT, PermanentFailure, RateLimited, RetryLater, TokenRefused
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
        "missing_scope",
        "unknown_method",
        "user_disabled",
        "user_not_visible",
        "cannot_dm_bot",
        "edit_window_closed",
        "no_permission",
        "is_inactive",
        "restricted_action",
        "method_not_supported_for_channel_type",
        "too_many_attachments",
        "invalid_arg_name",
        "invalid_array_arg",
        "invalid_charset",
        "invalid_form_data",
        "invalid_post_type",
        "missing_post_type",
        "invalid_json",
        "json_not_object",
        "upgrade_required",
    }
)
"""Slack errors that no retry of the row can fix (an archived channel, a deactivated user, a malformed message)."""
TOKEN_ERRORS = frozenset({"not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired"})
"""Slack refusing the bot token itself: no row can be delivered until an admin fixes it, so none is given up for it."""
TOKEN_PAUSE = timedelta(minutes=5)
"""How long every delivery waits after Slack refused the token before one row tries again."""
LOOKUP_PAGES = 5
DELIVERY_TIMEOUT_SECONDS = 15
"""A Web API call that has not answered in this time is given up (its outcome unknown) well within a claim."""


def classify(error: SlackApiError) -> Exception:
    """Map a Slack API error to a retry (rate limit, server error) or a permanent failure."""
    response = error.response
    status = response.status_code
    code = str(response.get("error") or "") if isinstance(response.data, dict) else ""
    if code in TOKEN_ERRORS:
        return TokenRefused(f"Slack refused the bot token ({code})", TOKEN_PAUSE)
    if status == 429 or code in ("ratelimited", "rate_limited"):
        try:
            retry_after = float(response.headers.get("Retry-After", response.headers.get("retry-after", "1")) or 1)
        except ValueError:
            retry_after = 1.0
        return RateLimited("rate limited", timedelta(seconds=max(retry_after, 1.0)))
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
        self, channel: str, text: str, blocks: list[dict[str, Any]] | None, thread_ts: str | None, key: str
    ) -> tuple[str, str]:
        """``chat.postMessage`` carrying ``key`` in its metadata; return the (channel, ts) Slack gave the message."""
        try:
            response = self.client.chat_postMessage(
                channel=channel,
                text=neutralise(text),
                blocks=neutralise_blocks(blocks),
                thread_ts=thread_ts,
                metadata={"event_type": METADATA_EVENT, "event_payload": {"key": key}},
            )
        except SlackApiError as error:
            raise classify(error) from error
        return str(response["channel"]), str(response["ts"])

    def find_posted(self, channel: str, thread_ts: str | None, key: str, since: float) -> tuple[str, str] | None:
        """The (channel, ts) of the message posted with ``key`` since ``since`` (epoch seconds), if Slack has it.

        Reads the thread (``conversations.replies``) or the channel (``conversations.history``) with the messages'
        metadata, newest first, a few pages at most.
        """
        cursor = None
        for _ in range(LOOKUP_PAGES):
            try:
                if thread_ts:
                    page = self.client.conversations_replies(
                        channel=channel, ts=thread_ts, include_all_metadata=True, limit=200, cursor=cursor
                    )
                else:
                    page = self.client.conversations_history(
                        channel=channel, oldest=f"{since:.6f}", include_all_metadata=True, limit=200, cursor=cursor
                    )
            except SlackApiError as error:
                raise classify(error) from error
            for message in page.get("messages") or []:
                metadata = message.get("metadata") or {}
                if (
                    metadata.get("event_type") == METADATA_EVENT
                    and (metadata.get("event_payload") or {}).get("key") == key
                ):
                    return channel, str(message["ts"])
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not page.get("has_more") or not cursor:
                return None
        return None

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
    return SlackDelivery(make_client(settings, retry_handlers=[], timeout=DELIVERY_TIMEOUT_SECONDS))
