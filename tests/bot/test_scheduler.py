"""The scheduler: one leader per database, every run recorded, a failing job recorded and not raised."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.scheduler import JobRunner, JobScheduler, LeaderLock
from db.models import JobRun
from skills.base import NoConfig, SkillDeps
from skills.common.time import FixedClock
from skills.jobs import Job, JobContext


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
