"""``python -m bench markdown``: the latest recorded runs as Markdown tables, for BENCHMARKS.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.results import RESULTS_FILE
from bench.transport_report import BARE


def latest_runs(path: Path = RESULTS_FILE) -> dict[str, dict[str, Any]]:
    """The newest full (not ``--quick``) run of each bench, engine and server environment, by a readable key."""
    found: dict[str, dict[str, Any]] = {}
    if not path.exists():
        return found
    for line in path.read_text(encoding="utf-8").splitlines():
        run = json.loads(line)
        if run.get("quick"):
            continue
        env = " ".join(f"{k}={v}" for k, v in sorted((run.get("server_env") or {}).items()))
        found[" ".join(part for part in (run["bench"], run.get("db") or "", env) if part)] = run
    return found


def _cell(value: object) -> str:
    return "—" if value is None else str(value)


def transport_markdown(run: dict[str, Any]) -> str:
    """One transport run: latency and throughput per app and concurrency, with the ratios to the bare app."""
    ratios = {r["concurrency"]: r for r in run["ratios"]}
    lines = [
        "| conc | app | sent | ack p50 | ack p95 | ack p99 | reply p50 | reply p95 | reply p99 | msg/s "
        "| ÷ bare: msg/s · ack p99 · reply p95 |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in sorted(run["rows"], key=lambda r: (r["concurrency"], r["app"] != BARE)):
        ack, reply = row["ack_ms"], row["reply_ms"]
        versus = ""
        if row["app"] != BARE and row["concurrency"] in ratios:
            found = ratios[row["concurrency"]]
            versus = " · ".join(f"{_cell(found[k])}×" for k in ("throughput", "ack_p99", "reply_p95"))
        cells = [
            row["concurrency"],
            row["app"],
            row["sent"],
            *(ack[p] for p in ("p50", "p95", "p99")),
            *(reply[p] for p in ("p50", "p95", "p99")),
            row["messages_per_second"],
            versus,
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    rss = run["peak_rss_mib"]
    lines.append("")
    lines.append(
        f"Peak RSS (VmHWM): backoffice {rss.get('backoffice')} MiB, bare Bolt {rss.get('bare_bolt')} MiB. "
        f"Run {run['date']} on commit {run['commit']}{' + uncommitted changes' if run.get('dirty') else ''}."
    )
    return "\n".join(lines)


def targets_markdown(runs: list[dict[str, Any]]) -> str:
    """The targets side by side for several runs."""
    names = [f"{run['db']}{''.join(f' ({k}={v})' for k, v in run['server_env'].items())}" for run in runs]
    lines = ["| target | limit | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(runs)]
    for index, verdict in enumerate(runs[0]["targets"]):
        cells = []
        for run in runs:
            found = run["targets"][index]
            cells.append(f"{_cell(found['value'])} {'met' if found['met'] else 'missed'}")
        lines.append(f"| {verdict['target']} | {verdict['limit']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def nlu_markdown(run: dict[str, Any]) -> str:
    """The NLU run: one row per start."""
    lines = [
        "| start | load s | first route ms | ready s | median ms | p95 ms | batched ms/utterance | peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for start in ("cold", "warm"):
        row = run[start]
        speed = row["ms_per_utterance"]
        cells = [start, row["load_seconds"], row["first_route_ms"], row["ready_seconds"], speed["median"]]
        cells += [speed["p95"], row["batched_ms_per_utterance"], row["peak_rss_mib"]]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def render(path: Path = RESULTS_FILE) -> str:
    """Every latest run as a Markdown section."""
    runs = latest_runs(path)
    parts: list[str] = []
    transports = [run for key, run in runs.items() if key.startswith("transport")]
    if transports:
        parts.append("### Targets\n\n" + targets_markdown(transports))
    for key, run in runs.items():
        body = transport_markdown(run) if run["bench"] == "transport" else nlu_markdown(run)
        parts.append(f"### {key}\n\n{body}")
    return "\n\n".join(parts) + "\n"
