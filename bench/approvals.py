"""Approval storm: K concurrent approve clicks per pending leave request, through ``backoffice serve``, Slack emulated.

Each phase seeds M pending requests (one requester each, reporting to one of a few linked managers), lets the
outbox deliver the approval cards to the managers' DMs, then fires every card's Approve button K times from its
approver at a fixed concurrency (the duplicates of a request adjacent, so they race). It measures decisions per
second (requests decided / wall time from the first click to the last ``decided_at`` in the database) and the
click ack latency, then checks that each request was decided exactly once and its requester told exactly once.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import h11
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

from bench.databases import bench_database, migrate
from bench.envelopes import EnvelopeBuilder, SignedRequest
from bench.http_client import HttpConnection
from bench.load import EVENTS_PATH
from bench.processes import Server, free_port, start_server
from bench.stats import summary_ms
from bench.transport import SIGNING_SECRET, bot_environment, restore_router_cache
from db.engine import Database
from db.models import AuditEntry, Employee, OutboxMessage, Role
from skills.common.time import noon_utc
from skills.core import Actor
from skills.errors import DomainError
from skills.leave.models import ENTITY, LeaveRequest, LeaveStatus
from skills.leave.rules import LeaveDraft
from skills.leave.service import allocate_year, ensure_leave_types, submit
from skills.leave.views import cards
from tests.fakes.slack_emulator import SlackEmulator
from tests.fakes.slack_payloads import element_in

ALREADY = "already approved"
DELIVERY_TIMEOUT = 180.0  # the outbox delivers the notices and the card updates at its own pace


@dataclass(frozen=True)
class Storm:
    """One phase: M requests, K clicks on each, sent with this many in flight."""

    concurrency: int
    requests: int
    clicks_per_request: int = 3
    max_seconds: float = 120.0


@dataclass(frozen=True)
class ApprovalPlan:
    """The phases of a run, how many managers share the requests, and the startup budget."""

    storms: tuple[Storm, ...]
    managers_per_storm: int = 5
    startup_timeout: float = 300.0


FULL = ApprovalPlan((Storm(10, 200), Storm(50, 200)))
QUICK = ApprovalPlan((Storm(10, 30), Storm(50, 30)), managers_per_storm=3)


@dataclass
class Seeded:
    """One phase's people and requests: request id -> (approver's Slack id, requester's Slack id)."""

    storm: Storm
    requests: dict[int, tuple[str, str]] = field(default_factory=dict)
    managers: list[str] = field(default_factory=list)
    submitted_at: datetime = field(default_factory=lambda: datetime.now(UTC))


class ClickBuilder(EnvelopeBuilder):
    """Signed block_actions requests for a button in a given message, captured instead of sent."""

    def click_request(self, user_id: str, action_id: str, message: dict[str, Any], channel: str) -> SignedRequest:
        """The signed payload of ``user_id`` clicking ``action_id`` in ``message``."""
        self.click(user_id, action_id, message=message, channel=channel)
        captured, self._captured = self._captured, None
        if captured is None:
            raise RuntimeError("the driver sent nothing")
        self._sent.clear()
        return captured


def _weekdays(start: date) -> list[date]:
    """Weekdays from ``start`` on, about three months' worth."""
    days = [start + timedelta(days=n) for n in range(100)]
    return [d for d in days if d.weekday() < 5]


def _seed(database: Database, emulator: SlackEmulator, plan: ApprovalPlan, today: date) -> list[Seeded]:
    """Managers and requesters in the emulator and the database (linked), allowances, and the pending requests."""
    days = _weekdays(today + timedelta(days=10))  # past the 7-day notice of vacation
    seeded: list[Seeded] = []
    number = 0
    with database.session() as session:
        ensure_leave_types(session)
        for phase, storm in enumerate(plan.storms):
            current = Seeded(storm)
            managers: list[Employee] = []
            for m in range(plan.managers_per_storm):
                slack_id = f"UM{phase:02d}{m:05d}"
                email = f"manager{phase}-{m}@acme.example"
                emulator.add_user(slack_id, email, f"Manager P{phase} M{m}")
                emulator.dm_channel_for(slack_id)
                manager = Employee(email=email, name=f"Manager P{phase} M{m}", slack_id=slack_id, country="US",
                                   locale="en-US", timezone="America/New_York")  # fmt: skip
                manager.set_roles({Role.MANAGER})
                managers.append(manager)
                current.managers.append(slack_id)
            session.add_all(managers)
            session.flush()
            for index in range(storm.requests):
                number += 1
                slack_id, email = f"UR{number:07d}", f"requester{number}@acme.example"
                emulator.add_user(slack_id, email, f"Requester {number}")
                emulator.dm_channel_for(slack_id)
                manager = managers[index % len(managers)]
                employee = Employee(email=email, name=f"Requester {number}", slack_id=slack_id, country="US",
                                    locale="en-US", timezone="America/New_York", manager=manager)  # fmt: skip
                session.add(employee)
                session.flush()
                for year in {today.year, (today + timedelta(days=120)).year}:
                    allocate_year(session, employee, year)
                request_id = _submit_one(session, employee, days, number, today)
                current.requests[request_id] = (str(manager.slack_id), slack_id)
            seeded.append(current)
    return seeded


def _submit_one(session: Any, employee: Employee, days: list[date], number: int, today: date) -> int:
    """One single-day vacation request, trying the next weekday if a day is refused (e.g. a holiday)."""
    for attempt in range(len(days)):
        day = days[(number + attempt) % len(days)]
        try:
            with session.begin_nested():
                bench = Actor(employee, "bench", noon_utc(today))
                return int(submit(session, actor=bench, draft=LeaveDraft("vacation", day, day)).id)
        except DomainError:
            continue
    raise RuntimeError(f"no day could be requested for {employee.email}")


def _approve_button_value(message: dict[str, Any]) -> str | None:
    found = element_in(message.get("blocks"), cards.APPROVE)
    return None if found is None else str(found[1].get("value"))


def _cards(emulator: SlackEmulator, seeded: Seeded, timeout: float) -> dict[int, tuple[dict[str, Any], str]]:
    """Wait until every request's approval card is in its approver's DM; request id -> (message, channel)."""
    deadline = time.perf_counter() + timeout
    while True:
        found: dict[int, tuple[dict[str, Any], str]] = {}
        for manager in seeded.managers:
            channel = emulator.dm_channel_for(manager)
            for message in emulator.dm_messages(manager):
                value = _approve_button_value(message)
                if value is not None and value.isdigit() and int(value) in seeded.requests:
                    found[int(value)] = (message, channel)
        if len(found) == len(seeded.requests):
            return found
        if time.perf_counter() > deadline:
            raise RuntimeError(f"only {len(found)} of {len(seeded.requests)} approval cards arrived")
        time.sleep(0.2)


@dataclass
class Clicks:
    """The clicks of one phase: ack latencies, statuses, errors and when the first one was sent."""

    acks: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    first_sent_wall: float = 0.0
    sent: int = 0


async def _fire(port: int, requests: Sequence[SignedRequest], concurrency: int, max_seconds: float) -> Clicks:
    """Post every click with ``concurrency`` in flight (in order, so adjacent duplicates race)."""
    clicks = Clicks(first_sent_wall=time.time())
    deadline = time.perf_counter() + max_seconds
    position = 0

    async def worker() -> None:
        nonlocal position
        connection = HttpConnection(port)
        try:
            while position < len(requests) and time.perf_counter() < deadline:
                request, position = requests[position], position + 1
                sent = time.perf_counter()
                clicks.sent += 1
                try:
                    status, _ = await connection.post(EVENTS_PATH, request.body, request.headers)
                except (OSError, h11.ProtocolError) as error:
                    clicks.errors.append(f"{type(error).__name__}: {error}")
                    continue
                clicks.acks.append(time.perf_counter() - sent)
                clicks.statuses[status] = clicks.statuses.get(status, 0) + 1
        finally:
            await connection.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return clicks


def _wait_decided(database: Database, ids: list[int], timeout: float) -> tuple[int, float | None]:
    """Poll until no request is pending; (how many decided, the last ``decided_at`` as epoch seconds)."""
    deadline = time.perf_counter() + timeout
    while True:
        with database.session() as session:
            rows = session.execute(
                select(LeaveRequest.status, LeaveRequest.decided_at).where(LeaveRequest.id.in_(ids))
            ).all()
        decided = [at for status, at in rows if status != LeaveStatus.PENDING and at is not None]
        if len(decided) == len(ids) or time.perf_counter() > deadline:
            last = max(decided, default=None)
            if last is not None and last.tzinfo is None:
                last = last.replace(tzinfo=UTC)
            return len(decided), None if last is None else last.timestamp()
        time.sleep(0.02)


def _wait_for(predicate: Any, timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            return False
        time.sleep(0.1)
    return True


def _ephemerals(emulator: SlackEmulator, seeded: Seeded) -> int:
    return sum(ALREADY in str(m.get("text", "")) for u in seeded.managers for m in emulator.ephemerals(u))


def _told(emulator: SlackEmulator, requester: str) -> int:
    return sum("was approved by" in emulator.render_text(m) for m in emulator.dm_messages(requester) if m.get("bot_id"))


def _check(database: Database, emulator: SlackEmulator, seeded: Seeded) -> dict[str, Any]:
    """Exactly one decision and one notification per request, in the database and in the requesters' DMs."""
    ids = list(seeded.requests)
    keys = [str(i) for i in ids]
    with database.session() as session:
        requests = {r.id: r for r in session.scalars(select(LeaveRequest).where(LeaveRequest.id.in_(ids)))}
        approver_of = {i: r.approver_id for i, r in requests.items()}
        audits = dict(
            session.execute(
                select(AuditEntry.entity_id, func.count())
                .where(AuditEntry.entity_type == ENTITY, AuditEntry.entity_id.in_(keys))
                .where(AuditEntry.action.in_(["leave.approved", "leave.rejected"]))
                .group_by(AuditEntry.entity_id)
            ).all()
        )
        requester_of = {i: r.employee_id for i, r in requests.items()}
        posts: dict[int, int] = {}
        for entity_id, recipient_id in session.execute(
            select(OutboxMessage.entity_id, OutboxMessage.recipient_id).where(
                OutboxMessage.entity_type == ENTITY,
                OutboxMessage.entity_id.in_(keys),
                OutboxMessage.kind == "post",
                OutboxMessage.created_at >= seeded.submitted_at,
            )
        ):
            request_id = int(str(entity_id))
            if recipient_id == requester_of.get(request_id):
                posts[request_id] = posts.get(request_id, 0) + 1
        decided_ok = sum(
            r.status == LeaveStatus.APPROVED and r.decided_by_id == approver_of[i] and r.version == 2
            for i, r in requests.items()
        )
    audit_ok = sum(audits.get(key, 0) == 1 for key in keys)
    outbox_ok = sum(posts.get(i, 0) == 1 for i in ids)
    requesters = [requester for _, requester in seeded.requests.values()]
    started = time.perf_counter()
    _wait_for(lambda: all(_told(emulator, requester) >= 1 for requester in requesters), DELIVERY_TIMEOUT)
    delivery_seconds = round(time.perf_counter() - started, 1)
    told = [_told(emulator, requester) for requester in requesters]
    delivered_ok = sum(count == 1 for count in told)
    expected = len(ids) * (seeded.storm.clicks_per_request - 1)
    _wait_for(lambda: _ephemerals(emulator, seeded) >= expected, 15.0)
    duplicates = _ephemerals(emulator, seeded)
    total = len(ids)
    checks: dict[str, dict[str, Any]] = {
        "one_decision": {"ok": decided_ok, "of": total},
        "one_audit_row": {"ok": audit_ok, "of": total},
        "one_outbox_notice": {"ok": outbox_ok, "of": total},
        "one_dm_delivered": {
            "ok": delivered_ok,
            "of": total,
            "missing": told.count(0),
            "duplicated": sum(count > 1 for count in told),
            "waited_seconds": delivery_seconds,
        },
        "already_approved_replies": {"ok": duplicates, "of": expected},
    }
    for check in checks.values():
        check["pass"] = check["ok"] == check["of"]
    return checks


async def _storm(port: int, requests: Sequence[SignedRequest], storm: Storm) -> Clicks:
    return await _fire(port, requests, storm.concurrency, storm.max_seconds)


def _phase(
    server: Server, emulator: SlackEmulator, database: Database, builder: ClickBuilder, seeded: Seeded
) -> dict[str, Any]:
    storm = seeded.storm
    found = _cards(emulator, seeded, 120.0)
    requests = [
        builder.click_request(seeded.requests[request_id][0], cards.APPROVE, message, channel)
        for request_id, (message, channel) in sorted(found.items())
        for _ in range(storm.clicks_per_request)
    ]
    clicks = asyncio.run(_storm(server.port, requests, storm))
    decided, last = _wait_decided(database, list(seeded.requests), storm.max_seconds)
    wall = (last - clicks.first_sent_wall) if last is not None else None
    checks = _check(database, emulator, seeded)
    return {
        "concurrency": storm.concurrency,
        "requests": storm.requests,
        "clicks_per_request": storm.clicks_per_request,
        "clicks_sent": clicks.sent,
        "http_statuses": {str(k): v for k, v in sorted(clicks.statuses.items())},
        "click_errors": len(clicks.errors),
        "decided": decided,
        "wall_seconds": None if wall is None else round(wall, 3),
        "decisions_per_second": None if not wall or wall <= 0 else round(decided / wall, 1),
        "ack_ms": summary_ms(clicks.acks),
        "checks": checks,
        "pass": all(c["pass"] for c in checks.values()),
    }


def run_engine(engine: str, plan: ApprovalPlan) -> dict[str, Any]:
    """Seed, start ``backoffice serve`` against the emulator, run each storm and check it; JSON-ready figures."""
    today = date.today()
    with (
        SlackEmulator() as emulator,
        tempfile.TemporaryDirectory(prefix="bench-home-") as tmp,
        bench_database(engine, Path(tmp)) as url,
    ):
        home = Path(tmp)
        env = bot_environment(url, home, emulator)
        migrate(env, home)
        database = Database(url)
        try:
            seeded = _seed(database, emulator, plan, today)
            restore_router_cache(home)
            port = free_port()
            backoffice = str(Path(sys.executable).parent / "backoffice")
            command = [backoffice, "serve", "--port", str(port), "--host", "127.0.0.1"]
            server = start_server("bot", command, port=port, env=env, cwd=home, log_path=home / "bot.log",
                                  timeout=plan.startup_timeout)  # fmt: skip
            try:
                builder = ClickBuilder(SIGNING_SECRET, emulator)
                rows = [_phase(server, emulator, database, builder, phase) for phase in seeded]
                server.sample_rss()
            finally:
                server.stop()
            log = (home / "bot.log").read_text(errors="replace").splitlines()
        finally:
            database.dispose()
    return {
        "db": engine,
        "managers_per_storm": plan.managers_per_storm,
        "startup_seconds": server.startup_seconds,
        "peak_rss_mib": server.peak_rss,
        "bot_log_errors": sum(" ERROR " in line for line in log),
        "rows": rows,
        "pass": all(row["pass"] for row in rows),
    }


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def print_tables(figures: dict[str, Any], console: Console) -> None:
    """The storm figures and the checks of one engine."""
    table = Table(title=f"Approval storm — {figures['db']}")
    for name in ("concurrency", "requests × clicks", "decided", "wall s", "decisions/s", "ack p50", "ack p95",
                 "ack p99", "HTTP"):  # fmt: skip
        table.add_column(name, justify="right")
    for row in figures["rows"]:
        ack = row["ack_ms"]
        table.add_row(
            str(row["concurrency"]),
            f"{row['requests']} × {row['clicks_per_request']}",
            str(row["decided"]),
            _ms(row["wall_seconds"]),
            _ms(row["decisions_per_second"]),
            _ms(ack["p50"]),
            _ms(ack["p95"]),
            _ms(ack["p99"]),
            ", ".join(f"{k}: {v}" for k, v in row["http_statuses"].items()) + f" ({row['click_errors']} errors)",
        )
    console.print(table)
    checks = Table(title=f"Checks — {figures['db']}")
    checks.add_column("concurrency", justify="right")
    checks.add_column("check")
    checks.add_column("ok / expected", justify="right")
    checks.add_column("result")
    for row in figures["rows"]:
        for name, check in row["checks"].items():
            verdict = "[green]PASS[/green]" if check["pass"] else "[red]FAIL[/red]"
            checks.add_row(str(row["concurrency"]), name, f"{check['ok']} / {check['of']}", verdict)
    console.print(checks)
    console.print(f"bot log ERROR lines: {figures['bot_log_errors']}; peak RSS {figures['peak_rss_mib']} MiB")
