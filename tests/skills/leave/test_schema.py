from sqlalchemy import inspect

import skills.leave.models  # noqa: F401  (puts the leave tables on Base.metadata)
from db.base import Base
from db.engine import Database
from db.migrate import check, downgrade, upgrade


def test_migration_0002_matches_the_leave_models(migrated_database):
    check(migrated_database.engine, Base.metadata)


def test_migration_0002_goes_down_and_up_again(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'leave.db'}")
    try:
        upgrade(database.engine)
        leave_tables = {"leave_types", "leave_allocations", "leave_requests", "company_holidays"}
        assert leave_tables <= set(inspect(database.engine).get_table_names())
        downgrade(database.engine, "0001")
        assert not leave_tables & set(inspect(database.engine).get_table_names())
        upgrade(database.engine)
        check(database.engine, Base.metadata)
    finally:
        database.dispose()
