"""The policy skill's registration: policy.ask, the answer's buttons, HR's thread replies and HR's Home section."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from db.models import Role
from knowledge.types import KnowledgeBase
from skills.base import SkillDeps
from skills.clicks import entity_id, refused_click, stale_click
from skills.core import Action, Blocks, Capability, Context, Reply, Request, SkillRegistry
from skills.errors import DomainError
from skills.i18n import translate
from skills.policy import reviews, service, views
from skills.policy.config import PolicyConfig
from skills.policy.errors import EmptyReply, KnowledgeNotConfigured, ReplyNotFromHr, ReplyTooLong
from skills.policy.messages import format_when
from skills.policy.models import PolicyQuestion, Vote
from skills.policy.queries import hr_summary

Deps = SkillDeps[PolicyConfig]


def knowledge_of(deps: Deps) -> KnowledgeBase:
    """The policy knowledge base this process was given; a DomainError telling the user what to do if none."""
    if deps.knowledge is None:
        raise KnowledgeNotConfigured()
    return deps.knowledge


def answer_question(deps: Deps, context: Context, request: Request) -> list[Reply]:
    """policy.ask: the knowledge base's answer framed in the asker's language, or the refusal with Ask HR."""
    knowledge = knowledge_of(deps)
    answer = service.ask(context.session, context.employee, request.text, context.lang, knowledge, context.via)
    if answer.escalated:
        return [Reply(text=views.refusal_text(context.lang), blocks=views.refusal_card(answer.id, context.lang))]
    text = views.answer_text(answer.answer_text, answer.sources, context.lang)
    return [Reply(text=text, blocks=views.answer_card(answer.id, answer.answer_text, answer.sources, context.lang))]


FALLBACK_CONFIDENCE = 0.45
"""How sure the policy index must be to answer a message the router did not take for a policy question.

Measured on this handbook: of 500 CLINC150 validation messages from other domains, 10 (2%) reach 0.45, against
9 of the 12 handbook questions the router sent to ``none`` (the policy gate itself is lower, ~0.34).
"""


def answer_if_known(deps: Deps, context: Context, request: Request) -> list[Reply] | None:
    """A message no skill took: answer it from the policies when they clearly do, else let the bot say it didn't get it."""
    knowledge = deps.knowledge
    if knowledge is None:
        return None
    result = knowledge.answer(request.text, service.audience_of(context.employee))
    if result.escalate or result.confidence < FALLBACK_CONFIDENCE or not result.text.strip():
        return None
    answer = service.keep_answer(context.session, context.employee, request.text, context.lang, result, context.via)
    text = views.answer_text(answer.answer_text, answer.sources, context.lang)
    return [Reply(text=text, blocks=views.answer_card(answer.id, answer.answer_text, answer.sources, context.lang))]


def ask_hr(deps: Deps, context: Context, action: Action) -> list[Reply]:
    """Ask HR: only the asker, once; the question goes to the HR channel and the answer will come back here."""
    answer_id = entity_id(action.value)
    if answer_id is None:
        return stale_click(context)
    try:
        service.send_to_hr(
            context.session, answer_id, context.employee, context.via, context.thread_key, context.now,
            deps.config, context.lang,
        )  # fmt: skip
    except DomainError as error:
        return refused_click(context, error)
    return [Reply(text=translate(context.lang, "policy.ask_hr.sent"))]


def vote(context: Context, action: Action) -> list[Reply]:
    """👍 / 👎: the asker's vote (they may change it); 👎 also offers to ask HR."""
    answer_id = entity_id(action.value)
    if answer_id is None:
        return stale_click(context)
    value = Vote.DOWN if action.action_id == views.VOTE_DOWN else Vote.UP
    try:
        answer = service.vote(context.session, answer_id, context.employee, value, context.via, context.now)
    except DomainError as error:
        return refused_click(context, error)
    if value == Vote.DOWN and answer.sent_to_hr_at is None:
        text = translate(context.lang, "policy.feedback.thanks_down")
        return [Reply(text=text, blocks=views.ask_hr_offer(answer.id, context.lang), ephemeral=True)]
    key = "policy.feedback.thanks_down_sent" if value == Vote.DOWN else "policy.feedback.thanks_up"
    return [Reply(text=translate(context.lang, key), ephemeral=True)]


def save_answer(deps: Deps, context: Context, action: Action) -> list[Reply]:
    """Save as answer (HR only, once): later questions can cite it."""
    question_id = entity_id(action.value)
    if question_id is None:
        return stale_click(context)
    try:
        reviewed = reviews.save_answer(
            context.session, question_id, context.employee, knowledge_of(deps), context.via, context.now,
            deps.config, context.lang,
        )  # fmt: skip
    except DomainError as error:
        return refused_click(context, error)
    label = translate(context.lang, "policy.hr_answer_cited", date=reviewed.saved_on.isoformat())
    return [Reply(text=translate(context.lang, "policy.save.done", label=label))]


def _review_action(decide: Callable[..., object], ack: str) -> Callable[[Deps, Context, Action], list[Reply]]:
    def handle(deps: Deps, context: Context, action: Action) -> list[Reply]:
        reviewed_id = entity_id(action.value)
        if reviewed_id is None:
            return stale_click(context)
        try:
            decide(
                context.session, reviewed_id, context.employee, knowledge_of(deps), context.via, context.now,
                deps.config, context.lang,
            )  # fmt: skip
        except DomainError as error:
            return refused_click(context, error)
        return [Reply(text=translate(context.lang, ack))]

    return handle


still_correct = _review_action(reviews.confirm_review, "policy.review.confirmed_ack")
"""Still correct (HR only): the flagged answer is indexed and cited again, with the documents' new hashes."""
withdraw = _review_action(reviews.withdraw_review, "policy.review.withdrawn_ack")
"""Withdraw (HR only): the flagged answer leaves the index for good."""


def answer_in_thread(deps: Deps, context: Context, card_entity: str, text: str) -> list[Reply] | None:
    """A message in the HR card's thread: an HR member's reply goes to the asker; anyone else's is not passed on."""
    question_id = entity_id(card_entity)
    question = context.session.get(PolicyQuestion, question_id) if question_id is not None else None
    if question is None:
        return None
    name = question.employee.name
    try:
        if not context.employee.has_role(Role.HR):
            raise ReplyNotFromHr(asker=name)
        reply = text.strip()
        if not reply:
            raise EmptyReply()
        if len(reply) > service.MAX_RELAY_CHARS:
            raise ReplyTooLong(length=len(reply), limit=service.MAX_RELAY_CHARS)
        service.record_hr_answer(
            context.session, question.id, context.employee, reply, context.via, context.now, deps.config
        )
    except DomainError as error:
        return refused_click(context, error)
    return [Reply(text=translate(context.lang, "policy.thread.relayed", name=name))]


def hr_home(context: Context) -> Blocks:
    """HR's Home tab section: open questions (count, oldest), answers flagged for review, feedback of 30 days."""
    if not context.employee.has_role(Role.HR):
        return []
    summary = hr_summary(context.session, context.now)
    lang = context.lang
    oldest = summary.oldest_open
    if oldest is None:
        open_line = translate(lang, "policy.home.open_none")
    else:
        when = format_when(oldest.created_at, lang, context.employee.timezone)
        open_line = translate(lang, "policy.home.open", count=summary.open_count, name=oldest.employee.name, when=when)
    return views.home_section(lang, open_line, summary.flagged, summary.up, summary.down, summary.latest_down)


def capability(lang: str) -> Capability:
    """How the help card announces policy questions."""
    return Capability(translate(lang, "policy.capability_title"), translate(lang, "policy.capability_example"))


def register(registry: SkillRegistry, deps: Deps) -> None:
    """Register policy.ask, the answer and HR buttons, HR's thread replies, the Home section and the help line."""
    registry.on_intent("policy.ask", partial(answer_question, deps))
    registry.on_fallback(partial(answer_if_known, deps))
    registry.on_action(views.ASK_HR, partial(ask_hr, deps))
    registry.on_action(views.VOTE, vote)
    registry.on_action(views.SAVE_ANSWER, partial(save_answer, deps))
    registry.on_action(views.STILL_CORRECT, partial(still_correct, deps))
    registry.on_action(views.WITHDRAW, partial(withdraw, deps))
    registry.on_thread_reply(service.ENTITY, partial(answer_in_thread, deps))
    registry.on_home(hr_home)
    registry.on_capability(capability)
