"""Embedders: unit-length float32 rows, chosen by name, cached per process, and never touching the network."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import knowledge.embeddings as embeddings
from knowledge.embeddings import Embedder, MiniLMEmbedder, UseM3Embedder, embedder_names, get_embedder


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any socket connection or DNS lookup fails the test."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("network access during model loading")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield


@pytest.mark.parametrize("factory", [UseM3Embedder, MiniLMEmbedder])
def test_fresh_models_load_offline_and_return_unit_rows(factory: type[Embedder], no_network: None) -> None:
    embedder = factory()
    vectors = embedder.embed(["I need next Friday off", "necesito el viernes libre", ""])
    assert vectors.shape == (3, embedder.dim)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert isinstance(embedder, Embedder)


def test_empty_batch() -> None:
    assert get_embedder("use-m3").embed([]).shape == (0, 512)


def test_get_embedder_by_setting_is_cached() -> None:
    assert embedder_names() == ["minilm-int8", "use-m3"]
    assert get_embedder("use-m3") is get_embedder(" USE-M3 ")
    assert get_embedder(None) is get_embedder(embeddings.DEFAULT_EMBEDDER)
    with pytest.raises(ValueError, match="unknown embedder"):
        get_embedder("ada-002")


def test_minilm_tokenizer_is_committed_with_its_licence() -> None:
    folder = Path(embeddings.MINILM_DIR)
    assert (folder / "tokenizer.json").stat().st_size > 400_000
    assert "Apache License" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert "all-MiniLM-L6-v2" in (folder / "NOTICE.md").read_text(encoding="utf-8")


def test_similar_sentences_are_closer_than_unrelated_ones() -> None:
    vectors = get_embedder("use-m3").embed(
        ["how many vacation days do I have left", "¿cuántos días de vacaciones me quedan?", "play some jazz"]
    )
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
