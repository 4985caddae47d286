"""Alembic environment: runs on the engine (and, for autogenerate, the metadata) handed over by ``db.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

config = context.config
engine = config.attributes["engine"]
FOREIGN_TABLES = {"apscheduler_jobs"}  # APScheduler's job store manages its own table
MIGRATION_LOCK_KEY = 0x6261636B6D6967  # "backmig": held by the one process migrating a PostgreSQL database


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Leave tables that other libraries own out of autogenerate and check."""
    return not (type_ == "table" and name in FOREIGN_TABLES)


def broken_references(connection: Connection) -> list[str]:
    """Rows of a SQLite database that point at a row no longer there (``PRAGMA foreign_key_check``)."""
    found = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    return [f"{row[0]} row {row[1]} -> {row[2]}" for row in found]


with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # SQLite alters a table in batch mode by copying it, dropping the old one and renaming the copy. With foreign
        # keys on (every connection of db.engine), that DROP first deletes the old rows, and ON DELETE CASCADE takes
        # every row that references them with it (rebuilding employees emptied employee_roles and approvals). So
        # they are off while migrating (outside a transaction, where SQLite honours it) and checked after.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    try:
        context.configure(
            connection=connection,
            target_metadata=config.attributes.get("metadata"),
            render_as_batch=sqlite,
            compare_type=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # Two processes upgrading at once (two `serve` started after a release, or `db upgrade` beside
                # one): the second waits here, then finds the first one's revision and has nothing left to do.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            already = set(broken_references(connection)) if sqlite else set()
            context.run_migrations()
            broken = [row for row in broken_references(connection) if row not in already] if sqlite else []
            if broken:
                raise RuntimeError("the migration left rows pointing at nothing: " + "; ".join(broken[:10]))
        connection.commit()
    finally:
        if sqlite:
            connection.rollback()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
