"""Engines and sessions: one ``Database`` per process, one session per unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def _prepare_sqlite(url: str) -> None:
    """Create the folder of a file-based SQLite database."""
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    """Turn on foreign keys, WAL (synchronous=NORMAL) and a busy timeout for every SQLite connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable with WAL, without an fsync per commit
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


POOL_SIZE = 16
"""Connections a process keeps once opened (opened as needed): about one per thread that handles Slack events, so a
burst reuses connections instead of opening and closing one per unit of work past SQLAlchemy's default of five."""


PG_CONNECT_TIMEOUT = 10
"""Seconds to wait for PostgreSQL to accept a connection (libpq's ``connect_timeout``) unless the URL sets it: an
unreachable host fails a command in seconds, with its one-line message, instead of hanging for minutes."""


def _is_memory(url: str) -> bool:
    database = make_url(url).database
    return not database or database == ":memory:" or "mode=memory" in url


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine for ``url`` with the settings our tables rely on (SQLite or PostgreSQL)."""
    if url.startswith("sqlite"):
        _prepare_sqlite(url)
        if not _is_memory(url):
            kwargs.setdefault("pool_size", POOL_SIZE)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10}, **kwargs)
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    kwargs.setdefault("pool_size", POOL_SIZE)
    if "connect_timeout" not in make_url(url).query:
        kwargs.setdefault("connect_args", {"connect_timeout": PG_CONNECT_TIMEOUT})
    return create_engine(url, pool_pre_ping=True, **kwargs)


class Database:
    """An engine with its session factory; the single entry point to the database for a process."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """The SQL dialect's name: ``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Yield a session that commits on success and rolls back on any error."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
