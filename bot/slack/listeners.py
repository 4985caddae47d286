"""Bolt listeners: thin adapters from Slack payloads to the assistant and back to Slack calls."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.assistant import Asker, Assistant, Origin
from bot.dialogue.cards import modal_values
from bot.slack.files import download_shared
from bot.slack.journal import Claimant, SlackReplyJournal
from bot.slack.middleware import RECORDED, SETTLED
from bot.slack.payloads import is_channel_message, text_with_files
from bot.slack.replies import Where, send_replies
from bot.slack.safe_text import neutralise, neutralise_blocks, neutralise_view
from db.engine import Database
from db.models import Employee
from db.outbox import edit_queued_since
from db.types import utcnow
from skills.core import Action, Reply, SharedFile
from skills.i18n import people_words, translate

log = logging.getLogger(__name__)

HELP_WORDS = frozenset({"", "help", "ayuda", "?"})
HELP_WORD = {"en": "help", "es": "ayuda"}
"""What ``/backoffice`` with no words or one of ``HELP_WORDS`` asks, in the user's language."""
QUOTE_LIMIT = 300
"""How much of a slash command the bot quotes back atop its DM thread (Slack's own limit is 40,000 characters)."""


def quote_back(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` as the bot quotes it (one line, at most ``limit`` characters, escaped), e.g. atop a DM thread."""
    line = " ".join(text.split())
    return neutralise(people_words(line if len(line) <= limit else line[: limit - 1] + "…"))


def thread_key_of(channel: str | None, thread_ts: str | None) -> str:
    """The key of a conversation: the thread, or the main pane of a DM."""
    return f"{channel}:{thread_ts or 'main'}"


def with_metadata(view: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """The view with ``extra`` merged into its JSON ``private_metadata`` (where to answer after submission)."""
    metadata = {**json.loads(view.get("private_metadata") or "{}"), **extra}
    return {**view, "private_metadata": json.dumps(metadata)}


def read_metadata(view: dict[str, Any]) -> dict[str, Any]:
    """A submitted view's ``private_metadata`` as a dict (empty if absent or not ours)."""
    try:
        metadata = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return metadata if isinstance(metadata, dict) else {}


def card_edited_by_outbox(database: Database, channel: str, card_ts: str, since: datetime) -> bool:
    """Whether handling a click on the card (``channel``, ``card_ts``) queued an edit of that very card."""
    with database.session() as session:
        return edit_queued_since(session, channel, card_ts, since)


def open_modal(
    client: WebClient, trigger_id: str, modal: dict[str, Any], channel: str | None, thread_ts: str | None
) -> None:
    """Open ``modal`` for a click, remembering where to answer; a trigger Slack no longer honours is logged (a
    click handled again after its process died is past the trigger's three seconds)."""
    view = neutralise_view(with_metadata(modal, {"channel": channel, "thread_ts": thread_ts}))
    try:
        client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as error:
        log.warning("could not open a modal: %s", error.response.get("error"))


def asker_of(context: BoltContext) -> Asker:
    """The employee the middleware resolved for this request (loaded once, there), else their id."""
    employee = context.get("employee")
    return employee if isinstance(employee, Employee) else int(context["employee_id"])


def register_listeners(app: App, assistant: Assistant, claimant: Claimant | None = None) -> None:
    """Attach every listener the app needs to ``app``; with ``claimant``, replies are journaled (durable)."""

    def journal_for(context: BoltContext, where: Where) -> SlackReplyJournal | None:
        if claimant is None:
            return None
        recorded = context.get(RECORDED)
        settles = recorded if isinstance(recorded, str) else None
        return SlackReplyJournal(claimant, where.channel, where.thread_ts, where.card_ts, settles)

    def reply(
        context: BoltContext, client: WebClient, where: Where, thread_key: str, ask: Callable[[Origin], list[Reply]]
    ) -> list[Reply]:
        """Run one unit of work for ``where`` (its replies journaled), post what it answered, return the replies."""
        journal = journal_for(context, where)
        replies = ask(Origin("slack", thread_key, journal))
        if journal is not None and journal.settled:
            context[SETTLED] = True
        send_replies(client, where, replies, assistant.database, journal)
        return replies

    def answer(
        context: BoltContext, client: WebClient, text: str, where: Where, thread_key: str,
        files: tuple[SharedFile, ...] = (),
    ) -> None:  # fmt: skip
        asker = asker_of(context)
        reply(context, client, where, thread_key, lambda origin: assistant.handle_message(asker, text, origin, files))

    def shared_files(event: dict[str, Any], context: BoltContext, client: WebClient) -> tuple[bool, list[SharedFile]]:
        """A message sharing files: each is downloaded and offered to the assistant (a receipt while claiming, or
        under a claim); False when nothing took them, so the message is answered as text (with the files' links and
        the files read, for a request the words start: "taxi yesterday 30 €" with its receipt)."""
        files = event.get("files") or []
        downloaded: list[SharedFile] = []
        if not files:
            return False, downloaded
        taken = False
        channel, thread_ts = event["channel"], event.get("thread_ts")
        where = Where(channel=channel, user=event["user"], thread_ts=thread_ts)
        asker = asker_of(context)
        for shared in files:
            found = download_shared(client, shared)  # None: not ours to read (logged); the text route has its link
            if found is None:
                continue
            downloaded.append(found)
            replies = reply(
                context, client, where, thread_key_of(channel, thread_ts),
                lambda origin, found=found: assistant.handle_file(asker, found, origin),  # type: ignore[misc]
            )  # fmt: skip
            taken = taken or bool(replies)
        return taken, downloaded

    @app.event("message")
    def direct_message(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        mine = event.get("channel_type") == "im" or is_channel_message(event)
        taken, files = shared_files(event, context, client) if event.get("files") and mine else (False, [])
        if taken:
            return
        if is_channel_message(event):  # the middleware let it through: a reply under one of our cards
            card_thread(event, context, client)
            return
        if event.get("channel_type") != "im":
            return
        channel, thread_ts = event["channel"], event.get("thread_ts")
        where = Where(channel=channel, user=event["user"], thread_ts=thread_ts)
        answer(context, client, text_with_files(event), where, thread_key_of(channel, thread_ts), tuple(files))

    def card_thread(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        channel, thread_ts = event["channel"], event["thread_ts"]
        asker, text = asker_of(context), text_with_files(event)
        where = Where(channel=channel, user=event["user"], thread_ts=thread_ts)
        reply(
            context, client, where, thread_key_of(channel, thread_ts),
            lambda origin: assistant.handle_card_thread_message(asker, text, origin),
        )  # fmt: skip

    def answer_in_dm(context: BoltContext, client: WebClient, user_id: str, text: str) -> None:
        """Answer ``text`` in a new thread of the user's DM with the bot, under the words quoted back."""
        dm = client.conversations_open(users=user_id)["channel"]["id"]
        posted = client.chat_postMessage(channel=dm, text=f"> {quote_back(text)}")
        where = Where(channel=dm, user=user_id, thread_ts=posted["ts"])
        answer(context, client, text, where, thread_key_of(dm, posted["ts"]))

    @app.event("app_mention")
    def mention(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        channel, thread_ts = event["channel"], event.get("thread_ts") or event["ts"]
        where = Where(channel=channel, user=event["user"], thread_ts=thread_ts)
        asker, text = asker_of(context), event.get("text") or ""
        replies = reply(
            context, client, where, thread_key_of(channel, thread_ts),
            lambda origin: assistant.handle_message(asker, text, replace(origin, shared=True)),
        )  # fmt: skip
        private = next((answered.ask_privately for answered in replies if answered.ask_privately), None)
        if private is not None:  # their own records or a preview: in their DM, with a pointer left in the channel
            answer_in_dm(context, client, event["user"], private)

    @app.command("/backoffice")
    def slash_command(ack: Ack, command: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        text = (command.get("text") or "").strip()
        lang = context.get("employee_lang", "en")
        if text.lower() in HELP_WORDS:
            # Help in the user's language, unless they typed Spanish's word: a bare "help" would always read as English.
            asked = "ayuda" if text.lower() == "ayuda" else HELP_WORD.get(lang, "help")
            replies = assistant.handle_message(asker_of(context), asked, Origin("slack", "slash"))
            ack(text=neutralise(replies[0].text), blocks=neutralise_blocks(replies[0].blocks))
            return
        ack(text=translate(lang, "bot.slash_in_dm"))
        answer_in_dm(context, client, command["user_id"], text)

    @app.action(re.compile(".+"))
    def button(ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        ack()
        container = body.get("container") or {}
        message = body.get("message") or {}
        channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
        card_ts = container.get("message_ts") or message.get("ts")
        thread_ts = message.get("thread_ts") or container.get("thread_ts")
        value = action.get("value") or (action.get("selected_option") or {}).get("value") or ""
        origin = Origin("slack", thread_key_of(channel, thread_ts))
        label = str(
            (action.get("text") or {}).get("text")
            or (action.get("selected_option") or {}).get("text", {}).get("text")
            or ""
        )
        pressed = Action(action["action_id"], value, label)
        started = utcnow()
        where = Where(channel, body["user"]["id"], thread_ts, card_ts) if channel else None
        journal = journal_for(context, where) if where is not None else None  # a Home tab click answers there
        shared = bool(channel) and not str(channel).startswith("D")  # a team's card, which colleagues can press
        replies = assistant.handle_action(
            asker_of(context), pressed, Origin("slack", origin.thread_key, journal, shared=shared)
        )
        if journal is not None and journal.settled:
            context[SETTLED] = True
        if channel and card_ts and card_edited_by_outbox(assistant.database, channel, card_ts, started):
            replies = [answer for answer in replies if not answer.replace_original]  # one edit per change
        for answer in replies:
            if answer.modal is not None:
                open_modal(client, str(body.get("trigger_id") or ""), answer.modal, channel, thread_ts)
        if where is not None:
            plain = [answer for answer in replies if answer.modal is None]
            send_replies(client, where, plain, assistant.database, journal)
        elif (body.get("view") or {}).get("type") == "home":
            publish_home(context, client, body["user"]["id"])  # a button on the Home tab: show the new state

    @app.view(re.compile(".+"))
    def view_submission(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        metadata = read_metadata(view)
        channel, thread_ts = metadata.get("channel"), metadata.get("thread_ts")
        origin = Origin("slack", thread_key_of(channel, thread_ts))
        values = modal_values(view.get("state") or {})
        where = Where(channel, body["user"]["id"], thread_ts) if channel else None
        journal = journal_for(context, where) if where is not None else None
        errors, replies = assistant.handle_view(
            asker_of(context), str(view.get("callback_id")), values, metadata,
            Origin("slack", origin.thread_key, journal),
        )  # fmt: skip
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        if where is not None:
            send_replies(client, where, replies, assistant.database, journal)

    def publish_home(context: BoltContext, client: WebClient, user_id: str) -> None:
        replies = assistant.home(asker_of(context), Origin("slack", "home"))
        blocks = replies[0].blocks if replies and replies[0].blocks else []
        client.views_publish(user_id=user_id, view=neutralise_view({"type": "home", "blocks": blocks[:100]}))

    @app.event("app_home_opened")
    def home_opened(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        if event.get("tab", "home") == "home":
            publish_home(context, client, event["user"])
