"""``python -m bench markdown``: the latest recorded runs as Markdown tables, for BENCHMARKS.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.results import RESULTS_FILE
from bench.transport_report import BARE, KIND_ORDER


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
        workers = f"workers={run['workers']}" if run.get("workers", 1) > 1 else ""
        found[" ".join(part for part in (run["bench"], run.get("db") or "", env, workers) if part)] = run
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
    lines += _kinds_markdown(run)
    rss = run["peak_rss_mib"]
    lines.append("")
    lines.append(
        f"Peak RSS (VmHWM): backoffice {rss.get('backoffice')} MiB, bare Bolt {rss.get('bare_bolt')} MiB. "
        f"Run {run['date']} on commit {run['commit']}{' + uncommitted changes' if run.get('dirty') else ''}."
    )
    return "\n".join(lines)


def _kinds_markdown(run: dict[str, Any]) -> list[str]:
    """Reply latency per kind of message (help, balance, greeting), for runs that recorded it."""
    present = {kind for row in run["rows"] for kind in row.get("reply_ms_by_kind", {})}
    kinds = [k for k in KIND_ORDER if k in present] + sorted(present - set(KIND_ORDER))
    if not kinds:
        return []
    header = " | ".join(f"{kind} reply p50 | p95 | p99" for kind in kinds)
    lines = ["", f"Reply by kind of message (ms): {_mix(run)}", "", f"| conc | app | {header} |"]
    lines.append("|---:|---|" + "---:|" * 3 * len(kinds))
    for row in sorted(run["rows"], key=lambda r: (r["concurrency"], r["app"] != BARE)):
        cells: list[object] = [row["concurrency"], row["app"]]
        for kind in kinds:
            found = row.get("reply_ms_by_kind", {}).get(kind) or {}
            cells += [found.get(p) for p in ("p50", "p95", "p99")]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def _mix(run: dict[str, Any]) -> str:
    kinds = run.get("kinds") or {}
    return ", ".join(f'"{text}" ({kinds.get(text, text)})' for text in run.get("texts", [])) + ", in turn."


def targets_markdown(runs: list[dict[str, Any]]) -> str:
    """The targets side by side for several runs, matched by name (a run without a target shows a dash)."""
    names = [f"{run['db']}{''.join(f' ({k}={v})' for k, v in run['server_env'].items())}" for run in runs]
    lines = ["| target | limit | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(runs)]
    for verdict in runs[0]["targets"]:
        cells = []
        for run in runs:
            found = next((t for t in run["targets"] if t["target"] == verdict["target"]), None)
            if found is None:
                cells.append("—")
                continue
            cell = f"{_cell(found['value'])} {'met' if found['met'] else 'missed'}"
            if found.get("by_kind"):
                cell += " (" + ", ".join(f"{k} {_cell(v)}" for k, v in found["by_kind"].items()) + ")"
            cells.append(cell)
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


def knowledge_markdown(run: dict[str, Any]) -> str:
    """The knowledge run: ingestion, answering and the index, one row per figure."""
    cold, warm = run["ingest_cold"], run["ingest_unchanged"]
    ask, first, large = run["ask_ms"], run["ask_first_pass_ms"], run["ask_large_index_ms"]
    rows = [
        ("embedder load, s", run["model_load_seconds"]),
        (f"ingest {run['files']} files, cold: chunks / s / chunks per s", f"{cold['chunks']} / {cold['seconds']} / "
         f"{cold['chunks_per_second']}"),
        ("ingest again, unchanged: s (chunks skipped)", f"{warm['seconds']} ({warm['skipped']})"),
        (f"ask, warm, handbook ({run['handbook_chunks']} chunks): median / p95 ms", f"{ask['median']} / {ask['p95']}"),
        ("ask, first pass: median / p95 ms", f"{first['median']} / {first['p95']}"),
        (f"ask, warm, {cold['chunks']}-chunk index: median / p95 ms", f"{large['median']} / {large['p95']}"),
        (f"index on disk, MiB ({run['chunks_in_index']} chunks)", run["index_mib"]),
        ("peak RSS, MiB", run["peak_rss_mib"]),
    ]  # fmt: skip
    lines = ["| measure | value |", "|---|---:|"]
    lines += [f"| {name} | {_cell(value)} |" for name, value in rows]
    return "\n".join(lines)


def render(path: Path = RESULTS_FILE) -> str:
    """Every latest run as a Markdown section."""
    runs = latest_runs(path)
    parts: list[str] = []
    transports = [run for key, run in runs.items() if key.startswith("transport")]
    if transports:
        parts.append("### Targets\n\n" + targets_markdown(transports))
    renderers = {
        "transport": transport_markdown,
        "nlu": nlu_markdown,
        "knowledge": knowledge_markdown,
    }  # approvals: see BENCHMARKS.md
    for key, run in runs.items():
        if run["bench"] in renderers:
            parts.append(f"### {key}\n\n{renderers[run['bench']](run)}")
    return "\n\n".join(parts) + "\n"
