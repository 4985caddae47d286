"""The emulated workspace's state (users, conversations, messages, views) as a person in Slack would see it."""

from __future__ import annotations

import copy
import itertools
import threading
import time
import uuid
from typing import Any, TypedDict

from tests.fakes.block_kit_checks import render_blocks
from tests.fakes.slack_files import FileStore
from tests.fakes.slack_objects import channel_object, im_object, user_object

INTERACTIVE_CONTAINERS = {"actions": "elements", "section": "accessory", "input": "element"}


class SlackApiFailure(Exception):
    """A Web API call that Slack answers with `{"ok": false, "error": ...}`."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra

    def response(self) -> dict[str, Any]:
        """The JSON body Slack sends for this failure."""
        return {"ok": False, "error": self.error, **self.extra}


class ViewRecord(TypedDict):
    """A view the app opened, pushed or published, and who it was shown to."""

    view: dict[str, Any]
    trigger_id: str | None
    user: str | None


class TsClock:
    """Unique, increasing Slack timestamps such as "1732530000.000100"."""

    def __init__(self) -> None:
        self._last = 0
        self._lock = threading.Lock()

    def next(self) -> str:
        """A timestamp later than every one handed out before."""
        with self._lock:
            self._last = max(time.time_ns() // 1000, self._last + 1)
            return f"{self._last // 1_000_000}.{self._last % 1_000_000:06d}"


def dm_channel_id(user_id: str) -> str:
    """The stable id of the bot's DM with a user, like Slack's "D…" ids."""
    return "D" + user_id[1:]


def _is_reply(message: dict[str, Any]) -> bool:
    return "thread_ts" in message and message["thread_ts"] != message["ts"]


class SlackWorkspace:
    """Users, channels, DMs, messages, ephemerals and views, guarded by one lock; inspection returns copies."""

    def __init__(
        self,
        *,
        team_id: str = "T0BACKOFF",
        team_domain: str = "backoffice-test",
        bot_user_id: str = "UBOT",
        bot_id: str = "BBOT",
        app_id: str = "A0BACKOFF",
        bot_name: str = "backoffice",
    ) -> None:
        self._lock = threading.RLock()
        self.clock = TsClock()
        self.team_id = team_id
        self.team_domain = team_domain
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        self.bot_name = bot_name
        self._ids = itertools.count(1)
        self._users: dict[str, dict[str, Any]] = {}
        self._channels: dict[str, dict[str, Any]] = {}
        self._history: dict[str, list[dict[str, Any]]] = {}
        self._ephemerals: dict[str, list[dict[str, Any]]] = {}
        self._views: dict[str, ViewRecord] = {}
        self._home_views: dict[str, str] = {}
        self._triggers: dict[str, dict[str, Any]] = {}
        self._response_urls: dict[str, dict[str, Any]] = {}
        self.files = FileStore()
        self.add_user(bot_user_id, "", bot_name, is_bot=True)

    # ---- setting up the workspace ----------------------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        email: str,
        name: str,
        locale: str = "en-US",
        tz: str = "America/New_York",
        is_bot: bool = False,
    ) -> dict[str, Any]:
        """Add a member (users.info shape; `locale` is only answered with include_locale)."""
        bot_id = (self.bot_id if user_id == self.bot_user_id else "B" + user_id[1:]) if is_bot else None
        user = user_object(user_id, self.team_id, email, name, locale=locale, tz=tz, bot_id=bot_id)
        with self._lock:
            self._users[user_id] = user
            return copy.deepcopy(user)

    def add_channel(self, channel_id: str, name: str, *, is_private: bool = False) -> dict[str, Any]:
        """Add a channel the bot is a member of (conversations.info shape)."""
        channel = channel_object(channel_id, name, is_private=is_private)
        with self._lock:
            self._channels[channel_id] = channel
            self._history.setdefault(channel_id, [])
            return copy.deepcopy(channel)

    def dm_channel_for(self, user_id: str) -> str:
        """The id of the bot's DM with `user_id`, opening it if needed."""
        channel_id = dm_channel_id(user_id)
        with self._lock:
            if channel_id not in self._channels:
                self._channels[channel_id] = im_object(channel_id, user_id)
                self._history.setdefault(channel_id, [])
        return channel_id

    def open_dm(self, user_id: str) -> tuple[str, bool]:
        """The id of the DM with a user, and whether it was open already."""
        with self._lock:
            existed = dm_channel_id(user_id) in self._channels
            return self.dm_channel_for(user_id), existed

    def post_as_user(
        self,
        user_id: str,
        channel: str,
        text: str,
        *,
        thread_ts: str | None = None,
        blocks: list[dict[str, Any]] | None = None,
        ts: str | None = None,
        client_msg_id: str | None = None,
    ) -> dict[str, Any]:
        """Record a message a person wrote (the driver calls this so history and threads look real)."""
        message: dict[str, Any] = {
            "client_msg_id": client_msg_id or str(uuid.uuid4()),
            "type": "message",
            "text": text,
            "user": user_id,
            "ts": ts or self.clock.next(),
            "team": self.team_id,
            "blocks": blocks or [],
        }
        with self._lock:
            if channel not in self._channels:
                if channel.startswith("D"):
                    self._channels[channel] = im_object(channel, user_id)
                else:
                    self.add_channel(channel, channel.lower())
            if thread_ts:
                message["thread_ts"] = self.thread_root(channel, thread_ts)
            return self.append_message(channel, message)

    def issue_trigger_id(self, user_id: str) -> str:
        """A fresh trigger_id, as Slack sends with a click or a slash command (views.open accepts it once)."""
        number = next(self._ids)
        trigger_id = f"{number}.{int(time.time())}.{uuid.uuid4().hex}"
        with self._lock:
            self._triggers[trigger_id] = {"user": user_id, "used": False}
        return trigger_id

    # ---- what a person would see -----------------------------------------------------------------------

    def messages(self, channel: str, *, include_replies: bool = True) -> list[dict[str, Any]]:
        """The messages of a channel or DM, oldest first (thread replies too, unless excluded)."""
        with self._lock:
            found = self._history.get(channel, [])
            return copy.deepcopy([m for m in found if include_replies or not _is_reply(m)])

    def thread(self, channel: str, ts: str) -> list[dict[str, Any]]:
        """A thread: its parent message then its replies, oldest first."""
        with self._lock:
            history = self._history.get(channel, [])
            return copy.deepcopy([m for m in history if m["ts"] == ts or m.get("thread_ts") == ts])

    def dm_messages(self, user_id: str, *, include_replies: bool = True) -> list[dict[str, Any]]:
        """The messages of the bot's DM with a user."""
        return self.messages(self.dm_channel_for(user_id), include_replies=include_replies)

    def ephemerals(self, user_id: str) -> list[dict[str, Any]]:
        """The ephemeral messages shown to a user, oldest first."""
        with self._lock:
            return copy.deepcopy(self._ephemerals.get(user_id, []))

    @property
    def views(self) -> dict[str, ViewRecord]:
        """Every modal and Home tab view by view_id, with the trigger_id and user it was opened for."""
        with self._lock:
            return copy.deepcopy(self._views)

    def home_tab(self, user_id: str) -> dict[str, Any] | None:
        """The Home tab view last published for a user, if any."""
        with self._lock:
            view_id = self._home_views.get(user_id)
            return copy.deepcopy(self._views[view_id]["view"]) if view_id else None

    def render_text(self, message: dict[str, Any]) -> str:
        """A plain-text picture of a message or view: block texts, fields, `[Buttons]`; else its text.

        Unicode's isolate marks (U+2068, U+2069), invisible in Slack, are left out as a reader would not see them.
        """
        shown = render_blocks(message.get("blocks"), str(message.get("text", "")))
        return shown.replace("\u2068", "").replace("\u2069", "")

    def find_user(self, user_id: str) -> dict[str, Any] | None:
        """The member with this id (users.info shape), if added."""
        with self._lock:
            found = self._users.get(user_id)
            return copy.deepcopy(found) if found else None

    def find_message(self, ts: str) -> tuple[str, dict[str, Any]] | None:
        """The (channel, message) with this ts in any conversation (ts values are unique here)."""
        with self._lock:
            for channel, history in self._history.items():
                for message in history:
                    if message["ts"] == ts:
                        return channel, copy.deepcopy(message)
        return None

    def next_ts(self) -> str:
        """A new unique message timestamp."""
        return self.clock.next()

    # ---- used by the Web API methods, under the lock ---------------------------------------------------

    def user(self, user_id: str) -> dict[str, Any]:
        """The stored user; raises user_not_found."""
        if user_id not in self._users:
            raise SlackApiFailure("user_not_found")
        return self._users[user_id]

    def user_by_email(self, email: str) -> dict[str, Any]:
        """The stored user with this email; raises users_not_found."""
        for user in self._users.values():
            if user["profile"].get("email", "").lower() == email.lower():
                return user
        raise SlackApiFailure("users_not_found")

    def channel(self, channel_id: str) -> dict[str, Any]:
        """The stored conversation with this id; raises channel_not_found."""
        if channel_id not in self._channels:
            raise SlackApiFailure("channel_not_found")
        return self._channels[channel_id]

    def resolve_channel(self, channel: str) -> str:
        """A conversation id from what chat.postMessage accepts: an id, "#name", or a user id (opens the DM)."""
        if channel in self._channels:
            return channel
        if channel.startswith("#"):
            for found in self._channels.values():
                if found.get("name") == channel[1:]:
                    return str(found["id"])
        if channel in self._users:
            return self.dm_channel_for(channel)
        raise SlackApiFailure("channel_not_found")

    def message(self, channel: str, ts: str) -> dict[str, Any]:
        """The stored message; raises message_not_found."""
        for message in self._history.get(channel, []):
            if message["ts"] == ts:
                return message
        raise SlackApiFailure("message_not_found")

    def thread_root(self, channel: str, thread_ts: str) -> str:
        """The ts of the thread's parent (a reply's ts leads to its parent); raises thread_not_found."""
        try:
            message = self.message(channel, thread_ts)
        except SlackApiFailure:
            raise SlackApiFailure("thread_not_found") from None
        return str(message.get("thread_ts", thread_ts))

    def append_message(self, channel: str, message: dict[str, Any]) -> dict[str, Any]:
        """Store a message, keeping the parent's reply counters as Slack does; returns a copy."""
        thread_ts = message.get("thread_ts")
        if thread_ts:
            parent = self.message(channel, thread_ts)
            parent["thread_ts"] = thread_ts
            message["parent_user_id"] = parent.get("user", "")
            parent["reply_count"] = parent.get("reply_count", 0) + 1
            users = parent.setdefault("reply_users", [])
            if message.get("user") and message["user"] not in users:
                users.append(message["user"])
            parent["reply_users_count"] = len(users)
            parent["latest_reply"] = message["ts"]
        self._history.setdefault(channel, []).append(message)
        return copy.deepcopy(message)

    def remove_message(self, channel: str, ts: str) -> None:
        """Delete a message (and adjust its parent's reply count)."""
        message = self.message(channel, ts)
        self._history[channel].remove(message)
        if _is_reply(message):
            parent = self.message(channel, message["thread_ts"])
            parent["reply_count"] = max(parent.get("reply_count", 1) - 1, 0)

    def bot_message(self, *, text: str, blocks: list[Any] | None, ts: str | None = None) -> dict[str, Any]:
        """A message as the bot posts it (chat.postMessage's `message` shape)."""
        message: dict[str, Any] = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "text": text,
            "team": self.team_id,
            "ts": ts or self.clock.next(),
            "bot_profile": {
                "id": self.bot_id,
                "app_id": self.app_id,
                "name": self.bot_name,
                "deleted": False,
                "team_id": self.team_id,
            },
        }
        if blocks is not None:
            message["blocks"] = self.with_ids(blocks)
        return message

    def add_ephemeral(self, user_id: str, message: dict[str, Any]) -> None:
        """Show an ephemeral message to one user."""
        self._ephemerals.setdefault(user_id, []).append(message)

    def with_ids(self, blocks: list[Any]) -> list[Any]:
        """A copy of blocks with the block_id and action_id Slack fills in when they are missing."""
        blocks = copy.deepcopy(blocks)
        for block in blocks:
            if not isinstance(block, dict):
                continue
            block.setdefault("block_id", f"b{next(self._ids):04d}")
            key = INTERACTIVE_CONTAINERS.get(str(block.get("type")))
            found = block.get(key) if key else None
            for element in found if isinstance(found, list) else [found]:
                if isinstance(element, dict) and element.get("type") not in ("plain_text", "mrkdwn", "image"):
                    element.setdefault("action_id", f"a{next(self._ids):04d}")
        return blocks

    def use_trigger(self, trigger_id: str) -> dict[str, Any]:
        """Exchange a trigger_id; raises invalid_trigger_id or exchanged_trigger_id."""
        trigger = self._triggers.get(trigger_id)
        if trigger is None:
            raise SlackApiFailure("invalid_trigger_id")
        if trigger["used"]:
            raise SlackApiFailure("exchanged_trigger_id")
        trigger["used"] = True
        return trigger

    def register_response_url(self, user_id: str, channel: str, message_ts: str | None) -> str:
        """Remember where a response_url posts to; returns its key."""
        key = uuid.uuid4().hex
        with self._lock:
            self._response_urls[key] = {"user": user_id, "channel": channel, "message_ts": message_ts}
        return key

    def store_view(
        self,
        view: dict[str, Any],
        *,
        user: str | None,
        trigger_id: str | None = None,
        replacing: dict[str, Any] | None = None,
        previous_view_id: str | None = None,
    ) -> dict[str, Any]:
        """Store a view as Slack returns it (id, hash, state, ids filled in); returns a copy."""
        view_id = replacing["id"] if replacing else f"V{next(self._ids):08d}"
        root = replacing["root_view_id"] if replacing else view_id
        if previous_view_id and previous_view_id in self._views:
            root = self._views[previous_view_id]["view"]["root_view_id"]
        stored = {
            "id": view_id,
            "team_id": self.team_id,
            "type": view["type"],
            "blocks": self.with_ids(view.get("blocks", [])),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": {}},
            "hash": f"{int(time.time())}.{uuid.uuid4().hex[:8]}",
            "title": view.get("title"),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "close": view.get("close"),
            "submit": view.get("submit"),
            "previous_view_id": replacing["previous_view_id"] if replacing else previous_view_id,
            "root_view_id": root,
            "app_id": self.app_id,
            "external_id": view.get("external_id", ""),
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }
        old = self._views.get(view_id)
        self._views[view_id] = {
            "view": stored,
            "trigger_id": old["trigger_id"] if old else trigger_id,
            "user": old["user"] if old else user,
        }
        return copy.deepcopy(stored)

    def publish_home(self, user_id: str, view: dict[str, Any]) -> dict[str, Any]:
        """Store a user's Home tab (keeping its view id across publishes); returns a copy."""
        current = self._home_views.get(user_id)
        stored = self.store_view(view, user=user_id, replacing=self._views[current]["view"] if current else None)
        self._home_views[user_id] = stored["id"]
        return stored
