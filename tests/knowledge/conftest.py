"""Knowledge fixtures: the real offline embedder, empty indexes in tmp folders, and the demo handbook indexed once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from db.engine import Database
from db.migrate import upgrade
from knowledge.embeddings import Embedder, get_embedder
from knowledge.ingest import ingest
from knowledge.store import ChromaIndex, IndexLocation
from knowledge.types import IngestSummary

HANDBOOK = Path(__file__).resolve().parents[2] / "knowledge" / "handbook"
"""The demo policy handbook (10 files, two in Spanish, plus a README that ingest skips)."""

HANDBOOK_18F = Path(__file__).resolve().parents[2] / "tests" / "data" / "handbook-18f"
"""A trimmed public-domain copy of the 18F handbook (72 pages under ``pages/``) and its question sets."""


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The default multilingual embedder (USE-m3), loaded once per test process."""
    model = get_embedder("use-m3")
    model.embed(["warm up"])
    return model


@pytest.fixture
def empty_index(tmp_path: Path, embedder: Embedder) -> ChromaIndex:
    """A fresh, empty embedded Chroma index under this test's tmp folder (safe to write to)."""
    return ChromaIndex.open(IndexLocation(home=tmp_path / "index"), embedder)


@pytest.fixture
def handbook_copy(tmp_path: Path) -> Path:
    """A private copy of the handbook folder that a test may edit, break or delete files in."""
    return Path(shutil.copytree(HANDBOOK, tmp_path / "handbook"))


@pytest.fixture(scope="session")
def _indexed_handbook(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> Iterator[tuple[ChromaIndex, IngestSummary]]:
    home = tmp_path_factory.mktemp("handbook-index")
    database = Database(f"sqlite:///{home / 'records.db'}")
    upgrade(database.engine)
    index = ChromaIndex.open(IndexLocation(home=home), embedder)
    summary = ingest([HANDBOOK], index, database)
    yield index, summary
    database.dispose()


@pytest.fixture(scope="session")
def handbook_index(_indexed_handbook: tuple[ChromaIndex, IngestSummary]) -> ChromaIndex:
    """The whole handbook ingested once per test process with USE-m3 (READ-ONLY: use ``empty_index`` to write)."""
    return _indexed_handbook[0]


@pytest.fixture(scope="session")
def handbook_summary(_indexed_handbook: tuple[ChromaIndex, IngestSummary]) -> IngestSummary:
    """What the first ingest of the handbook reported."""
    return _indexed_handbook[1]


@pytest.fixture(scope="session")
def _indexed_18f(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> Iterator[tuple[ChromaIndex, Database, list[IngestSummary]]]:
    home = tmp_path_factory.mktemp("handbook-18f-index")
    database = Database(f"sqlite:///{home / 'records.db'}")
    upgrade(database.engine)
    index = ChromaIndex.open(IndexLocation(home=home), embedder)
    first = ingest([HANDBOOK_18F / "pages"], index, database)
    second = ingest([HANDBOOK_18F / "pages"], index, database)
    yield index, database, [first, second]
    database.dispose()


@pytest.fixture(scope="session")
def handbook_18f_index(_indexed_18f: tuple[ChromaIndex, Database, list[IngestSummary]]) -> ChromaIndex:
    """The 18F handbook copy ingested once per test process (READ-ONLY)."""
    return _indexed_18f[0]


@pytest.fixture(scope="session")
def handbook_18f_summaries(_indexed_18f: tuple[ChromaIndex, Database, list[IngestSummary]]) -> list[IngestSummary]:
    """What the first and the second (unchanged) ingest of the 18F handbook reported."""
    return _indexed_18f[2]
