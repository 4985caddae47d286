"""Read the few fields we need from Slack's event, command and interaction payloads."""

from __future__ import annotations

from typing import Any

HANDLED_MESSAGE_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})


def text_with_files(event: dict[str, Any]) -> str:
    """A message's text, followed in a thread by the permalink of each file shared with it (one a line), so a skill
    can keep a photo posted under one of its cards (e.g. on a maintenance ticket)."""
    text = str(event.get("text") or "")
    if not event.get("thread_ts"):
        return text
    links = [
        str(f.get("permalink") or f.get("url_private") or "") for f in event.get("files") or [] if isinstance(f, dict)
    ]
    return "\n".join([text, *(link for link in links if link)]).strip()


def event_of(body: dict[str, Any]) -> dict[str, Any]:
    """The inner event of an Events API callback, or an empty dict."""
    event = body.get("event")
    return event if isinstance(event, dict) else {}


def slack_user_of(body: dict[str, Any]) -> str | None:
    """The Slack id of the person behind an event, command or interaction."""
    event = event_of(body)
    if event:
        user = event.get("user")
        return user if isinstance(user, str) else None
    user = body.get("user")
    if isinstance(user, dict):
        return user.get("id")
    return body.get("user_id")


def is_from_a_bot(body: dict[str, Any]) -> bool:
    """Whether the event was written by a bot (ours or another) or is a subtype we do not answer."""
    event = event_of(body)
    if not event:
        return False
    if event.get("bot_id") or event.get("bot_profile"):
        return True
    return event.get("type") == "message" and event.get("subtype") not in HANDLED_MESSAGE_SUBTYPES


def reply_channel_of(body: dict[str, Any]) -> str | None:
    """The channel a reply to this request belongs in."""
    event = event_of(body)
    if event:
        return event.get("channel")
    channel = body.get("channel")
    if isinstance(channel, dict):
        return channel.get("id")
    return body.get("channel_id")


def is_channel_message(event: dict[str, Any]) -> bool:
    """Whether ``event`` is a message posted in a public or private channel (not a DM, not a mention event)."""
    return event.get("type") == "message" and event.get("channel_type") in ("channel", "group")


def mentions(event: dict[str, Any], user_id: str | None) -> bool:
    """Whether the message text mentions ``user_id`` (Slack also sends such a message as an ``app_mention``)."""
    return bool(user_id) and f"<@{user_id}>" in str(event.get("text") or "")


def is_chatter(body: dict[str, Any]) -> bool:
    """An event nothing of ours acts on, known without the database: a bot's message, or a channel message outside
    a thread (the bot answers in channels only under its own cards, and mentions arrive as ``app_mention``)."""
    event = event_of(body)
    if is_from_a_bot(body):
        return True
    thread_ts = event.get("thread_ts")
    return is_channel_message(event) and (not thread_ts or thread_ts == event.get("ts"))
