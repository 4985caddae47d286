import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from db.models import Employee, OutboxMessage, OutboxStatus
from db.outbox import CLAIM_LEASE, Entity, claim_due, enqueue, enqueue_update, mark_retry, mark_sent, messages_about
from db.types import utcnow


@pytest.fixture
def employee(session):
    person = Employee(email="o@x.example", name="O", slack_id="U0OUTBOX")
    session.add(person)
    session.commit()
    return person


def test_a_message_needs_somewhere_to_go(session):
    with pytest.raises(ValueError, match="recipient or a channel"):
        enqueue(session, text="hello")


def test_a_claim_is_exclusive_and_only_the_claimer_settles(database, employee):
    with database.session() as session:
        queued = enqueue(session, text="hi", recipient=employee, entity=Entity("leave", 7))
    with database.session() as session:
        assert claim_due(session, "worker-a") == [queued.id]
        assert claim_due(session, "worker-b") == []
        assert not mark_sent(session, queued.id, "worker-b", channel="D1", ts="1.0")
        assert mark_sent(session, queued.id, "worker-a", channel="D1", ts="1.0")
        assert claim_due(session, "worker-a") == []
    with database.session() as session:
        sent = session.get(OutboxMessage, queued.id)
        assert sent is not None
        assert (sent.status, sent.sent_channel, sent.sent_ts) == (OutboxStatus.SENT, "D1", "1.0")
        assert [m.id for m in messages_about(session, Entity("leave", 7))] == [queued.id]


def test_concurrent_workers_never_claim_the_same_row(database, employee):
    with database.session() as session:
        ids = {enqueue(session, text=f"n{i}", recipient=employee).id for i in range(30)}
    claims: dict[str, list[int]] = {}
    barrier = threading.Barrier(3)

    def claim(name: str) -> None:
        barrier.wait()
        got: list[int] = []
        with database.session() as session:
            for _ in range(10):
                got += claim_due(session, name, limit=5)
        claims[name] = got

    threads = [threading.Thread(target=claim, args=(f"w{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = [message_id for got in claims.values() for message_id in got]
    assert sorted(everything) == sorted(ids)
    assert len(everything) == len(set(everything))


def test_retry_waits_and_a_dead_workers_claim_expires(database, employee):
    with database.session() as session:
        queued = enqueue(session, text="hi", recipient=employee)
    with database.session() as session:
        claim_due(session, "a")
        assert mark_retry(session, queued.id, "a", error="rate limited", delay=timedelta(seconds=30))
        assert claim_due(session, "b") == []
        assert claim_due(session, "b", now=utcnow() + timedelta(seconds=31)) == [queued.id]
        assert claim_due(session, "c", now=utcnow() + timedelta(seconds=32)) == []
        assert claim_due(session, "c", now=utcnow() + CLAIM_LEASE + timedelta(seconds=40)) == [queued.id]
        row = session.scalar(select(OutboxMessage))
        assert row is not None
        assert row.claimed_by == "c"
        assert row.attempts == 1


def test_an_update_points_at_its_original(database, employee):
    with database.session() as session:
        original = enqueue(session, text="card", recipient=employee, entity=Entity("leave", 1))
        edit = enqueue_update(session, original, text="card (decided)")
        assert (edit.kind, edit.update_of, edit.entity_id) == ("update", original.id, "1")
