"""The scheduler: one leader per database, every run recorded, a failing job recorded and not raised."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from bot.scheduler import JobRunner, JobScheduler, LeaderLock, process_name, slot_of
from db.models import JobRun
from skills.base import NoConfig, SkillDeps
from skills.common.time import FixedClock
from skills.jobs import Job, JobContext
from tests.pinned import NOW


def counts(ctx: JobContext) -> int:
    return 3


def breaks(ctx: JobContext) -> int:
    raise RuntimeError("the disk is full")


def deps(clock: FixedClock) -> SkillDeps[NoConfig]:
    return SkillDeps(config=NoConfig(), clock=clock)


def test_every_run_is_recorded_and_a_failure_is_not_raised(database, clock):
    ok = JobRunner(database, Job("test.counts", timedelta(minutes=5), counts), deps=deps(clock), clock=clock).run()
    failed = JobRunner(database, Job("test.breaks", timedelta(minutes=5), breaks), deps=deps(clock), clock=clock).run()
    assert (ok.ok, ok.processed) == (True, 3)
    assert (failed.ok, failed.detail) == (False, "RuntimeError: the disk is full")
    with database.session() as session:
        runs = session.scalars(select(JobRun).order_by(JobRun.id)).all()
        assert [(run.job, run.ok) for run in runs] == [("test.counts", True), ("test.breaks", False)]
        assert all(run.started_at == clock.now() == run.finished_at for run in runs)  # the runs read the clock given


def test_only_one_process_holds_the_leader_lock(database, tmp_path):
    first, second = LeaderLock(database, tmp_path / "s.lock"), LeaderLock(database, tmp_path / "s.lock")
    assert first.acquire()
    try:
        assert not second.acquire()
    finally:
        first.release()
    assert second.acquire()
    second.release()


def test_the_scheduler_starts_only_on_the_leader(database, tmp_path, clock):
    jobs = [(Job("test.counts", timedelta(hours=1), counts), deps(clock))]
    leader = JobScheduler(database, jobs, tmp_path, clock=clock)
    follower = JobScheduler(database, jobs, tmp_path, clock=clock)
    leader.start()
    follower.start(retry_seconds=3600)
    try:
        assert leader.is_leader and not follower.is_leader
    finally:
        follower.stop()
        leader.stop()
    assert not leader.is_leader


def test_a_slot_is_run_by_one_process_only(database, clock):
    """Two leaders (say, after a failover the old one did not notice) both try the same slot: one runs it."""
    calls: list[str] = []

    def remember(ctx: JobContext) -> int:
        calls.append("ran")
        return 1

    job = Job("test.once", timedelta(minutes=5), remember)
    first = JobRunner(database, job, deps=deps(clock), clock=clock)
    second = JobRunner(database, job, deps=deps(clock), clock=clock)
    assert first.run_scheduled() is not None
    assert second.run_scheduled() is None
    clock.advance(timedelta(minutes=5))
    assert second.run_scheduled() is not None  # the next slot is free
    assert calls == ["ran", "ran"]
    with database.session() as session:
        runs = session.scalars(select(JobRun).order_by(JobRun.id)).all()
        assert [run.slot for run in runs] == [slot_of(NOW, 300), slot_of(NOW, 300) + timedelta(minutes=5)]
        assert {run.host for run in runs} == {process_name()} and str(os.getpid()) in runs[0].host
    assert first.run().slot is None  # by hand: no slot claimed, it always runs


def test_a_runner_that_no_longer_leads_runs_nothing(database, clock):
    runner = JobRunner(database, Job("test.counts", timedelta(minutes=5), counts), deps=deps(clock), clock=clock)
    runner.leading = lambda: False
    assert runner.run_scheduled() is None
    with database.session() as session:
        assert session.scalars(select(JobRun)).all() == []


@pytest.mark.skipif("postgresql" not in os.environ.get("TEST_DATABASE_URL", ""), reason="needs PostgreSQL")
def test_a_leader_whose_connection_is_terminated_stops_leading_and_another_takes_over(database, tmp_path, clock):
    """As a PostgreSQL restart or failover would: the leader's lock connection is ended by the server."""
    ran: list[str] = []

    def job_of(name: str) -> Job:
        def run(ctx: JobContext) -> int:
            ran.append(name)
            return 1

        return Job("test.failover", timedelta(minutes=5), run)

    old = JobScheduler(database, [(job_of("old"), deps(clock))], tmp_path / "a", clock=clock)
    new = JobScheduler(database, [(job_of("new"), deps(clock))], tmp_path / "b", clock=clock)
    old.start(retry_seconds=3600)
    new.start(retry_seconds=3600)
    try:
        assert old.is_leader and not new.is_leader
        assert old.lock._connection is not None
        pid = old.lock._connection.execute(text("SELECT pg_backend_pid()")).scalar()
        old.lock._connection.commit()
        with database.engine.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            admin.commit()
        deadline = time.monotonic() + 10  # the server ends the backend, and its lock, a moment later
        while not new._try_lead() and time.monotonic() < deadline:  # what its watcher does every 20 s
            time.sleep(0.05)
        assert new.is_leader
        assert old.runners["test.failover"].run_scheduled() is None  # checked before the run: not leading any more
        assert not old.is_leader
        assert new.runners["test.failover"].run_scheduled() is not None
        assert ran == ["new"]
    finally:
        old.stop()
        new.stop()
