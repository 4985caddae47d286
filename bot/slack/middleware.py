"""Global Bolt middleware: drop bot traffic, de-duplicate retries, resolve the Slack user to an employee."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from bot.slack.directory import DirectoryUnavailable, resolve_employee, slack_locale
from bot.slack.payloads import event_of, is_channel_message, is_from_a_bot, mentions, reply_channel_of, slack_user_of
from bot.slack.safe_text import neutralise_view
from db.engine import Database
from db.models import ProcessedEvent
from db.outbox import card_posted_at
from skills.i18n import normalise_language, translate

log = logging.getLogger(__name__)

RECORDED = "backoffice_event_recorded"
"""Context key holding the inbox key of an event or click the HTTP front door recorded (``bot.slack.asgi``)."""
SETTLED = "backoffice_event_settled"
"""Context key set when the request's own transaction settled its recorded event (``bot.slack.journal``)."""

Next = Callable[[], None]


def _stop() -> BoltResponse:
    return BoltResponse(status=200, body="")


def first_delivery(database: Database, event_id: str, event_type: str) -> bool:
    """Record ``event_id``; False if it was already recorded (by this or another process)."""
    try:
        with database.session() as session:
            session.add(ProcessedEvent(event_id=event_id, event_type=event_type))
    except IntegrityError:
        return False
    return True


def forget_delivery(database: Database, event_id: str) -> None:
    """Drop ``event_id``'s record after its handling failed, so Slack's retry of it is handled, not ignored."""
    with database.session() as session:
        session.execute(delete(ProcessedEvent).where(ProcessedEvent.event_id == event_id))


def answers_channel_message(database: Database, event: dict[str, Any], bot_user_id: str | None) -> bool:
    """A channel message matters only as a reply in the thread of one of our cards (e.g. HR answering a question).

    Everything else said in a channel is people talking to each other; mentions of the bot arrive as
    ``app_mention`` events and are answered there, so their ``message`` twin is ignored.
    """
    thread_ts = event.get("thread_ts")
    if not thread_ts or thread_ts == event.get("ts") or mentions(event, bot_user_id):
        return False
    with database.session() as session:
        return card_posted_at(session, str(event.get("channel")), str(thread_ts)) is not None


def _tell_unknown_user(client: WebClient, body: dict[str, Any], slack_user: str, text: str) -> BoltResponse:
    if body.get("command"):
        return BoltResponse(status=200, body=text)
    channel = reply_channel_of(body) or slack_user
    event = event_of(body)
    thread_ts = event.get("thread_ts") or (event.get("ts") if event.get("type") == "app_mention" else None)
    try:
        if event.get("type") == "app_home_opened":  # their Home tab says it, rather than staying blank
            section = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
            client.views_publish(user_id=slack_user, view=neutralise_view({"type": "home", "blocks": [section]}))
        elif event:
            client.chat_postMessage(channel=channel, text=text, thread_ts=thread_ts)
        else:
            client.chat_postEphemeral(channel=channel, user=slack_user, text=text)
    except SlackApiError as error:  # telling a stranger is best effort; nothing of theirs is lost
        log.warning("could not tell %s whom to contact: %s", slack_user, error.response.get("error"))
    return _stop()


def install_middleware(app: App, database: Database, support_contact: str) -> None:
    """Add our global middleware to ``app`` in order: bots, channel chatter, duplicates, then who is asking."""

    @app.middleware
    def ignore_bots(body: dict[str, Any], next: Next) -> BoltResponse | None:
        if is_from_a_bot(body):
            return _stop()
        next()
        return None

    @app.middleware
    def ignore_channel_chatter(body: dict[str, Any], context: BoltContext, next: Next) -> BoltResponse | None:
        event = event_of(body)
        if is_channel_message(event) and not answers_channel_message(database, event, context.bot_user_id):
            return _stop()
        next()
        return None

    @app.middleware
    def drop_retried_events(body: dict[str, Any], context: BoltContext, next: Next) -> BoltResponse | None:
        event_id = body.get("event_id")
        is_event = body.get("type") == "event_callback" and isinstance(event_id, str)
        if is_event and context.get(RECORDED):  # the HTTP front door's inbox recorded it before the ack
            next()
            return None
        if is_event and not first_delivery(database, str(event_id), str(event_of(body).get("type", ""))):
            log.info("duplicate delivery of %s ignored", event_id)
            return _stop()
        next()
        return None

    @app.middleware
    def identify_employee(
        body: dict[str, Any], client: WebClient, context: BoltContext, next: Next
    ) -> BoltResponse | None:
        slack_user = slack_user_of(body)
        if slack_user is None:
            next()
            return None
        try:
            employee = resolve_employee(database, client, slack_user)
        except DirectoryUnavailable as unavailable:
            log.warning("%s; answering 503 so Slack retries", unavailable)
            event_id = body.get("event_id")
            if isinstance(event_id, str) and not context.get(RECORDED):
                forget_delivery(database, event_id)
            return BoltResponse(status=503, body="")
        if employee is None or not employee.active:
            key = "bot.unknown_user" if employee is None else "bot.inactive_user"
            lang = normalise_language(employee.locale if employee else slack_locale(client, slack_user))
            contact = support_contact or translate(lang, "bot.hr_team")
            log.info("request from %s user %s refused", "unknown" if employee is None else "inactive", slack_user)
            return _tell_unknown_user(client, body, slack_user, translate(lang, key, contact=contact))
        context["employee_id"] = employee.id
        context["employee"] = employee  # detached: the assistant attaches it rather than loading it again
        context["employee_lang"] = employee.language
        next()
        return None

    @app.error
    def unhandled(error: Exception, body: dict[str, Any], context: BoltContext) -> None:
        event = event_of(body)
        log.error("unhandled error for %s %s", body.get("type"), event.get("type", ""), exc_info=error)
        event_id = body.get("event_id")
        if body.get("type") == "event_callback" and isinstance(event_id, str) and not context.get(RECORDED):
            forget_delivery(database, event_id)
