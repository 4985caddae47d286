"""Transport figures: one row per app and concurrency, ratios to the bare app, targets, and the rich tables."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.load import PhaseResult
from bench.stats import ratio, summary_ms

BOT, BARE = "backoffice", "bare_bolt"
ACK_P99_MS, REPLY_P95_MS, THROUGHPUT_SHARE, RSS_MIB = 100.0, 500.0, 0.5, 600.0
WORKERS_GAIN = 1.7  # issue 16: ``serve --workers 2`` serves at least this many times one process's messages/s
TARGET_CONCURRENCY = 50
TARGET_KINDS = ("help", "balance")  # the reply-p95 target is judged on the worse of these
KIND_ORDER = ("help", "balance", "greeting")


def _head(text: str) -> str:
    return text.split("\n")[0][:60]


def _ordered_kinds(kinds: Any) -> list[str]:
    names = set(kinds)
    return [k for k in KIND_ORDER if k in names] + sorted(names - set(KIND_ORDER))


def phase_row(app: str, result: PhaseResult, kinds: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The figures of one app at one concurrency; reply latency also per text and per kind of message."""
    texts = sorted({sample.text for sample in result.samples})
    heads = Counter(_head(sample.reply_text) for sample in result.replied)
    kind_of = dict(kinds or {})
    by_kind: dict[str, list[Any]] = {}
    for sample in result.samples:
        by_kind.setdefault(kind_of.get(sample.text, sample.text), []).append(sample)
    return {
        "app": app,
        "concurrency": result.concurrency,
        "sent": len(result.samples),
        "replied": len(result.replied),
        "errors": len(result.errors),
        "ack_ms": summary_ms([s.ack_seconds for s in result.samples]),
        "reply_ms": summary_ms([s.reply_seconds for s in result.replied if s.reply_seconds is not None]),
        "reply_ms_by_text": {
            text: summary_ms(
                [s.reply_seconds for s in result.replied if s.text == text and s.reply_seconds is not None]
            )
            for text in texts
        },
        "reply_ms_by_kind": {
            kind: summary_ms([s.reply_seconds for s in found if s.reply_seconds is not None])
            for kind, found in sorted(by_kind.items())
        },
        "sent_by_kind": {kind: len(found) for kind, found in sorted(by_kind.items())},
        "messages_per_second": round(result.messages_per_second, 1),
        "wall_seconds": round(result.wall_seconds, 2),
        "reply_kinds": dict(heads.most_common(3)),
        "reply_heads_by_kind": {
            kind: dict(Counter(_head(s.reply_text) for s in found if s.reply_seconds is not None).most_common(2))
            for kind, found in sorted(by_kind.items())
        },
    }


def worst_reply_p95(row: dict[str, Any], kinds: tuple[str, ...] = TARGET_KINDS) -> tuple[float | None, str | None]:
    """The highest reply p95 among ``kinds`` in one row, with the kind it came from (None if any is missing)."""
    by_kind = row.get("reply_ms_by_kind") or {}
    worst: tuple[float | None, str | None] = (None, None)
    for kind in kinds:
        value = (by_kind.get(kind) or {}).get("p95")
        if value is None:
            return None, None
        if worst[0] is None or value > worst[0]:
            worst = (float(value), kind)
    return worst


def _row(rows: list[dict[str, Any]], app: str, concurrency: int) -> dict[str, Any] | None:
    return next((r for r in rows if r["app"] == app and r["concurrency"] == concurrency), None)


def ratios(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The bot's figures divided by the bare app's, per concurrency."""
    found = []
    for concurrency in sorted({r["concurrency"] for r in rows}):
        bot, bare = _row(rows, BOT, concurrency), _row(rows, BARE, concurrency)
        if bot is None or bare is None:
            continue
        found.append(
            {
                "concurrency": concurrency,
                "throughput": ratio(bot["messages_per_second"], bare["messages_per_second"]),
                "ack_p99": ratio(bot["ack_ms"]["p99"], bare["ack_ms"]["p99"]),
                "reply_p95": ratio(bot["reply_ms"]["p95"], bare["reply_ms"]["p95"]),
            }
        )
    return found


def workers_app(workers: int) -> str:
    """The name the bench gives ``backoffice serve --workers N`` (run beside the one-process bot)."""
    return f"{BOT}_x{workers}"


def workers_ratios(rows: list[dict[str, Any]], workers: int) -> list[dict[str, Any]]:
    """``serve --workers N``'s figures divided by one process's (and its throughput by the bare app's)."""
    found = []
    for concurrency in sorted({r["concurrency"] for r in rows}):
        several, one = _row(rows, workers_app(workers), concurrency), _row(rows, BOT, concurrency)
        bare = _row(rows, BARE, concurrency)
        if several is None or one is None or bare is None:
            continue
        found.append(
            {
                "concurrency": concurrency,
                "throughput": ratio(several["messages_per_second"], one["messages_per_second"]),
                "throughput_vs_bare": ratio(several["messages_per_second"], bare["messages_per_second"]),
                "ack_p99": ratio(several["ack_ms"]["p99"], one["ack_ms"]["p99"]),
                "reply_p95": ratio(several["reply_ms"]["p95"], one["reply_ms"]["p95"]),
            }
        )
    return found


def _verdict(name: str, value: float | None, limit: str, met: bool | None, **detail: Any) -> dict[str, Any]:
    return {"target": name, "value": value, "limit": limit, "met": met, **detail}


def targets(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets, judged at 50 concurrent conversations, with the figure each was judged on."""
    rows: list[dict[str, Any]] = figures["rows"]
    bot = _row(rows, BOT, TARGET_CONCURRENCY) or {}
    share = next((r["throughput"] for r in figures["ratios"] if r["concurrency"] == TARGET_CONCURRENCY), None)
    ack = (bot.get("ack_ms") or {}).get("p99")
    reply, worst = worst_reply_p95(bot) if bot else (None, None)
    by_kind = {kind: ((bot.get("reply_ms_by_kind") or {}).get(kind) or {}).get("p95") for kind in TARGET_KINDS}
    rss = figures["peak_rss_mib"].get(BOT)
    return [
        _verdict(
            "ack p99 at 50 concurrent (ms)", ack, f"< {ACK_P99_MS:.0f}", None if ack is None else ack < ACK_P99_MS
        ),
        _verdict(
            "reply p95 for help and balance at 50 concurrent (ms, the worse)",
            reply,
            f"< {REPLY_P95_MS:.0f}",
            None if reply is None else reply < REPLY_P95_MS,
            worst=worst,
            by_kind=by_kind,
        ),
        _verdict(
            "throughput vs bare Bolt at 50 concurrent",
            share,
            f">= {THROUGHPUT_SHARE:.2f}",
            None if share is None else share >= THROUGHPUT_SHARE,
        ),
        _verdict("bot peak RSS (MiB)", rss, f"< {RSS_MIB:.0f}", None if rss is None else rss < RSS_MIB),
        *_workers_targets(figures),
    ]


def _workers_targets(figures: dict[str, Any]) -> list[dict[str, Any]]:
    workers = figures.get("workers", 1)
    if workers == 1:
        return []
    gains = {r["concurrency"]: r["throughput"] for r in figures.get("workers_ratios", [])}
    return [
        _verdict(
            f"--workers {workers} throughput vs one process at {concurrency} concurrent",
            gains.get(concurrency),
            f">= {WORKERS_GAIN:.1f}",
            None if gains.get(concurrency) is None else gains[concurrency] >= WORKERS_GAIN,
        )
        for concurrency in (10, TARGET_CONCURRENCY)
    ]


def _last_app(figures: dict[str, Any]) -> str:
    workers = figures.get("workers", 1)
    return workers_app(workers) if workers > 1 else BOT


def _app_order(row: dict[str, Any]) -> tuple[int, int]:
    return row["concurrency"], (row["app"] != BARE) + (row["app"] not in (BARE, BOT))


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _times(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def print_tables(figures: dict[str, Any], console: Console) -> None:
    """Print the figures of one engine: latency and throughput per app and concurrency, ratios, then targets."""
    several = figures.get("workers", 1)
    workers = f", and {workers_app(several)} = serve --workers {several}" if several > 1 else ""
    title = (
        f"Transport on {figures['db']}{workers}: {figures['employees']} employees, "
        f"DMs {' / '.join(figures['texts'])} (ms)"
    )
    table = Table(title=title)
    for name in ("conc", "app", "sent", "ack p50", "p95", "p99", "reply p50", "p95", "p99", "msg/s"):
        table.add_column(name, justify="left" if name == "app" else "right")
    for row in sorted(figures["rows"], key=_app_order):
        ack, reply = row["ack_ms"], row["reply_ms"]
        table.add_row(
            str(row["concurrency"]),
            row["app"],
            str(row["sent"]) + (f" ({row['errors']} err)" if row["errors"] else ""),
            *(_ms(ack[p]) for p in ("p50", "p95", "p99")),
            *(_ms(reply[p]) for p in ("p50", "p95", "p99")),
            f"{row['messages_per_second']:.1f}",
            end_section=row["app"] == _last_app(figures),
        )
    console.print(table)
    kinds = _ordered_kinds({k for row in figures["rows"] for k in row.get("reply_ms_by_kind", {})})
    if kinds:
        per_kind = Table(title=f"Reply by kind of message on {figures['db']} (ms; sent per kind in brackets)")
        per_kind.add_column("conc", justify="right")
        per_kind.add_column("app")
        for kind in kinds:
            for p in ("p50", "p95", "p99"):
                per_kind.add_column(f"{kind} {p}" if p == "p50" else p, justify="right")
        for row in sorted(figures["rows"], key=_app_order):
            cells = []
            for kind in kinds:
                found = row.get("reply_ms_by_kind", {}).get(kind) or {}
                sent = row.get("sent_by_kind", {}).get(kind)
                cells += [_ms(found.get("p50")) + (f" ({sent})" if sent is not None else ""), _ms(found.get("p95")),
                          _ms(found.get("p99"))]  # fmt: skip
            per_kind.add_row(str(row["concurrency"]), row["app"], *cells, end_section=row["app"] == _last_app(figures))
        console.print(per_kind)
        heads = {
            k: v for row in figures["rows"] if row["app"] == BOT for k, v in row.get("reply_heads_by_kind", {}).items()
        }
        console.print("bot replies by kind (first line): " + " · ".join(f"{k}: {list(v)}" for k, v in heads.items()))
    versus = Table(title=f"{BOT} ÷ {BARE} on {figures['db']}")
    for name in ("conc", "msg/s", "ack p99", "reply p95"):
        versus.add_column(name, justify="right")
    for found in figures["ratios"]:
        versus.add_row(str(found["concurrency"]), *(_times(found[k]) for k in ("throughput", "ack_p99", "reply_p95")))
    console.print(versus)
    _print_workers(figures, console)
    rss, startup = figures["peak_rss_mib"], figures["startup_seconds"]
    console.print(
        f"peak RSS: {BOT} {rss.get(BOT)} MiB, {BARE} {rss.get(BARE)} MiB · start to healthy: {BOT} "
        f"{startup.get(BOT)} s (router cache {figures['router_cache']}), {BARE} {startup.get(BARE)} s\n"
        f"bot log errors: {figures['bot_log_errors']} · invalid Slack calls: {figures['invalid_slack_calls']}"
        + "".join(f" · {name}={value}" for name, value in figures["server_env"].items())
    )
    verdicts = Table(title=f"Targets on {figures['db']}")
    for name in ("target", "figure", "limit", "met"):
        verdicts.add_column(name)
    for verdict in figures["targets"]:
        met = {True: "[green]met[/green]", False: "[red]missed[/red]", None: "—"}[verdict["met"]]
        value = str(verdict["value"])
        if verdict.get("by_kind"):
            value += " (" + ", ".join(f"{k} {v}" for k, v in verdict["by_kind"].items()) + ")"
        verdicts.add_row(verdict["target"], value, verdict["limit"], met)
    console.print(verdicts)


def _print_workers(figures: dict[str, Any], console: Console) -> None:
    workers = figures.get("workers", 1)
    if workers == 1:
        return
    name = workers_app(workers)
    table = Table(title=f"{name} (serve --workers {workers}) ÷ {BOT} (one process) on {figures['db']}")
    for column in ("conc", "msg/s", "msg/s ÷ bare", "ack p99", "reply p95"):
        table.add_column(column, justify="right")
    for found in figures.get("workers_ratios", []):
        keys = ("throughput", "throughput_vs_bare", "ack_p99", "reply_p95")
        table.add_row(str(found["concurrency"]), *(_times(found[k]) for k in keys))
    console.print(table)
    rss = figures["peak_rss_mib"].get(name)
    console.print(f"peak RSS of {name}: {rss} MiB (supervisor and workers, each one's peak, summed)")
    cpu = (figures.get("worker_cpu_seconds") or {}).get(name)
    load = figures.get("load_average") or {}
    console.print(
        f"CPU seconds used by each of its workers over the run: {cpu} · machine load average (1, 5, 15 min) "
        f"before {load.get('before')}, after {load.get('after')}"
    )


def print_profile(figures: dict[str, Any], console: Console) -> None:
    """Print where the bot's samples went during the profiled phase."""
    profile = figures.get("profile")
    if not profile or not profile.get("samples"):
        return
    what = "CPU and waiting threads" if profile.get("idle") else "threads on the CPU"
    table = Table(
        title=f"py-spy on the bot at {profile['load']} concurrent, {what} ({figures['db']}, {profile['samples']} samples)"
    )
    table.add_column("package running (self)")
    table.add_column("%", justify="right")
    table.add_column("our function (inclusive)")
    table.add_column("%", justify="right")
    packages = list(profile["self_by_package"].items())
    ours = list(profile["our_functions_inclusive"].items())
    for index in range(max(len(packages), len(ours))):
        package = packages[index] if index < len(packages) else ("", "")
        function = ours[index] if index < len(ours) else ("", "")
        table.add_row(package[0], str(package[1]), function[0], str(function[1]))
    console.print(table)
    console.print(f"raw collapsed stacks: {profile['file']}")
