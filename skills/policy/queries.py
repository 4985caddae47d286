"""Read-only numbers for HR's Home tab: open questions, answers flagged for review, and recent feedback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from skills.policy.models import PolicyAnswer, PolicyQuestion, QuestionStatus, ReviewedAnswer, ReviewStatus, Vote

FEEDBACK_WINDOW = timedelta(days=30)
LATEST_DOWN_SHOWN = 5


@dataclass(frozen=True)
class HrSummary:
    """What HR sees about policy questions on their Home tab."""

    open_count: int
    oldest_open: PolicyQuestion | None
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
        oldest_open=oldest,
        flagged=flagged,
        up=votes.get(Vote.UP, 0),
        down=votes.get(Vote.DOWN, 0),
        latest_down=latest_down,
    )
