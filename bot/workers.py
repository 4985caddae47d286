"""``backoffice serve --workers N``: one listening socket shared by N ``serve`` processes, each restarted if it dies.

The supervisor binds the port, then starts each worker as a fresh ``backoffice serve --listen-fd`` process that
inherits the socket: the kernel hands each new connection to whichever worker accepts it first, and a connection
waiting in the queue when a worker dies is taken by another. The supervisor loads nothing heavy and serves
nothing; it only starts, watches and stops the workers. Each worker runs its own outbox drainer and competes for
the scheduler's leader lock, so exactly one of them runs the jobs (``bot.scheduler``).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import FrameType

from bot.process_setup import configure_logging
from bot.settings import Settings
from bot.slack.connection import check_slack
from db.engine import Database
from db.migrate import upgrade

log = logging.getLogger(__name__)

READY_TIMEOUT_SECONDS = 600.0
"""How long the first worker may take to answer ``/healthz`` (it trains the router when no cache is left)."""
STOP_TIMEOUT_SECONDS = 30.0
RESTART_DELAY_SECONDS = 1.0
MAX_RESTART_DELAY_SECONDS = 30.0
STABLE_SECONDS = 60.0
"""A worker that lived this long before dying is restarted at once; one that dies sooner, after a growing delay."""
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class PortUnavailable(Exception):
    """``serve`` cannot listen where it was asked to; the message says where and why."""


def listening_socket(host: str, port: int, *, inheritable: bool = True) -> socket.socket:
    """Bind and listen on ``host:port`` (inheritable by the worker processes unless told otherwise).

    Raises ``PortUnavailable`` when the port is taken, not allowed, or no port at all.
    """
    try:
        sock = socket.create_server((host, port), backlog=2048)
    except (OSError, OverflowError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise PortUnavailable(f"cannot listen on {host}:{port}: {reason}") from None
    sock.set_inheritable(inheritable)
    return sock


def worker_command(fd: int, index: int, port: int, host: str) -> list[str]:
    """The command line of worker ``index``: this interpreter running ``backoffice serve`` on the inherited ``fd``."""
    serve = ["serve", "--port", str(port), "--host", host, f"--listen-fd={fd}", f"--worker-index={index}"]
    return [sys.executable, "-c", "from bot.cli import main; main()", *serve]


def healthy(url: str) -> bool:
    """Whether ``url`` answers 200."""
    try:
        with _NO_PROXY.open(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class Worker:
    """One worker slot: its current process, when that started, and how long to wait before the next restart."""

    index: int
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    delay: float = RESTART_DELAY_SECONDS
    restart_at: float | None = None
    restarts: int = field(default=0)


class Supervisor:
    """Starts ``count`` workers sharing ``sock``, restarts any that dies, and stops them all on SIGTERM or Ctrl+C."""

    def __init__(
        self,
        count: int,
        sock: socket.socket,
        command: Callable[[int, int], Sequence[str]],
        env: Mapping[str, str],
        health_url: str,
    ) -> None:
        self.sock = sock
        self.command = command
        self.env = dict(env)
        self.health_url = health_url
        self.workers = [Worker(index) for index in range(1, count + 1)]
        self.stopping = threading.Event()

    def run(self, *, handle_signals: bool = True) -> int:
        """Run until SIGTERM, Ctrl+C or ``stopping`` is set; 0 then, or the first worker's exit code if it never
        became healthy."""
        if handle_signals:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, self._on_signal)
        try:
            first = self.workers[0]
            self._start(first)
            code = self._wait_until_ready(first)
            if code is not None:
                return code
            for worker in self.workers[1:]:  # after the first: it left the trained router in the cache for them
                self._start(worker)
            while not self.stopping.wait(0.2):
                self._watch()
            return 0
        finally:
            self._stop_all()
            self.sock.close()

    def pids(self) -> list[int]:
        """The process ids of the live workers."""
        return [w.process.pid for w in self.workers if w.process is not None and w.process.poll() is None]

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        log.info("supervisor: %s received, stopping the workers", signal.Signals(signum).name)
        self.stopping.set()

    def _start(self, worker: Worker) -> None:
        argv = list(self.command(self.sock.fileno(), worker.index))
        # a process group of its own: Ctrl+C reaches the supervisor only, which stops the workers in order
        worker.process = subprocess.Popen(argv, env=self.env, pass_fds=(self.sock.fileno(),), process_group=0)
        worker.started, worker.restart_at = time.monotonic(), None
        log.info("supervisor: worker %d started, pid %d", worker.index, worker.process.pid)

    def _wait_until_ready(self, worker: Worker) -> int | None:
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while not self.stopping.is_set():
            assert worker.process is not None
            code = worker.process.poll()
            if code is not None:
                log.error("supervisor: worker %d exited with %d before it could serve", worker.index, code)
                return code or 1
            if healthy(self.health_url):
                log.info("supervisor: worker %d serves; starting the others", worker.index)
                return None
            if time.monotonic() > deadline:
                log.error("supervisor: worker %d did not serve within %.0f s", worker.index, READY_TIMEOUT_SECONDS)
                return 1
            time.sleep(0.2)
        return 0

    def _watch(self) -> None:
        now = time.monotonic()
        for worker in self.workers:
            process = worker.process
            if process is not None and process.poll() is not None:
                lived = now - worker.started
                worker.delay = RESTART_DELAY_SECONDS if lived >= STABLE_SECONDS else worker.delay
                worker.restart_at, worker.process = now + worker.delay, None
                log.warning(
                    "supervisor: worker %d (pid %d) exited with %s after %.0f s; restarting in %.0f s",
                    worker.index,
                    process.pid,
                    process.returncode,
                    lived,
                    worker.delay,
                )
                worker.delay = min(worker.delay * 2, MAX_RESTART_DELAY_SECONDS)
            if worker.process is None and worker.restart_at is not None and now >= worker.restart_at:
                worker.restarts += 1
                self._start(worker)

    def _stop_all(self) -> None:
        running = [w.process for w in self.workers if w.process is not None and w.process.poll() is None]
        for process in running:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        for process in running:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log.warning("supervisor: worker pid %d did not stop; killing it", process.pid)
                process.kill()
                process.wait()


def watch_parent(parent: int, interval: float = 1.0) -> None:
    """In a worker: stop this process (as SIGTERM would) once its supervisor ``parent`` is gone."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        log.warning("the supervisor (pid %d) is gone: stopping this worker", parent)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def run_workers(settings: Settings, count: int, *, port: int, host: str) -> int:
    """``serve --workers N``: check Slack and migrate once, then supervise ``count`` workers on ``host:port``.

    Raises ``PortUnavailable`` or ``bot.slack.connection.SlackUnavailable`` before anything starts when the port cannot
    be bound or Slack cannot be reached.
    """
    sock = listening_socket(host, port)  # first: a taken port is said before Slack is asked or the database migrated
    identity = check_slack(settings)
    configure_logging(settings, to_console=True)
    log.info("Slack at %s accepts the bot token: %s", settings.api_url, identity)
    database = Database(settings.resolved_database_url)
    try:
        upgrade(database.engine)  # once, here: N workers upgrading at once would race
    finally:
        database.dispose()
    env = dict(os.environ)
    if settings.backoffice_clock_start is not None and settings.backoffice_clock_origin is None:
        env["BACKOFFICE_CLOCK_ORIGIN"] = repr(time.time())  # one clock for all workers, restarted ones too
    probe_host = "127.0.0.1" if host in ("0.0.0.0", "") else host
    log.info("listening on http://%s:%s/slack/events with %d workers", host, port, count)
    supervisor = Supervisor(
        count,
        sock,
        lambda fd, index: worker_command(fd, index, port, host),
        env,
        f"http://{probe_host}:{port}/healthz",
    )
    return supervisor.run()
