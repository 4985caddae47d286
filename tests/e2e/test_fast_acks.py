"""Acks never wait behind Web API calls: while users.info hangs for first-contact users, everybody else is acked.

The proof is causal, not a stopwatch: every ack comes back while the hang is still in force (nobody new has been
answered yet). The ack figures are printed for the record; `make bench` measures speed."""

from __future__ import annotations

import statistics
import threading
import time

from sqlalchemy import update

from db.models import Employee
from tests.e2e.conftest import add_person

HANG_SECONDS = 10
"""Long beside 30 acks, so an ack that waited behind users.info would come back after some newcomer's answer."""


def test_acks_stay_fast_while_users_info_hangs(slack, emulator, database):
    newcomers = [add_person(database, emulator, f"New Comer{n}") for n in range(8)]
    regulars = [add_person(database, emulator, f"Regular Person{n}") for n in range(10)]
    with database.session() as session:  # the regulars wrote before: linked, so no users.info for them
        for person in regulars:
            session.execute(update(Employee).where(Employee.id == person.employee_id).values(slack_id=person.slack_id))
    emulator.accept_then_fail("users.info", how="hang", times=8, hang_seconds=HANG_SECONDS)
    hang_began = time.monotonic()
    first_contacts = [threading.Thread(target=slack.send_dm, args=(p.slack_id, "help")) for p in newcomers]
    for thread in first_contacts:
        thread.start()
    time.sleep(0.5)  # every users.info is hanging now
    acks: list[float] = []
    for _ in range(3):
        for person in regulars:
            started = time.perf_counter()
            status, _, _ = slack.send_dm(person.slack_id, "help")
            acks.append((time.perf_counter() - started) * 1000)
            assert status == 200
    waiting = [p for p in newcomers if not any(m.get("bot_id") for m in emulator.dm_messages(p.slack_id))]
    assert waiting == newcomers  # nobody new was answered yet: users.info still hangs for all of them
    assert time.monotonic() - hang_began < HANG_SECONDS  # so every ack above came back while it hung
    for thread in first_contacts:
        thread.join()
    acks.sort()
    p99 = acks[int(len(acks) * 0.99) - 1]
    print(f"\nACKS while users.info hangs: {len(acks)} acks, median {statistics.median(acks):.1f} ms, p99 {p99:.1f} ms")
    answered = emulator.wait_for(
        lambda: all(any(m.get("bot_id") for m in emulator.dm_messages(p.slack_id)) for p in newcomers), timeout=30
    )
    assert answered  # the newcomers are answered once Slack answers again (nobody was called unknown)
    for person in newcomers:
        assert not any("don't know you" in m.get("text", "") for m in emulator.dm_messages(person.slack_id))
