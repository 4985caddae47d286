"""Growth: the p95 of four everyday answers in the demo-size company and in a large one, and how much it grows.

Each company is seeded by code (``bench.growth_seed``), then the assistant itself (every skill, a router that
names the intent, a fixed clock) answers, as the bot would: a balance question and a stock lookup from an
employee, the approvals inbox and the Home tab from their manager. Both companies are open at once and their
samples alternate, so the load of this shared machine hits both alike. Per operation: p50/p95 over the samples, the
SQL statements one answer runs (an N+1 shows as a count that grows with the data) and, on PostgreSQL, the
``EXPLAIN ANALYZE`` of its slowest statements. Target (issue 16 item 5): large p95 < 2 × demo p95.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import Engine

from bench.databases import postgres_base_url
from bench.growth_seed import DEMO, LARGE, CompanySize, Seeded, seed_company, who_asks
from bench.stats import percentile, ratio
from bot.assistant import Origin
from bot.nlu.protocols import RouteResult
from bot.runtime import build_runtime
from bot.settings import Settings
from db.migrate import upgrade
from db.models import Employee
from skills import all_skills
from skills.common.extract import extract_slots
from skills.common.time import FixedClock

MOMENT = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
"""The bench's "now" (a Wednesday), so the seeded leave falls the same way around it on every run."""
TARGET = 2.0
KEEP_DIR = Path(os.environ.get("BENCH_GROWTH_DIR", Path(tempfile.gettempdir()) / "backoffice-growth"))
EXPLAINED = 3
"""EXPLAIN the slowest distinct statements of each operation, this many."""


@dataclass
class FixedRouter:
    """Routes every text to the intent the bench names; the real extractors read that intent's slots."""

    intent: str = "help"

    def route(
        self,
        text: str,
        *,
        locale: str | None = None,
        today: date,
        timezone: str = "UTC",
        default_currency: str = "USD",
    ) -> RouteResult:
        """The named intent with the slots the extractors find."""
        spec = next(s for skill in all_skills() for s in skill.intents if s.name == self.intent)
        slots = extract_slots(text, today=today, locale=locale or "en-US", only=set(spec.slots))
        slots.pop("errors", None)
        lang = "es" if (locale or "").startswith("es") else "en"
        return _Routed(self.intent, self.intent.split(".")[0], slots, 0.95, lang)


@dataclass(frozen=True)
class _Routed:
    intent: str
    skill: str
    slots: dict[str, Any]
    confidence: float
    lang: str


@dataclass
class Statements:
    """Every SQL statement run while listening, with its parameters and how long it took."""

    run: list[tuple[str, Any, float]] = field(default_factory=list)
    listening: bool = False

    def attach(self, engine: Engine) -> None:
        """Listen to ``engine``'s cursor executions."""
        starts: list[float] = []

        @event.listens_for(engine, "before_cursor_execute")
        def _before(*_args: Any) -> None:
            starts.append(time.perf_counter())

        @event.listens_for(engine, "after_cursor_execute")
        def _after(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
            began = starts.pop() if starts else time.perf_counter()
            if self.listening:
                self.run.append((statement, parameters, time.perf_counter() - began))

    @contextmanager
    def recording(self) -> Iterator[list[tuple[str, Any, float]]]:
        """Record the statements run inside the block."""
        self.run, self.listening = [], True
        try:
            yield self.run
        finally:
            self.listening = False


@dataclass(frozen=True)
class Operation:
    """One measured answer: its name, the intent and text (None: the Home tab) and who asks."""

    name: str
    intent: str | None
    text: str
    as_manager: bool


def operations(item_phrase: str) -> list[Operation]:
    """The four answers issue 16 names."""
    return [
        Operation("balance", "leave.balance", "how many vacation days do I have left?", as_manager=False),
        Operation("stock lookup", "stock.lookup", f"how many {item_phrase} are left?", as_manager=False),
        Operation("approvals inbox", "approvals.inbox", "what's waiting for me?", as_manager=True),
        Operation("home tab", None, "", as_manager=True),
    ]


@contextmanager
def company_database(engine_name: str, size: CompanySize, keep: bool) -> Iterator[tuple[str, bool]]:
    """(URL, already seeded) of a database for ``size``: kept under ``KEEP_DIR`` (or a ``growth_<size>`` schema)
    when ``keep``, else thrown away afterwards."""
    label = size.name.replace("×", "_").replace(".", "_")
    if engine_name == "sqlite":
        if keep:
            KEEP_DIR.mkdir(parents=True, exist_ok=True)
            path = KEEP_DIR / f"{label}.db"
            yield f"sqlite:///{path}", path.exists()
            return
        with tempfile.TemporaryDirectory(prefix="bench-growth-") as tmp:
            yield f"sqlite:///{Path(tmp) / 'growth.db'}", False
        return
    base = postgres_base_url()
    schema = f"growth_{label}" if keep else f"growth_tmp_{os.getpid()}_{label}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        existed = bool(connection.scalar(text("SELECT count(*) FROM pg_namespace WHERE nspname = :s"), {"s": schema}))
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}", existed
    finally:
        if not keep:
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _seeded_employees(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(Employee.__table__)) or 0)


def _explain(engine: Engine, recorded: list[tuple[str, Any, float]]) -> list[dict[str, Any]]:
    """EXPLAIN ANALYZE the slowest distinct SELECTs of one answer (PostgreSQL): plan text and the scans it does."""
    slowest: dict[str, tuple[str, Any, float]] = {}
    for statement, parameters, seconds in recorded:
        if statement.lstrip().upper().startswith("SELECT") and seconds > slowest.get(statement, ("", None, -1))[2]:
            slowest[statement] = (statement, parameters, seconds)
    chosen = sorted(slowest.values(), key=lambda row: -row[2])[:EXPLAINED]
    plans = []
    with engine.connect() as connection:
        for statement, parameters, seconds in chosen:
            lines = [row[0] for row in connection.exec_driver_sql(f"EXPLAIN ANALYZE {statement}", parameters)]
            scans = [line.strip() for line in lines if "Seq Scan" in line or ("Index" in line and "Scan" in line)]
            plans.append({"sql": " ".join(statement.split())[:300], "ms": round(seconds * 1000, 2), "plan": lines,
                          "scans": [_short_scan(s) for s in scans]})  # fmt: skip
    return plans


def _short_scan(line: str) -> str:
    """``Seq Scan on leave_requests (actual rows=20 loops=1)`` from a plan line."""
    head = line.lstrip("-> ").split("  (cost")[0]
    actual = line.split("(actual ")[-1].split(")")[0] if "(actual " in line else ""
    rows = " ".join(part for part in actual.split() if part.startswith(("rows=", "loops=")))
    return f"{head} ({rows})" if rows else head


@dataclass
class Company:
    """One seeded company, ready to ask: its assistant (own router and statement log) and who asks."""

    size: CompanySize
    runtime: Any
    router: FixedRouter
    statements: Statements
    people: Seeded
    figures: dict[str, Any]

    def answer(self, operation: Operation) -> Any:
        """Ask ``operation`` once, as the bot would."""
        who = self.people.manager_id if operation.as_manager else self.people.employee_id
        if operation.intent is None:
            return self.runtime.assistant.home(who, Origin("slack", "home"))
        self.router.intent = operation.intent
        return self.runtime.assistant.handle_message(who, operation.text, Origin("slack", f"growth-{operation.name}"))


def open_company(engine_name: str, size: CompanySize, keep: bool, console: Console, stack: ExitStack) -> Company:
    """Migrate and seed (unless kept from an earlier run) ``size``'s company and build its assistant."""
    url, existed = stack.enter_context(company_database(engine_name, size, keep))
    home = stack.enter_context(tempfile.TemporaryDirectory())
    engine = create_engine(url)
    started = time.perf_counter()
    upgrade(engine)
    migrate_seconds = time.perf_counter() - started
    seeded = existed and _seeded_employees(engine) == size.employees
    started = time.perf_counter()
    counts = {} if seeded else seed_company(engine, size, MOMENT)
    seed_seconds = time.perf_counter() - started
    if not seeded and engine_name == "postgres":
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    people = who_asks(engine, size)
    engine.dispose()
    console.print(f"{engine_name} {size.name}: migrated in {migrate_seconds:.1f} s, "
                  + ("reused the kept company" if seeded else f"seeded in {seed_seconds:.1f} s"))  # fmt: skip
    settings = Settings(_env_file=None, backoffice_home=Path(home), database_url=url)
    router = FixedRouter()
    runtime = build_runtime(settings, router=router, migrate=False, clock=FixedClock(MOMENT))
    stack.callback(runtime.database.dispose)
    statements = Statements()
    statements.attach(runtime.database.engine)
    figures = {"company": size.name, "employees": size.employees, "seed_seconds": round(seed_seconds, 1),
               "reused": seeded, "rows_seeded": counts, "operations": []}  # fmt: skip
    return Company(size, runtime, router, statements, people, figures)


def _measure(companies: list[Company], operation: Operation, samples: int, engine_name: str) -> None:
    """Warm each company up, record one answer's statements, then time ``samples`` answers of each company in
    turn (demo, large, demo, …), so the machine's drift hits both alike."""
    first = {}
    recorded = {}
    for company in companies:
        first[company.size.name] = company.answer(operation)
        for _ in range(2):
            company.answer(operation)
        with company.statements.recording() as run:
            company.answer(operation)
        recorded[company.size.name] = run
    timings: dict[str, list[float]] = {company.size.name: [] for company in companies}
    for _ in range(samples):
        for company in companies:
            started = time.perf_counter()
            company.answer(operation)
            timings[company.size.name].append(time.perf_counter() - started)
    for company in companies:
        name = company.size.name
        shown = first[name][0].text if first[name] else ""
        explain = _explain(company.runtime.database.engine, recorded[name]) if engine_name == "postgres" else []
        company.figures["operations"].append({
            "operation": operation.name,
            "p50_ms": round((percentile(timings[name], 50) or 0) * 1000, 2),
            "p95_ms": round((percentile(timings[name], 95) or 0) * 1000, 2),
            "statements": len(recorded[name]),
            "answer": " ".join(shown.split())[:80],
            "explain": explain,
        })  # fmt: skip


@dataclass(frozen=True)
class GrowthPlan:
    """The companies compared and how many timed answers per operation."""

    sizes: tuple[CompanySize, CompanySize]
    samples: int


def plan_for(scale: float, samples: int) -> GrowthPlan:
    """The demo company against the large one at ``scale``."""
    return GrowthPlan((DEMO, LARGE.scaled(scale)), samples)


def run_engine(engine_name: str, plan: GrowthPlan, keep: bool, console: Console) -> dict[str, Any]:
    """Both companies on one engine and the growth of each operation's p95; JSON-ready figures."""
    with ExitStack() as stack:
        companies = [open_company(engine_name, size, keep, console, stack) for size in plan.sizes]
        for operation in operations(companies[0].people.item_phrase):
            _measure(companies, operation, plan.samples, engine_name)
    small, large = (company.figures for company in companies)
    growth = []
    for before, after in zip(small["operations"], large["operations"], strict=True):
        factor = ratio(after["p95_ms"], before["p95_ms"])
        growth.append({"operation": before["operation"], "demo_p95_ms": before["p95_ms"],
                       "large_p95_ms": after["p95_ms"], "growth": factor,
                       "demo_statements": before["statements"], "large_statements": after["statements"],
                       "pass": factor is not None and factor < TARGET})  # fmt: skip
    return {"db": engine_name, "samples": plan.samples, "companies": [small, large], "growth": growth,
            "pass": all(row["pass"] for row in growth)}  # fmt: skip


def print_tables(figures: dict[str, Any], console: Console, show_plans: bool = True) -> None:
    """The growth table of one engine, then (PostgreSQL) the EXPLAIN of each operation's slowest statements."""
    small, large = figures["companies"]
    table = Table(title=f"Growth — {figures['db']}: {small['company']} ({small['employees']:,} people) → "
                        f"{large['company']} ({large['employees']:,} people), {figures['samples']} answers each")  # fmt: skip
    for name in ("operation", "demo p95 ms", "large p95 ms", "growth", "SQL demo", "SQL large", f"< {TARGET:g}×"):
        table.add_column(name, justify="right")
    for row in figures["growth"]:
        verdict = "[green]PASS[/green]" if row["pass"] else "[red]FAIL[/red]"
        table.add_row(row["operation"], f"{row['demo_p95_ms']:.1f}", f"{row['large_p95_ms']:.1f}",
                      f"{row['growth']}×", str(row["demo_statements"]), str(row["large_statements"]), verdict)  # fmt: skip
    console.print(table)
    for company in figures["companies"]:
        for op in company["operations"]:
            console.print(
                f"  {company['company']} · {op['operation']}: p50 {op['p50_ms']} ms, answer: {op['answer']!r}"
            )
    if not show_plans:
        return
    for op in large["operations"]:
        for plan in op["explain"]:
            console.print(f"\n[bold]EXPLAIN ANALYZE ({large['company']}, {op['operation']}, {plan['ms']} ms)[/bold] "
                          f"{plan['sql']}")  # fmt: skip
            console.print("\n".join(plan["plan"]), markup=False, highlight=False)


def summary_without_plans(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures to record: plans cut down to their scans (the full text is printed, not stored)."""
    trimmed = dict(figures)
    trimmed["companies"] = [
        {**c, "operations": [{**op, "explain": [{k: p[k] for k in ("sql", "ms", "scans")} for p in op["explain"]]}
                             for op in c["operations"]]}
        for c in figures["companies"]
    ]  # fmt: skip
    return trimmed
