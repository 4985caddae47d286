"""Ingesting policy files into the Chroma index incrementally: new and changed files are embedded, the rest skipped.

Each document goes through ``langchain_core.indexing.index()`` with ``cleanup="incremental"`` and its absolute path
as the source id, so unchanged chunks are skipped and a changed file's old chunks are deleted. Afterwards, documents
recorded under the given folders (or at the given file paths) that are gone, or no longer kept by
:func:`~knowledge.documents.find_documents`, are removed. A file that fails to load is reported and left as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from langchain_core.indexing import index as index_documents

from db.engine import Database
from knowledge.chunking import CHUNK_OVERLAP, CHUNK_SIZE, split_document
from knowledge.documents import DocumentError, find_documents, load_document
from knowledge.record_manager import DatabaseRecordManager
from knowledge.store import ChromaIndex
from knowledge.types import IngestSummary

Progress = Callable[[int, int, str], None]
"""Called after each document with (documents done, documents found, file name)."""

INDEX_BATCH = 256
"""Chunks per ``index()`` batch: one embedder call per batch of a document (most documents fit in one)."""


def _under(group: Path, roots: Iterable[Path]) -> bool:
    """Whether the recorded source ``group`` equals one of ``roots`` or lies below one of them."""
    return any(group == root or root in group.parents for root in roots)


def ingest(
    paths: Iterable[Path | str],
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
    summary = IngestSummary()
    roots = [Path(path).expanduser().resolve() for path in paths]
    manager = DatabaseRecordManager(database, index.name)
    files = find_documents(roots)
    total = len(files)
    for done, path in enumerate(files, start=1):
        try:
            document = load_document(path)
            pieces = split_document(document, chunk_size=chunk_size, overlap=overlap)
            if not pieces:
                raise DocumentError(path, "no text under its headings")
        except DocumentError as error:
            summary.failed[path.name] = error.reason
        else:
            source_id = str(document.path)
            was_indexed = bool(manager.list_keys(group_ids=[source_id], limit=1))
            result = index_documents(
                pieces,
                manager,
                index.vector_store,
                cleanup="incremental",
                source_id_key="path",
                key_encoder="sha256",
                batch_size=INDEX_BATCH,
            )
            summary.documents += 1
            summary.chunks += len(pieces)
            summary.added += result["num_added"]
            summary.skipped += result["num_skipped"]
            if result["num_added"] or result["num_updated"] or result["num_deleted"]:
                summary.changed_sources.append(document.source)
                summary.replaced += int(was_indexed)
        if progress is not None:
            progress(done, total, path.name)

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
