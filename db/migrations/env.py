"""Alembic environment: runs on the engine (and, for autogenerate, the metadata) handed over by ``db.migrate``."""

from __future__ import annotations

from alembic import context

config = context.config
engine = config.attributes["engine"]
FOREIGN_TABLES = {"apscheduler_jobs"}  # APScheduler's job store manages its own table


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Leave tables that other libraries own out of autogenerate and check."""
    return not (type_ == "table" and name in FOREIGN_TABLES)


with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=config.attributes.get("metadata"),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
