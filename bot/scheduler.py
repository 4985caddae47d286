"""Run the skills' periodic jobs with APScheduler 3, on exactly one process: the holder of a leader lock.

PostgreSQL: a session-level advisory lock on a dedicated connection. SQLite (one machine): an exclusive
``flock`` on a file under ``BACKOFFICE_HOME``. Every run is recorded in ``job_runs`` (visible with
``backoffice jobs``); a failing run is logged and recorded, and the next run tries again.
"""

from __future__ import annotations

import fcntl
import logging
import socket
import threading
from pathlib import Path
from typing import IO, Any

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Connection, text

from db.engine import Database
from db.models import JobRun
from skills.base import SkillDeps
from skills.common.time import Clock
from skills.jobs import Job, JobContext

log = logging.getLogger(__name__)

ADVISORY_LOCK_KEY = 0x6261636B6F6666  # "backoff"
_RUNNERS: dict[str, JobRunner] = {}


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

    def release(self) -> None:
        """Give up leadership (closing the connection or file releases the lock too)."""
        if self._connection is not None:
            self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
            self._connection.commit()
            self._connection.close()
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

    def run(self) -> JobRun:
        """Run the job now; a failure is logged and recorded, never raised."""
        started = self.clock.now()
        processed, ok, detail = 0, True, ""
        try:
            with self.database.session() as session:
                processed = self.job.run(JobContext(session=session, now=started, deps=self.deps))
        except Exception as error:
            ok, detail = False, f"{type(error).__name__}: {error}"
            log.exception("job %s failed", self.job.name)
        with self.database.session() as session:
            run = JobRun(
                job=self.job.name,
                host=socket.gethostname(),
                started_at=started,
                finished_at=self.clock.now(),
                ok=ok,
                processed=processed,
                detail=detail[:2000],
            )
            session.add(run)
        log.info("job %s: %s, %d handled", self.job.name, "ok" if ok else "failed", processed)
        return run


def run_registered_job(name: str) -> None:
    """APScheduler's entry point (importable by reference, as its SQLAlchemy job store needs)."""
    runner = _RUNNERS.get(name)
    if runner is None:
        log.warning("job %s is not registered in this process", name)
        return
    runner.run()


class JobScheduler:
    """Starts APScheduler with the skills' jobs once this process holds the leader lock; retries otherwise."""

    def __init__(self, database: Database, jobs: list[tuple[Job, SkillDeps[Any]]], home: Path, *, clock: Clock) -> None:
        self.database = database
        self.runners = {job.name: JobRunner(database, job, deps=deps, clock=clock) for job, deps in jobs}
        self.lock = LeaderLock(database, home / "scheduler.lock")
        self._scheduler: BackgroundScheduler | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def is_leader(self) -> bool:
        """Whether this process runs the jobs."""
        return self._scheduler is not None

    def start(self, retry_seconds: float = 60.0) -> None:
        """Become the leader now or keep trying in the background."""
        if not self._try_lead():
            self._thread = threading.Thread(target=self._wait_for_leadership, args=(retry_seconds,), daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the jobs and give up leadership."""
        self._stop.set()
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=True)
            self._scheduler = None
            self.lock.release()

    def _wait_for_leadership(self, retry_seconds: float) -> None:
        while not self._stop.wait(retry_seconds):
            if self._try_lead():
                return

    def _try_lead(self) -> bool:
        if not self.lock.acquire():
            log.info("another process runs the scheduled jobs")
            return False
        _RUNNERS.update(self.runners)
        scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=self.database.engine)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
            timezone="UTC",
        )
        for name, runner in self.runners.items():
            seconds = runner.job.every.total_seconds()
            scheduler.add_job(
                run_registered_job, "interval", seconds=seconds, args=[name], id=name, replace_existing=True
            )
        scheduler.start()
        self._scheduler = scheduler
        log.info("running %d scheduled jobs as the leader", len(self.runners))
        return True
