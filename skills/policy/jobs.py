"""The policy skill's scheduled work: remind HR of questions left unanswered; keep HR's answers in the index.

The job asks what is due, claims each question with a conditional update, then posts; running it twice (or in two
processes) reminds nobody twice.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, select, update

from db.outbox import Entity, enqueue
from skills.common.time import business_days_between
from skills.i18n import translate
from skills.jobs import Job, JobContext
from skills.policy.config import PolicyConfig
from skills.policy.messages import format_when
from skills.policy.models import PolicyQuestion, QuestionStatus, ReviewedAnswer, ReviewStatus
from skills.policy.service import ENTITY, hr_card_message

REMIND_AFTER_BUSINESS_DAYS = 1


def _open_questions(ctx: JobContext) -> list[PolicyQuestion]:
    query = select(PolicyQuestion).where(PolicyQuestion.status == QuestionStatus.OPEN).order_by(PolicyQuestion.id)
    return list(ctx.session.scalars(query.execution_options(populate_existing=True)))


def remind_hr(ctx: JobContext) -> int:
    """Remind HR in the question's thread of questions open for a business day, then once a business day."""
    sent = 0
    config: PolicyConfig = ctx.deps.config
    lang = config.hr_language
    for question in _open_questions(ctx):
        last = question.last_reminded_at or question.created_at
        if business_days_between(last, ctx.now) < REMIND_AFTER_BUSINESS_DAYS:
            continue
        claimed = ctx.session.execute(
            update(PolicyQuestion)
            .where(
                PolicyQuestion.id == question.id,
                PolicyQuestion.status == QuestionStatus.OPEN,
                or_(
                    PolicyQuestion.last_reminded_at.is_(None),
                    PolicyQuestion.last_reminded_at == question.last_reminded_at,
                ),
            )
            .values(last_reminded_at=ctx.now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            continue
        card = hr_card_message(ctx.session, question.id)
        in_thread = card is not None and card.sent_ts is not None
        channel = (card.sent_channel if card is not None and in_thread else None) or config.hr_channel
        since = format_when(question.created_at, lang)
        text = translate(lang, "policy.reminder", name=question.employee.name, since=since)
        enqueue(
            ctx.session,
            text=text,
            channel=channel,
            thread_ts=card.sent_ts if card is not None and in_thread else None,
            entity=Entity(ENTITY, question.id),
        )
        sent += 1
    return sent


def sync_reviewed_answers(ctx: JobContext) -> int:
    """Make the index hold exactly the active reviewed answers: re-add lost ones, drop ones the database lacks.

    The index is not transactional: a reviewed answer indexed by a transaction that then failed stays in it, and a
    lost or rebuilt index folder forgets HR's answers. Returns how many were added or removed.
    """
    knowledge = ctx.deps.knowledge
    if knowledge is None:
        return 0
    active = {
        reviewed.id: reviewed
        for reviewed in ctx.session.scalars(select(ReviewedAnswer).where(ReviewedAnswer.status == ReviewStatus.ACTIVE))
    }
    indexed = knowledge.reviewed_answer_ids()
    for stray in sorted(indexed - set(active)):
        knowledge.remove_reviewed_answer(stray)
    for missing in sorted(set(active) - indexed):
        reviewed = active[missing]
        knowledge.add_reviewed_answer(
            reviewed.id, reviewed.question, reviewed.answer, saved_on=reviewed.saved_on.isoformat(), lang=reviewed.lang
        )
    return len(indexed - set(active)) + len(set(active) - indexed)


JOBS = (
    Job("policy.remind_hr", timedelta(minutes=15), remind_hr, "remind HR of questions open for a business day"),
    Job(
        "policy.sync_index",
        timedelta(hours=1),
        sync_reviewed_answers,
        "keep HR's reviewed answers in the policy index in line with the database",
    ),
)
