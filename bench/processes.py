"""Server subprocesses for the benchmarks: start on a free loopback port, wait for health, read peak RSS, stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def clean_environment(extra: Mapping[str, str]) -> dict[str, str]:
    """This process's environment without proxy settings (slack_sdk ignores NO_PROXY), plus ``extra``."""
    env = {name: value for name, value in os.environ.items() if name.lower() not in PROXY_VARIABLES}
    env.update(extra)
    return env


def status_kib(pid: int, field_name: str) -> int | None:
    """A ``kB`` field of ``/proc/PID/status`` (VmHWM is the peak resident set), or None if unreadable."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def children(pid: int) -> list[int]:
    """The child processes of ``pid`` (the workers of ``serve --workers``)."""
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (OSError, ValueError):
        return []


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a live process has used so far, in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 1)


def peak_rss_mib(pid: int) -> float | None:
    """The peak resident set size (VmHWM) of a live process in MiB, plus its children's (their peaks summed)."""
    kib = status_kib(pid, "VmHWM")
    if kib is None:
        return None
    kib += sum(status_kib(child, "VmHWM") or 0 for child in children(pid))
    return round(kib / 1024, 1)


@dataclass
class Server:
    """A benchmarked HTTP server running in its own process on 127.0.0.1."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path
    startup_seconds: float = 0.0
    peak_rss: float | None = field(default=None)

    @property
    def url(self) -> str:
        """The server's root URL."""
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 30) -> str:
        """The last lines the server wrote to its log."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def sample_rss(self) -> float | None:
        """Read and remember the process's peak RSS (MiB) while it is alive."""
        value = peak_rss_mib(self.process.pid)
        if value is not None:
            self.peak_rss = value
        return self.peak_rss

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the server to shut down (SIGINT, as Ctrl-C), killing it if it does not within ``timeout``."""
        if self.process.poll() is None:
            self.sample_rss()
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)


def _healthy(url: str) -> bool:
    try:
        with _NO_PROXY.open(f"{url}/healthz", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def start_server(
    name: str, argv: Sequence[str], *, port: int, env: Mapping[str, str], cwd: Path, log_path: Path, timeout: float
) -> Server:
    """Start ``argv`` and wait until ``GET /healthz`` answers 200; raise with the log's tail if it never does."""
    started = time.perf_counter()
    with log_path.open("wb") as log:
        process = subprocess.Popen(list(argv), env=dict(env), cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    server = Server(name, process, port, log_path)
    deadline = started + timeout
    while not _healthy(server.url):
        if process.poll() is not None or time.perf_counter() > deadline:
            server.stop()
            raise RuntimeError(f"{name} did not become healthy within {timeout:.0f}s:\n{server.log_tail()}")
        time.sleep(0.1)
    server.startup_seconds = round(time.perf_counter() - started, 2)
    return server
