"""Measure one embedder end to end (load, training, RSS, dev set, CLINC150 val) for docs/nlu.md, and calibrate.

Run each model in a fresh process so load time and peak RSS are its own::

    python -m bot.nlu.benchmark measure use-m3
    python -m bot.nlu.benchmark measure minilm-int8
    python -m bot.nlu.benchmark calibrate use-m3      # grid search on CLINC150 train -> THRESHOLDS in router.py
    python -m bot.nlu.benchmark clinc use-m3          # CLINC150 val report
    python -m bot.nlu.benchmark dev use-m3 --errors   # tests/data/nlu_dev.jsonl report
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from bot.nlu.commands import evaluate, read_labelled, run_calibrate, run_eval, run_eval_clinc
from bot.nlu.router import Router
from knowledge.embeddings import get_embedder

DEFAULT_DEV_SET = Path(__file__).resolve().parents[2] / "tests" / "data" / "nlu_dev.jsonl"
"""Our labelled dev set, in a checkout of the repository (a developer's tool: the package does not ship it)."""


ROWS_WITHOUT_A_DAY = date(2025, 11, 24)
"""The reference day of a labelled row that gives none (every row of the dev set gives its own)."""


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(model: str, *, dev_set: Path = DEFAULT_DEV_SET, cache_dir: Path | None = None) -> dict[str, Any]:
    """Load, train and evaluate ``model``; returns the figures as a dict."""
    start = time.perf_counter()
    embedder = get_embedder(model)
    embedder.embed(["warm up"])
    load_s = time.perf_counter() - start

    start = time.perf_counter()
    router = Router(embedder)
    router.fit()
    fit_s = time.perf_counter() - start
    rss_after_fit = peak_rss_mb()

    dev = evaluate(read_labelled(dev_set), router, today=ROWS_WITHOUT_A_DAY)
    clinc = run_eval_clinc(io.StringIO(), router=router, cache_dir=cache_dir)
    return {
        "model": router.model_name,
        "load_s": round(load_s, 2),
        "fit_s": round(fit_s, 2),
        "peak_rss_mb_after_fit": round(rss_after_fit),
        "peak_rss_mb": round(peak_rss_mb()),
        "dev_accuracy": round(dev.accuracy, 4),
        "dev_accuracy_en": round(dev.per_language.get("en", 0.0), 4),
        "dev_accuracy_es": round(dev.per_language.get("es", 0.0), 4),
        "dev_false_write_rate": round(dev.false_write_rate, 4),
        "dev_slot_accuracy": round(dev.slot_accuracy, 4),
        "dev_median_ms": round(dev.median_ms, 2),
        "clinc_val_in_scope_accuracy": round(clinc.metrics.in_scope_accuracy, 4),
        "clinc_val_false_write_rate": round(clinc.metrics.false_write_rate, 4),
        "clinc_val_oos_recall": round(clinc.metrics.out_of_scope_recall, 4),
        "clinc_val_ms_per_utterance_batched": round(clinc.ms_per_utterance, 2),
        "thresholds": router.thresholds.as_dict(),
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(description="Measure, calibrate and evaluate the offline intent router.")
    parser.add_argument("action", choices=("measure", "calibrate", "clinc", "dev"))
    parser.add_argument("model", help="embedder setting: use-m3 or minilm-int8")
    parser.add_argument("--dev-set", type=Path, default=DEFAULT_DEV_SET)
    parser.add_argument("--cache-dir", type=Path, default=None, help="memoise CLINC embeddings here")
    parser.add_argument("--errors", action="store_true", help="list the dev-set errors")
    args = parser.parse_args(argv)
    if args.action == "measure":
        json.dump(measure(args.model, dev_set=args.dev_set, cache_dir=args.cache_dir), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    router = Router(get_embedder(args.model))
    if args.action == "calibrate":
        run_calibrate(sys.stdout, router=router, cache_dir=args.cache_dir)
    elif args.action == "clinc":
        run_eval_clinc(sys.stdout, router=router, cache_dir=args.cache_dir)
    else:
        run_eval(args.dev_set, sys.stdout, router=router, today=ROWS_WITHOUT_A_DAY, show_errors=args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
