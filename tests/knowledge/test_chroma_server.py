"""The index over a real Chroma server (``chroma run``) through HttpClient: ingest, search, generation."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from db.engine import Database
from knowledge.embeddings import Embedder
from knowledge.ingest import ingest
from knowledge.store import ChromaIndex, IndexLocation, open_client
from knowledge.types import Audience

CHROMA = Path(sys.executable).parent / "chroma"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    if not CHROMA.exists():
        pytest.skip(f"no chroma command next to {sys.executable}")
    port = _free_port()
    log = (tmp_path / "chroma.log").open("wb")
    server = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chroma did not start: {(tmp_path / 'chroma.log').read_text(errors='replace')}")
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def test_ingest_and_search_through_a_chroma_server(
    chroma_url: str, tmp_path: Path, database: Database, embedder: Embedder
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "bikes.md").write_text(
        "# Bikes\n\n## Parking\n\nBikes go in the basement rack; e-scooters charge on level -1.\n", "utf-8"
    )
    (docs / "comedor.md").write_text(
        "---\naudience_country: ES\n---\n# Comedor\n\nLa tarjeta comida tiene 11 € al día para comer cerca de la oficina.\n",
        "utf-8",
    )
    location = IndexLocation(home=tmp_path / "unused", chroma_url=chroma_url, collection="policies-server")
    index = ChromaIndex.open(location, embedder)
    assert index.disk_bytes() is None
    assert not (tmp_path / "unused").exists()  # nothing local with a server

    first = ingest([docs], index, database)
    assert (first.documents, first.added, first.failed) == (2, 2, {})
    assert first.changed_sources == ["bikes.md", "comedor.md"]
    again = ingest([docs], index, database)
    assert again.added == 0 and again.skipped == 2

    vector = [float(value) for value in embedder.embed(["where do I park my bicycle?"])[0]]
    hits = index.search(vector, 2)
    assert hits[0][0].source == "bikes.md" and hits[0][0].section == "Parking"
    assert "basement rack" in hits[0][0].text
    assert 0 < hits[0][1] <= 1

    meal = [float(value) for value in embedder.embed(["¿Cuánto dinero tiene la tarjeta comida?"])[0]]
    assert index.search(meal, 1, Audience(country="ES"))[0][0].source == "comedor.md"
    assert [chunk.source for chunk, _ in index.search(meal, 2, Audience(country="US"))] == ["bikes.md"]

    # a second client (another process, say) sees the same data and notices writes through the generation
    other = ChromaIndex(open_client(location), embedder, "policies-server")
    generation = other.generation()
    (docs / "bikes.md").unlink()
    removed = ingest([docs], index, database)
    assert removed.removed_sources == ["bikes.md"]
    assert other.generation() != generation
    assert [chunk.source for chunk in other.all_chunks()] == ["comedor.md"]
