"""py-spy attached to a benchmarked server for one phase, and a summary of where its samples went."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

OUR_PACKAGES = ("bot/", "skills/", "knowledge/", "db/")


def py_spy_path() -> str | None:
    """The py-spy executable (next to this Python, else on PATH), if installed."""
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.exists() else shutil.which("py-spy")


@contextmanager
def py_spy(pid: int, output: Path, *, idle: bool = False, rate: int = 100) -> Iterator[None]:
    """Sample ``pid`` with py-spy while the block runs, writing collapsed stacks to ``output``.

    Without ``idle`` only threads on the CPU are sampled (where the CPU goes); with it, waiting threads too
    (where the wall-clock time goes: locks, I/O, queues).
    """
    executable = py_spy_path()
    if executable is None:
        raise RuntimeError("py-spy is not installed: pip install py-spy")
    command = [executable, "record", "--pid", str(pid), "--format", "raw", "--output", str(output)]
    command += ["--rate", str(rate), "--nolineno", "--nonblocking", *(["--idle"] if idle else [])]
    recorder = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(1.0)  # let it attach
    try:
        yield
    finally:
        recorder.send_signal(signal.SIGINT)
        try:
            recorder.wait(60)
        except subprocess.TimeoutExpired:
            recorder.kill()
            recorder.wait()


def _stacks(path: Path) -> Iterator[tuple[list[str], int]]:
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            yield stack.split(";"), int(count)


def _package(frame: str) -> str:
    """``"execute (sqlalchemy/engine/base.py)"`` -> ``"sqlalchemy"``; frames without a file keep their name."""
    start = frame.rfind("(")
    where = frame[start + 1 : -1] if start >= 0 else frame
    return where.split("/", 1)[0].removesuffix(".py") if "/" in where else where.removesuffix(".py")


def summarise(path: Path, top: int = 12) -> dict[str, Any]:
    """Share of samples by the package running (leaf frame), and the busiest of our own functions (inclusive)."""
    total = 0
    by_package: Counter[str] = Counter()
    ours: Counter[str] = Counter()
    for frames, count in _stacks(path):
        total += count
        by_package[_package(frames[-1])] += count
        for frame in set(frames):
            if any(f"({package}" in frame for package in OUR_PACKAGES):
                ours[frame] += count
    if total == 0:
        return {"samples": 0, "self_by_package": {}, "our_functions_inclusive": {}}
    return {
        "samples": total,
        "self_by_package": {name: round(100 * n / total, 1) for name, n in by_package.most_common(top)},
        "our_functions_inclusive": {name: round(100 * n / total, 1) for name, n in ours.most_common(top)},
    }
