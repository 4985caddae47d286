"""Migration 0015 (indexes that bench/growth.py asked for) goes up and down on SQLite and PostgreSQL alike."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

import knowledge.models  # noqa: F401  (the index's tables)
import skills
from db.base import Base
from db.engine import Database
from db.migrate import check, downgrade, upgrade
from tests.conftest import empty_database_url

ADDED = {("employees", "ix_employees_manager_id"), ("audit_log", "ix_audit_log_entity_type_id")}


def _indexes(database: Database) -> set[tuple[str, str]]:
    found = inspect(database.engine)
    return {(table, str(index["name"])) for table, _ in ADDED for index in found.get_indexes(table)}


def test_migration_0015_adds_the_growth_indexes_and_takes_them_away_again(tmp_path: Path):
    skills.all_skills()  # every skill's tables on Base.metadata, for the check
    with empty_database_url(tmp_path) as url:
        database = Database(url)
        try:
            upgrade(database.engine)
            assert _indexes(database) >= ADDED
            downgrade(database.engine, "0014")
            assert not ADDED & _indexes(database)
            upgrade(database.engine)
            assert _indexes(database) >= ADDED
            check(database.engine, Base.metadata)
        finally:
            database.dispose()
