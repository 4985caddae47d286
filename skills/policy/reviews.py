"""Reviewed answers: HR saves an answer for later questions; a change to a document it relied on sends it back to HR."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.audit import record
from db.models import Employee, Role
from db.outbox import Entity, enqueue, enqueue_update, messages_about
from knowledge.types import POLICY, KnowledgeBase
from skills.policy import views
from skills.policy.config import PolicyConfig
from skills.policy.errors import AlreadySaved, HrOnly, NothingToSave, QuestionNotFound, ReviewAlreadyDecided
from skills.policy.messages import review_outcome
from skills.policy.models import PolicyQuestion, QuestionStatus, ReviewedAnswer, ReviewStatus
from skills.policy.service import get_question, refresh_hr_card, reviewed_of

REVIEW_ENTITY = "policy_review"
"""The HR channel's card asking whether a reviewed answer is still correct."""


def _require_hr(employee: Employee) -> None:
    if not employee.has_role(Role.HR):
        raise HrOnly()


def local_day(now: datetime, timezone: str) -> str:
    """``now`` as a ``YYYY-MM-DD`` date in ``timezone`` (the date a citation shows)."""
    try:
        zone = ZoneInfo(timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return now.astimezone(zone).date().isoformat()


def relied_on(searched: Iterable[dict[str, Any]], hashes: dict[str, str]) -> dict[str, str]:
    """The policy documents among the searched passages, with their current hash (documents no longer indexed drop)."""
    sources = {str(item.get("source", "")) for item in searched if item.get("kind", POLICY) == POLICY}
    return {source: hashes[source] for source in sorted(sources) if source in hashes}


def get_reviewed(session: Session, reviewed_id: int) -> ReviewedAnswer:
    """The reviewed answer ``reviewed_id``, or a DomainError."""
    reviewed = session.get(ReviewedAnswer, reviewed_id, populate_existing=True)
    if reviewed is None:
        raise QuestionNotFound()
    return reviewed


def save_answer(
    session: Session,
    question_id: int,
    hr: Employee,
    knowledge: KnowledgeBase,
    via: str,
    now: datetime,
    config: PolicyConfig,
    lang: str,
) -> ReviewedAnswer:
    """Keep the question and HR's last answer as a reviewed answer, index it, and note the documents it relied on."""
    _require_hr(hr)
    question = get_question(session, question_id)
    claimed = session.execute(
        update(PolicyQuestion)
        .where(
            PolicyQuestion.id == question.id,
            PolicyQuestion.status == QuestionStatus.ANSWERED,
            PolicyQuestion.last_answer.is_not(None),
        )
        .values(status=QuestionStatus.SAVED)
        .execution_options(synchronize_session=False)
    )
    session.refresh(question)
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        existing = reviewed_of(session, question)
        if existing is None:
            raise NothingToSave()
        saver = existing.saved_by
        raise AlreadySaved(saver=saver.name if saver else "?", at=existing.created_at, timezone=hr.timezone)
    day = local_day(now, hr.timezone)
    reviewed = ReviewedAnswer(
        question_id=question.id,
        question=question.question,
        answer=question.last_answer or "",
        lang=question.lang,
        saved_on=datetime.fromisoformat(day).date(),
        saved_by_id=hr.id,
        relies_on=relied_on(question.answer.searched, knowledge.document_hashes()),
        status=ReviewStatus.ACTIVE,
        created_at=now,
    )
    session.add(reviewed)
    session.flush()
    knowledge.add_reviewed_answer(reviewed.id, reviewed.question, reviewed.answer, saved_on=day, lang=reviewed.lang)
    record(
        session, action="policy.answer_saved", entity_type="policy_reviewed_answer", entity_id=reviewed.id,
        before=None, after={"question_id": question.id, "relies_on": reviewed.relies_on, "saved_on": day},
        via=via, actor=hr,
    )  # fmt: skip
    refresh_hr_card(session, question, config, reviewed)
    return reviewed


def flag_reviews_for_changed_documents(
    session: Session,
    knowledge: KnowledgeBase,
    changed_sources: Iterable[str],
    removed_sources: Iterable[str],
    now: datetime,
    config: PolicyConfig,
) -> int:
    """After an ingest: take every active answer relying on a changed document out of the index and ask HR; how many."""
    touched = set(changed_sources) | set(removed_sources)
    if not touched:
        return 0
    flagged = 0
    active = session.scalars(select(ReviewedAnswer).where(ReviewedAnswer.status == ReviewStatus.ACTIVE))
    for reviewed in list(active):
        hit = sorted(set(reviewed.relies_on or {}) & touched)
        if not hit:
            continue
        claimed = session.execute(
            update(ReviewedAnswer)
            .where(ReviewedAnswer.id == reviewed.id, ReviewedAnswer.status == ReviewStatus.ACTIVE)
            .values(status=ReviewStatus.NEEDS_REVIEW, flagged_at=now, flagged_sources=hit)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            continue
        knowledge.remove_reviewed_answer(reviewed.id)
        record(
            session, action="policy.answer_flagged", entity_type="policy_reviewed_answer", entity_id=reviewed.id,
            before={"status": ReviewStatus.ACTIVE}, after={"status": ReviewStatus.NEEDS_REVIEW, "sources": hit},
            via="cli", actor_label="knowledge ingest",
        )  # fmt: skip
        lang = config.hr_language
        text = views.review_card_text(reviewed.question, hit, lang)
        blocks = views.review_card(reviewed.id, reviewed.question, reviewed.answer, hit, lang)
        enqueue(session, text=text, blocks=blocks, channel=config.hr_channel, entity=Entity(REVIEW_ENTITY, reviewed.id))
        flagged += 1
    return flagged


def outcome_line(reviewed: ReviewedAnswer, lang: str) -> str:
    """What HR decided about a flagged answer, in ``lang``: confirmed or withdrawn, by whom, when."""
    who = reviewed.reviewed_by
    return review_outcome(
        lang, reviewed.status, who.name if who else "?", reviewed.reviewed_at, who.timezone if who else "UTC"
    )


def _already(session: Session, reviewed: ReviewedAnswer, lang: str) -> ReviewAlreadyDecided:
    session.refresh(reviewed)
    who = reviewed.reviewed_by
    return ReviewAlreadyDecided(
        status=reviewed.status,
        reviewer=who.name if who else "?",
        at=reviewed.reviewed_at,
        timezone=who.timezone if who else "UTC",
    )


def refresh_review_cards(session: Session, reviewed: ReviewedAnswer, config: PolicyConfig) -> int:
    """Settle every review card about ``reviewed`` that still has buttons; how many."""
    lang = config.hr_language
    outcome = outcome_line(reviewed, lang)
    sources = reviewed.flagged_sources or sorted(reviewed.relies_on or {})
    settled = 0
    for card in messages_about(session, Entity(REVIEW_ENTITY, reviewed.id)):
        if not views.has_buttons(card.blocks):
            continue
        text = views.review_card_text(reviewed.question, sources, lang, outcome)
        blocks = views.review_card(reviewed.id, reviewed.question, reviewed.answer, sources, lang, outcome)
        enqueue_update(session, card, text=text, blocks=blocks)
        settled += 1
    return settled


def _settle_review(session: Session, reviewed: ReviewedAnswer, lang: str, **values: Any) -> None:
    """Decide a flagged answer with a conditional update (only one HR click wins), then reload it."""
    claimed = session.execute(
        update(ReviewedAnswer)
        .where(ReviewedAnswer.id == reviewed.id, ReviewedAnswer.status == ReviewStatus.NEEDS_REVIEW)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise _already(session, reviewed, lang)
    session.refresh(reviewed)


def confirm_review(
    session: Session,
    reviewed_id: int,
    hr: Employee,
    knowledge: KnowledgeBase,
    via: str,
    now: datetime,
    config: PolicyConfig,
    lang: str,
) -> ReviewedAnswer:
    """ "Still correct": index the answer again, clear the flag, and record the documents' new hashes."""
    _require_hr(hr)
    reviewed = get_reviewed(session, reviewed_id)
    hashes = knowledge.document_hashes()
    relies_on = {source: hashes[source] for source in sorted(reviewed.relies_on or {}) if source in hashes}
    day = local_day(now, hr.timezone)
    before = {"status": ReviewStatus.NEEDS_REVIEW, "relies_on": reviewed.relies_on}
    _settle_review(
        session, reviewed, lang,
        status=ReviewStatus.ACTIVE, relies_on=relies_on, saved_on=datetime.fromisoformat(day).date(),
        reviewed_by_id=hr.id, reviewed_at=now,
    )  # fmt: skip
    knowledge.add_reviewed_answer(reviewed.id, reviewed.question, reviewed.answer, saved_on=day, lang=reviewed.lang)
    record(
        session, action="policy.answer_confirmed", entity_type="policy_reviewed_answer", entity_id=reviewed.id,
        before=before, after={"status": ReviewStatus.ACTIVE, "relies_on": relies_on}, via=via, actor=hr,
    )  # fmt: skip
    refresh_review_cards(session, reviewed, config)
    return reviewed


def withdraw_review(
    session: Session,
    reviewed_id: int,
    hr: Employee,
    knowledge: KnowledgeBase,
    via: str,
    now: datetime,
    config: PolicyConfig,
    lang: str,
) -> ReviewedAnswer:
    """ "Withdraw": the answer leaves the index for good."""
    _require_hr(hr)
    reviewed = get_reviewed(session, reviewed_id)
    before = {"status": reviewed.status}
    _settle_review(session, reviewed, lang, status=ReviewStatus.WITHDRAWN, reviewed_by_id=hr.id, reviewed_at=now)
    knowledge.remove_reviewed_answer(reviewed.id)
    record(
        session, action="policy.answer_withdrawn", entity_type="policy_reviewed_answer", entity_id=reviewed.id,
        before=before, after={"status": ReviewStatus.WITHDRAWN}, via=via, actor=hr,
    )  # fmt: skip
    refresh_review_cards(session, reviewed, config)
    return reviewed
