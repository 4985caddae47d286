"""The policy skill's scheduled work: remind HR of questions left unanswered; keep HR's answers in the index.

Each job asks the queries what is due, claims it with a conditional transition, then notifies; running it twice (or
in two processes) reminds nobody twice. ``now`` comes from the job's context, the config and the knowledge base from
its skill's dependencies.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_

from skills.common.transition import transition
from skills.jobs import Job, JobContext
from skills.policy.config import PolicyConfig
from skills.policy.models import PolicyQuestion, QuestionStatus
from skills.policy.notifications import post_reminder
from skills.policy.queries import active_reviewed_answers, questions_due_for_reminder
from skills.policy.service import index_reviewed_answer


def remind_hr(ctx: JobContext) -> int:
    """Remind HR in the question's thread of questions open for a business day, then once a business day."""
    config: PolicyConfig = ctx.deps.config
    sent = 0
    for question in questions_due_for_reminder(ctx.session, ctx.now):
        seen = question.last_reminded_at
        claimed = transition(
            ctx.session, question, PolicyQuestion.status == QuestionStatus.OPEN,
            or_(PolicyQuestion.last_reminded_at.is_(None), PolicyQuestion.last_reminded_at == seen),
            last_reminded_at=ctx.now,
        )  # fmt: skip
        if not claimed:
            continue
        post_reminder(ctx.session, question, config)
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
    active = {reviewed.id: reviewed for reviewed in active_reviewed_answers(ctx.session)}
    indexed = knowledge.reviewed_answer_ids()
    for stray in sorted(indexed - set(active)):
        knowledge.remove_reviewed_answer(stray)
    for missing in sorted(set(active) - indexed):
        index_reviewed_answer(knowledge, active[missing])
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
