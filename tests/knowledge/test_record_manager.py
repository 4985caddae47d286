"""The record manager's contract on our database (SQLite here, PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlalchemy import select

from db.engine import Database
from knowledge.models import KnowledgeRecord
from knowledge.record_manager import DatabaseRecordManager


@pytest.fixture
def manager(database: Database) -> DatabaseRecordManager:
    return DatabaseRecordManager(database, "policies")


def test_update_then_exists(manager: DatabaseRecordManager) -> None:
    manager.create_schema()
    assert manager.exists(["a", "b"]) == [False, False]
    manager.update(["a", "b"], group_ids=["/docs/leave.md", "/docs/travel.md"])
    assert manager.exists(["b", "c", "a"]) == [True, False, True]
    assert manager.count() == 2
    assert manager.group_ids() == ["/docs/leave.md", "/docs/travel.md"]


def test_update_refreshes_time_and_group(manager: DatabaseRecordManager, database: Database) -> None:
    manager.update(["a"], group_ids=["/old.md"])
    first = manager.get_time()
    time.sleep(0.01)
    manager.update(["a"], group_ids=["/new.md"], time_at_least=first)
    with database.session() as session:
        rows = session.execute(select(KnowledgeRecord.group_id, KnowledgeRecord.updated_at)).all()
    assert len(rows) == 1
    assert rows[0].group_id == "/new.md"
    assert rows[0].updated_at > first
    assert manager.list_keys(before=first) == []
    assert manager.list_keys(after=first) == ["a"]


def test_update_checks_lengths_and_clock(manager: DatabaseRecordManager) -> None:
    with pytest.raises(ValueError, match="group ids"):
        manager.update(["a", "b"], group_ids=["x"])
    with pytest.raises(ValueError, match="backwards"):
        manager.update(["a"], time_at_least=manager.get_time() + 3600)
    manager.update([])  # nothing to do
    assert manager.count() == 0


def test_list_keys_filters(manager: DatabaseRecordManager) -> None:
    manager.update(["a1", "a2"], group_ids=["A", "A"])
    time.sleep(0.01)
    middle = manager.get_time()
    time.sleep(0.01)
    manager.update(["b1", "n1"], group_ids=["B", None])
    assert sorted(manager.list_keys()) == ["a1", "a2", "b1", "n1"]
    assert sorted(manager.list_keys(before=middle)) == ["a1", "a2"]
    assert sorted(manager.list_keys(after=middle)) == ["b1", "n1"]
    assert sorted(manager.list_keys(group_ids=["A", "B"])) == ["a1", "a2", "b1"]
    assert manager.list_keys(group_ids=["B"], before=middle) == []
    assert manager.list_keys(group_ids=[]) == []
    assert len(manager.list_keys(limit=3)) == 3
    assert manager.group_ids() == ["A", "B"]


def test_delete_keys(manager: DatabaseRecordManager) -> None:
    manager.update(["a", "b", "c"], group_ids=["G", "G", "G"])
    manager.delete_keys(["a", "c", "unknown"])
    assert manager.exists(["a", "b", "c"]) == [False, True, False]
    assert manager.list_keys(group_ids=["G"]) == ["b"]


def test_namespaces_are_isolated(database: Database) -> None:
    policies = DatabaseRecordManager(database, "policies")
    other = DatabaseRecordManager(database, "policies-test")
    policies.update(["shared", "only-policies"], group_ids=["P", "P"])
    other.update(["shared"], group_ids=["O"])
    assert other.exists(["shared", "only-policies"]) == [True, False]
    assert other.list_keys(group_ids=["P"]) == []
    other.delete_keys(["shared"])
    assert policies.exists(["shared"]) == [True]
    assert policies.list_keys(group_ids=["P"]) == ["shared", "only-policies"]
    assert other.count() == 0 and policies.count() == 2
    assert policies.all_keys() == {"shared", "only-policies"} and other.all_keys() == set()


def test_many_keys_in_batches(manager: DatabaseRecordManager) -> None:
    keys = [f"k{number:05d}" for number in range(1_200)]
    manager.update(keys, group_ids=["big"] * len(keys))
    assert all(manager.exists(keys))
    assert len(manager.list_keys(group_ids=["big"])) == 1_200
    manager.delete_keys(keys[:700])
    assert manager.count() == 500


def test_async_methods_run_the_same_code(manager: DatabaseRecordManager) -> None:
    async def scenario() -> tuple[list[bool], list[str], float]:
        await manager.acreate_schema()
        now = await manager.aget_time()
        await manager.aupdate(["x", "y"], group_ids=["S", "S"], time_at_least=now)
        present = await manager.aexists(["x", "z"])
        await manager.adelete_keys(["y"])
        return present, await manager.alist_keys(group_ids=["S"]), now

    present, keys, now = asyncio.run(scenario())
    assert present == [True, False]
    assert keys == ["x"]
    assert abs(now - time.time()) < 60
