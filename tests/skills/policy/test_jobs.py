"""The reminder job: HR hears in the question's thread after a business day, once a business day, never twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from db.models import Employee, OutboxMessage
from skills.core import Actor
from skills.jobs import JobContext
from skills.policy import queries, service
from skills.policy.jobs import JOBS, remind_hr
from skills.policy.models import PolicyQuestion
from tests.skills.policy.conftest import CONFIG, DOGS, HR_CHANNEL, policy_deps

WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
FRIDAY_NOON = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
MONDAY = datetime(2026, 11, 30, 13, 0, tzinfo=UTC)


def run(session, now: datetime) -> int:
    return remind_hr(JobContext(session=session, now=now, deps=policy_deps(None)))


def asked(session, kb, people, now: datetime) -> PolicyQuestion:
    ana = session.get(Employee, people.ana.id)
    answer = service.ask(session, actor=Actor(ana, "slack", now), question=DOGS, lang="en", knowledge=kb)
    return service.send_to_hr(
        session, actor=Actor(ana, "slack", now), answer_id=answer.id, thread_key="D0ANA:main", config=CONFIG
    )


def reminders(session) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.text.startswith("Reminder:")).order_by(OutboxMessage.id)
    return list(session.scalars(query))


def test_hr_is_reminded_in_the_question_thread_once_a_business_day(session, people, kb):
    question = asked(session, kb, people, FRIDAY_NOON)
    card = queries.hr_card_message(session, question.id)
    assert card is not None
    card.sent_channel, card.sent_ts = "C0HR", "1700000000.000100"
    session.flush()
    assert run(session, FRIDAY_NOON + timedelta(hours=6)) == 0
    assert run(session, datetime(2026, 11, 29, 20, tzinfo=UTC)) == 0  # the weekend does not count
    assert run(session, MONDAY) == 1
    assert run(session, MONDAY) == 0  # twice in a row: nothing new
    assert run(session, MONDAY + timedelta(hours=5)) == 0
    assert run(session, MONDAY + timedelta(days=1)) == 1
    first, second = reminders(session)
    assert (first.channel, first.thread_ts) == ("C0HR", "1700000000.000100")
    assert (first.entity_type, first.entity_id) == ("policy_question", str(question.id))
    assert first.text.startswith("Reminder: Ana's question has been waiting for an answer since Nov 27, 2026")
    assert second.thread_ts == "1700000000.000100"


def test_a_card_not_sent_yet_is_reminded_in_the_channel(session, people, kb):
    asked(session, kb, people, WEDNESDAY)
    assert run(session, WEDNESDAY + timedelta(days=1)) == 1
    [reminder] = reminders(session)
    assert (reminder.channel, reminder.thread_ts) == (HR_CHANNEL, None)


def test_an_answered_question_is_not_chased(session, people, kb):
    question = asked(session, kb, people, WEDNESDAY)
    hana = session.get(Employee, people.hana.id)
    service.record_hr_answer(
        session, actor=Actor(hana, "slack", WEDNESDAY), question_id=question.id, text="No dogs, sorry.", config=CONFIG
    )
    assert run(session, WEDNESDAY + timedelta(days=7)) == 0
    assert reminders(session) == []


def test_the_jobs_are_declared():
    assert [(job.name, job.every) for job in JOBS] == [
        ("policy.remind_hr", timedelta(minutes=15)),
        ("policy.sync_index", timedelta(hours=1)),
    ]
