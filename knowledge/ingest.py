"""Ingesting policy files into the Chroma index incrementally: new and changed files are embedded, the rest skipped.

Documents go through ``langchain_core.indexing.index()`` with ``cleanup="incremental"`` and their absolute path as
the source id, so unchanged chunks are skipped and a changed file's old chunks are deleted. Documents are sent in
groups of about :data:`GROUP_CHUNKS` new chunks, so the embedder and Chroma see batches, not one file at a time.

Records and policy chunks are first reconciled (:func:`reconcile`), so a deleted index folder or a reset database
heals itself. Afterwards, documents recorded under the given folders (or at the given file paths) that are gone, or
no longer kept by :func:`~knowledge.documents.find_documents`, are removed. A file that fails to load is reported
and left as it was. Policy chunks belong to ingest: add only HR answers with ``ChromaIndex.add_chunks``.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from langchain_core.documents import Document
from langchain_core.indexing import index as index_documents

from db.engine import Database
from knowledge.chunking import CHUNK_OVERLAP, CHUNK_SIZE, split_document
from knowledge.documents import DocumentError, find_documents, load_document
from knowledge.record_manager import DatabaseRecordManager
from knowledge.store import ChromaIndex
from knowledge.types import POLICY, IngestSummary

Progress = Callable[[int, int, str], None]
"""Called after each document with (documents done, documents found, file name)."""

GROUP_CHUNKS = 64
"""New chunks gathered (across documents) before they are embedded and written in one go."""

INDEX_BATCH = 256
"""Chunks per ``index()`` batch."""


def chunk_key(document: Document) -> str:
    """The record key (and Chroma id) of a chunk: sha256 of its text and metadata, stable across LangChain versions."""
    payload = json.dumps([document.page_content, document.metadata], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class _Pending:
    """A loaded document waiting for its group to be written, with what the index already knows of it."""

    path: Path
    source: str
    pieces: list[Document]
    changed: bool
    was_indexed: bool


def reconcile(index: ChromaIndex, manager: DatabaseRecordManager) -> tuple[int, int]:
    """Make the records and the index's policy chunks agree; returns (stale records dropped, orphans deleted).

    Records whose chunk is missing from Chroma (the index folder was deleted, or another Chroma is used now) would
    make ``index()`` skip those chunks forever, so they are forgotten and their files re-embedded. Policy chunks no
    record knows (the database was reset) are deleted; their files, if still there, are indexed again.
    """
    records = manager.all_keys()
    chunks = index.ids(kind=POLICY)
    stale, orphans = records - chunks, chunks - records
    if stale:
        manager.delete_keys(sorted(stale))
    if orphans:
        index.delete_ids(sorted(orphans))
    return len(stale), len(orphans)


def _under(group: Path, roots: Iterable[Path]) -> bool:
    """Whether the recorded source ``group`` equals one of ``roots`` or lies below one of them."""
    return any(group == root or root in group.parents for root in roots)


class _Run:
    """One ingest run's state: the summary so far, the group being gathered and the progress count."""

    def __init__(
        self, index: ChromaIndex, manager: DatabaseRecordManager, total: int, progress: Progress | None
    ) -> None:
        self.index = index
        self.manager = manager
        self.total = total
        self.progress = progress
        self.summary = IngestSummary()
        self.pending: list[_Pending] = []
        self.pending_new = 0
        self.done = 0

    def report(self, name: str) -> None:
        """Count one document as handled and tell the progress callback."""
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total, name)

    def add(self, path: Path, source: str, pieces: list[Document]) -> None:
        """Queue a loaded document; write the group once enough new chunks are waiting."""
        keys = [chunk_key(piece) for piece in pieces]
        old = set(self.manager.list_keys(group_ids=[str(path)]))
        new = sum(not exists for exists in self.manager.exists(keys))
        changed = new > 0 or bool(old - set(keys))
        self.pending.append(_Pending(path, source, pieces, changed, was_indexed=bool(old)))
        self.pending_new += new
        if self.pending_new >= GROUP_CHUNKS:
            self.flush()

    def flush(self) -> None:
        """Index the queued documents together (embedding only their new chunks) and report them."""
        if not self.pending:
            return
        pieces = [piece for pending in self.pending for piece in pending.pieces]
        result = index_documents(
            pieces,
            self.manager,
            self.index.vector_store,
            cleanup="incremental",
            source_id_key="path",
            key_encoder=chunk_key,
            # One batch for the whole group: incremental cleanup runs after each batch and deletes the chunks of
            # the batch's documents it has not refreshed yet, so a document split over two batches had its tail
            # deleted and embedded again on every run (seen as 9 of 1,760 chunks re-added on an unchanged corpus).
            batch_size=max(INDEX_BATCH, len(pieces)),
        )
        self.summary.added += result["num_added"]
        self.summary.skipped += result["num_skipped"]
        for pending in self.pending:
            self.summary.documents += 1
            self.summary.chunks += len(pending.pieces)
            if pending.changed:
                self.summary.changed_sources.append(pending.source)
                self.summary.replaced += int(pending.was_indexed)
            self.report(pending.path.name)
        self.pending, self.pending_new = [], 0


def ingest(
    paths: Path | str | Iterable[Path | str],
    index: ChromaIndex,
    database: Database,
    *,
    progress: Progress | None = None,
    chunk_size: int = CHUNK_SIZE,
    overlap: int = CHUNK_OVERLAP,
) -> IngestSummary:
    """Bring the index in line with the policy files under ``paths`` and say what changed.

    ``documents``/``chunks`` count what was read this run; ``added``/``skipped`` count chunks (embedded anew /
    already indexed unchanged); ``replaced`` counts already indexed documents that changed; ``removed`` counts
    documents dropped because their file disappeared.
    """
    started = time.perf_counter()
    given = [paths] if isinstance(paths, str | Path) else list(paths)
    roots = [Path(path).expanduser().resolve() for path in given]
    manager = DatabaseRecordManager(database, index.name)
    reconcile(index, manager)
    files = find_documents(roots)
    run = _Run(index, manager, len(files), progress)
    for path in files:
        try:
            document = load_document(path)
            pieces = split_document(document, chunk_size=chunk_size, overlap=overlap)
            if not pieces:
                raise DocumentError(path, "no text under its headings")
        except DocumentError as error:
            run.summary.failed[path.name] = error.reason
            run.report(path.name)
        else:
            run.add(document.path, document.source, pieces)
    run.flush()

    summary = run.summary
    kept = {str(path) for path in files}
    removed: list[Path] = []
    for group in manager.group_ids():
        if group in kept or not _under(Path(group), roots):
            continue
        keys = manager.list_keys(group_ids=[group])
        index.delete_ids(keys)
        manager.delete_keys(keys)
        summary.removed += 1
        summary.removed_sources.append(Path(group).name)
        removed.append(Path(group))
    for root in roots:
        if not root.exists() and not any(_under(path, [root]) for path in removed):
            summary.failed[root.name] = "no such file or folder"
    summary.seconds = time.perf_counter() - started
    return summary
