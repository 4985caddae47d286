"""Transport bench: ``backoffice serve`` and a bare Bolt app under the same signed DM load, Slack emulated."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.databases import BenchUser, bench_database, migrate, seed_employees, seed_leave
from bench.envelopes import EnvelopeBuilder
from bench.load import Load, PhaseResult, run_load
from bench.processes import Server, children, clean_environment, cpu_seconds, free_port, start_server
from bench.profiling import py_spy, summarise
from bench.timed_emulator import TimedEmulator
from bench.transport_report import BARE, BOT, phase_row, ratios, targets, workers_app, workers_ratios
from tests.fakes.slack_emulator import SlackEmulator

REPO_ROOT = Path(__file__).resolve().parent.parent
ROUTER_CACHE = Path(__file__).resolve().parent / ".cache" / "router"
SIGNING_SECRET = "bench-signing-secret"
# The message mix, sent in turn, and the kind each text is reported under (reply figures per kind and overall).
MESSAGES = (
    ("help", "help"),
    ("hi", "greeting"),
    ("how many vacation days do I have left?", "balance"),
    ("¿cuántos días de vacaciones me quedan?", "balance"),
)
TEXTS = tuple(text for text, _ in MESSAGES)
KINDS = dict(MESSAGES)


@dataclass(frozen=True)
class TransportPlan:
    """What one run does: employees to seed and the measured loads (after one warm-up message per user)."""

    employees: int
    loads: tuple[Load, ...]
    startup_timeout: float = 300.0
    server_env: tuple[tuple[str, str], ...] = ()
    profile_idle: bool = False
    workers: int = 1

    @property
    def users_in_traffic(self) -> int:
        """One user per conversation at the highest concurrency."""
        return max(load.concurrency for load in self.loads)


FULL = TransportPlan(employees=500, loads=(Load(1, 300, 60.0), Load(10, 1000, 60.0), Load(50, 2000, 90.0)))
PROFILED_LOAD = Load(50, 100_000, 20.0)
QUICK = TransportPlan(employees=60, loads=(Load(1, 100, 1.5), Load(10, 300, 1.5), Load(50, 600, 2.0)))


def bot_environment(
    url: str, home: Path, emulator: SlackEmulator, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment ``backoffice serve`` gets in a bench: its database, home, and the emulator as Slack."""
    return clean_environment(
        {
            "DATABASE_URL": url,
            "BACKOFFICE_HOME": str(home),
            "SLACK_BOT_TOKEN": emulator.bot_token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": emulator.api_url,
            **dict(extra or {}),
        }
    )


def _start_servers(
    emulator: TimedEmulator, url: str, home: Path, people: list[BenchUser], plan: TransportPlan
) -> dict[str, Server]:
    """Migrate with ``backoffice db upgrade``, seed the directory, then start the bot and the bare app."""
    env = bot_environment(url, home, emulator, dict(plan.server_env))
    migrate(env, home)
    seed_employees(url, people)
    seed_leave(url)  # leave types and this year's allowances, so balance questions get a real answer
    restore_router_cache(home)
    servers: dict[str, Server] = {}
    try:
        port = free_port()
        command = [str(Path(sys.executable).parent / "backoffice"), "serve", "--port", str(port), "--host", "127.0.0.1"]
        servers[BOT] = start_server(
            BOT, command, port=port, env=env, cwd=home, log_path=home / "bot.log", timeout=plan.startup_timeout
        )
        if plan.workers > 1:  # the same bot as N workers on another port, measured beside the one process
            several, port = workers_app(plan.workers), free_port()
            command = [*command[:2], "--port", str(port), "--host", "127.0.0.1", "--workers", str(plan.workers)]
            log_path = home / f"{several}.log"
            servers[several] = start_server(
                several, command, port=port, env=env, cwd=home, log_path=log_path, timeout=plan.startup_timeout
            )
            wait_for_workers(servers[several], plan.workers, plan.startup_timeout)
        port = free_port()
        command = [sys.executable, "-m", "bench.bare_bolt_app", "--port", str(port)]
        servers[BARE] = start_server(
            BARE, command, port=port, env=env, cwd=REPO_ROOT, log_path=home / "bare.log", timeout=plan.startup_timeout
        )
    except BaseException:
        for server in servers.values():
            server.stop()
        raise
    return servers


async def _measure(
    servers: dict[str, Server], emulator: TimedEmulator, users: Sequence[str], plan: TransportPlan, profile: Path | None
) -> dict[tuple[str, int], PhaseResult]:
    builder = EnvelopeBuilder(SIGNING_SECRET, emulator)
    warm_up = Load(min(10, len(users)), len(users), 120.0)
    for name, server in servers.items():  # links every user to an employee and loads whatever loads lazily
        warmed = await run_load(server.port, emulator, builder, users, ("hi",), warm_up)
        if warmed.errors:
            raise RuntimeError(f"{name} failed during warm-up: {warmed.errors[:3]}\n{server.log_tail()}")
    results: dict[tuple[str, int], PhaseResult] = {}
    for load in plan.loads:
        for name in servers_in_turn(servers):  # interleaved, so drift on a shared machine hits all alike
            results[name, load.concurrency] = await run_load(servers[name].port, emulator, builder, users, TEXTS, load)
            servers[name].sample_rss()
    if profile is not None:  # an extra bot phase under py-spy, kept out of the figures above
        with py_spy(servers[BOT].process.pid, profile, idle=plan.profile_idle):
            await run_load(servers[BOT].port, emulator, builder, users, TEXTS, PROFILED_LOAD)
    return results


def servers_in_turn(servers: dict[str, Server]) -> list[str]:
    """The order each load visits the servers: the bare app, the bot, then the bot as several workers."""
    return [BARE, BOT] + [name for name in servers if name not in (BARE, BOT)]


def wait_for_workers(server: Server, workers: int, timeout: float) -> None:
    """With ``serve --workers N``, wait until every worker serves (the first one answering /healthz is not all)."""
    if workers == 1:
        return
    deadline = time.perf_counter() + timeout
    while server.log_tail(10_000).count("serving the supervisor's socket") < workers:
        if server.process.poll() is not None or time.perf_counter() > deadline:
            raise RuntimeError(f"not all {workers} workers started:\n{server.log_tail()}")
        time.sleep(0.2)


def restore_router_cache(home: Path) -> None:
    """Give the bot the trained router an earlier run left, as a restarted ``serve`` has it."""
    cached = sorted(ROUTER_CACHE.glob("*.npz")) if ROUTER_CACHE.is_dir() else []
    if cached:
        (home / "cache").mkdir(parents=True, exist_ok=True)
        for path in cached:
            shutil.copy2(path, home / "cache" / path.name)


def _keep_router_cache(home: Path) -> None:
    """Keep the router cache the bot wrote for the next run (only the current files)."""
    fresh = sorted((home / "cache").glob("nlu-*.npz"))
    if fresh:
        shutil.rmtree(ROUTER_CACHE, ignore_errors=True)
        ROUTER_CACHE.mkdir(parents=True)
        for path in fresh:
            shutil.copy2(path, ROUTER_CACHE / path.name)


def _count_errors(log_path: Path) -> int:
    try:
        return sum(" ERROR " in line for line in log_path.read_text(errors="replace").splitlines())
    except OSError:
        return 0


def run_engine(
    emulator: TimedEmulator, people: list[BenchUser], engine: str, plan: TransportPlan, profile: Path | None = None
) -> dict[str, Any]:
    """Measure both apps on one database engine (then profile the bot, if asked); return JSON-ready figures."""
    with tempfile.TemporaryDirectory(prefix="bench-home-") as tmp, bench_database(engine, Path(tmp)) as url:
        home = Path(tmp)
        warm_cache = ROUTER_CACHE.is_dir() and any(ROUTER_CACHE.glob("*.npz"))
        servers = _start_servers(emulator, url, home, people, plan)
        try:
            _keep_router_cache(home)
            traffic = [person.slack_id for person in people[: plan.users_in_traffic]]
            load_before = os.getloadavg()
            results = asyncio.run(_measure(servers, emulator, traffic, plan, profile))
            load_after = os.getloadavg()
            worker_cpu = {
                name: [cpu_seconds(child) for child in children(server.process.pid)]
                for name, server in servers.items()
                if name not in (BARE, BOT)
            }
        finally:
            for server in servers.values():
                server.stop()
        figures: dict[str, Any] = {
            "db": engine,
            "employees": plan.employees,
            "texts": list(TEXTS),
            "kinds": KINDS,
            "loads": [
                {"concurrency": x.concurrency, "count": x.count, "max_seconds": x.max_seconds} for x in plan.loads
            ],
            "startup_seconds": {name: server.startup_seconds for name, server in servers.items()},
            "router_cache": "warm" if warm_cache else "cold",
            "server_env": dict(plan.server_env),
            "workers": plan.workers,
            "worker_cpu_seconds": worker_cpu,
            "load_average": {"before": [round(x, 1) for x in load_before], "after": [round(x, 1) for x in load_after]},
            "peak_rss_mib": {name: server.peak_rss for name, server in servers.items()},
            "bot_log_errors": sum(_count_errors(server.log_path) for name, server in servers.items() if name != BARE),
            "invalid_slack_calls": len(emulator.invalid_calls),
            "rows": [phase_row(app, result, KINDS) for (app, _), result in results.items()],
        }
        figures["ratios"] = ratios(figures["rows"])
        if plan.workers > 1:
            figures["workers_ratios"] = workers_ratios(figures["rows"], plan.workers)
        figures["targets"] = targets(figures)
        if profile is not None:
            figures["profile"] = {
                "file": str(profile),
                "load": PROFILED_LOAD.concurrency,
                "idle": plan.profile_idle,
                **summarise(profile),
            }
        return figures


def seed_emulator(emulator: TimedEmulator, people: list[BenchUser]) -> None:
    """Add every person to the emulated workspace (users.info answers with their e-mail) with a DM open."""
    for person in people:
        emulator.add_user(person.slack_id, person.email, person.name)
        emulator.dm_channel_for(person.slack_id)
