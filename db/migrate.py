"""Run the Alembic migrations programmatically, so ``serve`` and ``demo`` upgrade on start.

Alembic itself is imported only when there is something to do: a database already at the newest migration (every
start but the first after an upgrade) is recognised from the migration files and the ``alembic_version`` row,
which spares each command start about a second of imports.
"""

from __future__ import annotations

import fcntl
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, MetaData
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"""^revision\s*=\s*["']([^"']+)["']\s*$""", re.MULTILINE)
_DOWN_REVISION = re.compile(r"""^down_revision\s*=\s*(?:None|["']([^"']+)["'])\s*$""", re.MULTILINE)


def alembic_config(engine: Engine, metadata: MetaData | None = None) -> Config:
    """Build an Alembic config that runs on ``engine``'s connection (``metadata`` only for autogenerate)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    config.attributes["metadata"] = metadata
    return config


def newest_revision(versions: Path = MIGRATIONS_DIR / "versions") -> str | None:
    """The one head of the migration files, read from their ``revision``/``down_revision`` lines; None when they
    are not that simple (a merge, several heads, a file of another shape), so that Alembic decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in versions.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.findall(text), _DOWN_REVISION.findall(text)
        if len(revision) != 1 or len(down) != 1:
            return None
        revisions.add(revision[0])
        parents.update(down[0:1] if down[0] else [])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def stamped_revision(engine: Engine) -> str | None:
    """The revision recorded in the database's ``alembic_version`` (None if none, several, or no such table)."""
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
    except DBAPIError:
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


@contextmanager
def one_migration_at_a_time(engine: Engine) -> Iterator[None]:
    """On a SQLite file, wait for any other process migrating it (an exclusive ``flock`` on a file beside it), so a
    second one finds the first one's revision instead of creating the same tables again. PostgreSQL has its
    advisory lock in the migrations' environment."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    with Path(f"{database}.migrating.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema behind ``engine`` to ``revision`` (nothing to load when it is already at the head)."""
    if revision == "head":
        newest = newest_revision()
        if newest is not None and stamped_revision(engine) == newest:
            return
    from alembic import command

    with one_migration_at_a_time(engine):
        command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Downgrade the schema behind ``engine`` to ``revision``."""
    from alembic import command

    command.downgrade(alembic_config(engine), revision)


def make_revision(engine: Engine, metadata: MetaData, message: str) -> None:
    """Autogenerate a new migration from the difference between ``metadata`` and the database."""
    from alembic import command

    command.revision(alembic_config(engine, metadata), message=message, autogenerate=True)


def check(engine: Engine, metadata: MetaData) -> None:
    """Raise if the models and the migrated database differ (a migration is missing)."""
    from alembic import command

    command.check(alembic_config(engine, metadata))
