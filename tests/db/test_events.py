"""The event inbox: recorded once, leased while handled, taken back by one process when the lease runs out, retried
after growing delays and given up in the end (SQLite, and PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import threading
from datetime import timedelta

from db.events import EVENT_LEASE, RETRY_DELAYS, mark_handled, oldest_unhandled_age, put_back, record_received, take_due
from db.models import EventState, ProcessedEvent
from tests.pinned import NOW

BODY = '{"type": "event_callback", "event_id": "Ev1", "event": {"type": "message", "text": "hi"}}'


def record(database, event_id="Ev1", now=NOW) -> bool:
    with database.session() as session:
        return record_received(session, event_id=event_id, event_type="message", body=BODY, now=now)


def test_an_event_is_recorded_once_and_its_body_dropped_when_handled(database):
    assert record(database) is True
    assert record(database) is False  # Slack's retry of the same event
    with database.session() as session:
        assert oldest_unhandled_age(session, NOW + timedelta(seconds=3)) == 3.0
        assert mark_handled(session, "Ev1") is True
        assert mark_handled(session, "Ev1") is False
    with database.session() as session:
        row = session.get(ProcessedEvent, "Ev1")
        assert row is not None and (row.state, row.body, row.due_at) == (EventState.HANDLED, None, None)
        assert oldest_unhandled_age(session, NOW) is None


def test_an_event_whose_receiver_died_is_taken_back_once_its_lease_ran_out(database):
    record(database)
    with database.session() as session:
        assert take_due(session, now=NOW + EVENT_LEASE - timedelta(seconds=1)) == []  # still its receiver's
    later = NOW + EVENT_LEASE
    with database.session() as session:
        assert take_due(session, now=later) == [("Ev1", BODY)]
    with database.session() as session:
        assert take_due(session, now=later + timedelta(seconds=1)) == []  # leased again to whoever took it
        row = session.get(ProcessedEvent, "Ev1")
        assert row is not None and row.attempts == 2 and row.due_at == later + EVENT_LEASE


def test_two_processes_taking_due_events_never_take_the_same_one(database):
    for n in range(30):
        record(database, f"Ev{n}")
    later = NOW + EVENT_LEASE
    taken: list[list[tuple[str, str]]] = []
    start = threading.Barrier(3)

    def taker() -> None:
        start.wait()
        mine: list[tuple[str, str]] = []
        for _ in range(5):
            with database.session() as session:
                mine += take_due(session, now=later, limit=5)
        taken.append(mine)

    threads = [threading.Thread(target=taker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = [event_id for mine in taken for event_id, _ in mine]
    assert sorted(ids) == sorted(f"Ev{n}" for n in range(30)) and len(ids) == len(set(ids))


def test_a_failed_handling_is_due_after_growing_delays_then_given_up(database):
    record(database)
    now = NOW
    waits = []
    for _ in RETRY_DELAYS:
        with database.session() as session:
            assert put_back(session, "Ev1", now=now) is EventState.RECEIVED
            row = session.get(ProcessedEvent, "Ev1")
            assert row is not None and row.due_at is not None
            waits.append(row.due_at - now)
            now = row.due_at
        with database.session() as session:
            assert [event_id for event_id, _ in take_due(session, now=now)] == ["Ev1"]
    assert waits == list(RETRY_DELAYS)
    with database.session() as session:
        assert put_back(session, "Ev1", now=now) is EventState.GIVEN_UP
        assert take_due(session, now=now + timedelta(days=1)) == []
        row = session.get(ProcessedEvent, "Ev1")
        assert row is not None and (row.state, row.body) == (EventState.GIVEN_UP, None)


def test_an_event_its_process_is_still_handling_is_not_taken_again_by_that_process(database):
    record(database)
    later = NOW + EVENT_LEASE  # the lease ran out while the handling is slow, not dead
    with database.session() as session:
        assert take_due(session, now=later, busy={"Ev1"}) == []
    with database.session() as session:
        assert take_due(session, now=later) == [("Ev1", BODY)]  # another process, which is not handling it, takes it
