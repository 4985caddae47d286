"""Benchmark databases: a SQLite file or a throwaway PostgreSQL schema, migrated and seeded with employees."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, select, text

from db.engine import Database
from db.models import Employee
from skills.leave.service import allocate_year, ensure_leave_types

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ENGINES = ("sqlite", "postgres")


def postgres_base_url() -> str:
    """The server the PostgreSQL run uses: ``BENCH_POSTGRES_URL`` or the local test database."""
    return os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def postgres_available(url: str | None = None) -> bool:
    """Whether the PostgreSQL server answers."""
    engine = create_engine(url or postgres_base_url(), connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return False
    finally:
        engine.dispose()
    return True


@contextmanager
def bench_database(engine: str, home: Path) -> Iterator[str]:
    """The URL of an empty database for one run; a PostgreSQL schema is created here and dropped afterwards."""
    if engine == "sqlite":
        yield f"sqlite:///{home / 'backoffice.db'}"
        return
    base = postgres_base_url()
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def migrate(env: Mapping[str, str], cwd: Path) -> None:
    """Run ``backoffice db upgrade`` with ``env``, as an operator would."""
    command = [str(Path(sys.executable).parent / "backoffice"), "db", "upgrade"]
    done = subprocess.run(command, env=dict(env), cwd=cwd, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"backoffice db upgrade failed:\n{done.stdout}\n{done.stderr}")


@dataclass(frozen=True)
class BenchUser:
    """A Slack member and the employee with the same e-mail (not yet linked: the bot links on first contact)."""

    slack_id: str
    email: str
    name: str


def bench_users(count: int) -> list[BenchUser]:
    """``count`` distinct people."""
    return [BenchUser(f"UB{n:07d}", f"bench{n}@acme.example", f"Bench User{n}") for n in range(1, count + 1)]


def seed_employees(url: str, users: list[BenchUser]) -> None:
    """Insert one employee per user straight into the migrated database."""
    database = Database(url)
    try:
        with database.session() as session:
            session.add_all(
                Employee(email=u.email, name=u.name, locale="en-US", timezone="America/New_York") for u in users
            )
    finally:
        database.dispose()


def seed_leave(url: str) -> None:
    """Give every employee the default leave types' allowances for this year, so a balance question has an answer.

    "This year" is taken a day either side of now in UTC, so an employee whose local date is already (or still)
    in another year than UTC's has that year allocated too.
    """
    now = datetime.now(UTC)
    years = sorted({(now + timedelta(days=shift)).year for shift in (-1, 0, 1)})
    database = Database(url)
    try:
        with database.session() as session:
            ensure_leave_types(session)
            for employee in list(session.scalars(select(Employee))):
                for year in years:
                    allocate_year(session, employee, year)
    finally:
        database.dispose()
