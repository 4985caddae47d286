"""``python -m bench transport|approvals|nlu|knowledge|growth|markdown``: run a benchmark (printing its tables and appending its figures to the
results file), or print the latest recorded runs as Markdown."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

from rich.console import Console

from bench.databases import ENGINES, bench_users, postgres_available, postgres_base_url
from bench.results import RESULTS_FILE, record

PROFILE_DIR = RESULTS_FILE.parent / "profiles"


def _transport(args: argparse.Namespace, console: Console) -> int:
    from bench.profiling import py_spy_path
    from bench.timed_emulator import TimedEmulator
    from bench.transport import FULL, QUICK, run_engine, seed_emulator
    from bench.transport_report import print_profile, print_tables

    plan = replace(
        QUICK if args.quick else FULL,
        server_env=tuple(args.server_env),
        profile_idle=args.profile_idle,
        workers=args.workers,
    )
    if args.workers > 1 and args.db != "postgres":
        console.print("[red]--workers above 1 needs --db postgres (serve refuses several workers on SQLite)[/red]")
        return 2
    args.profile = args.profile or args.profile_idle
    if args.profile:
        if py_spy_path() is None:
            console.print("[red]--profile needs py-spy: pip install py-spy[/red]")
            return 2
        PROFILE_DIR.mkdir(parents=True, exist_ok=True)
    engines = _engines(args, console)
    if engines is None:
        return 2
    people = bench_users(plan.employees)
    with TimedEmulator() as emulator:
        seed_emulator(emulator, people)
        for engine in engines:
            started = time.perf_counter()
            profile = PROFILE_DIR / f"transport-{engine}.txt" if args.profile else None
            figures = run_engine(emulator, people, engine, plan, profile)
            figures["quick"] = args.quick
            figures["run_seconds"] = round(time.perf_counter() - started, 1)
            print_tables(figures, console)
            print_profile(figures, console)
            record("transport", figures)
    console.print(f"appended to {RESULTS_FILE}")
    return 0


def _engines(args: argparse.Namespace, console: Console) -> list[str] | None:
    """The engines to run (``--db``); None when PostgreSQL was asked for alone and does not answer."""
    engines = list(ENGINES) if args.db == "all" else [args.db]
    if "postgres" in engines and not postgres_available():
        if args.db == "postgres":
            console.print(f"[red]PostgreSQL at {postgres_base_url()} does not answer[/red]")
            return None
        console.print(f"[yellow]PostgreSQL at {postgres_base_url()} does not answer; SQLite only[/yellow]")
        engines.remove("postgres")
    return engines


def _approvals(args: argparse.Namespace, console: Console) -> int:
    from bench.approvals import FULL, QUICK, print_tables, run_engine

    plan = QUICK if args.quick else FULL
    engines = _engines(args, console)
    if engines is None:
        return 2
    failed = False
    for engine in engines:
        started = time.perf_counter()
        figures = run_engine(engine, plan)
        figures["quick"] = args.quick
        figures["run_seconds"] = round(time.perf_counter() - started, 1)
        print_tables(figures, console)
        record("approvals", figures)
        failed = failed or not figures["pass"]
    console.print(f"appended to {RESULTS_FILE}")
    return 1 if failed else 0


def _nlu(args: argparse.Namespace, console: Console) -> int:
    from bench.nlu import DEV_SET, print_table, run_nlu_bench

    path = Path(args.dev_set) if args.dev_set else DEV_SET
    if not path.exists():
        console.print(f"[red]no dev set at {path}[/red]")
        return 2
    figures = run_nlu_bench(path)
    print_table(figures, console)
    record("nlu", figures)
    return 0


def _knowledge(args: argparse.Namespace, console: Console) -> int:
    from bench.knowledge import print_table, run_knowledge_bench

    figures = run_knowledge_bench(copies=args.copies)
    print_table(figures, console)
    record("knowledge", figures)
    console.print(f"appended to {RESULTS_FILE}")
    return 0


def _growth(args: argparse.Namespace, console: Console) -> int:
    from bench.growth import plan_for, print_tables, run_engine, summary_without_plans

    engines = _engines(args, console)
    if engines is None:
        return 2
    plan = plan_for(args.scale, args.samples)
    for engine in engines:
        started = time.perf_counter()
        figures = run_engine(engine, plan, args.keep, console)
        figures["scale"] = args.scale
        figures["quick"] = args.scale < 1
        figures["run_seconds"] = round(time.perf_counter() - started, 1)
        print_tables(figures, console)
        record("growth", summary_without_plans(figures))
    console.print(f"appended to {RESULTS_FILE}")
    return 0


def _markdown(_args: argparse.Namespace, _console: Console) -> int:
    from bench.markdown import render

    sys.stdout.write(render())
    return 0


def _assignment(text: str) -> tuple[str, str]:
    name, equals, value = text.partition("=")
    if not equals or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, not {text!r}")
    return name, value


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen benchmark."""
    parser = argparse.ArgumentParser(prog="python -m bench", description="backoffice benchmarks")
    commands = parser.add_subparsers(dest="command", required=True)
    transport = commands.add_parser("transport", help="backoffice serve vs a bare Bolt app under signed DM load")
    transport.add_argument("--db", choices=[*ENGINES, "all"], default="all", help="database engine (default: both)")
    transport.add_argument("--quick", action="store_true", help="a small smoke run (well under 30 s per engine)")
    transport.add_argument("--profile", action="store_true", help="then sample the bot with py-spy at 50 concurrent")
    transport.add_argument("--profile-idle", action="store_true", help="the same, sampling waiting threads too")
    transport.add_argument(
        "--server-env",
        type=_assignment,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra environment for both servers, to try a fix (repeatable)",
    )
    transport.add_argument(
        "--workers", type=int, default=1, help="serve the bot with `serve --workers N` (PostgreSQL only)"
    )
    approvals = commands.add_parser("approvals", help="concurrent approve clicks on pending leave requests")
    approvals.add_argument("--db", choices=[*ENGINES, "all"], default="all", help="database engine (default: both)")
    approvals.add_argument("--quick", action="store_true", help="a small smoke run")
    nlu = commands.add_parser("nlu", help="the router's speed over the NLU dev set")
    nlu.add_argument("--dev-set", help="a JSONL file with a 'text' per line (default: tests/data/nlu_dev.jsonl)")
    knowledge = commands.add_parser("knowledge", help="policy ingestion speed, ask latency and index size")
    knowledge.add_argument("--copies", type=int, default=20, help="copies of the handbook to ingest (default 20)")
    growth = commands.add_parser("growth", help="p95 of four answers in the demo company and a large one")
    growth.add_argument("--db", choices=[*ENGINES, "all"], default="all", help="database engine (default: both)")
    growth.add_argument("--scale", type=float, default=1.0, help="size of the large company, as a fraction")
    growth.add_argument("--samples", type=int, default=40, help="timed answers per operation (default 40)")
    growth.add_argument("--keep", action="store_true", help="keep the seeded companies and reuse them next run")
    commands.add_parser("markdown", help="print the latest recorded full runs as Markdown (for BENCHMARKS.md)")
    args = parser.parse_args(argv)
    console = Console()
    if not console.is_terminal:  # piped or captured: wide enough for the tables, as in BENCHMARKS.md
        console = Console(width=120)
    commands_by_name = {
        "transport": _transport,
        "approvals": _approvals,
        "nlu": _nlu,
        "knowledge": _knowledge,
        "growth": _growth,
        "markdown": _markdown,
    }
    return commands_by_name[args.command](args, console)


if __name__ == "__main__":
    sys.exit(main())
