"""Fixtures for the NLU tests: one trained router per test session (the model loads once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.nlu.router import Router
from knowledge.embeddings import get_embedder


@pytest.fixture(scope="session")
def router(request: pytest.FixtureRequest) -> Router:
    """The default router (USE-m3, calibrated thresholds), trained once; the model is cached in .pytest_cache."""
    cache = getattr(request.config, "cache", None)  # absent with -p no:cacheprovider
    cache_dir = Path(cache.mkdir("nlu-router")) if cache is not None else None
    trained = Router(get_embedder("use-m3"), cache_dir=cache_dir)
    trained.fit()
    return trained
