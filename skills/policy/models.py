"""The policy skill's tables: every answer given, questions sent to HR, and HR answers kept as reviewed answers.

Their times come from the command's Actor (the clock the process was given), never from a column default that would
read the machine's clock: an insert without ``created_at`` fails instead of recording the wrong time, and every
transition of a reviewed answer sets ``updated_at`` itself.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

import knowledge.models  # noqa: F401  (the policy index's own tables belong to the same metadata)
from db.base import Base
from db.models import Employee
from db.types import UTCDateTime
from knowledge.types import Passage

QUESTION_ENTITY = "policy_question"
"""The HR card's entity (outbox and audit): replies in its thread are HR's answers."""
RELAY_ENTITY = "policy_relay"
"""HR's answer as relayed to the asker (no thread handler: a reply there is an ordinary message)."""
REVIEW_ENTITY = "policy_review"
"""The HR channel's card asking whether a reviewed answer is still correct."""
ANSWER_ENTITY = "policy_answer"
REVIEWED_ENTITY = "policy_reviewed_answer"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Vote(StrEnum):
    """The asker's feedback on an answer."""

    UP = "up"
    DOWN = "down"


class QuestionStatus(StrEnum):
    """Where a question sent to HR stands."""

    OPEN = "open"  # waiting for HR
    ANSWERED = "answered"  # HR replied in the thread; the reply went back to the asker
    SAVED = "saved"  # HR kept the answer as a reviewed answer


class ReviewStatus(StrEnum):
    """Where a reviewed HR answer stands in the policy index."""

    ACTIVE = "active"  # indexed and cited
    NEEDS_REVIEW = "needs_review"  # a policy document it relied on changed: out of the index until HR looks
    WITHDRAWN = "withdrawn"  # HR took it back


def passage_record(passage: Passage) -> dict[str, Any]:
    """What is kept of a passage on the answer row: file, section, kind, score, and a reviewed answer's date."""
    chunk = passage.chunk
    saved_on = chunk.metadata.get("saved_on") or _first_date(chunk.section) or _first_date(chunk.title)
    return {
        "source": chunk.source,
        "section": chunk.section,
        "kind": chunk.kind,
        "score": round(float(passage.score), 4),
        "saved_on": str(saved_on) if saved_on else "",
    }


def _first_date(text: str) -> str:
    found = _DATE.search(text or "")
    return found.group(0) if found else ""


class PolicyAnswer(Base):
    """One policy question answered (or not) in chat, with what was cited and searched, and the asker's vote."""

    __tablename__ = "policy_answers"
    __table_args__ = (Index("ix_policy_answers_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8), default="en")
    answer_text: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    """The cited passages: ``{"source", "section", "kind", "score", "saved_on"}``, in citation order."""
    searched: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    """The best passages found (the same shape), for HR when the question is escalated."""
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    feedback: Mapped[str | None] = mapped_column(String(8))
    feedback_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    feedback_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_to_hr_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])

    def __repr__(self) -> str:
        return f"PolicyAnswer(id={self.id!r}, escalated={self.escalated!r}, feedback={self.feedback!r})"


class PolicyQuestion(Base):
    """A question sent to HR from an answer: where to relay HR's reply, who answered first, and the last answer."""

    __tablename__ = "policy_questions"
    __table_args__ = (
        UniqueConstraint("answer_id", name="uq_policy_questions_answer_id"),
        Index("ix_policy_questions_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("policy_answers.id", ondelete="CASCADE"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8), default="en")
    via: Mapped[str] = mapped_column(String(16))
    thread_key: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), default=QuestionStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_answer: Mapped[str | None] = mapped_column(Text)
    last_answer_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    last_answer_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    answer: Mapped[PolicyAnswer] = relationship()
    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    answered_by: Mapped[Employee | None] = relationship(foreign_keys=[answered_by_id])
    last_answer_by: Mapped[Employee | None] = relationship(foreign_keys=[last_answer_by_id])

    def __repr__(self) -> str:
        return f"PolicyQuestion(id={self.id!r}, status={self.status!r})"


class ReviewedAnswer(Base):
    """An HR answer kept for later questions: indexed while active, with the documents (and hashes) it relied on."""

    __tablename__ = "policy_reviewed_answers"
    __table_args__ = (
        UniqueConstraint("question_id", name="uq_policy_reviewed_answers_question_id"),
        Index("ix_policy_reviewed_answers_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("policy_questions.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8), default="en")
    saved_on: Mapped[date] = mapped_column(Date)
    """The date citations show ("HR answer (2026-11-25)"): when it was saved, or last confirmed after a review."""
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    relies_on: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    """Policy document file name -> its content hash when the answer was saved (or last confirmed)."""
    status: Mapped[str] = mapped_column(String(16), default=ReviewStatus.ACTIVE)
    flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    flagged_sources: Mapped[list[str] | None] = mapped_column(JSON)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    saved_by: Mapped[Employee | None] = relationship(foreign_keys=[saved_by_id])
    reviewed_by: Mapped[Employee | None] = relationship(foreign_keys=[reviewed_by_id])

    def __repr__(self) -> str:
        return f"ReviewedAnswer(id={self.id!r}, status={self.status!r})"


__all__ = [
    "ANSWER_ENTITY",
    "QUESTION_ENTITY",
    "RELAY_ENTITY",
    "REVIEWED_ENTITY",
    "REVIEW_ENTITY",
    "PolicyAnswer",
    "PolicyQuestion",
    "QuestionStatus",
    "ReviewStatus",
    "ReviewedAnswer",
    "Vote",
    "passage_record",
]
