"""LangChain's record manager over our ``knowledge_records`` table, so ``index()`` skips unchanged chunks."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

from langchain_core.indexing import RecordManager
from sqlalchemy import delete, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.engine import Database
from knowledge.models import KnowledgeRecord

_BATCH = 500
"""Keys per statement (well below SQLite's and PostgreSQL's bound-parameter limits)."""


def _batches(items: Sequence[str], size: int = _BATCH) -> Iterator[Sequence[str]]:
    """``items`` in slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


class DatabaseRecordManager(RecordManager):
    """Which chunk keys were indexed from which source, and when, in one namespace (the Chroma collection's name).

    Times are seconds since the epoch: PostgreSQL's clock on PostgreSQL (several processes may write), the local
    clock on SQLite (a file on this machine). ``update`` stamps rows with the same clock ``get_time`` reads.
    """

    def __init__(self, database: Database, namespace: str) -> None:
        super().__init__(namespace=namespace)
        self.database = database

    def create_schema(self) -> None:
        """Nothing to do: the table comes from our migrations (0004)."""

    async def acreate_schema(self) -> None:
        """Nothing to do: the table comes from our migrations (0004)."""

    def _now(self, session: Session) -> float:
        """The clock records are stamped with, read inside ``session``."""
        if self.database.dialect == "postgresql":
            return float(session.execute(text("SELECT EXTRACT(EPOCH FROM clock_timestamp())")).scalar_one())
        return time.time()

    def get_time(self) -> float:
        """The current time of the clock records are stamped with, in seconds since the epoch."""
        with self.database.session() as session:
            return self._now(session)

    async def aget_time(self) -> float:
        """The current time (runs the synchronous query)."""
        return self.get_time()

    def update(
        self,
        keys: Sequence[str],
        *,
        group_ids: Sequence[str | None] | None = None,
        time_at_least: float | None = None,
    ) -> None:
        """Insert or refresh ``keys`` (with their source ``group_ids``) stamped with the current time."""
        if group_ids is None:
            group_ids = [None] * len(keys)
        if len(keys) != len(group_ids):
            raise ValueError(f"{len(keys)} keys but {len(group_ids)} group ids")
        if not keys:
            return
        wanted: dict[str, str | None] = dict(zip(keys, group_ids, strict=True))  # the last group wins
        dialect = self.database.dialect
        if dialect not in {"sqlite", "postgresql"}:
            raise NotImplementedError(f"record upserts are written for SQLite and PostgreSQL, not {dialect}")
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        with self.database.session() as session:
            now = self._now(session)
            if time_at_least is not None and now < time_at_least:
                raise ValueError(f"the clock went backwards: {now} < {time_at_least}")
            items = list(wanted.items())
            for start in range(0, len(items), _BATCH):
                rows = [
                    {"namespace": self.namespace, "key": key, "group_id": group_id, "updated_at": now}
                    for key, group_id in items[start : start + _BATCH]
                ]
                statement = insert(KnowledgeRecord).values(rows)
                session.execute(
                    statement.on_conflict_do_update(
                        index_elements=[KnowledgeRecord.namespace, KnowledgeRecord.key],
                        set_={"group_id": statement.excluded.group_id, "updated_at": statement.excluded.updated_at},
                    )
                )

    async def aupdate(
        self,
        keys: Sequence[str],
        *,
        group_ids: Sequence[str | None] | None = None,
        time_at_least: float | None = None,
    ) -> None:
        """Insert or refresh ``keys`` (runs the synchronous code)."""
        self.update(keys, group_ids=group_ids, time_at_least=time_at_least)

    def exists(self, keys: Sequence[str]) -> list[bool]:
        """For each of ``keys``, whether it is recorded in this namespace."""
        found: set[str] = set()
        with self.database.session() as session:
            for batch in _batches(list(dict.fromkeys(keys))):
                found.update(
                    session.scalars(
                        select(KnowledgeRecord.key).where(
                            KnowledgeRecord.namespace == self.namespace, KnowledgeRecord.key.in_(batch)
                        )
                    )
                )
        return [key in found for key in keys]

    async def aexists(self, keys: Sequence[str]) -> list[bool]:
        """For each of ``keys``, whether it is recorded (runs the synchronous query)."""
        return self.exists(keys)

    def list_keys(
        self,
        *,
        before: float | None = None,
        after: float | None = None,
        group_ids: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> list[str]:
        """Keys updated strictly before ``before`` / after ``after``, in ``group_ids``, at most ``limit`` of them."""
        query = select(KnowledgeRecord.key).where(KnowledgeRecord.namespace == self.namespace)
        if before is not None:
            query = query.where(KnowledgeRecord.updated_at < before)
        if after is not None:
            query = query.where(KnowledgeRecord.updated_at > after)
        if group_ids is not None:
            if not group_ids:
                return []
            query = query.where(KnowledgeRecord.group_id.in_(list(group_ids)))
        query = query.order_by(KnowledgeRecord.id)
        if limit is not None:
            query = query.limit(limit)
        with self.database.session() as session:
            return list(session.scalars(query))

    async def alist_keys(
        self,
        *,
        before: float | None = None,
        after: float | None = None,
        group_ids: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> list[str]:
        """Keys matching the filters (runs the synchronous query)."""
        return self.list_keys(before=before, after=after, group_ids=group_ids, limit=limit)

    def delete_keys(self, keys: Sequence[str]) -> None:
        """Forget ``keys`` in this namespace (unknown keys are ignored)."""
        with self.database.session() as session:
            for batch in _batches(list(keys)):
                session.execute(
                    delete(KnowledgeRecord).where(
                        KnowledgeRecord.namespace == self.namespace, KnowledgeRecord.key.in_(batch)
                    )
                )

    async def adelete_keys(self, keys: Sequence[str]) -> None:
        """Forget ``keys`` (runs the synchronous code)."""
        self.delete_keys(keys)

    def group_ids(self) -> list[str]:
        """Every distinct source (group id) recorded in this namespace, sorted."""
        query = (
            select(KnowledgeRecord.group_id)
            .where(KnowledgeRecord.namespace == self.namespace, KnowledgeRecord.group_id.is_not(None))
            .distinct()
        )
        with self.database.session() as session:
            return sorted(group for group in session.scalars(query) if group is not None)

    def all_keys(self) -> set[str]:
        """Every key recorded in this namespace."""
        query = select(KnowledgeRecord.key).where(KnowledgeRecord.namespace == self.namespace)
        with self.database.session() as session:
            return set(session.scalars(query))

    def count(self) -> int:
        """How many keys this namespace records."""
        query = select(func.count()).select_from(KnowledgeRecord).where(KnowledgeRecord.namespace == self.namespace)
        with self.database.session() as session:
            return int(session.scalar(query) or 0)
