"""👍 / 👎 on every answer (only the asker's vote counts, and they may change it) and HR's Home tab section."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from bot.assistant import Assistant
from skills.policy.models import PolicyAnswer
from skills.policy.views import ASK_HR, VOTE_DOWN, VOTE_UP
from tests.skills.policy.conftest import DOGS, SLACK, VACATION, buttons, click, lines, outbox, say


def answer_row(database) -> PolicyAnswer:
    with database.session() as session:
        found = session.scalars(select(PolicyAnswer).order_by(PolicyAnswer.id.desc())).first()
        session.expunge_all()
        assert found is not None
        return found


def home(assistant: Assistant, who) -> list[str]:
    [reply] = assistant.home(who.id, SLACK)
    return lines(reply.blocks)


def test_the_asker_rates_an_answer_and_may_change_their_mind(assistant, database, people, kb):
    card = say(assistant, people.ana, VACATION)[0]
    answer_id = buttons(card.blocks)[VOTE_UP]
    [thanks] = click(assistant, people.ana, VOTE_UP, answer_id)
    assert thanks.ephemeral and thanks.text == "Thanks for the feedback, glad it helped."
    assert (answer_row(database).feedback, answer_row(database).feedback_by_id) == ("up", people.ana.id)
    [sorry] = click(assistant, people.ana, VOTE_DOWN, answer_id)
    assert sorry.ephemeral and sorry.text.startswith("Thanks for telling me. Shall I ask HR instead?")
    assert buttons(sorry.blocks) == {ASK_HR: answer_id}
    assert answer_row(database).feedback == "down"


def test_someone_elses_vote_does_not_count(assistant, database, people, kb):
    card = say(assistant, people.ana, VACATION)[0]
    answer_id = buttons(card.blocks)[VOTE_UP]
    [refused] = click(assistant, people.olga, VOTE_DOWN, answer_id)
    assert refused.ephemeral and refused.text == "Only the person who asked can rate this answer."
    assert answer_row(database).feedback is None


def test_a_thumbs_down_leads_to_hr_with_what_was_cited(assistant, database, people, kb):
    card = say(assistant, people.ana, VACATION)[0]
    answer_id = buttons(card.blocks)[VOTE_DOWN]
    offer = click(assistant, people.ana, VOTE_DOWN, answer_id)[0]
    click(assistant, people.ana, ASK_HR, buttons(offer.blocks)[ASK_HR])
    [hr_card] = outbox(database)
    assert "• leave.md › Vacation › Allowance (0.82)" in "\n".join(lines(hr_card.blocks))
    [again] = click(assistant, people.ana, VOTE_DOWN, answer_id)
    assert again.text == "Thanks for telling me. HR already has this question; their answer will come back here."
    assert buttons(again.blocks) == {}  # already with HR: no second offer


def test_the_home_section_is_for_hr_only(assistant, database, clock, people, kb):
    say(assistant, people.ana, DOGS)
    click(assistant, people.ana, ASK_HR, str(answer_row(database).id))
    card = say(assistant, people.eva, "¿cuántos días de vacaciones?")[0]
    click(assistant, people.eva, VOTE_DOWN, buttons(card.blocks)[VOTE_DOWN])
    card = say(assistant, people.ana, VACATION)[0]
    click(assistant, people.ana, VOTE_UP, buttons(card.blocks)[VOTE_UP])
    old = say(assistant, people.olga, "vacation for part-timers?")[0]
    click(assistant, people.olga, VOTE_DOWN, buttons(old.blocks)[VOTE_DOWN])
    with database.session() as session:  # a vote from two months ago no longer counts
        session.execute(
            update(PolicyAnswer)
            .where(PolicyAnswer.id == int(buttons(old.blocks)[VOTE_DOWN]))
            .values(feedback_at=clock.now() - timedelta(days=60))
        )
    assert home(assistant, people.ana) == []
    shown = home(assistant, people.hana)
    assert shown[0] == "Policy questions"
    assert shown[1].startswith("Open questions for HR: 1 (the oldest from Ana, ")
    assert shown[1].splitlines()[1:] == [
        "HR answers waiting for a review: 0",
        "Feedback in the last 30 days: 👍 1 · 👎 1",
    ]
    assert shown[2].strip() == "Latest 👎:\n• ¿cuántos días de vacaciones?"
    assert home(assistant, people.adam)[0] == "Policy questions"
