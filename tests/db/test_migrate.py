"""Starting on a database already at the newest migration costs no Alembic run; anything else still gets one."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from db.engine import Database
from db.migrate import alembic_config, newest_revision, stamped_revision, upgrade


def test_the_newest_revision_is_alembics_head(migrated_database: Database) -> None:
    heads = ScriptDirectory.from_config(alembic_config(migrated_database.engine)).get_heads()
    assert [newest_revision()] == heads
    assert stamped_revision(migrated_database.engine) == heads[0]


def test_a_database_at_the_head_is_left_alone(migrated_database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("Alembic ran on a database already at the head")

    monkeypatch.setattr(command, "upgrade", refuse)
    upgrade(migrated_database.engine)


def test_an_older_database_is_upgraded(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'old.db'}")
    assert stamped_revision(database.engine) is None  # no alembic_version table yet
    upgrade(database.engine, "0013")
    assert stamped_revision(database.engine) == "0013"
    upgrade(database.engine)
    assert stamped_revision(database.engine) == newest_revision()


def test_files_of_another_shape_leave_the_decision_to_alembic(tmp_path: Path) -> None:
    (tmp_path / "0001_a.py").write_text('revision = "0001"\ndown_revision = None\n')
    (tmp_path / "0002_merge.py").write_text('revision = "0002"\ndown_revision = ("0001", "0003")\n')
    assert newest_revision(tmp_path) is None
    (tmp_path / "0002_merge.py").write_text('revision = "0002"\ndown_revision = "0001"\n')
    assert newest_revision(tmp_path) == "0002"
