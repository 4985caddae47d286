"""``backoffice jobs``: the list an operator reads and the names ``jobs run`` takes."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from typer.testing import CliRunner

from bot.cli import app
from bot.housekeeping import PURGE_JOB
from bot.jobs_report import print_jobs
from bot.settings import Settings
from skills import all_skills

runner = CliRunner()


@pytest.fixture
def settings(database, database_url, tmp_path, monkeypatch) -> Settings:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("BACKOFFICE_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    return Settings()


def test_every_job_name_is_shown_whole_on_an_80_column_terminal(settings):
    # Cut to "maintenance.sla_remin…", a name could not be copied into `backoffice jobs run NAME`.
    out = io.StringIO()
    print_jobs(settings, Console(file=out, width=80))
    names = [job.name for skill in all_skills() for job in skill.jobs] + [PURGE_JOB]
    for name in names:
        assert name in out.getvalue(), name


def test_an_unknown_job_is_named_on_stderr_with_the_known_ones_and_exit_2(settings):
    result = runner.invoke(app, ["jobs", "run", "leave.reminders"])
    assert result.exit_code == 2
    assert "no job called 'leave.reminders'" in result.stderr and "approvals.remind" in result.stderr
    assert result.stdout == ""
