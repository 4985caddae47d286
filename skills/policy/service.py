"""Policy service: answer a question, send it to HR, relay HR's reply, and record the asker's vote.

Each function is one unit of change: the state, its audit row and its notifications, in the caller's transaction.
State changes are conditional updates, so two clicks (or two HR replies) can't both win.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.audit import record
from db.models import Employee, OutboxMessage, Role
from db.outbox import Entity, enqueue, enqueue_update, messages_about
from knowledge.types import Answer, Audience, KnowledgeBase
from skills.core import Blocks
from skills.i18n import normalise_language, translate
from skills.policy import views
from skills.policy.config import PolicyConfig
from skills.policy.errors import AlreadySentToHr, HrOnly, OnlyAskerAsksHr, OnlyAskerVotes, QuestionNotFound
from skills.policy.messages import format_when
from skills.policy.models import PolicyAnswer, PolicyQuestion, QuestionStatus, ReviewedAnswer, Vote
from skills.policy.provider import passage_record

ENTITY = "policy_question"
"""The HR card's entity: replies in its thread are HR's answers."""
RELAY_ENTITY = "policy_relay"
"""HR's answer as relayed to the asker (no thread handler: a reply there is an ordinary message)."""
MAX_RELAY_CHARS = 2800
"""An HR reply longer than this is not relayed (it would not fit one Slack text block)."""


def audience_of(employee: Employee) -> Audience:
    """Who the employee is to the policy index: their country and department."""
    return Audience(country=employee.country or None, department=employee.department or None)


def describe(employee: Employee) -> str:
    """How an asker is named to HR: ``Ana (ana@corp.example) · Sales · US``."""
    parts = [f"{employee.name} ({employee.email})", employee.department, employee.country]
    return " · ".join(part for part in parts if part)


# --- answering ------------------------------------------------------------------------------------------------


def ask(
    session: Session, employee: Employee, question: str, lang: str, knowledge: KnowledgeBase, via: str
) -> PolicyAnswer:
    """Ask the knowledge base for ``employee``'s audience and keep the answer (or refusal) so it can be referred to."""
    return keep_answer(session, employee, question, lang, knowledge.answer(question, audience_of(employee)), via)


def keep_answer(
    session: Session, employee: Employee, question: str, lang: str, result: Answer, via: str
) -> PolicyAnswer:
    """Store the knowledge base's ``result`` for ``question`` (with its audit row) so buttons can refer to it."""
    cited = [passage_record(passage) for passage in result.citations]
    searched = [passage_record(passage) for passage in result.searched] or cited
    answer = PolicyAnswer(
        employee_id=employee.id,
        question=question,
        lang=normalise_language(lang),
        answer_text="" if result.escalate else result.text,
        sources=[] if result.escalate else cited,
        searched=searched,
        confidence=float(result.confidence),
        escalated=bool(result.escalate or not result.text.strip()),
    )
    session.add(answer)
    session.flush()
    record(
        session, action="policy.answered", entity_type="policy_answer", entity_id=answer.id, before=None,
        after={"escalated": answer.escalated, "confidence": answer.confidence, "sources": len(cited)},
        via=via, actor=employee,
    )  # fmt: skip
    return answer


def get_answer(session: Session, answer_id: int) -> PolicyAnswer:
    """The stored answer ``answer_id``, or a DomainError."""
    answer = session.get(PolicyAnswer, answer_id, populate_existing=True)
    if answer is None:
        raise QuestionNotFound()
    return answer


def get_question(session: Session, question_id: int) -> PolicyQuestion:
    """The question for HR ``question_id``, or a DomainError."""
    question = session.get(PolicyQuestion, question_id, populate_existing=True)
    if question is None:
        raise QuestionNotFound()
    return question


def vote(session: Session, answer_id: int, employee: Employee, value: Vote, via: str, now: datetime) -> PolicyAnswer:
    """Record the asker's 👍 or 👎 (they may change their mind); anyone else's vote is refused."""
    answer = get_answer(session, answer_id)
    if answer.employee_id != employee.id:
        raise OnlyAskerVotes()
    before = answer.feedback
    session.execute(
        update(PolicyAnswer)
        .where(PolicyAnswer.id == answer.id)
        .values(feedback=str(value), feedback_by_id=employee.id, feedback_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(answer)
    record(
        session, action="policy.feedback", entity_type="policy_answer", entity_id=answer.id,
        before={"feedback": before}, after={"feedback": str(value)}, via=via, actor=employee,
    )  # fmt: skip
    return answer


# --- asking HR ------------------------------------------------------------------------------------------------


def send_to_hr(
    session: Session,
    answer_id: int,
    employee: Employee,
    via: str,
    thread_key: str,
    now: datetime,
    config: PolicyConfig,
    lang: str,
) -> PolicyQuestion:
    """Post the question to the HR channel once, remembering where HR's answer must go back to."""
    answer = get_answer(session, answer_id)
    if answer.employee_id != employee.id:
        raise OnlyAskerAsksHr()
    claimed = session.execute(
        update(PolicyAnswer)
        .where(PolicyAnswer.id == answer.id, PolicyAnswer.sent_to_hr_at.is_(None))
        .values(sent_to_hr_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(answer)
        raise AlreadySentToHr(at=answer.sent_to_hr_at or now, timezone=employee.timezone)
    question = PolicyQuestion(
        answer_id=answer.id,
        employee_id=employee.id,
        question=answer.question,
        lang=answer.lang,
        via=via,
        thread_key=thread_key,
        status=QuestionStatus.OPEN,
        created_at=now,
    )
    session.add(question)
    session.flush()
    text, blocks = hr_card_content(question, config)
    enqueue(session, text=text, blocks=blocks, channel=config.hr_channel, entity=Entity(ENTITY, question.id))
    record(
        session, action="policy.sent_to_hr", entity_type=ENTITY, entity_id=question.id, before=None,
        after={"answer_id": answer.id, "status": question.status, "via": via, "thread_key": thread_key},
        via=via, actor=employee,
    )  # fmt: skip
    return question


def hr_card_content(
    question: PolicyQuestion, config: PolicyConfig, reviewed: ReviewedAnswer | None = None
) -> tuple[str, Blocks]:
    """The HR card for ``question`` as it stands now: text and blocks."""
    lang = config.hr_language
    outcome: list[str] = []
    if question.answered_by is not None and question.answered_at is not None:
        when = format_when(question.answered_at, lang, question.answered_by.timezone)
        outcome.append(translate(lang, "policy.hr.answered", name=question.answered_by.name, when=when))
    if reviewed is not None:
        saver = reviewed.saved_by
        when = format_when(reviewed.created_at, lang, saver.timezone if saver else "UTC")
        outcome.append(translate(lang, "policy.hr.saved", name=saver.name if saver else "?", when=when))
    asker = describe(question.employee)
    blocks = views.hr_card(
        question.id,
        question.question,
        asker,
        question.employee.name,
        question.lang,
        question.answer.searched,
        lang,
        outcome,
        question.last_answer,
        can_save=question.status == QuestionStatus.ANSWERED and bool(question.last_answer),
    )
    return views.hr_card_text(question.id, question.question, asker, lang, outcome), blocks


def hr_card_message(session: Session, question_id: int) -> OutboxMessage | None:
    """The card posted in the HR channel about the question (its first top-level post)."""
    posts = messages_about(session, Entity(ENTITY, question_id))
    return next((post for post in posts if post.channel is not None and post.thread_ts is None), None)


def refresh_hr_card(
    session: Session, question: PolicyQuestion, config: PolicyConfig, reviewed: ReviewedAnswer | None = None
) -> bool:
    """Queue an edit of the HR card so it shows who answered, the last answer and the Save button."""
    card = hr_card_message(session, question.id)
    if card is None:
        return False
    text, blocks = hr_card_content(question, config, reviewed)
    enqueue_update(session, card, text=text, blocks=blocks)
    return True


def relay_target(via: str, thread_key: str) -> tuple[str | None, str | None]:
    """Where to post HR's answer: Slack's ``(channel, thread ts)`` of the asker's conversation, or ``(None, None)``."""
    if via != "slack":
        return None, None
    channel, _, ts = thread_key.rpartition(":")
    if not channel:
        return None, None
    return channel, ts if ts.replace(".", "").isdigit() else None


def record_hr_answer(
    session: Session, question_id: int, hr: Employee, text: str, via: str, now: datetime, config: PolicyConfig
) -> PolicyQuestion:
    """Relay an HR member's reply to the asker; the first reply marks the question answered (by whom, when)."""
    if not hr.has_role(Role.HR):
        raise HrOnly()
    question = get_question(session, question_id)
    first = session.execute(
        update(PolicyQuestion)
        .where(PolicyQuestion.id == question.id, PolicyQuestion.status == QuestionStatus.OPEN)
        .values(status=QuestionStatus.ANSWERED, answered_by_id=hr.id, answered_at=now)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(PolicyQuestion)
        .where(PolicyQuestion.id == question.id)
        .values(last_answer=text, last_answer_by_id=hr.id, last_answer_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(question)
    body, blocks = views.relay(question.answer_id, question.question, text, hr.name, question.lang)
    channel, thread_ts = relay_target(question.via, question.thread_key)
    target: dict[str, Any] = (
        {"channel": channel, "thread_ts": thread_ts} if channel else {"recipient": question.employee}
    )
    enqueue(session, text=body, blocks=blocks, entity=Entity(RELAY_ENTITY, question.id), **target)
    answered = first.rowcount == 1  # type: ignore[attr-defined]
    record(
        session, action="policy.hr_answered" if answered else "policy.hr_replied", entity_type=ENTITY,
        entity_id=question.id, before={"status": QuestionStatus.OPEN} if answered else None,
        after={"status": question.status, "answer": text}, via=via, actor=hr,
    )  # fmt: skip
    refresh_hr_card(session, question, config, reviewed_of(session, question))
    return question


def reviewed_of(session: Session, question: PolicyQuestion) -> ReviewedAnswer | None:
    """The reviewed answer saved from ``question``, if HR saved one."""
    return session.scalar(select(ReviewedAnswer).where(ReviewedAnswer.question_id == question.id))
