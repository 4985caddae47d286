"""The front-end neutral core: route a message or a click to a skill inside one unit of work, and reply."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import bot.messages  # noqa: F401  (registers the transport's texts)
from bot.dialogue.cards import EDIT_VIEW
from bot.dialogue.engine import Dialogue, company_currency
from bot.dialogue.words import is_cancel
from bot.nlu.catalog import WRITE_INTENTS
from bot.nlu.protocols import Router, RouteResult
from db.engine import Database
from db.models import Employee, OutboxMessage
from db.outbox import WROTE_OUTBOX, card_posted_at
from skills.common.time import Clock
from skills.core import Action, Context, Reply, Request, SharedFile, SkillRegistry
from skills.errors import DomainError
from skills.i18n import normalise_language, translate

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 4000
DEFAULT_IDLE = timedelta(minutes=30)
NEW_REQUEST_CONFIDENCE = 0.75
"""A message in a thread with a conversation in progress starts a new one only above this router confidence."""
_MENTION = re.compile(r"<@[A-Z0-9]+>")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Origin:
    """Where a message or click came from: the front end and the conversation thread."""

    via: str
    thread_key: str


def clean_text(text: str) -> str:
    """Drop mentions of the bot, control characters and repeated whitespace."""
    return _SPACES.sub(" ", strip_mentions(text)).strip()


def strip_mentions(text: str) -> str:
    """Drop mentions of the bot and control characters, keeping the writer's line breaks (e.g. HR's answer)."""
    text = _MENTION.sub(" ", text)
    return "".join(ch for ch in text if ch.isprintable() or ch in "\n\t").strip()


def new_reference() -> str:
    """A short random id shown to the user and written to the log with the stack trace."""
    return secrets.token_hex(4).upper()


class Assistant:
    """Runs each request in one database session, turning domain errors into friendly replies."""

    def __init__(
        self,
        database: Database,
        registry: SkillRegistry,
        router: Router,
        *,
        clock: Clock,
        idle: timedelta = DEFAULT_IDLE,
    ) -> None:
        self.database = database
        self.registry = registry
        self.router = router
        self.clock = clock
        self.dialogue = Dialogue(registry, idle)
        self.on_outbox: Callable[[], None] = lambda: None
        """Called after a unit of work that queued notifications commits (the server wakes its outbox worker)."""
        self.dialogue.register_actions()

    def handle_message(self, employee_id: int, text: str, origin: Origin) -> list[Reply]:
        """Answer a message ``employee_id`` wrote."""
        cleaned = clean_text(text)
        return self._run(employee_id, origin, lambda context: self._answer(context, cleaned, len(text)))

    def handle_card_thread_message(self, employee_id: int, text: str, origin: Origin) -> list[Reply]:
        """Answer a message in a channel thread under one of our cards (e.g. HR answering a question); else nothing."""

        def answer(context: Context) -> list[Reply]:
            kept = strip_mentions(text)
            return (self._answer_in_card_thread(context, kept) or []) if kept else []

        return self._run(employee_id, origin, answer)

    def handle_file(self, employee_id: int, file: SharedFile, origin: Origin) -> list[Reply]:
        """A file someone shared: the open conversation in its thread reads it, else the skill owning the card whose
        thread it was shared in; else the person is told where files are taken."""

        def take(context: Context) -> list[Reply]:
            conversation = self.dialogue.current(context)
            if conversation is not None:
                context.lang = normalise_language(conversation.lang)
                replies = self.dialogue.answer_file(context, conversation, file)
                if replies is not None:
                    return replies
            card = self._card_of_thread(context)
            handler = self.registry.thread_file_handler(card.entity_type) if card and card.entity_type else None
            found = handler(context, str(card.entity_id), file) if handler is not None and card is not None else None
            return found if found is not None else [Reply(text=translate(context.lang, "bot.file_not_expected"))]

        return self._run(employee_id, origin, take)

    def download_failed(self, employee_id: int, name: str, origin: Origin) -> list[Reply]:
        """Tell the person a file they shared could not be fetched from Slack."""
        return self._run(employee_id, origin,
                         lambda context: [Reply(text=translate(context.lang, "bot.file_download_failed", name=name))])  # fmt: skip

    def handle_action(self, employee_id: int, action: Action, origin: Origin) -> list[Reply]:
        """Answer a button press on one of our cards."""

        def act(context: Context) -> list[Reply]:
            handler = self.registry.action_handler(action.action_id)
            if handler is None:
                log.warning("no handler for action %s", action.action_id)
                return [Reply(text=translate(context.lang, "bot.stale_action"), ephemeral=True)]
            return handler(context, action)

        return self._run(employee_id, origin, act)

    def handle_view(
        self, employee_id: int, callback_id: str, values: dict[str, str], metadata: dict[str, Any], origin: Origin
    ) -> tuple[dict[str, str], list[Reply]]:
        """Handle a submitted modal: field errors to show in it, or the replies to post in its thread."""
        errors: dict[str, str] = {}

        def submit(context: Context) -> list[Reply]:
            handler = self.dialogue.submit_edit if callback_id == EDIT_VIEW else self.registry.view_handler(callback_id)
            if handler is None:
                return [Reply(text=translate(context.lang, "bot.stale_action"), ephemeral=True)]
            found, replies = handler(context, values, metadata)
            errors.update(found)
            return replies

        replies = self._run(employee_id, origin, submit)
        return errors, replies

    def home(self, employee_id: int, origin: Origin) -> list[Reply]:
        """The Home tab sections every skill contributes, as one reply of blocks."""

        def build(context: Context) -> list[Reply]:
            blocks = [block for section in self.registry.home_sections for block in section(context)]
            return [Reply(text="home", blocks=blocks)]

        return self._run(employee_id, origin, build)

    def _answer(self, context: Context, text: str, raw_length: int) -> list[Reply]:
        if raw_length > MAX_MESSAGE_CHARS:
            return [Reply(text=translate(context.lang, "bot.too_long", length=raw_length, limit=MAX_MESSAGE_CHARS))]
        if not text:
            return [Reply(text=translate(context.lang, "bot.empty"))]
        in_thread = self._answer_in_card_thread(context, text)
        if in_thread is not None:
            return in_thread
        conversation = self.dialogue.current(context)
        if conversation is not None:
            context.lang = normalise_language(conversation.lang)  # keep answering in the conversation's language
        if is_cancel(text):
            if conversation is None:
                return [Reply(text=translate(context.lang, "dialogue.nothing_to_cancel"))]
            return self.dialogue.cancel(context, conversation)
        employee = context.employee
        route = self.router.route(
            text,
            locale=employee.locale,
            today=context.today,
            timezone=employee.timezone,
            default_currency=company_currency(employee.country),
        )
        notes: list[Reply] = []
        if conversation is not None:
            context.lang = normalise_language(conversation.lang)
            starts_anew = (
                route.intent not in ("none", conversation.intent)
                and route.confidence >= NEW_REQUEST_CONFIDENCE
                and not self.dialogue.fills_a_slot(context, conversation, text)
            )
            if not starts_anew:
                return self.dialogue.answer(context, conversation, text)
            notes.append(Reply(text=self.dialogue.set_aside(context, conversation)))
        context.lang = normalise_language(route.lang or context.lang)
        return notes + self._route(context, text, route)

    def _card_of_thread(self, context: Context) -> OutboxMessage | None:
        """The card the outbox sent whose thread this conversation is, if it is one."""
        channel, _, thread_ts = context.thread_key.rpartition(":")
        if not channel or not thread_ts.replace(".", "").isdigit():
            return None
        return card_posted_at(context.session, channel, thread_ts)

    def _answer_in_card_thread(self, context: Context, text: str) -> list[Reply] | None:
        """A reply in the thread of a card the outbox sent goes to the skill that owns the card's subject."""
        card = self._card_of_thread(context)
        if card is None or card.entity_type is None or card.entity_id is None:
            return None
        handler = self.registry.thread_reply_handler(card.entity_type)
        return handler(context, card.entity_id, text) if handler is not None else None

    def _route(self, context: Context, text: str, route: RouteResult) -> list[Reply]:
        request = Request(text=text, intent=route.intent, slots=dict(route.slots), confidence=route.confidence)
        if route.intent == "none":
            return self.registry.fallback(context, request) or [
                Reply(text=translate(context.lang, "bot.not_understood"))
            ]
        form = self.registry.form(route.intent)
        if form is not None:
            return self.dialogue.begin(context, form, route.skill, dict(route.slots))
        handler = self.registry.intent_handler(route.intent)
        if handler is None:
            # A read no skill handles yet may still be a question the policies answer; a write never falls back.
            found = None if route.intent in WRITE_INTENTS else self.registry.fallback(context, request)
            label = translate(context.lang, f"intent.{route.intent}")
            return found or [Reply(text=translate(context.lang, "bot.not_available", intent=label))]
        return handler(context, request)

    def _run(self, employee_id: int, origin: Origin, work: Callable[[Context], list[Reply]]) -> list[Reply]:
        lang = "en"
        try:
            with self.database.session() as session:
                employee = session.get(Employee, employee_id)
                if employee is None:
                    raise LookupError(f"employee {employee_id} vanished")
                lang = employee.language
                context = Context(
                    session=session,
                    employee=employee,
                    lang=normalise_language(lang),
                    via=origin.via,
                    thread_key=origin.thread_key,
                    now=self.clock.now(),
                )
                try:
                    replies = work(context)
                except DomainError as error:
                    session.rollback()
                    return [Reply(text=error.message(context.lang))]
                queued = session.info.pop(WROTE_OUTBOX, False)
            if queued:
                self.on_outbox()
            return replies
        except Exception:
            reference = new_reference()
            log.exception("request failed (ref %s, employee %s, via %s)", reference, employee_id, origin.via)
            return [Reply(text=translate(lang, "bot.error_with_ref", ref=reference))]
