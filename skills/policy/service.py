"""Policy commands: ask and keep an answer, vote, send to HR, record HR's answer, save it as a reviewed answer, flag
reviewed answers whose documents changed, confirm or withdraw a review.

Each command is one unit of change in the caller's transaction: its checks (``rules``), a conditional
``transition`` (so two clicks, or two HR replies, can't both win), the audit row and the notifications it causes.
Arguments are keyword-only; ``actor`` says who acts, through which front end, and when.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from db.audit import record
from db.models import Employee
from knowledge.types import POLICY, Answer, Audience, KnowledgeBase
from skills.common.time import local_today
from skills.common.transition import transition
from skills.core import Actor
from skills.i18n import normalise_language
from skills.policy.config import PolicyConfig
from skills.policy.errors import AlreadySaved, AlreadySentToHr, NothingToSave, ReviewAlreadyDecided
from skills.policy.models import (
    ANSWER_ENTITY,
    QUESTION_ENTITY,
    REVIEWED_ENTITY,
    PolicyAnswer,
    PolicyQuestion,
    QuestionStatus,
    ReviewedAnswer,
    ReviewStatus,
    Vote,
    passage_record,
)
from skills.policy.notifications import (
    post_hr_card,
    post_review_card,
    refresh_hr_card,
    relay_to_asker,
    settle_review_cards,
    tell_asker_hr_unreachable,
)
from skills.policy.queries import (
    active_reviewed_answers,
    find_question,
    get_answer,
    get_question,
    get_reviewed,
    hr_card_message,
    review_decision,
    reviewed_of,
)
from skills.policy.rules import (
    acting_employee,
    acting_hr,
    answers_clearly,
    check_asker_asks_hr,
    check_asker_votes,
    validate_reply,
)

INGEST_ACTOR = "knowledge ingest"
"""How the audit log names the ingest that flags reviewed answers."""


def audience_of(employee: Employee) -> Audience:
    """Who the employee is to the policy index: their country and department."""
    return Audience(country=employee.country or None, department=employee.department or None)


# --- answering ------------------------------------------------------------------------------------------------


def ask(session: Session, *, actor: Actor, question: str, lang: str, knowledge: KnowledgeBase) -> PolicyAnswer:
    """Ask the knowledge base for the asker's audience and keep the answer (or refusal) so it can be referred to."""
    result = knowledge.answer(question, audience_of(acting_employee(actor)))
    return keep_answer(session, actor=actor, question=question, lang=lang, result=result)


def answer_if_clear(
    session: Session, *, actor: Actor, question: str, lang: str, knowledge: KnowledgeBase
) -> PolicyAnswer | None:
    """A message no skill took: keep and return the index's answer when it clearly answers it, else None."""
    result = knowledge.answer(question, audience_of(acting_employee(actor)))
    if not answers_clearly(result):
        return None
    return keep_answer(session, actor=actor, question=question, lang=lang, result=result)


def keep_answer(session: Session, *, actor: Actor, question: str, lang: str, result: Answer) -> PolicyAnswer:
    """Store the knowledge base's ``result`` for ``question`` (with its audit row) so buttons can refer to it."""
    employee = acting_employee(actor)
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
        created_at=actor.when,
    )
    session.add(answer)
    session.flush()
    record(
        session, action="policy.answered", entity_type=ANSWER_ENTITY, entity_id=answer.id, before=None,
        after={"escalated": answer.escalated, "confidence": answer.confidence, "sources": len(cited)},
        via=actor.via, actor=employee,
    )  # fmt: skip
    return answer


def vote(session: Session, *, actor: Actor, answer_id: int, value: Vote) -> PolicyAnswer:
    """Record the asker's 👍 or 👎 (they may change their mind); anyone else's vote is refused."""
    employee = acting_employee(actor)
    answer = get_answer(session, answer_id)
    check_asker_votes(answer, employee)
    before = answer.feedback
    transition(session, answer, feedback=str(value), feedback_by_id=employee.id, feedback_at=actor.when)
    record(
        session, action="policy.feedback", entity_type=ANSWER_ENTITY, entity_id=answer.id,
        before={"feedback": before}, after={"feedback": str(value)}, via=actor.via, actor=employee,
    )  # fmt: skip
    return answer


# --- asking HR ------------------------------------------------------------------------------------------------


def send_to_hr(
    session: Session, *, actor: Actor, answer_id: int, thread_key: str, config: PolicyConfig
) -> PolicyQuestion:
    """Post the question to the HR channel once, remembering where (``thread_key``) HR's answer must go back to."""
    employee = acting_employee(actor)
    answer = get_answer(session, answer_id)
    check_asker_asks_hr(answer, employee)
    if not transition(session, answer, PolicyAnswer.sent_to_hr_at.is_(None), sent_to_hr_at=actor.when):
        raise AlreadySentToHr(at=answer.sent_to_hr_at or actor.when, timezone=employee.timezone)
    question = PolicyQuestion(
        answer_id=answer.id,
        employee_id=employee.id,
        question=answer.question,
        lang=answer.lang,
        via=actor.via,
        thread_key=thread_key,
        status=QuestionStatus.OPEN,
        created_at=actor.when,
    )
    session.add(question)
    session.flush()
    post_hr_card(session, question, config)
    record(
        session, action="policy.sent_to_hr", entity_type=QUESTION_ENTITY, entity_id=question.id, before=None,
        after={"answer_id": answer.id, "status": question.status, "via": actor.via, "thread_key": thread_key},
        via=actor.via, actor=employee,
    )  # fmt: skip
    return question


def hr_card_undelivered(session: Session, *, question_id: int, message_id: int) -> bool:
    """Outbox row ``message_id`` about question ``question_id`` was given up: when it is the HR card, tell the asker
    their question never reached HR (True); any other row about it (a reminder, an edit of the card) tells nobody."""
    question = find_question(session, question_id)
    card = hr_card_message(session, question_id) if question is not None else None
    if question is None or card is None or card.id != message_id:
        return False
    tell_asker_hr_unreachable(session, question)
    return True


def record_hr_answer(
    session: Session, *, actor: Actor, question_id: int, text: str, config: PolicyConfig
) -> PolicyQuestion:
    """Relay an HR member's reply to the asker; the first reply marks the question answered (by whom, when)."""
    hr = acting_employee(actor)
    question = get_question(session, question_id)
    reply = validate_reply(question, hr, text)
    first = transition(
        session, question, PolicyQuestion.status == QuestionStatus.OPEN,
        status=QuestionStatus.ANSWERED, answered_by_id=hr.id, answered_at=actor.when,
    )  # fmt: skip
    transition(session, question, last_answer=reply, last_answer_by_id=hr.id, last_answer_at=actor.when)
    relay_to_asker(session, question, reply, hr)
    record(
        session, action="policy.hr_answered" if first else "policy.hr_replied", entity_type=QUESTION_ENTITY,
        entity_id=question.id, before={"status": QuestionStatus.OPEN} if first else None,
        after={"status": question.status, "answer": reply}, via=actor.via, actor=hr,
    )  # fmt: skip
    refresh_hr_card(session, question, config, reviewed_of(session, question))
    return question


# --- reviewed answers -----------------------------------------------------------------------------------------


def current_hashes(sources: Iterable[str], hashes: Mapping[str, str]) -> dict[str, str]:
    """``sources`` with the hash the index has for each now; documents no longer indexed are dropped."""
    return {source: hashes[source] for source in sorted(set(sources)) if source in hashes}


def policy_sources(searched: Iterable[Mapping[str, Any]]) -> set[str]:
    """The policy documents among stored passage records (HR answers are not documents)."""
    return {str(item.get("source", "")) for item in searched if item.get("kind", POLICY) == POLICY}


def index_reviewed_answer(knowledge: KnowledgeBase, reviewed: ReviewedAnswer) -> None:
    """Put ``reviewed`` in the policy index, cited as "HR answer (its saved_on)"."""
    saved_on = reviewed.saved_on.isoformat()
    knowledge.add_reviewed_answer(
        reviewed.id, reviewed.question, reviewed.answer, saved_on=saved_on, lang=reviewed.lang
    )


def save_answer(
    session: Session, *, actor: Actor, question_id: int, knowledge: KnowledgeBase, config: PolicyConfig
) -> ReviewedAnswer:
    """Keep the question and HR's last answer as a reviewed answer, index it, and note the documents it relied on."""
    hr = acting_hr(actor)
    question = get_question(session, question_id)
    claimed = transition(
        session, question, PolicyQuestion.status == QuestionStatus.ANSWERED, PolicyQuestion.last_answer.is_not(None),
        status=QuestionStatus.SAVED,
    )  # fmt: skip
    if not claimed:
        existing = reviewed_of(session, question)
        if existing is None:
            raise NothingToSave()
        saver = existing.saved_by
        raise AlreadySaved(saver=saver.name if saver else "?", at=existing.created_at, timezone=hr.timezone)
    day = local_today(hr.timezone, actor.when)
    reviewed = ReviewedAnswer(
        question_id=question.id,
        question=question.question,
        answer=question.last_answer or "",
        lang=question.lang,
        saved_on=day,
        saved_by_id=hr.id,
        relies_on=current_hashes(policy_sources(question.answer.searched), knowledge.document_hashes()),
        status=ReviewStatus.ACTIVE,
        created_at=actor.when,
        updated_at=actor.when,
    )
    session.add(reviewed)
    session.flush()
    index_reviewed_answer(knowledge, reviewed)
    record(
        session, action="policy.answer_saved", entity_type=REVIEWED_ENTITY, entity_id=reviewed.id,
        before=None, after={"question_id": question.id, "relies_on": reviewed.relies_on, "saved_on": day.isoformat()},
        via=actor.via, actor=hr,
    )  # fmt: skip
    refresh_hr_card(session, question, config, reviewed)
    return reviewed


def flag_reviews_for_changed_documents(
    session: Session,
    *,
    actor: Actor,
    knowledge: KnowledgeBase,
    changed_sources: Iterable[str],
    removed_sources: Iterable[str],
    config: PolicyConfig,
) -> int:
    """After an ingest: take every active answer relying on a changed document out of the index and ask HR; how many."""
    touched = set(changed_sources) | set(removed_sources)
    if not touched:
        return 0
    flagged = 0
    for reviewed in active_reviewed_answers(session):
        hit = sorted(set(reviewed.relies_on or {}) & touched)
        if not hit:
            continue
        claimed = transition(
            session, reviewed, ReviewedAnswer.status == ReviewStatus.ACTIVE,
            status=ReviewStatus.NEEDS_REVIEW, flagged_at=actor.when, flagged_sources=hit, updated_at=actor.when,
        )  # fmt: skip
        if not claimed:
            continue
        knowledge.remove_reviewed_answer(reviewed.id)
        record(
            session, action="policy.answer_flagged", entity_type=REVIEWED_ENTITY, entity_id=reviewed.id,
            before={"status": ReviewStatus.ACTIVE}, after={"status": ReviewStatus.NEEDS_REVIEW, "sources": hit},
            via=actor.via, actor=actor.employee, actor_label=INGEST_ACTOR,
        )  # fmt: skip
        post_review_card(session, reviewed, hit, config)
        flagged += 1
    return flagged


def _decide_review(session: Session, reviewed: ReviewedAnswer, **values: Any) -> None:
    """Decide a flagged answer with a conditional transition: only one HR click wins; the others learn who did."""
    if not transition(session, reviewed, ReviewedAnswer.status == ReviewStatus.NEEDS_REVIEW, **values):
        raise ReviewAlreadyDecided(decision=review_decision(reviewed))


def confirm_review(
    session: Session, *, actor: Actor, reviewed_id: int, knowledge: KnowledgeBase, config: PolicyConfig
) -> ReviewedAnswer:
    """ "Still correct": index the answer again, clear the flag, and record the documents' new hashes."""
    hr = acting_hr(actor)
    reviewed = get_reviewed(session, reviewed_id)
    relies_on = current_hashes(reviewed.relies_on or {}, knowledge.document_hashes())
    day = local_today(hr.timezone, actor.when)
    before = {"status": ReviewStatus.NEEDS_REVIEW, "relies_on": reviewed.relies_on}
    _decide_review(
        session, reviewed, status=ReviewStatus.ACTIVE, relies_on=relies_on, saved_on=day, reviewed_by_id=hr.id,
        reviewed_at=actor.when, updated_at=actor.when,
    )  # fmt: skip
    index_reviewed_answer(knowledge, reviewed)
    record(
        session, action="policy.answer_confirmed", entity_type=REVIEWED_ENTITY, entity_id=reviewed.id,
        before=before, after={"status": ReviewStatus.ACTIVE, "relies_on": relies_on}, via=actor.via, actor=hr,
    )  # fmt: skip
    settle_review_cards(session, reviewed, config)
    return reviewed


def withdraw_review(
    session: Session, *, actor: Actor, reviewed_id: int, knowledge: KnowledgeBase, config: PolicyConfig
) -> ReviewedAnswer:
    """ "Withdraw": the answer leaves the index for good."""
    hr = acting_hr(actor)
    reviewed = get_reviewed(session, reviewed_id)
    before = {"status": reviewed.status}
    _decide_review(
        session, reviewed, status=ReviewStatus.WITHDRAWN, reviewed_by_id=hr.id, reviewed_at=actor.when,
        updated_at=actor.when,
    )  # fmt: skip
    knowledge.remove_reviewed_answer(reviewed.id)
    record(
        session, action="policy.answer_withdrawn", entity_type=REVIEWED_ENTITY, entity_id=reviewed.id,
        before=before, after={"status": ReviewStatus.WITHDRAWN}, via=actor.via, actor=hr,
    )  # fmt: skip
    settle_review_cards(session, reviewed, config)
    return reviewed
