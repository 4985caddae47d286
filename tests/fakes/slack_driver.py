"""Sends our app what Slack would: signed Events API callbacks, slash commands, clicks and view submissions."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from tests.fakes.slack_emulator import SlackEmulator
from tests.fakes.slack_payloads import element_in, rich_text, selection, sign
from tests.fakes.slack_workspace import TsClock, dm_channel_id


class SlackDriver:
    """Plays the Slack side towards our app's request URL, signing every request with the signing secret."""

    def __init__(
        self,
        app_url: str,
        signing_secret: str,
        emulator: SlackEmulator | None = None,
        *,
        team_id: str = "T0BACKOFF",
        team_domain: str = "backoffice-test",
        bot_user_id: str = "UBOT",
        api_app_id: str = "A0BACKOFF",
        verification_token: str = "emulator-verification-token",
        timeout: float = 10.0,
    ) -> None:
        self.app_url = app_url
        self.signing_secret = signing_secret
        self.emulator = emulator
        self.team_id = emulator.team_id if emulator else team_id
        self.team_domain = emulator.team_domain if emulator else team_domain
        self.bot_user_id = emulator.bot_user_id if emulator else bot_user_id
        self.api_app_id = emulator.app_id if emulator else api_app_id
        self.verification_token = verification_token
        self.timeout = timeout
        self.forge_signature = False
        self.timestamp_offset = 0
        self._clock = TsClock()
        self._sent: dict[str, bytes] = {}
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    # ---- transport -------------------------------------------------------------------------------------

    def signed_headers(self, body: bytes, *, timestamp: int | None = None, forge: bool = False) -> dict[str, str]:
        """X-Slack-Request-Timestamp and X-Slack-Signature for `body` (a wrong signature when `forge`)."""
        stamp = timestamp if timestamp is not None else int(time.time()) + self.timestamp_offset
        secret = "forged-" + self.signing_secret if forge else self.signing_secret
        return {"X-Slack-Request-Timestamp": str(stamp), "X-Slack-Signature": sign(secret, stamp, body)}

    def post(
        self,
        body: bytes,
        content_type: str,
        headers: Mapping[str, str] | None = None,
        *,
        timestamp: int | None = None,
        forge_signature: bool | None = None,
    ) -> tuple[int, str]:
        """POST a signed body to the app; returns (HTTP status, response text)."""
        forge = self.forge_signature if forge_signature is None else forge_signature
        all_headers = {
            "Content-Type": content_type,
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
            **self.signed_headers(body, timestamp=timestamp, forge=forge),
            **(headers or {}),
        }
        request = urllib.request.Request(self.app_url, data=body, headers=all_headers, method="POST")
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    # The three ways a payload reaches the app; socket_mode.SocketModeDriver carries them as envelopes instead.

    def _post_event(self, body: bytes, retry_num: int | None, retry_reason: str) -> tuple[int, str]:
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason} if retry_num else {}
        return self.post(body, "application/json", headers)

    def _post_form(self, fields: Mapping[str, str]) -> tuple[int, str]:
        return self.post(urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def _post_interaction(self, payload: dict[str, Any]) -> tuple[int, str]:
        return self._post_form({"payload": json.dumps(payload)})

    # ---- Events API ------------------------------------------------------------------------------------

    def send_event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
    ) -> tuple[int, str, str]:
        """Wrap `event` in an event_callback envelope and send it; a retry resends the same body with retry headers."""
        event_id = event_id or "Ev" + uuid.uuid4().hex[:10].upper()
        body = self._sent.get(event_id) if retry_num else None
        if body is None:
            envelope = {
                "token": self.verification_token,
                "team_id": self.team_id,
                "context_team_id": self.team_id,
                "context_enterprise_id": None,
                "api_app_id": self.api_app_id,
                "event": event,
                "type": "event_callback",
                "event_id": event_id,
                "event_time": int(float(event.get("event_ts") or time.time())),
                "authorizations": [
                    {
                        "enterprise_id": None,
                        "team_id": self.team_id,
                        "user_id": self.bot_user_id,
                        "is_bot": True,
                        "is_enterprise_install": False,
                    }
                ],
                "is_ext_shared_channel": False,
                "event_context": "4-" + uuid.uuid4().hex,
            }
            body = json.dumps(envelope).encode()
            self._sent[event_id] = body
        status, text = self._post_event(body, retry_num, retry_reason)
        return status, text, event_id

    def send_dm(
        self,
        user_id: str,
        text: str,
        *,
        thread_ts: str | None = None,
        event_id: str | None = None,
        retry_num: int | None = None,
        bot_id: str | None = None,
        subtype: str | None = None,
    ) -> tuple[int, str, str]:
        """A `message` event in the user's DM with the bot (recorded in the emulator's history first)."""
        if retry_num and event_id in self._sent:
            return self.send_event({}, event_id=event_id, retry_num=retry_num)
        channel = self.emulator.dm_channel_for(user_id) if self.emulator else dm_channel_id(user_id)
        event = self._message_event(user_id, channel, text, thread_ts=thread_ts, bot_id=bot_id, subtype=subtype)
        event["channel_type"] = "im"
        return self.send_event(event, event_id=event_id, retry_num=retry_num)

    def share_file(
        self,
        user_id: str,
        name: str,
        mimetype: str,
        content: bytes,
        *,
        channel: str | None = None,
        thread_ts: str | None = None,
        text: str = "",
    ) -> tuple[int, str, str]:
        """A person uploads a file into a conversation: the file is stored in the emulator and a ``message`` event
        with subtype ``file_share`` (its ``files`` holding the file's object) is sent, in the DM by default."""
        assert self.emulator is not None, "sharing files needs the emulator (it serves files.info and the download)"
        channel = channel or self.emulator.dm_channel_for(user_id)
        ts = self._ts()
        shared = self.emulator.files.add(user=user_id, name=name, mimetype=mimetype, content=content,
                                         created=int(float(ts)))  # fmt: skip
        stored = self.emulator.post_as_user(user_id, channel, text, thread_ts=thread_ts, ts=ts)
        event: dict[str, Any] = {
            "type": "message", "subtype": "file_share", "text": text, "files": [shared], "upload": False,
            "display_as_bot": False, "user": user_id, "ts": ts, "channel": channel, "event_ts": ts,
            "channel_type": "im" if channel.startswith("D") else "channel",
        }  # fmt: skip
        if "thread_ts" in stored:
            event.update(thread_ts=stored["thread_ts"], parent_user_id=stored.get("parent_user_id", user_id))
        return self.send_event(event)

    def send_channel_message(
        self, user_id: str, channel: str, text: str, *, thread_ts: str | None = None, private: bool = False
    ) -> tuple[int, str, str]:
        """A `message` event in a channel (``message.channels``, or ``message.groups`` when ``private``)."""
        event = self._message_event(user_id, channel, text, thread_ts=thread_ts)
        event["channel_type"] = "group" if private else "channel"
        return self.send_event(event)

    def send_mention(
        self, user_id: str, channel: str, text: str, thread_ts: str | None = None, *, event_id: str | None = None
    ) -> tuple[int, str, str]:
        """An `app_mention` event ("<@BOT> " is prepended unless the text already mentions the bot)."""
        mention = f"<@{self.bot_user_id}>"
        text = text if mention in text else f"{mention} {text}"
        event = self._message_event(user_id, channel, text, thread_ts=thread_ts)
        event["type"] = "app_mention"
        return self.send_event(event, event_id=event_id)

    def open_home(self, user_id: str) -> tuple[int, str, str]:
        """An `app_home_opened` event for the Home tab (with the published view, if any)."""
        now = self._ts()
        event: dict[str, Any] = {
            "type": "app_home_opened",
            "user": user_id,
            "channel": self.emulator.dm_channel_for(user_id) if self.emulator else dm_channel_id(user_id),
            "tab": "home",
            "event_ts": now,
        }
        view = self.emulator.home_tab(user_id) if self.emulator else None
        if view:
            event["view"] = view
        return self.send_event(event)

    def send_url_verification(self, challenge: str = "emulator-challenge") -> tuple[int, str]:
        """The url_verification handshake Slack sends when the request URL is saved."""
        body = {"token": self.verification_token, "challenge": challenge, "type": "url_verification"}
        return self.post(json.dumps(body).encode(), "application/json")

    def _ts(self) -> str:
        return self.emulator.next_ts() if self.emulator else self._clock.next()

    def _message_event(
        self,
        user_id: str,
        channel: str,
        text: str,
        *,
        thread_ts: str | None,
        bot_id: str | None = None,
        subtype: str | None = None,
    ) -> dict[str, Any]:
        ts = self._ts()
        blocks = [rich_text(text)]
        event: dict[str, Any] = {"type": "message"}
        if subtype:
            event["subtype"] = subtype
        if bot_id:
            event.update(bot_id=bot_id, app_id=self.api_app_id, bot_profile={"id": bot_id, "name": "bot"})
        elif not subtype:
            event["client_msg_id"] = str(uuid.uuid4())
        event.update(text=text, user=user_id, ts=ts, blocks=blocks, team=self.team_id, channel=channel, event_ts=ts)
        if subtype == "message_changed":
            return self._edit_event(event)
        if self.emulator and "client_msg_id" in event:
            stored = self.emulator.post_as_user(
                user_id,
                channel,
                text,
                thread_ts=thread_ts,
                blocks=blocks,
                ts=ts,
                client_msg_id=event["client_msg_id"],
            )
            if "thread_ts" in stored:
                event.update(thread_ts=stored["thread_ts"], parent_user_id=stored["parent_user_id"])
        elif thread_ts:
            event["thread_ts"] = thread_ts
        return event

    def _edit_event(self, edit: dict[str, Any]) -> dict[str, Any]:
        """A `message_changed` event: the user's newest message in the channel, now reading `edit["text"]`."""
        channel, user = edit["channel"], edit["user"]
        mine = [m for m in self.emulator.messages(channel) if m.get("user") == user] if self.emulator else []
        previous = mine[-1] if mine else {"type": "message", "user": user, "text": "", "ts": self._ts()}
        changed = {
            **previous,
            "text": edit["text"],
            "blocks": edit["blocks"],
            "edited": {"user": user, "ts": edit["ts"]},
        }
        return {
            "type": "message",
            "subtype": "message_changed",
            "channel": channel,
            "hidden": True,
            "message": changed,
            "previous_message": previous,
            "event_ts": edit["ts"],
            "ts": edit["ts"],
        }

    # ---- interactivity ---------------------------------------------------------------------------------

    def _user(self, user_id: str) -> dict[str, str]:
        name = user_id.lower()
        if self.emulator:
            found = self.emulator.find_user(user_id)
            name = found["name"] if found else name
        return {"id": user_id, "username": name, "name": name, "team_id": self.team_id}

    def _trigger_id(self, user_id: str) -> str:
        if self.emulator:
            return self.emulator.issue_trigger_id(user_id)
        return f"{int(time.time())}.{uuid.uuid4().hex}"

    def _response_url(self, user_id: str, channel: str, message_ts: str | None = None) -> str:
        if self.emulator:
            return self.emulator.new_response_url(user_id, channel, message_ts)
        return f"https://hooks.slack.com/actions/{self.team_id}/{uuid.uuid4().int % 10**12}/{uuid.uuid4().hex}"

    def send_slash(
        self, user_id: str, command: str, text: str = "", *, channel_id: str | None = None
    ) -> tuple[int, str]:
        """A slash command, form-encoded, from the user's DM with the bot unless `channel_id` is given."""
        dm = self.emulator.dm_channel_for(user_id) if self.emulator else dm_channel_id(user_id)
        channel = channel_id or dm
        user = self._user(user_id)
        return self._post_form(
            {
                "token": self.verification_token,
                "team_id": self.team_id,
                "team_domain": self.team_domain,
                "channel_id": channel,
                "channel_name": "directmessage" if channel.startswith("D") else channel.lower(),
                "user_id": user_id,
                "user_name": user["name"],
                "command": command,
                "text": text,
                "api_app_id": self.api_app_id,
                "is_enterprise_install": "false",
                "response_url": self._response_url(user_id, channel),
                "trigger_id": self._trigger_id(user_id),
            }
        )

    def click(
        self,
        user_id: str,
        action_id: str,
        value: Any = None,
        *,
        message: dict[str, Any] | None = None,
        channel: str | None = None,
        view: dict[str, Any] | None = None,
    ) -> tuple[int, str]:
        """A block_actions payload for the element `action_id` in `view`, in `message`, or else in the newest
        message (or ephemeral) shown to the user that has it; `value` picks an option or overrides a button's."""
        container: dict[str, Any]
        payload: dict[str, Any] = {"type": "block_actions"}
        if view is not None:
            found = element_in(view.get("blocks"), action_id)
            container = {"type": "view", "view_id": view.get("id", "")}
            payload["view"] = view
        else:
            if message is None:
                message, channel = self._message_with(user_id, action_id, channel)
            if channel is None and self.emulator is not None:
                located = self.emulator.find_message(message["ts"])
                channel = located[0] if located else message.get("channel")
            channel = channel or str(message.get("channel", ""))
            found = element_in(message.get("blocks"), action_id)
            ephemeral = bool(message.get("is_ephemeral"))
            container = {
                "type": "message",
                "message_ts": message["ts"],
                "channel_id": channel,
                "is_ephemeral": ephemeral,
            }
            if message.get("thread_ts"):
                container["thread_ts"] = message["thread_ts"]
            payload["channel"] = {
                "id": channel,
                "name": "directmessage" if channel.startswith("D") else channel.lower(),
            }
            if not ephemeral:
                payload["message"] = message
            payload["response_url"] = self._response_url(user_id, channel, message["ts"])
            payload["state"] = {"values": {}}
        if found is None:
            raise ValueError(f"no element with action_id {action_id!r} to click")
        block_id, element = found
        action = {"action_id": action_id, "block_id": block_id, **selection(element, value)}
        if element.get("type") == "button":
            action.pop("value")
            action["text"] = element.get("text")
            if value is not None or "value" in element:
                action["value"] = value if value is not None else element["value"]
            if "style" in element:
                action["style"] = element["style"]
        action["action_ts"] = f"{time.time():.6f}"
        payload.update(self._common(user_id), container=container, actions=[action])
        return self._post_interaction(payload)

    def submit_view(self, user_id: str, view: dict[str, Any], values: Mapping[str, Any]) -> tuple[int, str]:
        """A view_submission: `values` maps an input's action_id (or block_id) to a plain value, an option's
        value (or list of them) for menus, or a full Slack state dict; inputs not named are left empty."""
        state: dict[str, dict[str, Any]] = {}
        named: set[str] = set()
        for index, block in enumerate(view.get("blocks", [])):
            element = block.get("element")
            if block.get("type") != "input" or not isinstance(element, dict):
                continue
            block_id = str(block.get("block_id", f"block{index}"))
            action_id = str(element.get("action_id", f"action{index}"))
            key = action_id if action_id in values else block_id if block_id in values else None
            if key is not None:
                named.add(key)
            state[block_id] = {action_id: selection(element, values[key] if key else None)}
        unknown = set(values) - named
        if unknown:
            raise ValueError(f"the view has no input with action_id or block_id {sorted(unknown)}")
        submitted = {**view, "state": {"values": state}}
        payload = {
            "type": "view_submission",
            **self._common(user_id),
            "view": submitted,
            "response_urls": [],
        }
        return self._post_interaction(payload)

    def _common(self, user_id: str) -> dict[str, Any]:
        return {
            "team": {"id": self.team_id, "domain": self.team_domain},
            "user": self._user(user_id),
            "api_app_id": self.api_app_id,
            "token": self.verification_token,
            "trigger_id": self._trigger_id(user_id),
            "enterprise": None,
            "is_enterprise_install": False,
        }

    def _message_with(self, user_id: str, action_id: str, channel: str | None) -> tuple[dict[str, Any], str | None]:
        """The newest message (then ephemeral) the user can see that holds `action_id`."""
        if self.emulator is None:
            raise ValueError("pass message= (and channel=) when the driver has no emulator")
        where = channel or self.emulator.dm_channel_for(user_id)
        for message in reversed(self.emulator.messages(where)):
            if element_in(message.get("blocks"), action_id):
                return message, where
        for message in reversed(self.emulator.ephemerals(user_id)):
            if element_in(message.get("blocks"), action_id):
                return message, str(message.get("channel"))
        raise ValueError(f"no message in {where} or ephemeral for {user_id} has action_id {action_id!r}")
