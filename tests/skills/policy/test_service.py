"""The commands called directly: times come from the Actor, only people act, refusals change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from db.models import Employee, OutboxMessage
from skills.core import Actor
from skills.errors import NotAllowed
from skills.policy import service
from skills.policy.errors import AlreadySentToHr, HrOnly, ReplyNotFromHr
from skills.policy.models import PolicyAnswer, PolicyQuestion
from skills.policy.views import ASK_HR, SAVE_ANSWER, STILL_CORRECT
from tests.skills.policy.conftest import CONFIG, DOGS, buttons, click, outbox, say
from tests.skills.policy.test_ask_hr import HR_THREAD, sent_hr_card
from tests.skills.policy.test_reviews import INGEST, answered, flag, reviewed_answers

LATER = datetime(2031, 3, 3, 9, 30, tzinfo=UTC)  # far from the pinned NOW, and from the machine's clock


def test_every_time_a_policy_row_records_comes_from_the_clock(assistant, database, people, kb, clock):
    clock.set(LATER)
    refusal = say(assistant, people.ana, DOGS)[0]
    click(assistant, people.ana, ASK_HR, buttons(refusal.blocks)[ASK_HR])
    with database.session() as session:
        answer = session.scalars(select(PolicyAnswer)).one()
        question = session.scalars(select(PolicyQuestion)).one()
        assert (answer.created_at, answer.sent_to_hr_at, question.created_at) == (LATER, LATER, LATER)


def test_a_reviewed_answer_is_stamped_by_each_transition(assistant, database, people, kb, clock):
    click(assistant, people.hana, SAVE_ANSWER, answered(assistant, database, people))
    [saved] = reviewed_answers(database)
    assert (saved.created_at, saved.updated_at) == (clock.now(), clock.now())
    flag(database, kb, changed=["conduct.md"])
    assert reviewed_answers(database)[0].updated_at == INGEST
    clock.set(INGEST + timedelta(days=2))
    click(assistant, people.hana, STILL_CORRECT, str(saved.id))
    [confirmed] = reviewed_answers(database)
    assert confirmed.updated_at == confirmed.reviewed_at == INGEST + timedelta(days=2)
    assert confirmed.saved_on.isoformat() == "2026-12-03"  # the citation's date moves to the confirmation


def test_the_system_itself_cannot_ask_or_answer(session, people, kb):
    job = Actor(None, "job", INGEST)
    with pytest.raises(NotAllowed):
        service.ask(session, actor=job, question=DOGS, lang="en", knowledge=kb)
    assert session.scalar(select(func.count()).select_from(PolicyAnswer)) == 0


def test_a_reply_from_outside_hr_is_refused_by_the_service_too(assistant, database, people, kb):
    asked = sent_hr_card(assistant, database, people.ana)
    with database.session() as session:
        olga = session.get(Employee, people.olga.id)
        with pytest.raises(ReplyNotFromHr):
            service.record_hr_answer(
                session, actor=Actor(olga, "slack", INGEST), question_id=asked.id, text="Sure.", config=CONFIG
            )
        with pytest.raises(HrOnly):
            service.save_answer(
                session, actor=Actor(olga, "slack", INGEST), question_id=asked.id, knowledge=kb, config=CONFIG
            )
        session.rollback()
        assert session.get(PolicyQuestion, asked.id).status == "open"


def test_a_second_ask_hr_says_when_the_first_one_was_in_the_askers_zone(session, people, kb):
    ana = session.get(Employee, people.ana.id)
    first = Actor(ana, "slack", INGEST)
    answer = service.ask(session, actor=first, question=DOGS, lang="en", knowledge=kb)
    service.send_to_hr(session, actor=first, answer_id=answer.id, thread_key="D0ANA:main", config=CONFIG)
    with pytest.raises(AlreadySentToHr) as again:
        later = Actor(ana, "slack", INGEST + timedelta(hours=3))
        service.send_to_hr(session, actor=later, answer_id=answer.id, thread_key="D0ANA:main", config=CONFIG)
    assert again.value.message("en").startswith("You already sent this question to HR on Dec 1, 2026, 4:00 AM.")
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_thread_refusals_reach_only_the_replier_in_their_language(assistant, database, people, kb):
    sent_hr_card(assistant, database, people.ana)
    [note] = say(assistant, people.eva, "creo que sí", HR_THREAD)
    assert note.ephemeral and note.text == "Solo se le pasan a Ana las respuestas de RR. HH.; esta no se ha enviado."
    assert outbox(database, entity_type="policy_relay") == []
