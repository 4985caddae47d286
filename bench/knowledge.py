"""Knowledge bench: ingestion chunks per second, ``ask`` latency with a warm process, index size on disk.

Everything runs in this process against a throwaway ``BACKOFFICE_HOME`` and SQLite database:

1. the embedder is loaded first and timed on its own, so ingestion figures are the pipeline's, not the model load;
2. the demo handbook is copied ``copies`` times under different file names (so the corpus is big enough to time)
   and ingested once (cold: every chunk embedded), then again unchanged (every chunk skipped);
3. every question of ``knowledge/eval/policy_questions.jsonl`` is answered twice through ``PolicyKnowledge.answer``
   (the first pass builds the BM25 index and warms caches; the second is reported).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.processes import peak_rss_mib
from bench.stats import milliseconds, percentile

REPO_ROOT = Path(__file__).resolve().parent.parent
HANDBOOK = REPO_ROOT / "knowledge" / "handbook"
QUESTIONS = REPO_ROOT / "knowledge" / "eval" / "policy_questions.jsonl"
DEFAULT_COPIES = 20


def _ms(seconds: float | None) -> float | None:
    return milliseconds(seconds, 1)


def make_corpus(target: Path, copies: int) -> int:
    """Copy the handbook ``copies`` times into ``target`` (``copy-03/leave.md``...); return the file count."""
    count = 0
    for number in range(copies):
        folder = target / f"copy-{number:02d}"
        folder.mkdir(parents=True)
        for source in sorted(HANDBOOK.glob("*.md")):
            if source.name.lower().startswith("readme"):
                continue
            text = source.read_text(encoding="utf-8")
            # Keep each copy distinct, so no chunk is a duplicate of another copy's (as real documents would be).
            (folder / f"{number:02d}-{source.name}").write_text(f"{text}\n\nRevision {number}.\n", encoding="utf-8")
            count += 1
    return count


def time_answers(knowledge: Any, questions: list[str]) -> tuple[list[float], list[float]]:
    """Seconds per ``answer`` call for each question: a first pass (caches cold), then a steady one."""
    passes: tuple[list[float], list[float]] = ([], [])
    for durations in passes:
        for question in questions:
            before = time.perf_counter()
            knowledge.answer(question)
            durations.append(time.perf_counter() - before)
    return passes


def run_knowledge_bench(copies: int = DEFAULT_COPIES) -> dict[str, Any]:
    """Measure ingestion, answering and the index size; return the figures."""
    from db.engine import Database
    from db.migrate import upgrade
    from knowledge.base import PolicyKnowledge
    from knowledge.evaluation import load_questions
    from knowledge.store import IndexLocation

    rss_before = peak_rss_mib(os.getpid())
    home = Path(tempfile.mkdtemp(prefix="bench-knowledge-"))
    try:
        corpus = home / "corpus"
        files = make_corpus(corpus, copies)
        database = Database(f"sqlite:///{home / 'bench.db'}")
        upgrade(database.engine)
        knowledge = PolicyKnowledge(IndexLocation(home=home))
        started = time.perf_counter()
        knowledge.embedder.embed(["warm up the model"])
        model_seconds = time.perf_counter() - started

        cold = knowledge.ingest([corpus], database)
        warm = knowledge.ingest([corpus], database)

        small = PolicyKnowledge(IndexLocation(home=home, collection="handbook"))
        handbook = small.ingest([HANDBOOK], database)
        questions = [question.question for question in load_questions(QUESTIONS)]
        first_pass, steady = time_answers(small, questions)
        _, large = time_answers(knowledge, questions)
        disk = knowledge.index.disk_bytes()
        database.dispose()
        return {
            "files": files,
            "copies": copies,
            "model_load_seconds": round(model_seconds, 2),
            "ingest_cold": {
                "chunks": cold.chunks,
                "seconds": round(cold.seconds, 2),
                "chunks_per_second": round(cold.chunks / cold.seconds, 1) if cold.seconds else None,
            },
            "ingest_unchanged": {"chunks": warm.chunks, "skipped": warm.skipped, "seconds": round(warm.seconds, 2)},
            "handbook_chunks": handbook.chunks,
            "questions": len(questions),
            "ask_first_pass_ms": {"median": _ms(percentile(first_pass, 50)), "p95": _ms(percentile(first_pass, 95))},
            "ask_ms": {
                "median": _ms(percentile(steady, 50)),
                "p95": _ms(percentile(steady, 95)),
                "max": _ms(max(steady)),
            },
            "ask_large_index_ms": {"median": _ms(percentile(large, 50)), "p95": _ms(percentile(large, 95))},
            "index_mib": round(disk / 1024 / 1024, 1) if disk else None,
            "chunks_in_index": knowledge.index.count() + small.index.count(),
            "rss_before_mib": rss_before,
            "peak_rss_mib": peak_rss_mib(os.getpid()),
        }
    finally:
        shutil.rmtree(home, ignore_errors=True)


def print_table(figures: dict[str, Any], console: Console) -> None:
    """Print the knowledge figures."""
    cold, warm, ask = figures["ingest_cold"], figures["ingest_unchanged"], figures["ask_ms"]
    table = Table(title=f"Policy knowledge: {figures['files']} files ({figures['copies']} copies of the handbook)")
    for name in ("measure", "value"):
        table.add_column(name, justify="left" if name == "measure" else "right")
    table.add_row("embedder load (s)", str(figures["model_load_seconds"]))
    table.add_row("ingest, cold: chunks", str(cold["chunks"]))
    table.add_row("ingest, cold: seconds", str(cold["seconds"]))
    table.add_row("ingest, cold: chunks per second", str(cold["chunks_per_second"]))
    table.add_row("ingest, unchanged: seconds (all skipped)", f"{warm['seconds']} ({warm['skipped']} skipped)")
    table.add_row(f"ask, warm, handbook ({figures['handbook_chunks']} chunks): median ms", str(ask["median"]))
    table.add_row("ask, warm: p95 ms", str(ask["p95"]))
    table.add_row("ask, first pass: median / p95 ms", "{median} / {p95}".format(**figures["ask_first_pass_ms"]))
    large = figures["ask_large_index_ms"]
    table.add_row(f"ask on the {cold['chunks']}-chunk index: median / p95 ms", f"{large['median']} / {large['p95']}")
    table.add_row(f"index on disk (MiB, {figures['chunks_in_index']} chunks)", str(figures["index_mib"]))
    table.add_row("peak RSS (MiB)", str(figures["peak_rss_mib"]))
    console.print(table)


if __name__ == "__main__":
    print(json.dumps(run_knowledge_bench()))
