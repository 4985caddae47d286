"""Slack misbehaving while the outbox delivers: nothing lost, nothing posted twice.

The incidents issue 16 reproduced, against the Slack emulator and the real database, on a pinned clock the test
moves (so two minutes of 429s or five minutes of 500s take a second or two): each test ends by counting every
notification in Slack — each exactly once — and prints its figures (``-s`` shows them; RELIABILITY.md keeps them).
"""

from __future__ import annotations

import collections
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from bot.outbox_worker import OutboxWorker
from bot.slack.delivery import SlackDelivery
from db.models import Employee, OutboxMessage, OutboxStatus
from db.outbox import CLAIM_LEASE, claim_due, enqueue
from db.types import utcnow
from tests.fakes.slack_emulator import SlackEmulator

PEOPLE = 4


@pytest.fixture
def emulator():
    with SlackEmulator() as emulated:
        yield emulated
        emulated.assert_all_calls_valid()


@pytest.fixture
def people(database, emulator) -> list[tuple[int, str]]:
    found = []
    with database.session() as session:
        for number in range(PEOPLE):
            slack_id = f"U0FAULT{number:02d}"
            emulator.add_user(slack_id, f"p{number}@x.example", f"Person {number}")
            employee = Employee(email=f"p{number}@x.example", name=f"Person {number}", slack_id=slack_id)
            session.add(employee)
            session.flush()
            found.append((employee.id, slack_id))
    return found


class PinnedClock:
    """The worker's "now", moved by the test."""

    def __init__(self) -> None:
        self.now = utcnow()
        self.start = self.now

    def __call__(self) -> datetime:
        return self.now

    def elapsed(self) -> float:
        return (self.now - self.start).total_seconds()


def make_worker(database, emulator, name: str, clock: Callable[[], datetime] = utcnow, timeout: float = 5.0):
    client = WebClient(token=emulator.bot_token, base_url=emulator.api_url, retry_handlers=[], timeout=timeout)  # type: ignore[arg-type]
    return OutboxWorker(database, SlackDelivery(client), worker_id=name, clock=clock)


def queue(database, people, count: int) -> dict[int, str]:
    """``count`` notifications spread over everybody's DMs; their ids and texts."""
    texts = {}
    with database.session() as session:
        for number in range(count):
            recipient = session.get(Employee, people[number % len(people)][0])
            text = f"notice {number}"
            texts[enqueue(session, text=text, recipient=recipient).id] = text
    return texts


def delivered(emulator, people) -> collections.Counter[str]:
    """How many times each text is in Slack, over everybody's DMs."""
    return collections.Counter(m["text"] for _, slack_id in people for m in emulator.dm_messages(slack_id))


def statuses(database, ids) -> set[str]:
    with database.session() as session:
        return set(session.scalars(select(OutboxMessage.status).where(OutboxMessage.id.in_(list(ids)))))


def drain(worker: OutboxWorker, clock: PinnedClock, done: Callable[[], bool], step: float, limit: float) -> None:
    """Run the worker on the pinned clock, ``step`` seconds a pass, until ``done()`` or ``limit`` seconds."""
    while not done() and clock.elapsed() < limit:
        worker.deliver_due()
        clock.now += timedelta(seconds=step)


def posts(emulator) -> int:
    return len(emulator.calls_to("chat.postMessage"))


def report(name: str, texts: dict[int, str], counts: collections.Counter[str], **figures: object) -> None:
    lost = sum(1 for text in texts.values() if counts[text] == 0)
    doubled = sum(1 for text in texts.values() if counts[text] > 1)
    extra = ", ".join(f"{key} {value}" for key, value in figures.items())
    print(f"\nFAULT {name}: {len(texts)} notifications, {lost} lost, {doubled} duplicated, {extra}")
    assert (lost, doubled) == (0, 0)


def test_two_minutes_of_429_lose_nothing_and_do_not_hammer_slack(database, emulator, people):
    texts = queue(database, people, 20)
    clock = PinnedClock()
    incident_ends = clock.now + timedelta(minutes=2)
    emulator.fail_while("chat.postMessage", lambda: clock.now < incident_ends, status=429, retry_after=2)
    worker = make_worker(database, emulator, "w1", clock)
    drain(worker, clock, lambda: statuses(database, texts) == {OutboxStatus.SENT}, step=0.5, limit=600)
    during = sum(1 for call in emulator.calls if call.method == "chat.postMessage" and call.response.get("injected"))
    report("429 for 2 min", texts, delivered(emulator, people), calls_while_limited=during, after_s=clock.elapsed())
    assert statuses(database, texts) == {OutboxStatus.SENT}
    # Back-pressure: one try per channel per Retry-After (4 DMs, 2 s, 120 s), not one per row per pass.
    assert during <= PEOPLE * (120 // 2 + 2)


def test_five_minutes_of_500s_lose_nothing(database, emulator, people):
    texts = queue(database, people, 10)
    clock = PinnedClock()
    incident_ends = clock.now + timedelta(minutes=5)
    emulator.fail_while("chat.postMessage", lambda: clock.now < incident_ends, status=500)
    worker = make_worker(database, emulator, "w1", clock)
    drain(worker, clock, lambda: statuses(database, texts) == {OutboxStatus.SENT}, step=2, limit=3600)
    report("500s for 5 min", texts, delivered(emulator, people), posts=posts(emulator), after_s=clock.elapsed())


@pytest.mark.parametrize("how", ["drop", "hang"])
def test_slack_accepting_then_never_answering_posts_once(database, emulator, people, how):
    """The post takes effect but the answer never comes (the connection drops, or hangs past the client's
    timeout): the next attempt finds the message by its metadata and records it instead of posting again."""
    texts = queue(database, people, 6)
    emulator.accept_then_fail("chat.postMessage", how=how, times=3, hang_seconds=1.5)
    clock = PinnedClock()
    worker = make_worker(database, emulator, "w1", clock, timeout=0.5)
    drain(worker, clock, lambda: statuses(database, texts) == {OutboxStatus.SENT}, step=5, limit=600)
    lookups = len(emulator.calls_to("conversations.history"))
    report(f"Slack {how}s after accepting", texts, delivered(emulator, people), posts=posts(emulator), lookups=lookups)
    with database.session() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(list(texts)))).all()
        in_slack = {m["ts"] for _, slack_id in people for m in emulator.dm_messages(slack_id)}
        assert {row.sent_ts for row in rows} == in_slack  # each row knows the message it became (cards get edited)


def test_rows_a_dead_worker_claimed_are_taken_back_within_a_minute_and_not_reposted(database, emulator, people):
    texts = queue(database, people, 8)
    clock = PinnedClock()
    dead = make_worker(database, emulator, "dead", clock)
    with database.session() as session:
        claimed = claim_due(session, "dead", now=clock.now, limit=20)
    # It posted two of them, then was killed before it could record either.
    for message_id in claimed[:2]:
        with database.session() as session:
            message = session.get(OutboxMessage, message_id)
            assert message is not None
            dead._post(session, message)
    live = make_worker(database, emulator, "live", clock)
    assert live.deliver_due() == 0  # still claimed by the dead worker
    clock.now += CLAIM_LEASE + timedelta(seconds=1)
    assert timedelta(minutes=1) > CLAIM_LEASE
    drain(live, clock, lambda: statuses(database, texts) == {OutboxStatus.SENT}, step=1, limit=120)
    report("worker killed mid-delivery", texts, delivered(emulator, people), taken_back_after_s=clock.elapsed())


@pytest.mark.parametrize("drainers", [2, 3])
def test_several_drainers_deliver_each_row_once(database, emulator, people, drainers):
    texts = queue(database, people, 60)
    emulator.accept_then_fail("chat.postMessage", how="drop", times=2)
    workers = [make_worker(database, emulator, f"w{n}") for n in range(drainers)]
    barrier = threading.Barrier(drainers)
    deadline = utcnow() + timedelta(seconds=60)

    def run(worker: OutboxWorker) -> None:
        barrier.wait()
        while statuses(database, texts) != {OutboxStatus.SENT} and utcnow() < deadline:
            worker.deliver_due()
            with database.session() as session:  # what the backoff left waiting is due again at once
                for message in session.scalars(select(OutboxMessage).where(OutboxMessage.status == "pending")):
                    message.next_attempt_at = utcnow()

    threads = [threading.Thread(target=run, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report(f"{drainers} drainers", texts, delivered(emulator, people), posts=posts(emulator))
    assert statuses(database, texts) == {OutboxStatus.SENT}
