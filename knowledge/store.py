"""The Chroma index of policy chunks: where it lives, searching it, and a LangChain vector store that writes to it.

Chroma never embeds anything here (its default embedding function downloads a model): every write and query passes
vectors from our own :class:`~knowledge.embeddings.Embedder`. A chunk is embedded as ``title > section`` on a first
line followed by its body (:func:`knowledge.chunking.embedding_text`); the stored document is the body alone.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import numpy as np
from langchain_core.documents import Document

from knowledge.chunking import embedding_text, to_chunk
from knowledge.embeddings import Embedder
from knowledge.types import ALL, EVERYONE, POLICY, Audience, Chunk, MetadataValue

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection
    from chromadb.config import Settings

    from knowledge.vector_store import ChromaVectorStore

DEFAULT_COLLECTION = "policies"
"""The collection (and record-manager namespace) of the policy index."""

EMBED_BATCH = 64
"""Texts per embedder call when writing (USE-m3 is several times faster per text in batches)."""

_READ_PAGE = 1_000
_GENERATION = "generation"
_EMBEDDER = "embedder"


@dataclass(frozen=True)
class IndexLocation:
    """Where the index lives: an embedded Chroma under ``home/chroma``, or a Chroma server at ``chroma_url``."""

    home: Path
    chroma_url: str | None = None
    collection: str = DEFAULT_COLLECTION

    @property
    def chroma_path(self) -> Path:
        """The folder of the embedded Chroma database."""
        return self.home / "chroma"


def _settings() -> Settings:
    """Chroma settings for every client: no telemetry (we are offline and promise not to phone home)."""
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False)


def import_chromadb() -> None:
    """Import ``chromadb`` now rather than on the first question (a server does, before freezing what it loaded)."""
    import chromadb  # noqa: F401


def open_client(location: IndexLocation) -> ClientAPI:
    """A Chroma client for ``location``: HTTP when it names a server URL, else a persistent client on disk.

    ``chromadb`` is imported here, when an index is first opened: a chat that is never asked a policy question,
    or a command that never reads the index, does not pay the half second its import takes.
    """
    import chromadb

    if location.chroma_url:
        url = urlparse(location.chroma_url)
        if url.scheme not in {"http", "https"} or not url.hostname:
            raise ValueError(f"chroma_url must look like http://host:port, not {location.chroma_url!r}")
        port = url.port or (443 if url.scheme == "https" else 8000)
        return chromadb.HttpClient(host=url.hostname, port=port, ssl=url.scheme == "https", settings=_settings())
    location.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(location.chroma_path), settings=_settings())


def batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    """``items`` in slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _clean_metadata(metadata: Mapping[str, Any]) -> dict[str, MetadataValue]:
    """The scalar entries of ``metadata`` (Chroma stores str/int/float/bool only)."""
    return {key: value for key, value in metadata.items() if isinstance(value, str | int | float | bool)}


class ChromaIndex:
    """Policy chunks (and reviewed HR answers) in one Chroma collection, searched by cosine similarity."""

    def __init__(
        self, client: ClientAPI, embedder: Embedder, collection: str = DEFAULT_COLLECTION, *, path: Path | None = None
    ) -> None:
        self.client = client
        self.embedder = embedder
        self.name = collection
        settings = client.get_settings()
        if path is None and settings.is_persistent and settings.persist_directory:
            path = Path(settings.persist_directory)
        self.path = path
        self._collection = client.get_or_create_collection(
            collection,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={_GENERATION: uuid.uuid4().hex, _EMBEDDER: embedder.name},
            embedding_function=None,
        )
        built_with = (self._collection.metadata or {}).get(_EMBEDDER)
        if built_with and built_with != embedder.name:
            raise ValueError(
                f"the Chroma collection {collection!r} holds {built_with} vectors, not {embedder.name}; "
                "delete the index folder (or use another collection) and ingest again"
            )
        self._vector_store: ChromaVectorStore | None = None

    @classmethod
    def open(cls, location: IndexLocation, embedder: Embedder) -> ChromaIndex:
        """The index at ``location`` (created empty when missing)."""
        path = None if location.chroma_url else location.chroma_path
        return cls(open_client(location), embedder, location.collection, path=path)

    @property
    def collection(self) -> Collection:
        """The underlying Chroma collection."""
        return self._collection

    @property
    def vector_store(self) -> ChromaVectorStore:
        """A LangChain vector store over this index, for ``langchain_core.indexing.index()`` (built on first use)."""
        if self._vector_store is None:
            from knowledge.vector_store import ChromaVectorStore  # LangChain's VectorStore: only ingest needs it

            self._vector_store = ChromaVectorStore(self)
        return self._vector_store

    def _touch(self) -> None:
        """Write a new generation token into the collection's metadata (derived caches then rebuild)."""
        metadata = dict(self._collection.metadata or {})
        metadata[_GENERATION] = uuid.uuid4().hex
        metadata.setdefault(_EMBEDDER, self.embedder.name)
        self._collection.modify(metadata=metadata)

    def write(self, ids: Sequence[str], texts: Sequence[str], metadatas: Sequence[Mapping[str, Any]]) -> None:
        """Embed ``texts`` (with their heading context) and upsert them under ``ids``, in batches."""
        if not (len(ids) == len(texts) == len(metadatas)):
            raise ValueError("ids, texts and metadatas must have the same length")
        if not ids:
            return
        for start in range(0, len(ids), EMBED_BATCH):
            end = start + EMBED_BATCH
            batch_metadata = [_clean_metadata(metadata) for metadata in metadatas[start:end]]
            batch_texts = list(texts[start:end])
            vectors = self.embedder.embed(
                [embedding_text(text, metadata) for text, metadata in zip(batch_texts, batch_metadata, strict=True)]
            )
            self._collection.upsert(
                ids=list(ids[start:end]),
                embeddings=vectors,
                documents=batch_texts,
                metadatas=batch_metadata,  # type: ignore[arg-type]
            )
        self._touch()

    def add_chunks(self, chunks: Sequence[Chunk]) -> None:
        """Embed and upsert ``chunks`` by id (reviewed HR answers; policy files go through ``ingest``)."""
        metadatas = []
        for chunk in chunks:
            metadata: dict[str, MetadataValue] = {"audience_country": ALL, "audience_department": ALL}
            metadata.update(_clean_metadata(chunk.metadata))
            metadata.update(
                source=chunk.source, title=chunk.title, section=chunk.section, kind=chunk.kind, lang=chunk.lang
            )
            metadatas.append(metadata)
        self.write([chunk.id for chunk in chunks], [chunk.text for chunk in chunks], metadatas)

    def delete_ids(self, ids: Iterable[str]) -> None:
        """Remove the chunks with ``ids`` (unknown ids are ignored)."""
        ids = list(ids)
        if not ids:
            return
        for batch in batches(ids, _READ_PAGE):
            self._collection.delete(ids=list(batch))
        self._touch()

    def count(self) -> int:
        """How many chunks the index holds."""
        return self._collection.count()

    def generation(self) -> str:
        """A token that changes on every write (read from the server, so other processes' writes show too)."""
        current = self.client.get_collection(self.name, embedding_function=None)
        return f"{(current.metadata or {}).get(_GENERATION, '')}:{current.count()}"

    def _rows(self, where: Mapping[str, Any] | None = None) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
        """Every (id, text, metadata) in the collection, read in pages."""
        offset = 0
        while True:
            page = self._collection.get(
                where=dict(where) if where else None,
                include=["documents", "metadatas"],
                limit=_READ_PAGE,
                offset=offset,
            )
            ids = page["ids"]
            documents = page["documents"] or [""] * len(ids)
            metadatas = page["metadatas"] or [{}] * len(ids)
            for id_, text, metadata in zip(ids, documents, metadatas, strict=True):
                yield id_, text or "", metadata or {}
            if len(ids) < _READ_PAGE:
                return
            offset += len(ids)

    def ids(self, kind: str | None = None) -> set[str]:
        """The ids of every chunk, or of every chunk of ``kind`` (``policy`` or ``hr_answer``)."""
        found: set[str] = set()
        offset = 0
        while True:
            page = self._collection.get(
                where={"kind": kind} if kind else None, include=[], limit=_READ_PAGE, offset=offset
            )
            found.update(page["ids"])
            if len(page["ids"]) < _READ_PAGE:
                return found
            offset += len(page["ids"])

    def all_chunks(self) -> list[Chunk]:
        """Every indexed chunk, policy and HR answers alike."""
        return [to_chunk(Document(page_content=text, metadata=dict(meta)), id_) for id_, text, meta in self._rows()]

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]:
        """The chunks with ``ids`` that exist, in the index's order."""
        if not ids:
            return []
        page = self._collection.get(ids=list(ids), include=["documents", "metadatas"])
        documents = page["documents"] or [""] * len(page["ids"])
        metadatas = page["metadatas"] or [{}] * len(page["ids"])
        return [
            to_chunk(Document(page_content=text or "", metadata=dict(meta or {})), id_)
            for id_, text, meta in zip(page["ids"], documents, metadatas, strict=True)
        ]

    def document_hashes(self) -> dict[str, str]:
        """The ``doc_hash`` of every indexed policy document, by file name."""
        hashes: dict[str, str] = {}
        for _id, _text, metadata in self._rows({"kind": POLICY}):
            source, doc_hash = metadata.get("source"), metadata.get("doc_hash")
            if isinstance(source, str) and isinstance(doc_hash, str):
                hashes[source] = doc_hash
        return dict(sorted(hashes.items()))

    def search(self, vector: Sequence[float], k: int, audience: Audience = EVERYONE) -> list[tuple[Chunk, float]]:
        """The ``k`` chunks nearest to ``vector`` that ``audience`` may read, with cosine similarity, best first."""
        total = self.count()
        if k <= 0 or total == 0:
            return []
        filtering = audience != EVERYONE
        wanted = min(total, max(k * 4, 20) if filtering else k)
        while True:
            result = self._collection.query(
                query_embeddings=np.asarray([vector], dtype=np.float32),
                n_results=wanted,
                include=["documents", "metadatas", "distances"],
            )
            ids = result["ids"][0]
            documents = (result["documents"] or [[]])[0]
            metadatas = (result["metadatas"] or [[]])[0]
            distances = (result["distances"] or [[]])[0]
            hits: list[tuple[Chunk, float]] = []
            for id_, text, metadata, distance in zip(ids, documents, metadatas, distances, strict=True):
                meta = _clean_metadata(metadata or {})
                if filtering and not audience.allows(meta):
                    continue
                hits.append((to_chunk(Document(page_content=text or "", metadata=meta), id_), 1.0 - float(distance)))
                if len(hits) == k:
                    return hits
            if wanted >= total:
                return hits
            wanted = min(total, wanted * 4)

    def disk_bytes(self) -> int | None:
        """Bytes the embedded database takes on disk (``None`` for a Chroma server)."""
        if self.path is None:
            return None
        return sum(path.stat().st_size for path in self.path.rglob("*") if path.is_file())
