"""Test fixtures: a migrated database on SQLite or, with TEST_DATABASE_URL, in a throwaway PostgreSQL schema."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from db.base import Base
from db.engine import Database
from db.migrate import upgrade
from skills.common.time import FixedClock
from tests.pinned import NOW

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")


def _postgres_url_with_schema(url: str, schema: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


@contextmanager
def empty_database_url(folder: Path) -> Iterator[str]:
    """The URL of a new, empty database: a SQLite file in ``folder``, or (with TEST_DATABASE_URL) a PostgreSQL
    schema of its own, dropped afterwards."""
    if TEST_DATABASE_URL.startswith("postgresql"):
        schema = f"test_{uuid.uuid4().hex[:12]}"
        admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            yield _postgres_url_with_schema(TEST_DATABASE_URL, schema)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
    else:
        yield f"sqlite:///{folder / 'test.db'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The database of this test process, before any migration; a PostgreSQL schema is dropped at the end."""
    with empty_database_url(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
def migrated_database(database_url: str) -> Iterator[Database]:
    """The session's database, upgraded to the newest migration once."""
    database = Database(database_url)
    upgrade(database.engine)
    yield database
    database.dispose()


def _empty_all_tables(database: Database) -> None:
    """Delete every row of every table (trees that point at themselves included) between tests."""
    tables = list(reversed(Base.metadata.sorted_tables))
    if database.dialect == "postgresql":
        with database.engine.begin() as connection:
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.execute(text(f"TRUNCATE {names} CASCADE"))
        return
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # outside a transaction, where SQLite honours it
        connection.commit()
        try:
            for table in tables:
                connection.execute(table.delete())
            connection.commit()
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


@pytest.fixture
def database(migrated_database: Database) -> Iterator[Database]:
    """The migrated database, emptied after the test."""
    try:
        yield migrated_database
    finally:
        _empty_all_tables(migrated_database)


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    """A session on the test database, committed at the end of the test."""
    with database.session() as db_session:
        yield db_session


@pytest.fixture
def clock() -> FixedClock:
    """The clock of the test: pinned at ``tests.pinned.NOW`` until the test moves it."""
    return FixedClock(NOW)
