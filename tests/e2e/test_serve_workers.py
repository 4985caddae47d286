"""``backoffice serve --workers 2`` on PostgreSQL, as an operator runs it, with the leader and the busy worker
SIGKILLed in the middle of leave requests and approvals.

Eight employees ask for leave and confirm; their managers' cards go through the outbox. The scheduler's leader is
killed while those cards are being delivered; more requests follow; then, while the managers approve, the worker
that delivered most is killed too. The supervisor restarts both. Then the leader lock's database connection is
ended by the server (``pg_terminate_backend``), as a PostgreSQL restart or failover would. Checked at the end:
every outbox row was posted exactly once (the emulator's record of ``chat.postMessage``), every request has one
decision (one audit row, one notice to its requester), no job ran twice for a slot, another process led the jobs
within a minute of the leader's death, and the jobs went on after its lock's connection was ended.

What a person does when nothing happens is done here too, and counted: a click or a message whose worker died
before answering is sent again (Slack itself resends an event it got no answer for). The server's clock starts
at the pinned moment and runs 120 times faster (``BACKOFFICE_CLOCK_RATE``), so jobs every 15 minutes of it run
every 7.5 s and several slots pass during the test.
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import Engine

from bot.outbox_worker import delivery_key
from bot.scheduler import ADVISORY_LOCK_KEY
from db.models import AuditEntry, JobRun, OutboxMessage, OutboxStatus
from skills.leave.models import LeaveRequest, LeaveStatus
from tests.conftest import TEST_DATABASE_URL
from tests.e2e.conftest import SIGNING_SECRET, free_port
from tests.e2e.install import BACKOFFICE, fresh_install, import_csv, wait_until_healthy
from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_emulator import SlackEmulator

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not TEST_DATABASE_URL.startswith("postgresql"), reason="serve --workers needs PostgreSQL"),
]

MANAGERS = [("U0WMGR001", "Marta Boss"), ("U0WMGR002", "Pablo Chief")]
EMPLOYEES = [(f"U0WEMP00{n}", f"Worker{n} Person", MANAGERS[n % 2]) for n in range(1, 9)]
LOCK_HOLDER = text(
    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid::text::bigint = :low "
    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
).bindparams(low=ADVISORY_LOCK_KEY & 0xFFFFFFFF)
WAIT = 60.0  # how long a person waits for an answer before trying again (generous: one worker may be starting)


def people_csv() -> str:
    """The directory: two managers, four employees each."""
    lines = ["slack_id,email,name,manager_email,department,roles,locale,timezone,country"]
    lines += [f",{mail(name)},{name},,Operations,manager,en-US,America/New_York,US" for _, name in MANAGERS]
    lines += [f",{mail(name)},{name},{mail(boss)},Operations,,en-US,America/New_York,US" for _, name, (_, boss) in
              EMPLOYEES]  # fmt: skip
    return "\n".join(lines) + "\n"


def mail(name: str) -> str:
    return name.split()[0].lower() + "@acme.example"


@dataclass
class Served:
    """The supervisor process, its database, and what the test had to do again because a worker died."""

    supervisor: subprocess.Popen[str]
    engine: Engine
    events_url: str
    home: Path
    tries: collections.Counter[str] = field(default_factory=collections.Counter)

    def workers(self) -> list[int]:
        """The pids of the supervisor's live workers."""
        listed = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.supervisor.pid)], capture_output=True, text=True
        )
        return [int(pid) for pid in listed.stdout.split()]

    def serving(self) -> int:
        """How many workers have logged that they serve (each logs to a file of its own)."""
        logs = sorted(self.home.glob("logs/backoffice.worker*.log"))
        return sum("serving the supervisor's socket" in path.read_text(errors="replace") for path in logs)

    def scalar(self, query: Any) -> Any:
        with self.engine.connect() as connection:
            return connection.execute(query).scalar()

    def rows(self, query: Any) -> list[Any]:
        with self.engine.connect() as connection:
            return list(connection.execute(query))


@pytest.fixture
def served(tmp_path: Path, emulator: SlackEmulator) -> Iterator[Served]:
    """A fresh install on its own PostgreSQL schema, served by ``backoffice serve --workers 2``."""
    for user_id, name in MANAGERS + [(user_id, name) for user_id, name, _ in EMPLOYEES]:
        emulator.add_user(user_id, mail(name), name)
    settings = {
        "BACKOFFICE_CLOCK_RATE": "120",
        "CONVERSATION_IDLE_MINUTES": "1440",  # a day of that clock (12 min here): a preview outlives a retry
        "OUTBOX_POLL_SECONDS": "0.2",
        # what a killed worker had acknowledged or claimed is taken back well before a person tries again (WAIT)
        "EVENT_LEASE_SECONDS": "15",
        "OUTBOX_CLAIM_LEASE_SECONDS": "15",
    }
    with fresh_install(tmp_path, emulator, **settings) as env:
        url, port = env["DATABASE_URL"], free_port()
        import_csv(env, tmp_path, "employees", people_csv())
        command = [BACKOFFICE, "serve", "--workers", "2", "--port", str(port), "--host", "127.0.0.1"]
        log = (tmp_path / "serve.log").open("w")
        supervisor = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        engine = create_engine(url)
        try:
            wait_until_healthy(f"http://127.0.0.1:{port}/healthz", supervisor)
            yield Served(supervisor, engine, f"http://127.0.0.1:{port}/slack/events", tmp_path / "home")
            supervisor.send_signal(signal.SIGTERM)
            assert supervisor.wait(timeout=60) == 0
        finally:
            if supervisor.poll() is None:
                supervisor.kill()
                supervisor.wait()
            engine.dispose()
            log.close()


def wait_for(condition: Callable[[], Any], what: str, timeout: float = 120.0) -> Any:
    """Poll ``condition`` until it is truthy (a generous deadline, not a timed assertion)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def again_until(served: Served, kind: str, act: Callable[[], object], done: Callable[[], bool]) -> None:
    """Do ``act`` until ``done`` holds, as a person tries again when nothing happens; count each extra try, by
    whether the first went unanswered (its worker died holding the connection) or was answered and then lost."""
    for _ in range(5):
        try:
            act()
            answered = True
        except OSError:  # the worker holding the connection was killed: Slack shows the person an error
            answered = False
        deadline = time.monotonic() + (WAIT if answered else 2.0)
        while time.monotonic() < deadline:
            if done():
                return
            time.sleep(0.1)
        served.tries[f"{kind} ({'answered, then lost with its worker' if answered else 'no answer'})"] += 1
    raise AssertionError(f"{kind}: nothing happened after 5 tries")


def bot_texts(emulator: SlackEmulator, user_id: str) -> list[tuple[dict[str, Any], str]]:
    return [(m, emulator.render_text(m)) for m in emulator.dm_messages(user_id) if m.get("bot_id")]


def newest(emulator: SlackEmulator, user_id: str, needle: str, *more: str) -> dict[str, Any] | None:
    found = [m for m, shown in bot_texts(emulator, user_id) if all(n in shown for n in (needle, *more))]
    return found[-1] if found else None


def send_dm(slack: SlackDriver, user_id: str, words: str) -> None:
    """A DM event; resent with Slack's retry headers while no worker answers it (as Slack does)."""
    event_id = "Ev" + uuid.uuid4().hex[:10].upper()
    for retry in range(4):
        try:
            slack.send_dm(user_id, words, event_id=event_id, retry_num=retry or None)
            return
        except OSError:
            continue


def request_leave(served: Served, slack: SlackDriver, emulator: SlackEmulator, user_id: str) -> None:
    """Ask for leave, then press Confirm on the preview; until the request's card reached the manager."""
    name, manager = next((name, boss) for uid, name, (boss, _) in EMPLOYEES if uid == user_id)
    again_until(
        served,
        "leave request sent again",
        lambda: send_dm(slack, user_id, "I'd like to take vacation from Dec 14 to Dec 16"),
        lambda: newest(emulator, user_id, "[Confirm]") is not None,
    )
    preview = newest(emulator, user_id, "[Confirm]")
    assert preview is not None
    again_until(
        served,
        "Confirm clicked again",
        lambda: slack.click(user_id, "dialogue.confirm", message=preview),
        lambda: newest(emulator, manager, f"{name} asks for Vacation", "[Approve]") is not None,
    )


def approve(served: Served, slack: SlackDriver, emulator: SlackEmulator, manager: str, employee: str) -> None:
    """The manager presses Approve on the employee's card; until the employee is told."""
    card = wait_for(
        lambda: newest(emulator, manager, f"{employee} asks for Vacation", "[Approve]"), f"{employee}'s card"
    )
    again_until(
        served,
        "Approve clicked again",
        lambda: slack.click(manager, "leave.approve", message=card),
        lambda: newest(emulator, slack_id_of(employee), "was approved by") is not None,
    )


def slack_id_of(name: str) -> str:
    return next(user_id for user_id, person, _ in EMPLOYEES if person == name)


def pid_of(host: str) -> int:
    return int(host.rsplit(":", 1)[1])


def leader(served: Served, not_pid: int | None = None) -> int:
    """The pid of the process that ran the newest job (another than ``not_pid`` if given), waiting for one."""

    def newest_runner() -> int | None:
        hosts = served.rows(select(JobRun.host).order_by(JobRun.id.desc()).limit(1))
        pid = pid_of(hosts[0][0]) if hosts else None
        return pid if pid is not None and pid != not_pid else None

    return int(wait_for(newest_runner, "a scheduler leader to run a job", timeout=WAIT))


def in_parallel(actions: list[Callable[[], object]]) -> None:
    errors: list[BaseException] = []

    def run(action: Callable[[], object]) -> None:
        try:
            action()
        except BaseException as error:  # pragma: no cover - re-raised below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def test_killing_the_leader_and_the_busy_worker_loses_and_repeats_nothing(served: Served, emulator: SlackEmulator):
    slack = SlackDriver(served.events_url, SIGNING_SECRET, emulator, timeout=60)
    wait_for(lambda: served.serving() == 2, "two workers serving")
    first_leader = leader(served)
    first, second = EMPLOYEES[:4], EMPLOYEES[4:]

    # Four requests at once; the leader is killed as soon as the first is confirmed, the others in flight. A new
    # leader must run a job within a minute of the kill (watched from then on, while more requests come).
    took_over: dict[str, float] = {}

    def kill_the_leader_and_wait_for_the_next() -> None:
        wait_for(lambda: served.scalar(select(func.count()).select_from(LeaveRequest)), "a first request")
        os.kill(first_leader, signal.SIGKILL)
        killed = time.monotonic()
        took_over["pid"] = leader(served, not_pid=first_leader)  # waits up to a minute
        took_over["seconds"] = time.monotonic() - killed

    watcher = threading.Thread(target=kill_the_leader_and_wait_for_the_next)
    watcher.start()
    in_parallel([partial(request_leave, served, slack, emulator, uid) for uid, _, _ in first])
    in_parallel([partial(request_leave, served, slack, emulator, uid) for uid, _, _ in second])
    watcher.join()
    assert "seconds" in took_over, "no new leader ran a job within a minute of the kill"
    new_leader = int(took_over["pid"])

    # The managers approve everything at once; the worker that delivered most is killed half way.
    delivered_by = served.rows(
        select(OutboxMessage.claimed_by, func.count()).where(OutboxMessage.claimed_by.is_not(None))
        .group_by(OutboxMessage.claimed_by)
    )  # fmt: skip
    live = served.workers()
    counts = {pid_of(host): count for host, count in delivered_by if pid_of(host) in live}
    busy = max(live, key=lambda pid: counts.get(pid, 0))
    approvals: list[Callable[[], object]] = [
        partial(approve, served, slack, emulator, manager, name) for _, name, (manager, _) in EMPLOYEES
    ]
    killer = threading.Timer(0.5, os.kill, args=(busy, signal.SIGKILL))
    killer.start()
    in_parallel(approvals)
    killer.join()

    # Everything settles: nothing left to deliver, both workers back.
    wait_for(
        lambda: served.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status != OutboxStatus.SENT)
        ) == 0,
        "the outbox to drain",
    )  # fmt: skip
    wait_for(lambda: len(served.workers()) == 2 and not {first_leader, busy} & set(served.workers()), "restarts")

    # Every notification and reply delivered once: each delivery key is on exactly one message in Slack.
    everyone = [user_id for user_id, _ in MANAGERS] + [user_id for user_id, _, _ in EMPLOYEES]
    in_slack = collections.Counter(
        key for user_id in everyone for message, _ in bot_texts(emulator, user_id) if (key := delivery_key_of(message))
    )
    posts = served.rows(select(OutboxMessage).where(OutboxMessage.kind == "post"))
    keys = {delivery_key(row) for row in posts}  # rows carry the columns delivery_key reads
    assert keys <= set(in_slack), f"never delivered: {sorted(keys - set(in_slack))}"
    twice = {key: count for key, count in in_slack.items() if count > 1}
    assert twice == {}, f"delivered more than once: {twice}"

    # One request, one decision, one notice each.
    requests = served.rows(select(LeaveRequest.id, LeaveRequest.status))
    assert len(requests) == len(EMPLOYEES) and {status for _, status in requests} == {LeaveStatus.APPROVED}
    decisions = served.rows(
        select(AuditEntry.entity_id, func.count()).where(AuditEntry.action == "approval.step_approved")
        .group_by(AuditEntry.entity_id)
    )  # fmt: skip
    assert len(decisions) == len(EMPLOYEES) and {count for _, count in decisions} == {1}
    unconfirmed = [u for u, _, _ in EMPLOYEES if newest(emulator, u, "Request sent to") is None]
    for user_id, name, (manager, _) in EMPLOYEES:
        assert len([m for m, shown in bot_texts(emulator, user_id) if "Request sent to" in shown]) <= 1
        assert len([m for m, shown in bot_texts(emulator, user_id) if "was approved by" in shown]) == 1
        assert len([m for m, shown in bot_texts(emulator, manager) if f"{name} asks for Vacation" in shown]) == 1

    # The leader's lock connection is ended by the server, as a PostgreSQL restart or failover would: the leader
    # stops before its next run, and a process (another, or itself once it takes the lock again) goes on.
    holder = wait_for(lambda: served.scalar(LOCK_HOLDER), "the backend holding the leader lock")
    before = served.scalar(select(func.max(JobRun.id)))
    served.scalar(text("SELECT pg_terminate_backend(:pid)").bindparams(pid=holder))
    wait_for(lambda: served.scalar(LOCK_HOLDER) not in (None, holder), "the leader lock to be taken again")
    wait_for(lambda: served.scalar(select(func.count()).where(JobRun.id > before)) >= 3, "jobs to go on")

    # No job ran twice for a slot; runs were led by the first leader, then by another process.
    slots = served.rows(select(JobRun.job, JobRun.slot, func.count()).group_by(JobRun.job, JobRun.slot))
    assert slots and {count for _, _, count in slots} == {1}
    hosts = collections.Counter(pid_of(host) for (host,) in served.rows(select(JobRun.host)))
    assert hosts[first_leader] and hosts[new_leader]

    def unfinished() -> list[Any]:
        return served.rows(select(JobRun.job, JobRun.host).where(JobRun.finished_at.is_(None)))

    # only a killed process leaves a run unfinished (a live leader may be in the middle of one: it finishes it)
    wait_for(lambda: {pid_of(host) for _, host in unfinished()} <= {first_leader, busy}, "runs in progress to end")
    cut = unfinished()
    outbox = served.rows(select(OutboxMessage.kind, func.count()).group_by(OutboxMessage.kind))
    print(
        f"\nserve --workers 2: {len(EMPLOYEES)} requests approved; killed leader {first_leader} and busy worker "
        f"{busy}; new leader {new_leader} ran its first job {took_over['seconds']:.0f} s after the kill; outbox {dict(outbox)}; "
        f"{sum(in_slack.values())} keyed messages in Slack, 0 twice; {len(slots)} job slots run, each once, by "
        f"{len(hosts)} processes (the lock's connection ended once too); {len(cut)} run(s) cut by a kill; "
        f"done again by hand: {dict(served.tries)}; 'Request sent' replies lost with a killed worker: {len(unconfirmed)}"
    )


def delivery_key_of(message: dict[str, Any]) -> str | None:
    """The delivery key a bot message carries in its metadata, if any."""
    metadata = message.get("metadata") or {}
    return (metadata.get("event_payload") or {}).get("key") if metadata.get("event_type") else None
