"""Who is told what, as outbox rows in the caller's transaction: the HR card and its refreshes, HR's answer relayed to
the asker, the review cards and their settling, and the reminder in the HR card's thread."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from db.models import Employee
from db.outbox import Entity, enqueue, enqueue_update
from skills.policy import views
from skills.policy.config import PolicyConfig
from skills.policy.models import QUESTION_ENTITY, RELAY_ENTITY, REVIEW_ENTITY, PolicyQuestion, ReviewedAnswer
from skills.policy.queries import can_save, hr_card_message, review_cards, review_decision


def _hr_card(question: PolicyQuestion, reviewed: ReviewedAnswer | None) -> views.HrCard:
    answered = None
    if question.answered_by is not None and question.answered_at is not None:
        answered = views.Stamp(question.answered_by.name, question.answered_at, question.answered_by.timezone)
    saved = None
    if reviewed is not None:
        saver = reviewed.saved_by
        saved = views.Stamp(saver.name if saver else "?", reviewed.created_at, saver.timezone if saver else "UTC")
    return views.HrCard(
        question_id=question.id,
        question=question.question,
        asker=question.employee,
        asker_lang=question.lang,
        searched=question.answer.searched,
        answered=answered,
        saved=saved,
        last_answer=question.last_answer,
        can_save=can_save(question),
    )


def post_hr_card(session: Session, question: PolicyQuestion, config: PolicyConfig) -> None:
    """Post the question to the HR channel, in HR's language; replies in its thread are HR's answers."""
    card = _hr_card(question, None)
    lang = config.hr_language
    text, blocks = views.hr_card_text(card, lang), views.hr_card(card, lang)
    enqueue(session, text=text, blocks=blocks, channel=config.hr_channel, entity=Entity(QUESTION_ENTITY, question.id))


def refresh_hr_card(
    session: Session, question: PolicyQuestion, config: PolicyConfig, reviewed: ReviewedAnswer | None = None
) -> bool:
    """Queue an edit of the HR card so it shows who answered, the last answer and the Save button (or who saved)."""
    message = hr_card_message(session, question.id)
    if message is None:
        return False
    card = _hr_card(question, reviewed)
    lang = config.hr_language
    enqueue_update(session, message, text=views.hr_card_text(card, lang), blocks=views.hr_card(card, lang))
    return True


def relay_target(via: str, thread_key: str) -> tuple[str | None, str | None]:
    """Where to post HR's answer: Slack's ``(channel, thread ts)`` of the asker's conversation, or ``(None, None)``."""
    if via != "slack":
        return None, None
    channel, _, ts = thread_key.rpartition(":")
    if not channel:
        return None, None
    return channel, ts if ts.replace(".", "").isdigit() else None


def relay_to_asker(session: Session, question: PolicyQuestion, reply: str, hr: Employee) -> None:
    """HR's reply, in the asker's language, back where the question was asked (else the asker's DM), with 👍 / 👎."""
    text, blocks = views.relay(question.answer_id, question.question, reply, hr.name, question.lang)
    channel, thread_ts = relay_target(question.via, question.thread_key)
    target: dict[str, Any] = (
        {"channel": channel, "thread_ts": thread_ts} if channel else {"recipient": question.employee}
    )
    enqueue(session, text=text, blocks=blocks, entity=Entity(RELAY_ENTITY, question.id), **target)


def tell_asker_hr_unreachable(session: Session, question: PolicyQuestion) -> None:
    """Tell the asker, where HR's answer would have gone, that their question's card never reached the HR channel."""
    text = views.hr_unreachable_text(question.question, question.lang)
    channel, thread_ts = relay_target(question.via, question.thread_key)
    target: dict[str, Any] = (
        {"channel": channel, "thread_ts": thread_ts} if channel else {"recipient": question.employee}
    )
    enqueue(session, text=text, entity=Entity(RELAY_ENTITY, question.id), **target)


def post_reminder(session: Session, question: PolicyQuestion, config: PolicyConfig) -> None:
    """Remind HR of an open question in its card's thread (in the channel if the card was never sent)."""
    message = hr_card_message(session, question.id)
    sent = message is not None and message.sent_ts is not None
    channel = (message.sent_channel if message is not None and sent else None) or config.hr_channel
    text = views.reminder_text(question.employee.name, question.created_at, config.hr_language)
    thread_ts = message.sent_ts if message is not None and sent else None
    enqueue(session, text=text, channel=channel, thread_ts=thread_ts, entity=Entity(QUESTION_ENTITY, question.id))


def post_review_card(session: Session, reviewed: ReviewedAnswer, sources: list[str], config: PolicyConfig) -> None:
    """Ask HR whether a reviewed answer relying on the changed ``sources`` is still correct."""
    lang = config.hr_language
    text = views.review_card_text(reviewed.question, sources, lang)
    blocks = views.review_card(reviewed.id, reviewed.question, reviewed.answer, sources, lang)
    enqueue(session, text=text, blocks=blocks, channel=config.hr_channel, entity=Entity(REVIEW_ENTITY, reviewed.id))


def settle_review_cards(session: Session, reviewed: ReviewedAnswer, config: PolicyConfig) -> int:
    """Replace the buttons of every review card about ``reviewed`` with HR's decision; how many were settled."""
    lang = config.hr_language
    outcome = review_decision(reviewed).text(lang)
    sources = reviewed.flagged_sources or sorted(reviewed.relies_on or {})
    settled = 0
    for message in review_cards(session, reviewed.id):
        if not views.has_buttons(message.blocks):
            continue
        text = views.review_card_text(reviewed.question, sources, lang, outcome)
        blocks = views.review_card(reviewed.id, reviewed.question, reviewed.answer, sources, lang, outcome)
        enqueue_update(session, message, text=text, blocks=blocks)
        settled += 1
    return settled
