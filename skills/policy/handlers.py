"""The policy skill's registration: thin adapters from policy.ask, the fallback, the buttons, HR's thread replies and
HR's Home section to the service (commands), the queries (reads) and the views (what is shown)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from sqlalchemy.orm import Session

from db.models import OutboxMessage
from knowledge.types import KnowledgeBase
from skills.base import SkillDeps
from skills.clicks import entity_id, refused_click, stale_click
from skills.core import Action, ActionHandler, Blocks, Capability, Context, Reply, Request, SkillRegistry
from skills.errors import DomainError
from skills.i18n import translate
from skills.policy import matching, queries, service, views
from skills.policy.config import PolicyConfig
from skills.policy.errors import KnowledgeNotConfigured
from skills.policy.models import QUESTION_ENTITY, PolicyAnswer, Vote

Deps = SkillDeps[PolicyConfig]
EntityClick = Callable[[Context, Action, int], list[Reply]]
"""A button handler given the id of the row its button carries."""


def knowledge_of(deps: Deps) -> KnowledgeBase:
    """The policy knowledge base this process was given; KnowledgeNotConfigured (says what to run) if none."""
    if deps.knowledge is None:
        raise KnowledgeNotConfigured()
    return deps.knowledge


def on_entity(click: EntityClick) -> ActionHandler:
    """A button handler for ``click``: a button without a readable id is stale, a refused click says why to its
    clicker only (and changes nothing)."""

    def handle(context: Context, action: Action) -> list[Reply]:
        row_id = entity_id(action.value)
        if row_id is None:
            return stale_click(context)
        try:
            return click(context, action, row_id)
        except DomainError as error:
            return refused_click(context, error)

    return handle


def _answer_reply(answer: PolicyAnswer, lang: str) -> Reply:
    text = views.answer_text(answer.answer_text, answer.sources, lang)
    return Reply(text=text, blocks=views.answer_card(answer.id, answer.answer_text, answer.sources, lang))


def answer_question(deps: Deps, context: Context, request: Request) -> list[Reply]:
    """policy.ask: the knowledge base's answer framed in the asker's language, or the refusal with Ask HR."""
    answer = service.ask(
        context.session, actor=context.actor, question=request.text, lang=context.lang, knowledge=knowledge_of(deps)
    )
    if answer.escalated:
        return [Reply(text=views.refusal_text(context.lang), blocks=views.refusal_card(answer.id, context.lang))]
    return [_answer_reply(answer, context.lang)]


def answer_if_known(deps: Deps, context: Context, request: Request) -> list[Reply] | None:
    """A message no skill took: answer it from the policies when they clearly do, else let the bot say it didn't get it."""
    if deps.knowledge is None:
        return None
    answer = service.answer_if_clear(
        context.session, actor=context.actor, question=request.text, lang=context.lang, knowledge=deps.knowledge
    )
    return [_answer_reply(answer, context.lang)] if answer is not None else None


def reach_hr(deps: Deps, context: Context, request: Request) -> list[Reply] | None:
    """A message no skill took that asks for HR: with what about, the policy answer or the refusal with Ask HR; without,
    how to ask. None for any other message."""
    if deps.knowledge is None or not matching.asks_for_hr(request.text):
        return None
    if matching.says_what_about(request.text):
        return answer_question(deps, context, request)
    return [Reply(text=translate(context.lang, "policy.reach_hr"))]


def ask_hr(deps: Deps, context: Context, action: Action, answer_id: int) -> list[Reply]:
    """Ask HR: only the asker, once; the question goes to the HR channel and the answer will come back here."""
    service.send_to_hr(
        context.session, actor=context.actor, answer_id=answer_id, thread_key=context.thread_key, config=deps.config
    )
    return [Reply(text=translate(context.lang, "policy.ask_hr.sent"))]


def vote(context: Context, action: Action, answer_id: int) -> list[Reply]:
    """👍 / 👎: the asker's vote (they may change it); 👎 also offers to ask HR unless HR already has the question."""
    value = Vote.DOWN if action.action_id == views.VOTE_DOWN else Vote.UP
    answer = service.vote(context.session, actor=context.actor, answer_id=answer_id, value=value)
    if value == Vote.DOWN and queries.can_ask_hr(answer):
        text = translate(context.lang, "policy.feedback.thanks_down")
        return [Reply(text=text, blocks=views.ask_hr_offer(answer.id, context.lang), ephemeral=True)]
    key = "policy.feedback.thanks_down_sent" if value == Vote.DOWN else "policy.feedback.thanks_up"
    return [Reply(text=translate(context.lang, key), ephemeral=True)]


def save_answer(deps: Deps, context: Context, action: Action, question_id: int) -> list[Reply]:
    """Save as answer (HR only, once): later questions can cite it."""
    reviewed = service.save_answer(
        context.session, actor=context.actor, question_id=question_id, knowledge=knowledge_of(deps), config=deps.config
    )
    label = translate(context.lang, "policy.hr_answer_cited", date=reviewed.saved_on.isoformat())
    return [Reply(text=translate(context.lang, "policy.save.done", label=label))]


def still_correct(deps: Deps, context: Context, action: Action, reviewed_id: int) -> list[Reply]:
    """Still correct (HR only): the flagged answer is indexed and cited again, with the documents' new hashes."""
    service.confirm_review(
        context.session, actor=context.actor, reviewed_id=reviewed_id, knowledge=knowledge_of(deps), config=deps.config
    )
    return [Reply(text=translate(context.lang, "policy.review.confirmed_ack"))]


def withdraw(deps: Deps, context: Context, action: Action, reviewed_id: int) -> list[Reply]:
    """Withdraw (HR only): the flagged answer leaves the index for good."""
    service.withdraw_review(
        context.session, actor=context.actor, reviewed_id=reviewed_id, knowledge=knowledge_of(deps), config=deps.config
    )
    return [Reply(text=translate(context.lang, "policy.review.withdrawn_ack"))]


def answer_in_thread(deps: Deps, context: Context, card_entity: str, text: str) -> list[Reply] | None:
    """A message in the HR card's thread: an HR member's reply goes to the asker; anyone else's is not passed on."""
    question_id = entity_id(card_entity)
    question = queries.find_question(context.session, question_id) if question_id is not None else None
    if question is None:
        return None
    try:
        service.record_hr_answer(
            context.session, actor=context.actor, question_id=question.id, text=text, config=deps.config
        )
    except DomainError as error:
        return refused_click(context, error)
    return [Reply(text=translate(context.lang, "policy.thread.relayed", name=question.employee.name))]


def card_undelivered(session: Session, message: OutboxMessage) -> None:
    """A notification about a question for HR was given up: if it was the HR card, the asker learns it never got there."""
    question_id = entity_id(message.entity_id or "")
    if question_id is not None:
        service.hr_card_undelivered(session, question_id=question_id, message_id=message.id)


def hr_capability(context: Context) -> Capability | None:
    """The help card's line of HR's own work (the questions waiting, answered in their cards' threads), for HR."""
    if not queries.is_hr(context.employee):
        return None
    lang = context.lang
    return Capability(translate(lang, "policy.capability.hr_title"), translate(lang, "policy.capability.hr"))


def open_questions_asked(deps: Deps, context: Context, request: Request) -> list[Reply] | None:
    """HR asking for the questions waiting for them ("unanswered questions", "¿qué preguntas tengo pendientes?"),
    however the router read it: the list, oldest first; None for anyone else or any other message."""
    if not queries.is_hr(context.employee) or not matching.asks_for_open_questions(request.text):
        return None
    waiting = [
        views.OpenQuestion(asker=question.employee.name, asked_at=question.created_at, question=question.question)
        for question in queries.open_questions(context.session)
    ]
    text = views.open_questions_text(waiting, deps.config.hr_channel, context.lang, context.employee.timezone)
    return [Reply(text=text)]


def hr_home(context: Context) -> Blocks:
    """HR's Home tab section: open questions (count, oldest), answers flagged for review, feedback of 30 days."""
    if not queries.is_hr(context.employee):
        return []
    summary = queries.hr_summary(context.session, context.now)
    return views.home_section(summary, context.lang, context.employee.timezone)


def register(registry: SkillRegistry, deps: Deps) -> None:
    """Register policy.ask, the fallback, the answer and HR buttons, HR's thread replies, Home and the help line."""
    registry.on_intent("policy.ask", partial(answer_question, deps))
    registry.on_fallback(partial(open_questions_asked, deps))
    registry.on_fallback(partial(answer_if_known, deps))
    registry.on_fallback(partial(reach_hr, deps))  # after the policies' clear answers ("how do I contact HR?")
    for read in ("approvals.inbox", "help", "policy.ask"):  # "¿qué preguntas tengo pendientes?" read as one of these
        registry.on_intent_first(read, partial(open_questions_asked, deps))
    registry.on_action(views.ASK_HR, on_entity(partial(ask_hr, deps)))
    registry.on_action(views.VOTE, on_entity(vote))
    registry.on_action(views.SAVE_ANSWER, on_entity(partial(save_answer, deps)))
    registry.on_action(views.STILL_CORRECT, on_entity(partial(still_correct, deps)))
    registry.on_action(views.WITHDRAW, on_entity(partial(withdraw, deps)))
    registry.on_thread_reply(QUESTION_ENTITY, partial(answer_in_thread, deps))
    registry.on_undelivered(QUESTION_ENTITY, card_undelivered)
    registry.on_home(hr_home)
    registry.on_capability(lambda context: views.capability(context.lang))
    registry.on_capability(hr_capability)
