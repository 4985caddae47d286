"""Where benchmark figures go: one JSON line per run, with the commit, the date and the machine."""

from __future__ import annotations

import json
import os
import platform
import socket
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS_FILE = Path(__file__).parent / "results" / "results.jsonl"


def _git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], capture_output=True, text=True, check=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()


def commit() -> dict[str, object]:
    """The short commit hash of HEAD and whether the work tree has changes on top of it."""
    return {"commit": _git("rev-parse", "--short", "HEAD") or "unknown", "dirty": bool(_git("status", "--porcelain"))}


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def machine() -> dict[str, object]:
    """Host name, CPU count and model, memory, OS and Python version of this machine."""
    return {
        "hostname": socket.gethostname(),
        "cpus": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_gib": _memory_gib(),
        "os": platform.platform(),
        "python": sys.version.split()[0],
    }


def record(bench: str, figures: dict[str, Any], path: Path = RESULTS_FILE) -> dict[str, Any]:
    """Append one JSON line for a finished run of ``bench`` and return it."""
    line: dict[str, Any] = {
        "bench": bench,
        **commit(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        **figures,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(line, sort_keys=False) + "\n")
    return line
