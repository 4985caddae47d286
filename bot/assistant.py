"""The front-end neutral core: route a message or a click to a skill inside one unit of work, and reply."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import bot.messages  # noqa: F401  (registers the transport's texts)
from db.engine import Database
from db.models import Employee
from db.types import utcnow
from skills.core import Action, Context, Reply, Request, SkillRegistry
from skills.errors import DomainError
from skills.i18n import normalise_language, translate

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 4000
_MENTION = re.compile(r"<@[A-Z0-9]+>")
_SPACES = re.compile(r"\s+")


class RouteResult(Protocol):
    """What a router understood of a text."""

    @property
    def intent(self) -> str: ...  # noqa: D102

    @property
    def slots(self) -> dict[str, Any]: ...  # noqa: D102

    @property
    def confidence(self) -> float: ...  # noqa: D102

    @property
    def lang(self) -> str: ...  # noqa: D102


class Router(Protocol):
    """Classifies a text into an intent of the catalog (or ``none``) with its slots."""

    def route(self, text: str, *, locale: str | None = None) -> RouteResult:  # noqa: D102
        ...


@dataclass(frozen=True)
class Origin:
    """Where a message or click came from: the front end and the conversation thread."""

    via: str
    thread_key: str


def clean_text(text: str) -> str:
    """Drop mentions of the bot, control characters and repeated whitespace."""
    text = _MENTION.sub(" ", text)
    text = "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")
    return _SPACES.sub(" ", text).strip()


def new_reference() -> str:
    """A short random id shown to the user and written to the log with the stack trace."""
    return secrets.token_hex(4).upper()


class Assistant:
    """Runs each request in one database session, turning domain errors into friendly replies."""

    def __init__(self, database: Database, registry: SkillRegistry, router: Router, settings: Any = None) -> None:
        self.database = database
        self.registry = registry
        self.router = router
        self.settings = settings

    def handle_message(self, employee_id: int, text: str, origin: Origin) -> list[Reply]:
        """Answer a message ``employee_id`` wrote."""
        cleaned = clean_text(text)
        return self._run(employee_id, origin, lambda context: self._answer(context, cleaned, len(text)))

    def handle_action(self, employee_id: int, action: Action, origin: Origin) -> list[Reply]:
        """Answer a button press on one of our cards."""

        def act(context: Context) -> list[Reply]:
            handler = self.registry.action_handler(action.action_id)
            if handler is None:
                log.warning("no handler for action %s", action.action_id)
                return [Reply(text=translate(context.lang, "bot.stale_action"), ephemeral=True)]
            return handler(context, action)

        return self._run(employee_id, origin, act)

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
        route = self.router.route(text, locale=context.employee.locale)
        context.lang = normalise_language(route.lang or context.lang)
        if route.intent == "none":
            return [Reply(text=translate(context.lang, "bot.not_understood"))]
        handler = self.registry.intent_handler(route.intent)
        if handler is None:
            return [Reply(text=translate(context.lang, "bot.not_available", intent=route.intent))]
        request = Request(text=text, intent=route.intent, slots=dict(route.slots), confidence=route.confidence)
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
                    now=utcnow(),
                    settings=self.settings,
                )
                try:
                    return work(context)
                except DomainError as error:
                    session.rollback()
                    return [Reply(text=error.message(context.lang))]
        except Exception:
            reference = new_reference()
            log.exception("request failed (ref %s, employee %s, via %s)", reference, employee_id, origin.via)
            return [Reply(text=translate(lang, "bot.error_with_ref", ref=reference))]
