"""Run the Alembic migrations programmatically, so ``serve`` and ``demo`` upgrade on start."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, MetaData

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine, metadata: MetaData | None = None) -> Config:
    """Build an Alembic config that runs on ``engine``'s connection (``metadata`` only for autogenerate)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    config.attributes["metadata"] = metadata
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema behind ``engine`` to ``revision``."""
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Downgrade the schema behind ``engine`` to ``revision``."""
    command.downgrade(alembic_config(engine), revision)


def make_revision(engine: Engine, metadata: MetaData, message: str) -> None:
    """Autogenerate a new migration from the difference between ``metadata`` and the database."""
    command.revision(alembic_config(engine, metadata), message=message, autogenerate=True)


def check(engine: Engine, metadata: MetaData) -> None:
    """Raise if the models and the migrated database differ (a migration is missing)."""
    command.check(alembic_config(engine, metadata))
