"""Run the skills' periodic jobs with APScheduler 3, on exactly one process: the holder of a leader lock.

PostgreSQL: a session-level advisory lock on a dedicated connection. SQLite (one machine): an exclusive
``flock`` on a file under ``BACKOFFICE_HOME``. Every run is recorded in ``job_runs`` (visible with
``backoffice jobs``); a failing run is logged and recorded, and the next run tries again.

Two leaders can never both run a job: before every run the leader checks it still holds its lock (a
PostgreSQL restart or failover ends the lock's connection, and another process may have taken the lock since),
and stops leading the moment it does not; and every scheduled run first claims its slot (the job's interval
that contains "now") with a row in ``job_runs``, which a unique constraint lets only one process write.
"""

from __future__ import annotations

import fcntl
import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from db.engine import Database
from db.models import JobRun
from skills.base import SkillDeps
from skills.common.time import Clock
from skills.jobs import Job, JobContext

log = logging.getLogger(__name__)

ADVISORY_LOCK_KEY = 0x6261636B6F6666  # "backoff"
_RUNNERS: dict[str, JobRunner] = {}
CHECK_SECONDS = 10.0
"""How often a leader checks, between runs, that it still holds its lock."""
HELD_ADVISORY_LOCK = text(
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid() "
    "AND classid::text::bigint = :high AND objid::text::bigint = :low"
)


def process_name() -> str:
    """How ``job_runs.host`` names this process: host and pid, so two processes on one machine differ."""
    return f"{socket.gethostname()}:{os.getpid()}"


def slot_of(now: datetime, every_seconds: float) -> datetime:
    """The start of the interval of ``every_seconds`` (counted from the epoch) that contains ``now``."""
    stamp = now.timestamp()
    return datetime.fromtimestamp(stamp - stamp % every_seconds, tz=UTC)


class LeaderLock:
    """Held by at most one process per database (per ``key``): the scheduler's leader, or the one ingest running.

    On PostgreSQL it is an advisory lock, so it holds across machines; on SQLite, a file lock under
    BACKOFFICE_HOME, which is where that database lives.
    """

    def __init__(self, database: Database, lock_file: Path, key: int = ADVISORY_LOCK_KEY) -> None:
        self.database = database
        self.lock_file = lock_file
        self.key = key
        self._connection: Connection | None = None
        self._file: IO[str] | None = None

    def acquire(self) -> bool:
        """Try to become the leader without waiting."""
        if self.database.dialect == "postgresql":
            connection = self.database.engine.connect()
            got = bool(connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}).scalar())
            connection.commit()
            if got:
                self._connection = connection
            else:
                connection.close()
            return got
        self.lock_file.parent.mkdir(parents=True, exist_ok=True)
        handle = self.lock_file.open("w")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._file = handle
        return True

    def still_held(self) -> bool:
        """Whether this process still holds the lock: on PostgreSQL, its connection answers and holds the lock."""
        if self._connection is not None:
            try:
                held = self._connection.execute(
                    HELD_ADVISORY_LOCK, {"high": self.key >> 32, "low": self.key & 0xFFFFFFFF}
                ).scalar()
                self._connection.commit()
            except Exception as error:  # the connection is gone: so is the lock
                log.warning("the leader lock's connection failed: %s", error)
                return False
            return bool(held)
        return self._file is not None

    def release(self) -> None:
        """Give up leadership (closing the connection or file releases the lock too)."""
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
                self._connection.commit()
                self._connection.close()
            except Exception as error:  # a terminated connection: the lock went with it
                log.info("the leader lock's connection was already gone: %s", error)
                self._connection.invalidate()
            self._connection = None
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None


class JobRunner:
    """Runs one job in its own unit of work and records the run."""

    def __init__(self, database: Database, job: Job, *, deps: SkillDeps[Any], clock: Clock) -> None:
        self.database = database
        self.job = job
        self.deps = deps
        self.clock = clock
        self.leading: Callable[[], bool] = lambda: True
        """Asked before every scheduled run: does this process still lead? (set by the scheduler)"""

    def run_scheduled(self) -> JobRun | None:
        """The scheduler's run: only while leading, and only if no process ran this slot yet; None if skipped."""
        if not self.leading():
            log.warning("job %s not run: this process no longer leads", self.job.name)
            return None
        return self._run(slot_of(self.clock.now(), self.job.every.total_seconds()))

    def run(self) -> JobRun:
        """Run the job now, by hand (no slot to claim); a failure is logged and recorded, never raised."""
        run = self._run(None)
        if run is None:  # pragma: no cover - a run without a slot claims nothing, so nothing can refuse it
            raise RuntimeError("a run by hand was refused")
        return run

    def _run(self, slot: datetime | None) -> JobRun | None:
        """Claim ``slot`` (None: nothing to claim), run the job and record the outcome; None when another
        process already claimed the slot."""
        started = self.clock.now()
        run = JobRun(job=self.job.name, slot=slot, host=process_name(), started_at=started, detail="running")
        try:
            with self.database.session() as session:
                session.add(run)
        except IntegrityError:
            log.info("job %s: slot %s was already run by another process", self.job.name, slot)
            return None
        processed, ok, detail = 0, True, ""
        try:
            with self.database.session() as session:
                processed = self.job.run(JobContext(session=session, now=started, deps=self.deps))
        except Exception as error:
            ok, detail = False, f"{type(error).__name__}: {error}"
            log.exception("job %s failed", self.job.name)
        with self.database.session() as session:
            recorded = session.get(JobRun, run.id)
            if recorded is not None:
                recorded.finished_at, recorded.ok = self.clock.now(), ok
                recorded.processed, recorded.detail = processed, detail[:2000]
                run = recorded
        log.info("job %s: %s, %d handled", self.job.name, "ok" if ok else "failed", processed)
        return run


def run_registered_job(name: str) -> None:
    """APScheduler's entry point (importable by reference, as its SQLAlchemy job store needs)."""
    runner = _RUNNERS.get(name)
    if runner is None:
        log.warning("job %s is not registered in this process", name)
        return
    runner.run_scheduled()


class JobScheduler:
    """Starts APScheduler with the skills' jobs once this process holds the leader lock; retries otherwise, and
    steps down the moment the lock is lost (checked before every run and every ``CHECK_SECONDS``).

    ``pace`` is how many times faster than the machine's the clock runs (``BACKOFFICE_CLOCK_RATE``): a job every
    15 minutes of that clock fires every 15 / ``pace`` minutes of the machine's, so it still runs once per slot.
    """

    def __init__(
        self,
        database: Database,
        jobs: list[tuple[Job, SkillDeps[Any]]],
        home: Path,
        *,
        clock: Clock,
        pace: float = 1.0,
    ) -> None:
        self.database = database
        self.pace = pace
        self.runners = {job.name: JobRunner(database, job, deps=deps, clock=clock) for job, deps in jobs}
        for runner in self.runners.values():
            runner.leading = self.still_leading
        self.lock = LeaderLock(database, home / "scheduler.lock")
        self._scheduler: BackgroundScheduler | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._guard = threading.RLock()

    @property
    def is_leader(self) -> bool:
        """Whether this process runs the jobs."""
        return self._scheduler is not None

    def start(self, retry_seconds: float = 20.0) -> None:
        """Become the leader now or keep trying in the background; a leader keeps checking it still leads."""
        self._try_lead()
        self._thread = threading.Thread(target=self._watch, args=(retry_seconds,), name="scheduler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the jobs and give up leadership."""
        self._stop.set()
        with self._guard:
            if self._scheduler is not None:
                self._scheduler.shutdown(wait=True)
                self._scheduler = None
                self.lock.release()

    def still_leading(self) -> bool:
        """Whether this process still holds the leader lock; if not, it stops leading at once."""
        with self._guard:
            if self._scheduler is None:
                return False
            if self.lock.still_held():
                return True
            log.warning("lost the leader lock: stopping the scheduled jobs in this process")
            scheduler, self._scheduler = self._scheduler, None
            scheduler.shutdown(wait=False)
            self.lock.release()
            return False

    def _watch(self, retry_seconds: float) -> None:
        while not self._stop.wait(CHECK_SECONDS if self.is_leader else retry_seconds):
            if self.is_leader:
                self.still_leading()
            else:
                self._try_lead()

    def _try_lead(self) -> bool:
        with self._guard:
            if self._stop.is_set() or not self.lock.acquire():
                log.info("another process runs the scheduled jobs")
                return False
            _RUNNERS.update(self.runners)
            scheduler = BackgroundScheduler(
                jobstores={"default": SQLAlchemyJobStore(engine=self.database.engine)},
                job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
                timezone="UTC",
            )
            for name, runner in self.runners.items():
                seconds = runner.job.every.total_seconds() / self.pace
                scheduler.add_job(
                    run_registered_job, "interval", seconds=seconds, args=[name], id=name, replace_existing=True
                )
            scheduler.start()
            self._scheduler = scheduler
            log.info("running %d scheduled jobs as the leader", len(self.runners))
            return True
