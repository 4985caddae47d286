"""Small statistics for benchmark samples: nearest-rank percentiles and a latency summary."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], pct: float) -> float | None:
    """The nearest-rank ``pct``-th percentile of ``values`` (None when there are none)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary_ms(seconds: Sequence[float]) -> dict[str, float | None]:
    """p50, p95 and p99 of durations given in seconds, in milliseconds rounded to 0.1."""
    result: dict[str, float | None] = {}
    for pct in (50, 95, 99):
        value = percentile(seconds, pct)
        result[f"p{pct}"] = None if value is None else round(value * 1000, 1)
    return result


def ratio(value: float | None, baseline: float | None) -> float | None:
    """``value / baseline`` rounded to 0.01, or None when either is missing or the baseline is zero."""
    if value is None or not baseline:
        return None
    return round(value / baseline, 2)


def milliseconds(seconds: float | None, digits: int = 1) -> float | None:
    """A duration in seconds as milliseconds rounded to ``digits`` (None stays None)."""
    return None if seconds is None else round(seconds * 1000, digits)
