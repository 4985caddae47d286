"""NLU bench: the router's load time, milliseconds per utterance over the dev set, and peak RSS.

Each measurement runs in a fresh process (``python -m bench.nlu --home DIR``), so the RSS is the router's and not
the bench's: first with an empty ``BACKOFFICE_HOME`` (cold: embed the examples and train), then again with the
classifier cache the first run left there (warm: what every later ``serve`` start does).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.processes import clean_environment, peak_rss_mib
from bench.stats import milliseconds, percentile

DEFAULT_TODAY = date(2026, 11, 25)
"""The reference day of an utterance that names none (relative dates need one; the bench never reads the clock)."""
REPO_ROOT = Path(__file__).resolve().parent.parent
DEV_SET = REPO_ROOT / "tests" / "data" / "nlu_dev.jsonl"


@dataclass(frozen=True)
class Utterance:
    """One line of the dev set: the text and the reference day its relative dates mean."""

    text: str
    today: date


def load_utterances(path: Path = DEV_SET) -> list[Utterance]:
    """Every utterance of a JSONL dev set (``{"text": ..., "today": "YYYY-MM-DD"?}`` per line)."""
    found: list[Utterance] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            today = item.get("today")
            found.append(Utterance(str(item["text"]), date.fromisoformat(today) if today else DEFAULT_TODAY))
    return found


def _ms(seconds: float | None) -> float | None:
    return milliseconds(seconds, 2)


def measure(path: Path, home: Path) -> dict[str, Any]:
    """In this process: build the router as ``serve`` does, time ``route`` per utterance, then one batch."""
    utterances = load_utterances(path)
    rss_before = peak_rss_mib(os.getpid())
    started = time.perf_counter()
    from bot.nlu.router import Router
    from bot.runtime import default_router
    from bot.settings import Settings

    router = default_router(Settings(_env_file=None, backoffice_home=home))
    load_seconds = time.perf_counter() - started
    if not isinstance(router, Router):
        raise TypeError(f"serve's router is a {type(router).__name__}; this bench knows bot.nlu.router.Router")
    first = time.perf_counter()
    router.route(utterances[0].text, today=utterances[0].today)
    first_seconds = time.perf_counter() - first
    passes: list[list[float]] = [[], []]  # the first pass still meets lazy loading; the second is steady
    for durations in passes:
        for utterance in utterances:
            before = time.perf_counter()
            router.route(utterance.text, today=utterance.today)
            durations.append(time.perf_counter() - before)
    first_pass, steady = passes
    batch_started = time.perf_counter()
    router.route_many(
        [u.text for u in utterances], today=utterances[0].today
    )  # what ``backoffice nlu`` does with piped lines
    batch_seconds = time.perf_counter() - batch_started
    return {
        "utterances": len(steady),
        "load_seconds": round(load_seconds, 2),
        "first_route_ms": _ms(first_seconds),
        "ready_seconds": round(load_seconds + first_seconds, 2),
        "first_pass_ms": {"median": _ms(percentile(first_pass, 50)), "p95": _ms(percentile(first_pass, 95))},
        "ms_per_utterance": {
            "median": _ms(percentile(steady, 50)),
            "p95": _ms(percentile(steady, 95)),
            "mean": _ms(sum(steady) / len(steady)),
        },
        "batched_ms_per_utterance": _ms(batch_seconds / len(utterances)),
        "rss_before_load_mib": rss_before,
        "peak_rss_mib": peak_rss_mib(os.getpid()),
    }


def _probe(path: Path, home: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.nlu", "--home", str(home), "--dev-set", str(path)]
    env = clean_environment({"BACKOFFICE_HOME": str(home)})
    done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"the NLU probe failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run_nlu_bench(path: Path = DEV_SET) -> dict[str, Any]:
    """Measure a cold start and a warm start, each in a fresh process."""
    with tempfile.TemporaryDirectory(prefix="bench-nlu-") as home:
        cold = _probe(path, Path(home))
        warm = _probe(path, Path(home))
    return {"dev_set": os.path.relpath(path, REPO_ROOT), "cold": cold, "warm": warm}


def print_table(figures: dict[str, Any], console: Console) -> None:
    """Print the NLU figures, one row per start."""
    count = figures["warm"]["utterances"]
    table = Table(title=f"Router over {figures['dev_set']} ({count} utterances, one route() call each)")
    columns = ("start", "load s", "first route ms", "ready s", "median ms", "p95 ms", "batched ms/utt", "peak RSS MiB")
    for name in columns:
        table.add_column(name, justify="left" if name == "start" else "right")
    for start in ("cold", "warm"):
        row = figures[start]
        speed = row["ms_per_utterance"]
        table.add_row(
            start,
            str(row["load_seconds"]),
            str(row["first_route_ms"]),
            str(row["ready_seconds"]),
            str(speed["median"]),
            str(speed["p95"]),
            str(row["batched_ms_per_utterance"]),
            str(row["peak_rss_mib"]),
        )
    console.print(table)
    console.print(
        "median/p95: steady state (second pass over the set); ready: load + first route; "
        f"RSS before loading: {figures['warm']['rss_before_load_mib']} MiB"
    )


def main() -> None:
    """The probe: measure in this process and print one JSON line."""
    parser = argparse.ArgumentParser(description="one NLU measurement in this process")
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--dev-set", type=Path, default=DEV_SET)
    args = parser.parse_args()
    print(json.dumps(measure(args.dev_set, args.home)))


if __name__ == "__main__":
    main()
