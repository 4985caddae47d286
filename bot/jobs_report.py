"""``backoffice jobs``: show the scheduled jobs with their recent runs, or run one by hand."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from bot.housekeeping import PURGE_JOB, purge_job
from bot.runtime import install_policy_knowledge, skill_deps
from bot.scheduler import JobRunner
from bot.settings import Settings
from db.engine import Database
from db.migrate import upgrade
from db.models import JobRun
from skills import all_skills
from skills.base import Skill, SkillDeps
from skills.jobs import Job


def _database(settings: Settings) -> Database:
    settings.home.mkdir(parents=True, exist_ok=True)
    database = Database(settings.resolved_database_url)
    upgrade(database.engine)
    return database


def print_jobs(settings: Settings, console: Console | None = None) -> None:
    """A table of every job with its interval and last three runs."""
    console = console or Console()
    database = _database(settings)
    table = Table(title="Scheduled jobs")
    table.add_column("job", no_wrap=True)  # whole, however narrow the terminal: it is what `jobs run` takes
    for column in ("every", "last runs (UTC)", "what it does"):
        table.add_column(column)
    with database.session() as session:
        for job in [*(job for skill in all_skills() for job in skill.jobs), purge_job(settings)]:
            runs = session.scalars(
                select(JobRun).where(JobRun.job == job.name).order_by(JobRun.id.desc()).limit(3)
            ).all()
            shown = "\n".join(
                f"{run.started_at:%Y-%m-%d %H:%M} {'ok' if run.ok else 'FAILED'} ({run.processed})"
                + (f" {run.detail[:60]}" if run.detail else "")
                for run in runs
            )
            table.add_row(job.name, str(job.every), shown or "never", job.description)
    console.print(table)
    database.dispose()


def run_job_now(settings: Settings, name: str) -> int:
    """Run the job called ``name`` once; the exit code says whether it succeeded."""
    jobs: dict[str, tuple[Job, Skill | None]] = {job.name: (job, skill) for skill in all_skills() for job in skill.jobs}
    jobs[PURGE_JOB] = (purge_job(settings), None)
    if name not in jobs:
        print(f"no job called {name!r}; known jobs: {', '.join(sorted(jobs))}", file=sys.stderr)
        return 2
    database = _database(settings)
    clock = settings.clock()
    knowledge = install_policy_knowledge(settings)  # the policy jobs work on the index, as they do in serve
    job, skill = jobs[name]
    deps = skill_deps(settings, clock, knowledge)(skill) if skill is not None else SkillDeps(config=None, clock=clock)
    run = JobRunner(database, job, deps=deps, clock=clock).run()
    database.dispose()
    print(f"{name}: {'ok' if run.ok else 'failed: ' + run.detail}, {run.processed} handled")
    return 0 if run.ok else 1
