"""An install made by an older release, with a company's data in it, upgraded by ``backoffice db upgrade``: every row
is still there, new columns take the values that keep old rows meaning what they meant, and a second upgrade is a
no-op (SQLite and, with TEST_DATABASE_URL, PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from bot.cli import app
from db.engine import Database
from db.migrate import newest_revision, stamped_revision, upgrade
from tests.conftest import empty_database_url

runner = CliRunner()
OLD = "0005"
"""A release with leave, policy questions, the outbox and job runs, before start dates, default leave types,
stock, approvals, maintenance, expenses, job slots and the event inbox."""
WHEN = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def insert(connection: sa.Connection, table: str, **values: Any) -> None:
    """One row as the old release wrote it: into the table as it then stood."""
    shape = sa.Table(table, sa.MetaData(), autoload_with=connection)
    connection.execute(shape.insert().values(**values))


def rows(database: Database, query: str) -> list[tuple[Any, ...]]:
    with database.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(query))]


def company_at_old_release(database: Database) -> None:
    """What an operator had after `db upgrade`, `import employees`, `import leave-types` and some days of use."""
    upgrade(database.engine, OLD)
    stamp = {"created_at": WHEN, "updated_at": WHEN}
    person = {"department": "Operations", "locale": "en-US", "timezone": "America/New_York", "country": "US"}
    with database.engine.begin() as connection:
        insert(connection, "employees", id=1, email="olga@x.example", name="Olga Diaz", active=True, **person, **stamp)
        insert(connection, "employees", id=2, email="sam@x.example", name="Sam Carter", manager_id=1,
               slack_id="U0SAM", active=True, **person, **stamp)  # fmt: skip
        insert(connection, "employee_roles", employee_id=1, role="manager")
        for code, name in (("annual", "Annual leave"), ("sick", "Sick leave")):  # the company's own list
            insert(connection, "leave_types", code=code, name_en=name, name_es=name, allowance_days=Decimal(25),
                   accrual="upfront", carry_over_cap=Decimal(0), requires_approval=True, min_notice_days=0,
                   half_days_allowed=True, backdate_days=0, active=True)  # fmt: skip
        insert(connection, "leave_requests", id=7, employee_id=2, leave_type="annual", start_date=date(2026, 12, 14),
               end_date=date(2026, 12, 16), start_half=False, end_half=False, working_days=Decimal(3), reason="",
               status="pending", version=1, **stamp)  # fmt: skip
        insert(connection, "outbox", id=11, kind="dm", recipient_id=1, text="Sam asks for Dec 14-16 off",
               status="pending", attempts=0, next_attempt_at=WHEN, created_at=WHEN)  # fmt: skip
        insert(connection, "processed_events", event_id="Ev0OLD1", event_type="message", received_at=WHEN)
        insert(connection, "job_runs", id=3, job="leave.remind", host="old:1", started_at=WHEN, finished_at=WHEN,
               ok=True, processed=1, detail="")  # fmt: skip
        insert(connection, "audit_log", id=5, at=WHEN, actor_label="sam@x.example", action="leave.requested",
               entity_type="leave_request", entity_id="7", via="slack")  # fmt: skip


@pytest.fixture
def old_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with empty_database_url(tmp_path) as url:
        database = Database(url)
        try:
            company_at_old_release(database)
            monkeypatch.setenv("DATABASE_URL", url)
            monkeypatch.setenv("BACKOFFICE_HOME", str(tmp_path / "home"))
            monkeypatch.chdir(tmp_path)
            yield database
        finally:
            database.dispose()


def test_db_upgrade_keeps_every_row_of_an_older_release(old_install: Database):
    upgraded = runner.invoke(app, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert (
        upgraded.output.strip()
        == f"database upgraded from revision {OLD} to {newest_revision()} ({old_install.dialect})"
    )
    assert stamped_revision(old_install.engine) == newest_revision()
    assert rows(old_install, "SELECT id, email, manager_id, slack_id, started_on FROM employees ORDER BY id") == [
        (1, "olga@x.example", None, None, None), (2, "sam@x.example", 1, "U0SAM", None)
    ]  # fmt: skip
    assert rows(old_install, "SELECT employee_id, role FROM employee_roles") == [(1, "manager")]
    request = rows(old_install, "SELECT employee_id, leave_type, start_date, status, version FROM leave_requests")
    assert [(r[0], r[1], str(r[2]), r[3], r[4]) for r in request] == [(2, "annual", "2026-12-14", "pending", 1)]
    assert rows(old_install, "SELECT id, status, attempts, text FROM outbox") == [
        (11, "pending", 0, "Sam asks for Dec 14-16 off")
    ]  # fmt: skip
    # an event handled by the old release stays handled: the new event inbox must not run it again
    assert rows(old_install, "SELECT event_id, state, attempts, body FROM processed_events") == [
        ("Ev0OLD1", "handled", 0, None)
    ]  # fmt: skip
    assert rows(old_install, "SELECT id, job, slot, ok FROM job_runs") == [(3, "leave.remind", None, True)]
    assert rows(old_install, "SELECT id, action, entity_id FROM audit_log") == [(5, "leave.requested", "7")]


def test_an_upgrade_keeps_the_companys_own_leave_types_as_the_whole_list(old_install: Database):
    # The company imported its own list (annual, sick) before default leave types existed. The defaults are for a
    # fresh install; the upgrade added four types the company never had (personal, unpaid, parental, bereavement),
    # active, for every employee to request.
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert rows(old_install, "SELECT code FROM leave_types WHERE active = :yes ORDER BY code".replace(":yes", "true")) == [
        ("annual",), ("sick",)
    ]  # fmt: skip


def test_a_second_db_upgrade_says_so_and_changes_nothing(old_install: Database):
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    tables = ("employees", "leave_types", "leave_requests", "outbox", "processed_events", "job_runs", "audit_log",
              "expense_categories", "maintenance_sla_targets")  # fmt: skip
    before = {table: rows(old_install, f"SELECT count(*) FROM {table}") for table in tables}
    again = runner.invoke(app, ["db", "upgrade"])
    assert again.exit_code == 0
    assert (
        again.output.strip() == f"database already up to date at revision {newest_revision()} ({old_install.dialect})"
    )
    assert {table: rows(old_install, f"SELECT count(*) FROM {table}") for table in tables} == before


def test_a_migration_that_rebuilds_a_table_on_sqlite_keeps_the_rows_that_point_at_it(old_install: Database):
    # SQLite rebuilds a table to alter it (copy, drop, rename); with foreign keys on, the drop deleted the rows of
    # every table referencing it ON DELETE CASCADE. Going back past 0006 rebuilds employees: it emptied
    # employee_roles. The same would happen to any later migration that alters employees.
    from db.migrate import downgrade

    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    downgrade(old_install.engine, OLD)
    assert stamped_revision(old_install.engine) == OLD
    assert rows(old_install, "SELECT employee_id, role FROM employee_roles") == [(1, "manager")]
    assert rows(old_install, "SELECT id, employee_id FROM leave_requests") == [(7, 2)]
    if old_install.dialect == "sqlite":  # foreign keys are on again for the application's connections
        with old_install.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_two_db_upgrades_at_once_both_succeed(tmp_path: Path):
    # Two `serve` started together after a release (or `db upgrade` beside one) both ran the migrations: the
    # second failed with a long traceback (PostgreSQL: UniqueViolation on alembic_version; SQLite: table
    # alembic_version already exists).
    import os
    import subprocess
    import sys

    backoffice = str(Path(sys.executable).parent / "backoffice")
    with empty_database_url(tmp_path) as url:
        env = {**os.environ, "DATABASE_URL": url, "BACKOFFICE_HOME": str(tmp_path / "home")}
        both = [
            subprocess.Popen(
                [backoffice, "db", "upgrade"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
            for _ in range(2)
        ]
        said = [process.communicate(timeout=180)[0] for process in both]
        assert [process.returncode for process in both] == [0, 0], said
        database = Database(url)
        assert stamped_revision(database.engine) == newest_revision()
        assert rows(database, "SELECT count(*) FROM leave_types") == [(6,)]
        database.dispose()
