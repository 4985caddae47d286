"""The front-end neutral core: route a message or a click to a skill inside one unit of work, and reply."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy.orm import Session

import bot.messages  # noqa: F401  (registers the transport's texts)
from bot.dialogue.cards import EDIT_VIEW
from bot.dialogue.engine import Dialogue, company_currency, read_slots
from bot.dialogue.threads import thread_hint
from bot.dialogue.words import asks_a_change, is_agreement, is_cancel, is_question
from bot.nlu.catalog import NONE, PRIVATE_INTENTS, WRITE_INTENTS, skill_of
from bot.nlu.protocols import Router, RouteResult
from db.engine import Database
from db.models import Conversation, Employee, OutboxMessage
from db.outbox import WROTE_OUTBOX, card_as_it_stands, card_posted_at
from skills.common.time import Clock
from skills.core import Action, Context, Reply, Request, SharedFile, SkillRegistry
from skills.errors import DomainError
from skills.evidence import NO, YES, ask_first, confirmed
from skills.i18n import language_of_label, normalise_language, translate

ORIGINAL_TEXT = "original_text"
"""The slot key under which a form may receive the message that started it (e.g. a problem report)."""
log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 4000
DEFAULT_IDLE = timedelta(minutes=30)
WRITE_CONFIDENCE = 0.6
"""The write threshold README states: a write intent that acts at once needs this much router confidence."""
NEW_REQUEST_CONFIDENCE = 0.75
"""A message in a thread with a conversation in progress starts a new one only above this router confidence."""
_MENTION = re.compile(r"<@[A-Z0-9]+>")
_SPACES = re.compile(r"\s+")


Asker = int | Employee
"""Who is asking: an employee id, or the employee a front end already loaded for this request (not loaded again)."""


class ReplyJournal(Protocol):
    """What a front end writes in a request's own transaction, just before it commits: its replies, to be delivered
    even if the process dies before posting them, and the settling of the event that asked (bot.slack.journal)."""

    def write(self, session: Session, replies: list[Reply]) -> None:
        """Write ``replies`` (and settle the request) in ``session``, which the assistant commits next."""


@dataclass(frozen=True)
class Origin:
    """Where a message or click came from: the front end, the conversation thread, and its reply journal."""

    via: str
    thread_key: str
    journal: ReplyJournal | None = None
    shared: bool = False
    """Others read this conversation (a channel): personal answers and previews are given privately instead, and a
    click there is answered in the clicker's language (the card speaks its team's)."""


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


def in_session(session: Session, asker: Asker) -> Employee | None:
    """The asking employee in this unit of work: one already loaded is attached as it is (no query), else loaded."""
    if isinstance(asker, Employee):
        return session.merge(asker, load=False)  # its roles load on first use, if the request needs them
    return session.get(Employee, asker)


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
        write_confidence: float = WRITE_CONFIDENCE,
    ) -> None:
        self.database = database
        self.registry = registry
        self.router = router
        self.clock = clock
        self.write_confidence = write_confidence
        """Below this router confidence, a write intent that acts straight away is asked about first."""
        self.dialogue = Dialogue(registry, idle)
        self.on_outbox: Callable[[], None] = lambda: None
        """Called after a unit of work that queued notifications commits (the server wakes its outbox worker)."""
        self.dialogue.register_actions()
        self.registry.on_action(YES, self._intent_confirmed)
        self.registry.on_action(NO, self._intent_declined)

    def handle_message(
        self, asker: Asker, text: str, origin: Origin, files: tuple[SharedFile, ...] = ()
    ) -> list[Reply]:
        """Answer a message ``asker`` wrote, with the ``files`` shared with it that nothing took on their own."""
        cleaned = clean_text(text)

        def answer(context: Context) -> list[Reply]:
            context.files = files
            return self._answer(context, cleaned, len(text), origin.shared)

        return self._run(asker, origin, answer)

    def handle_card_thread_message(self, asker: Asker, text: str, origin: Origin) -> list[Reply]:
        """Answer a message in a channel thread under one of our cards (e.g. HR answering a question); else nothing."""

        def answer(context: Context) -> list[Reply]:
            kept = strip_mentions(text)
            if not kept:
                return []
            card = self._card_of_thread(context)
            replies = self._answer_in_card_thread(context, kept, card)
            if replies is not None:
                return replies
            return [self._thread_hint(context, card)] if card is not None else []  # nothing understood it

        return self._run(asker, origin, answer)

    def handle_file(self, asker: Asker, file: SharedFile, origin: Origin) -> list[Reply]:
        """A file someone shared: the open conversation in its thread reads it, else the skill owning the card whose
        thread it was shared in; no replies when neither takes it (the message is then answered as text)."""

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
            return found or []

        return self._run(asker, origin, take)

    def handle_action(self, asker: Asker, action: Action, origin: Origin) -> list[Reply]:
        """Answer a button press on one of our cards."""

        def act(context: Context) -> list[Reply]:
            if not origin.shared:  # one's own card answers in its language; a channel's, in the clicker's own
                context.lang = language_of_label(action.label) or context.lang
            handler = self.registry.action_handler(action.action_id)
            if handler is None:
                log.warning("no handler for action %s", action.action_id)
                return [Reply(text=translate(context.lang, "bot.stale_action"), ephemeral=True)]
            return handler(context, action)

        return self._run(asker, origin, act)

    def handle_view(
        self, asker: Asker, callback_id: str, values: dict[str, str], metadata: dict[str, Any], origin: Origin
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

        replies = self._run(asker, origin, submit)
        return errors, replies

    def home(self, asker: Asker, origin: Origin) -> list[Reply]:
        """The Home tab sections every skill contributes, as one reply of blocks."""

        def build(context: Context) -> list[Reply]:
            blocks = [block for section in self.registry.home_sections for block in section(context)]
            return [Reply(text="home", blocks=blocks)]

        return self._run(asker, origin, build)

    def _answer(self, context: Context, text: str, raw_length: int, shared: bool = False) -> list[Reply]:
        if raw_length > MAX_MESSAGE_CHARS:
            return [Reply(text=translate(context.lang, "bot.too_long", length=raw_length, limit=MAX_MESSAGE_CHARS))]
        if not text:
            kept = self._file_alone(context, None, shared)
            return kept if kept is not None else [Reply(text=translate(context.lang, "bot.empty"))]
        card = self._card_of_thread(context)
        in_thread = self._answer_in_card_thread(context, text, card)
        if in_thread is not None:
            return in_thread
        conversation = self.dialogue.current(context)
        if conversation is not None:
            context.lang = normalise_language(conversation.lang)  # keep answering in the conversation's language
        if is_cancel(text):
            if conversation is None:
                return [Reply(text=translate(context.lang, "dialogue.nothing_to_cancel"))]
            return self.dialogue.cancel(context, conversation)
        command = self.registry.command(text)
        if command is not None:  # a whole-message command ("undo"): answered as it is, never guessed at
            handler, lang = command
            if conversation is None:
                context.lang = lang
            answered = handler(context, Request(text=text, intent=NONE, confidence=1.0))
            if conversation is None:
                return answered
            return [*answered, Reply(text=self.dialogue.repeat(context, conversation))]
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
            previewing = self.dialogue.awaits_confirmation(conversation)
            if previewing and is_agreement(text):  # a typed "sí" at a preview: its button confirms, not the words
                return self.dialogue.answer(context, conversation, text)
            other = route.intent not in ("none", conversation.intent)
            # A question the router reads as another read ("¿cuántos días de vacaciones tenemos?" at a leave
            # preview) is asked in the middle, even when it names a value the form has: it asks, it does not change.
            # A question that asks for a change ("can you make it 12 € instead?") is a correction, however worded.
            asked = other and route.intent not in WRITE_INTENTS and is_question(text) and not asks_a_change(text)
            fills = not asked and self.dialogue.fills_a_slot(context, conversation, text)
            # A preview (or a refusal) waits for a button or a correction: a message that changes nothing on it and
            # that the router reads as something else is that, even when the router is unsure.
            unrelated = previewing and not fills
            # The same write asked again from scratch ("the coffee machine is broken" at the preview of another
            # ticket) changes nothing on the preview either: it is a new request, not "what would you like to change?".
            again = unrelated and route.intent == conversation.intent and route.confidence >= NEW_REQUEST_CONFIDENCE
            confident = (other and (route.confidence >= NEW_REQUEST_CONFIDENCE or unrelated or asked)) or again
            answers = self.dialogue.is_short_answer(context, conversation, text)
            if confident and route.intent not in WRITE_INTENTS and not answers:
                # A question asked in the middle of a form: answer it, then ask the form's question again.
                answered = self._route(context, text, route)
                return [*answered, Reply(text=self.dialogue.repeat(context, conversation))]
            # Another write asked for confidently ("taxi to the airport yesterday 15 €" at a leave preview) is a new
            # request even though it holds a value this form has (a date): it must not move the leave to yesterday.
            switches = (
                other
                and route.intent in WRITE_INTENTS
                and route.confidence >= NEW_REQUEST_CONFIDENCE
                and not answers
                and not asks_a_change(text)
            )
            # A reason is any text, but not a whole new request of the same kind: "taxi al aeropuerto hoy 35 €" while
            # yesterday's 80 € dinner waits for its justification is another claim, not the justification.
            restarts = (
                route.intent == conversation.intent
                and route.intent in WRITE_INTENTS
                and route.confidence >= NEW_REQUEST_CONFIDENCE
                and self.dialogue.takes_any_text(conversation)
                and self.dialogue.restates_differently(context, conversation, text)
            )
            confident, switches = confident or restarts, switches or restarts
            if not confident or (fills and not switches):
                if route.intent == NONE and not fills and not answers:
                    aside = self._aside(context, conversation, text, route)
                    if aside is not None:
                        return aside
                return self.dialogue.answer(context, conversation, text)
            notes.append(Reply(text=self.dialogue.set_aside(context, conversation)))
        context.lang = normalise_language(route.lang or context.lang)
        if card is not None and conversation is None and route.intent == "none":
            return [self._thread_hint(context, card)]  # under a card, what nothing understood gets its options
        if conversation is None and (kept := self._file_alone(context, route, shared)) is not None:
            return kept
        if shared and conversation is None and route.intent in PRIVATE_INTENTS:
            # One's balance, claims or a preview is nobody else's business: answered in private, pointed to here.
            return [Reply(text=translate(context.lang, "bot.answered_privately"), ask_privately=text)]
        return notes + self._route(context, text, route)

    def _aside(self, context: Context, conversation: Conversation, text: str, route: RouteResult) -> list[Reply] | None:
        """A message that neither answers the form's question nor changes it, which a fallback answers on its own
        (a policy the documents state, a problem to report): that answer, then the form's question again.

        A question that takes any text (a reason, a description) keeps every message as its answer.
        """
        if self.dialogue.takes_any_text(conversation):
            return None
        request = Request(text=text, intent=route.intent, slots=dict(route.slots), confidence=route.confidence)
        answered = self.registry.fallback(context, request)
        if not answered:
            return None
        return [*answered, Reply(text=self.dialogue.repeat(context, conversation))]

    def _file_alone(self, context: Context, route: RouteResult | None, shared: bool) -> list[Reply] | None:
        """A file shared in private with no request that reads it ("", "here is the receipt", words the router reads
        as nothing or as a read): the form that reads files starts with it, so the claim that follows has it."""
        if not context.files or shared or self._card_of_thread(context) is not None:
            return None  # under a card, the card's skill had the file first
        form = self.registry.file_form()
        if form is None:
            return None
        if route is not None and route.intent != NONE:
            asked = self.registry.form(route.intent)
            if asked is not None and (asked.on_file is not None or route.confidence >= NEW_REQUEST_CONFIDENCE):
                return None  # the words start a form themselves: it reads the file, or the file is not for it
        assert form.on_file is not None
        read: dict[str, Any] = {}
        try:  # a file the form cannot use (a text file for a receipt) is refused, and nothing starts
            for file in context.files:
                read |= form.on_file(context, read, file)
        except DomainError as error:
            return [Reply(text=error.message(context.lang))]
        names = ", ".join(file.name for file in context.files)
        context.files = ()  # read once, here: the form starts with what they gave, not by reading them again
        kept = Reply(text=translate(context.lang, "bot.file_kept", names=names))
        return [kept, *self.dialogue.begin(context, form, skill_of(form.intent), read, "")]

    def _card_of_thread(self, context: Context) -> OutboxMessage | None:
        """The card (about an entity) whose thread this conversation is, if it is one."""
        channel, _, thread_ts = context.thread_key.rpartition(":")
        if not channel or not thread_ts.replace(".", "").isdigit():
            return None
        card = card_posted_at(context.session, channel, thread_ts)
        if card is None or card.entity_type is None or card.entity_id is None:
            return None
        return card

    def _answer_in_card_thread(self, context: Context, text: str, card: OutboxMessage | None) -> list[Reply] | None:
        """A reply in the thread of a card the outbox sent (``card``) goes to the skill that owns the card's subject."""
        if card is None or card.entity_type is None or card.entity_id is None:
            return None
        handler = self.registry.thread_reply_handler(card.entity_type)
        return handler(context, card.entity_id, text) if handler is not None else None

    def _thread_hint(self, context: Context, card: OutboxMessage) -> Reply:
        """What can be done under ``card``, for a message there that nothing acted on."""
        current = card_as_it_stands(context.session, card)
        return thread_hint(context.lang, card.entity_type or "", current.blocks)

    def _route(self, context: Context, text: str, route: RouteResult) -> list[Reply]:
        request = Request(text=text, intent=route.intent, slots=dict(route.slots), confidence=route.confidence)
        if route.intent == "none":
            return self.registry.fallback(context, request) or [
                Reply(text=translate(context.lang, "bot.not_understood"))
            ]
        form = self.registry.form(route.intent)
        if form is not None:
            if narrower := self.registry.narrower_answer(context, request):
                return narrower
            # The sentence itself rides along as ``original_text``, kept only by forms that declare that key.
            return self.dialogue.begin(context, form, route.skill, {ORIGINAL_TEXT: text, **route.slots}, text)
        handler = self.registry.intent_handler(route.intent)
        if handler is not None and route.intent in WRITE_INTENTS and route.confidence < self.write_confidence:
            # its buttons would write: make sure first, unless a skill has the narrower (read-only) answer
            return self.registry.narrower_answer(context, request) or [ask_first(context.lang, route.intent, text)]
        if handler is None:
            # A read no skill handles yet may still be a question the policies answer; a write never falls back.
            found = None if route.intent in WRITE_INTENTS else self.registry.fallback(context, request)
            label = translate(context.lang, f"intent.{route.intent}")
            return found or [Reply(text=translate(context.lang, "bot.not_available", intent=label))]
        return handler(context, request)

    def _intent_confirmed(self, context: Context, action: Action) -> list[Reply]:
        """Yes to "do you want ...?": answer the words as that intent, with the slots they carry (a form's answer
        is its first question or its preview, as if the router had been sure)."""
        found = confirmed(action.value)
        if found is None:
            return [Reply(text=translate(context.lang, "bot.stale_action"), ephemeral=True)]
        intent, text = found
        form = self.registry.form(intent)
        if form is not None:
            slots = {k: v for k, v in read_slots(context, text, intent, as_intent=True).items() if k != "errors"}
            open_form = self.dialogue.current(context)  # the Yes moves on from it, as a new request typed would
            notes = [Reply(text=self.dialogue.set_aside(context, open_form))] if open_form is not None else []
            return [*notes, *self.dialogue.begin(context, form, skill_of(intent), {ORIGINAL_TEXT: text, **slots}, text)]
        handler = self.registry.intent_handler(intent)
        if handler is None:
            return [Reply(text=translate(context.lang, "bot.stale_action"), ephemeral=True)]
        slots = {key: value for key, value in read_slots(context, text).items() if key != "errors"}
        return handler(context, Request(text=text, intent=intent, slots=slots, confidence=1.0))

    def _intent_declined(self, context: Context, _action: Action) -> list[Reply]:
        """No to "do you want ...?": nothing is done."""
        return [Reply(text=translate(context.lang, "dialogue.intent_declined"), replace_original=True)]

    def _run(self, asker: Asker, origin: Origin, work: Callable[[Context], list[Reply]]) -> list[Reply]:
        lang = "en"
        employee_id = asker.id if isinstance(asker, Employee) else asker
        try:
            with self.database.session() as session:
                employee = in_session(session, asker)
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
                if origin.journal is not None:
                    origin.journal.write(session, replies)
                queued = session.info.pop(WROTE_OUTBOX, False)
            if queued:
                self.on_outbox()
            return replies
        except Exception:
            reference = new_reference()
            log.exception("request failed (ref %s, employee %s, via %s)", reference, employee_id, origin.via)
            return [Reply(text=translate(lang, "bot.error_with_ref", ref=reference))]
