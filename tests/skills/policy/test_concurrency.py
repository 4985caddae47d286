"""Racing clicks: Ask HR pressed at once posts one card; Save as answer pressed at once saves one (PostgreSQL too)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from skills.core import Reply
from skills.policy.views import ASK_HR, SAVE_ANSWER
from tests.skills.policy.conftest import DOGS, HR_CHANNEL, buttons, click, outbox, say
from tests.skills.policy.test_reviews import answered, reviewed_answers

THREADS = 6


def race(actions: list[Callable[[], list[Reply]]]) -> list[list[Reply]]:
    """Run every action in its own thread, all released at once."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[list[Reply]] = [[] for _ in actions]

    def run(index: int) -> None:
        barrier.wait()
        outcomes[index] = actions[index]()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_ask_hr_pressed_at_once_posts_one_card(assistant, database, people, kb):
    answer_id = buttons(say(assistant, people.ana, DOGS)[0].blocks)[ASK_HR]
    outcomes = race([lambda: click(assistant, people.ana, ASK_HR, answer_id) for _ in range(THREADS)])
    texts = [replies[0].text for replies in outcomes]
    assert texts.count("I've sent your question to HR. Their answer will come back here.") == 1
    assert sum(text.startswith("You already sent this question to HR") for text in texts) == THREADS - 1
    assert len(outbox(database, channel=HR_CHANNEL)) == 1


def test_save_pressed_at_once_saves_one(assistant, database, people, kb):
    question_id = answered(assistant, database, people)
    savers = [people.hana, people.adam]

    def saver(index: int) -> Callable[[], list[Reply]]:
        return lambda: click(assistant, savers[index % 2], SAVE_ANSWER, question_id)

    outcomes = race([saver(index) for index in range(THREADS)])
    texts = [replies[0].text for replies in outcomes]
    assert sum(text.startswith("Saved.") for text in texts) == 1
    assert sum(text.startswith("This answer was already saved by") for text in texts) == THREADS - 1
    assert len(reviewed_answers(database)) == 1 and len(kb.added) == 1
