"""The front-end neutral core a skill plugs into: requests, replies, context and the handler registry."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from db.models import Employee, OutboxMessage
from skills.common.language import fold_words
from skills.common.time import local_today

if TYPE_CHECKING:
    from skills.forms import Form

Blocks = list[dict[str, Any]]


@dataclass(frozen=True)
class ReplyFile:
    """A file a reply shares (a chart): Slack uploads it to the conversation; the terminal names where it is saved."""

    name: str
    content: bytes
    title: str
    saved_at: str | None = None
    """Where the file was also saved on disk (the terminal prints this path), if it was."""


@dataclass(frozen=True)
class SharedFile:
    """A file someone shared with the bot (a receipt photo in a thread), downloaded: its name, type and bytes."""

    name: str
    mimetype: str
    content: bytes


@dataclass
class Reply:
    """What the bot answers: text (always, for notifications and screen readers) and optional Block Kit."""

    text: str
    blocks: Blocks | None = None
    ephemeral: bool = False
    replace_original: bool = False
    modal: dict[str, Any] | None = None
    file: ReplyFile | None = None
    ask_privately: str | None = None
    """Words to answer again in private (a personal request asked in a channel): this reply only points there."""


@dataclass(frozen=True)
class Request:
    """A routed message: what the user wrote and what the router understood."""

    text: str
    intent: str
    slots: dict[str, Any] = field(default_factory=dict)
    confidence: float = 1.0


@dataclass(frozen=True)
class Action:
    """A button press or menu choice on one of our cards."""

    action_id: str
    value: str
    label: str = ""
    """The pressed button's text, when the front end knows it: the answer is in the card's language."""


@dataclass(frozen=True)
class Actor:
    """Who does something, through which front end (``slack``, ``terminal``, ``cli``, ``job``), and when."""

    employee: Employee | None
    via: str
    when: datetime

    @property
    def label(self) -> str:
        """How the audit log names the actor: their e-mail, or the front end for the system itself."""
        return self.employee.email if self.employee is not None else self.via

    @property
    def id(self) -> int | None:
        """The acting employee's id (None for the system)."""
        return self.employee.id if self.employee is not None else None


@dataclass
class Context:
    """Who is asking, in which language, through which front end, with the unit of work's session.

    ``now`` is read once per unit of work from the clock the assistant was given; nothing in a skill reads the
    real clock.
    """

    session: Session
    employee: Employee
    lang: str
    via: str
    thread_key: str
    now: datetime
    files: tuple[SharedFile, ...] = ()
    """Files shared with the message being answered (a receipt sent with "taxi yesterday 30 €"), already read."""

    @property
    def today(self) -> date:
        """The asker's today, in their time zone."""
        return local_today(self.employee.timezone, self.now)

    @property
    def actor(self) -> Actor:
        """The asker as the actor of a command made in this unit of work."""
        return Actor(self.employee, self.via, self.now)


@dataclass(frozen=True)
class Capability:
    """One thing the assistant can do, with an example of how to ask for it, in one language."""

    title: str
    example: str


IntentHandler = Callable[[Context, Request], list[Reply]]
ActionHandler = Callable[[Context, Action], list[Reply]]
HomeSection = Callable[[Context], Blocks]
ThreadReplyHandler = Callable[["Context", str, str], "list[Reply] | None"]
"""A message in the thread of one of our cards: ``(context, entity id, text)`` -> replies, or None if not for it."""
ThreadFileHandler = Callable[["Context", str, SharedFile], "list[Reply] | None"]
"""A file shared in the thread of one of our cards: ``(context, entity id, file)`` -> replies, or None if not for it."""
ViewHandler = Callable[[Context, dict[str, str], dict[str, Any]], tuple[dict[str, str], list["Reply"]]]
"""A submitted modal: ``(context, values by action_id, private metadata)`` -> ``(field errors, replies)``."""
CapabilityText = Callable[[Context], "Capability | None"]
"""One help-card line for the asker in ``context``: its examples name their own company's items, places and money."""
FallbackHandler = Callable[[Context, "Request"], "list[Reply] | None"]
"""Asked, in order, when no skill can act on a message (intent ``none``, or a read nobody handles yet): replies
if it has a good answer (e.g. the policy index knows it), else None."""
UndeliveredHandler = Callable[[Session, OutboxMessage], None]
"""Told, in the worker's transaction, that a notification about the skill's entity was given up for good."""


_POLITE = ("please ", "pls ", "por favor ")


def command_words(text: str) -> str:
    """``text`` as a whole-message command is compared: lower case, no accents, punctuation or "please"."""
    plain = fold_words(text)
    for polite in _POLITE:
        plain = plain.removeprefix(polite).removesuffix(" " + polite.strip())
    return plain


class SkillRegistry:
    """Maps intents, action ids and Home tab sections to the skill functions that handle them."""

    def __init__(self) -> None:
        self._intents: dict[str, IntentHandler] = {}
        self._actions: dict[str, ActionHandler] = {}
        self._home_sections: list[HomeSection] = []
        self._capabilities: list[CapabilityText] = []
        self._open_items: list[HomeSection] = []
        self._forms: dict[str, Form] = {}
        self._views: dict[str, ViewHandler] = {}
        self._thread_replies: dict[str, ThreadReplyHandler] = {}
        self._thread_files: dict[str, ThreadFileHandler] = {}
        self._fallbacks: list[FallbackHandler] = []
        self._narrow_fallbacks: list[FallbackHandler] = []
        self._commands: dict[str, tuple[IntentHandler, str]] = {}
        self._narrower: dict[str, list[FallbackHandler]] = {}
        self._undelivered: dict[str, UndeliveredHandler] = {}

    def on_intent(self, intent: str, handler: IntentHandler) -> None:
        """Route ``intent`` to ``handler``; an intent has exactly one handler."""
        if intent in self._intents or intent in self._forms:
            raise ValueError(f"intent {intent!r} already has a handler")
        self._intents[intent] = handler

    def on_intent_first(self, intent: str, handler: FallbackHandler) -> None:
        """Offer ``handler`` the requests of another skill's ``intent`` before its own handler: a narrower answer
        (the leave calendar for a policy question about public holidays) that returns None to let the owner answer."""
        self._narrower.setdefault(intent, []).append(handler)

    def on_action(self, prefix: str, handler: ActionHandler) -> None:
        """Route every action id starting with ``prefix`` (e.g. ``leave.approve``) to ``handler``."""
        if prefix in self._actions:
            raise ValueError(f"action prefix {prefix!r} already has a handler")
        self._actions[prefix] = handler

    def on_home(self, section: HomeSection) -> None:
        """Add a section to every employee's Home tab."""
        self._home_sections.append(section)

    def on_form(self, form: Form) -> None:
        """Declare a write intent: the dialogue asks for its slots, previews it, and calls its commit on Confirm."""
        if form.intent in self._forms or form.intent in self._intents:
            raise ValueError(f"intent {form.intent!r} already has a handler")
        self._forms[form.intent] = form

    def file_form(self) -> Form | None:
        """The one form that reads files shared with it (an expense's receipt), to start with a file shared alone;
        None when no form, or more than one, reads files (a file alone then says nothing about which)."""
        readers = [form for form in self._forms.values() if form.on_file is not None]
        return readers[0] if len(readers) == 1 else None

    def on_view(self, callback_id: str, handler: ViewHandler) -> None:
        """Route submissions of the modal with ``callback_id`` (e.g. a rejection reason) to ``handler``."""
        if callback_id in self._views:
            raise ValueError(f"view {callback_id!r} already has a handler")
        self._views[callback_id] = handler

    def view_handler(self, callback_id: str) -> ViewHandler | None:
        """The handler of a modal, if a skill registered one."""
        return self._views.get(callback_id)

    def on_thread_reply(self, entity_type: str, handler: ThreadReplyHandler) -> None:
        """Let people answer in the thread of a card about an ``entity_type`` (e.g. "approve" under a request)."""
        if entity_type in self._thread_replies:
            raise ValueError(f"thread replies about {entity_type!r} already have a handler")
        self._thread_replies[entity_type] = handler

    def thread_reply_handler(self, entity_type: str) -> ThreadReplyHandler | None:
        """The handler of replies in threads of cards about ``entity_type``."""
        return self._thread_replies.get(entity_type)

    def on_thread_file(self, entity_type: str, handler: ThreadFileHandler) -> None:
        """Let people share a file in the thread of a card about ``entity_type`` (e.g. a receipt under a claim)."""
        if entity_type in self._thread_files:
            raise ValueError(f"files shared about {entity_type!r} already have a handler")
        self._thread_files[entity_type] = handler

    def thread_file_handler(self, entity_type: str) -> ThreadFileHandler | None:
        """The handler of files shared in threads of cards about ``entity_type``."""
        return self._thread_files.get(entity_type)

    def on_undelivered(self, entity_type: str, handler: UndeliveredHandler) -> None:
        """Let the skill act when a notification about an ``entity_type`` can never be delivered (e.g. tell the person
        waiting on it): the outbox worker calls ``handler`` with the failed row in the transaction that gives it up."""
        if entity_type in self._undelivered:
            raise ValueError(f"undelivered notifications about {entity_type!r} already have a handler")
        self._undelivered[entity_type] = handler

    def undelivered(self, session: Session, message: OutboxMessage) -> None:
        """Hand a notification given up for good to the skill that owns its entity, if that skill asked to know."""
        handler = self._undelivered.get(message.entity_type or "")
        if handler is not None:
            handler(session, message)

    def on_command(self, phrases: Mapping[str, Iterable[str]], handler: IntentHandler) -> None:
        """Answer a message that is exactly one of ``phrases`` (by language: ``{"en": ("undo",), "es":
        ("deshacer",)}``) with ``handler``, before routing: a one-word command is not left to the router's guess.
        Compared as :func:`command_words` reads them."""
        for lang, texts in phrases.items():
            for phrase in texts:
                key = command_words(phrase)
                if key in self._commands:
                    raise ValueError(f"command {phrase!r} already has a handler")
                self._commands[key] = (handler, lang)

    def command(self, text: str) -> tuple[IntentHandler, str] | None:
        """The handler of the whole-message command ``text`` is, with the command's language, if it is one."""
        return self._commands.get(command_words(text))

    def on_fallback(self, handler: FallbackHandler, *, narrow: bool = False) -> None:
        """Offer ``handler`` the messages no skill can act on, before the bot says it did not understand. A narrow
        one (a role's own words: "my queue" from finance, "mark payroll paid") is offered before every broad one
        (a policy quote that merely shares a word), in the order registered within each kind."""
        (self._narrow_fallbacks if narrow else self._fallbacks).append(handler)

    def fallback(self, context: Context, request: Request) -> list[Reply] | None:
        """The first fallback's replies for ``request``, or None when none of them has a good answer."""
        for handler in [*self._narrow_fallbacks, *self._fallbacks]:
            replies = handler(context, request)
            if replies:
                return replies
        return None

    def form(self, intent: str) -> Form | None:
        """The form of a write intent, if a skill declared one."""
        return self._forms.get(intent)

    def on_open_items(self, section: HomeSection) -> None:
        """Add a skill's part of the Home tab's "my open items" (e.g. pending requests, approvals to give)."""
        self._open_items.append(section)

    def open_items(self, context: Context) -> Blocks:
        """Every skill's open items for the person in ``context``."""
        return [block for section in self._open_items for block in section(context)]

    def on_capability(self, capability: CapabilityText) -> None:
        """Announce a capability in the help card (a function of the asker's context, for examples of their own;
        None when it is not the asker's: a role's own work)."""
        self._capabilities.append(capability)

    def capabilities(self, context: Context) -> list[Capability]:
        """Every announced capability that is the asker's, for the asker in ``context`` and in their language."""
        return [found for capability in self._capabilities if (found := capability(context)) is not None]

    def narrower_answer(self, context: Context, request: Request) -> list[Reply] | None:
        """The first narrower answer a skill offers for ``request``'s intent (see ``on_intent_first``), if any: for
        a form, before it starts ("take #12" is the team's command, not an update's note)."""
        for handler in self._narrower.get(request.intent, []):
            replies = handler(context, request)
            if replies:
                return replies
        return None

    def intent_handler(self, intent: str) -> IntentHandler | None:
        """The handler for ``intent``, if a skill registered one (after any narrower answer offered the request)."""
        owner = self._intents.get(intent)
        if owner is None or not self._narrower.get(intent):
            return owner

        def narrower_first(context: Context, request: Request) -> list[Reply]:
            return self.narrower_answer(context, request) or owner(context, request)

        return narrower_first

    def action_handler(self, action_id: str) -> ActionHandler | None:
        """The handler whose prefix is the longest match of ``action_id``."""
        matches = [prefix for prefix in self._actions if action_id.startswith(prefix)]
        return self._actions[max(matches, key=len)] if matches else None

    @property
    def home_sections(self) -> list[HomeSection]:
        """Home tab sections in registration order."""
        return list(self._home_sections)

    @property
    def intents(self) -> list[str]:
        """Every intent with a handler or a form."""
        return sorted(set(self._intents) | set(self._forms))
