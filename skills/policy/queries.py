"""Every read of the policy skill: its rows by id, who may do what, what is due, the HR cards sent, HR's Home numbers.

Permission questions (``is_hr``, ``is_asker``, ``can_save``) are asked here before acting; the rules raise their
named errors from the same answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Employee, OutboxMessage, Role
from db.outbox import Entity, messages_about
from skills.common.time import business_days_between
from skills.policy.errors import QuestionNotFound
from skills.policy.messages import ReviewDecision
from skills.policy.models import (
    QUESTION_ENTITY,
    REVIEW_ENTITY,
    PolicyAnswer,
    PolicyQuestion,
    QuestionStatus,
    ReviewedAnswer,
    ReviewStatus,
    Vote,
)

FEEDBACK_WINDOW = timedelta(days=30)
LATEST_DOWN_SHOWN = 5
REMIND_AFTER_BUSINESS_DAYS = 1
"""HR is reminded of an open question after this many business days, then once every such period."""


def is_hr(employee: Employee) -> bool:
    """Whether ``employee`` answers for HR (HR members and admins)."""
    return employee.has_role(Role.HR)


def is_asker(answer: PolicyAnswer, employee: Employee) -> bool:
    """Whether ``employee`` asked the question ``answer`` answers."""
    return answer.employee_id == employee.id


def can_ask_hr(answer: PolicyAnswer) -> bool:
    """Whether Ask HR can still be offered for ``answer`` (its question has not gone to HR yet)."""
    return answer.sent_to_hr_at is None


def can_save(question: PolicyQuestion) -> bool:
    """Whether HR's last answer to ``question`` can be saved as a reviewed answer now."""
    return question.status == QuestionStatus.ANSWERED and bool(question.last_answer)


def get_answer(session: Session, answer_id: int) -> PolicyAnswer:
    """The stored answer ``answer_id``, read afresh; QuestionNotFound when it is gone."""
    answer = session.get(PolicyAnswer, answer_id, populate_existing=True)
    if answer is None:
        raise QuestionNotFound()
    return answer


def find_question(session: Session, question_id: int) -> PolicyQuestion | None:
    """The question for HR ``question_id``, read afresh, or None."""
    return session.get(PolicyQuestion, question_id, populate_existing=True)


def get_question(session: Session, question_id: int) -> PolicyQuestion:
    """The question for HR ``question_id``, read afresh; QuestionNotFound when it is gone."""
    question = find_question(session, question_id)
    if question is None:
        raise QuestionNotFound()
    return question


def get_reviewed(session: Session, reviewed_id: int) -> ReviewedAnswer:
    """The reviewed answer ``reviewed_id``, read afresh; QuestionNotFound when it is gone."""
    reviewed = session.get(ReviewedAnswer, reviewed_id, populate_existing=True)
    if reviewed is None:
        raise QuestionNotFound()
    return reviewed


def review_decision(reviewed: ReviewedAnswer) -> ReviewDecision:
    """What HR decided about ``reviewed`` (its status), by whom and when."""
    who = reviewed.reviewed_by
    return ReviewDecision(
        status=reviewed.status,
        reviewer=who.name if who else "?",
        at=reviewed.reviewed_at,
        timezone=who.timezone if who else "UTC",
    )


def reviewed_of(session: Session, question: PolicyQuestion) -> ReviewedAnswer | None:
    """The reviewed answer saved from ``question``, if HR saved one."""
    return session.scalar(select(ReviewedAnswer).where(ReviewedAnswer.question_id == question.id))


def active_reviewed_answers(session: Session) -> list[ReviewedAnswer]:
    """The reviewed answers the policy index should hold (status active), oldest first."""
    query = select(ReviewedAnswer).where(ReviewedAnswer.status == ReviewStatus.ACTIVE).order_by(ReviewedAnswer.id)
    return list(session.scalars(query))


def questions_due_for_reminder(session: Session, now: datetime) -> list[PolicyQuestion]:
    """Open questions HR has not heard about for a business day (since asked, or since the last reminder)."""
    query = select(PolicyQuestion).where(PolicyQuestion.status == QuestionStatus.OPEN).order_by(PolicyQuestion.id)
    open_questions = session.scalars(query.execution_options(populate_existing=True))
    return [
        question
        for question in open_questions
        if business_days_between(question.last_reminded_at or question.created_at, now) >= REMIND_AFTER_BUSINESS_DAYS
    ]


def open_questions(session: Session) -> list[PolicyQuestion]:
    """The questions sent to HR that nobody in HR has answered yet, oldest first."""
    query = select(PolicyQuestion).where(PolicyQuestion.status == QuestionStatus.OPEN)
    return list(session.scalars(query.order_by(PolicyQuestion.created_at, PolicyQuestion.id)))


def hr_card_message(session: Session, question_id: int) -> OutboxMessage | None:
    """The card posted in the HR channel about the question (its first top-level post)."""
    posts = messages_about(session, Entity(QUESTION_ENTITY, question_id))
    return next((post for post in posts if post.channel is not None and post.thread_ts is None), None)


def review_cards(session: Session, reviewed_id: int) -> list[OutboxMessage]:
    """Every card posted to HR about the review of reviewed answer ``reviewed_id``."""
    return messages_about(session, Entity(REVIEW_ENTITY, reviewed_id))


@dataclass(frozen=True)
class HrSummary:
    """What HR sees about policy questions on their Home tab."""

    open_count: int
    oldest_asker: str | None
    oldest_at: datetime | None
    flagged: int
    up: int
    down: int
    latest_down: list[str]


def hr_summary(session: Session, now: datetime) -> HrSummary:
    """Open questions (count, oldest), reviewed answers needing a review, and 👍/👎 of the last 30 days."""
    open_filter = PolicyQuestion.status == QuestionStatus.OPEN
    open_count = session.scalar(select(func.count()).select_from(PolicyQuestion).where(open_filter)) or 0
    oldest = session.scalar(select(PolicyQuestion).where(open_filter).order_by(PolicyQuestion.created_at).limit(1))
    flagged = (
        session.scalar(
            select(func.count()).select_from(ReviewedAnswer).where(ReviewedAnswer.status == ReviewStatus.NEEDS_REVIEW)
        )
        or 0
    )
    since = now - FEEDBACK_WINDOW
    counted = session.execute(
        select(PolicyAnswer.feedback, func.count())
        .where(PolicyAnswer.feedback.is_not(None), PolicyAnswer.feedback_at >= since)
        .group_by(PolicyAnswer.feedback)
    )
    votes: dict[str, int] = {str(feedback): int(count) for feedback, count in counted}
    latest_down = list(
        session.scalars(
            select(PolicyAnswer.question)
            .where(PolicyAnswer.feedback == Vote.DOWN, PolicyAnswer.feedback_at >= since)
            .order_by(PolicyAnswer.feedback_at.desc(), PolicyAnswer.id.desc())
            .limit(LATEST_DOWN_SHOWN)
        )
    )
    return HrSummary(
        open_count=open_count,
        oldest_asker=oldest.employee.name if oldest is not None else None,
        oldest_at=oldest.created_at if oldest is not None else None,
        flagged=flagged,
        up=votes.get(Vote.UP, 0),
        down=votes.get(Vote.DOWN, 0),
        latest_down=latest_down,
    )
