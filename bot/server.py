"""``backoffice serve``: the Slack app over HTTP (ASGI under uvicorn) or Socket Mode, with the outbox worker and jobs.

What is Slack's (the Bolt app, Socket Mode, the Web API client) lives in ``bot.slack``; this module runs the
process: it checks Slack can be reached, builds the runtime, starts the outbox worker and the scheduler, and serves.
"""

from __future__ import annotations

import gc
import logging
import os
import socket
import threading
from datetime import timedelta

import uvicorn

from bot.outbox_worker import OutboxWorker
from bot.process_setup import configure_logging
from bot.runtime import Runtime, build_runtime
from bot.scheduler import JobScheduler
from bot.settings import Settings, secret
from bot.slack.connection import check_slack
from bot.slack.delivery import slack_delivery
from bot.slack.serving import build_asgi, build_slack_app, run_socket_mode, start_event_redelivery
from bot.workers import listening_socket, watch_parent
from knowledge.store import import_chromadb

log = logging.getLogger(__name__)


def start_outbox_worker(runtime: Runtime, stop: threading.Event) -> OutboxWorker:
    """Start this process's outbox delivery thread (to Slack); it stops when ``stop`` is set."""
    lease = timedelta(seconds=runtime.settings.outbox_claim_lease_seconds)
    worker = OutboxWorker(
        runtime.database, slack_delivery(runtime.settings), claim_lease=lease, on_failed=runtime.registry.undelivered
    )
    thread = threading.Thread(
        target=worker.run, args=(stop, runtime.settings.outbox_poll_seconds), name="outbox", daemon=True
    )
    thread.start()
    return worker


def settle_memory() -> None:
    """Move everything loaded at start (libraries, the model, the router) out of the garbage collector's sight.

    Those ~180,000 objects live as long as the process, yet every full collection walked them again (≈200 ms with
    the GIL held on the bench machine), stalling every request; and collect young garbage less often. Measured
    with ``bench transport --quick`` (BENCHMARKS.md): reply p95 at 50 concurrent 2,390/1,849 ms before,
    1,445/1,555 ms after.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def run_server(
    settings: Settings,
    *,
    socket_mode: bool,
    port: int,
    host: str,
    listen_fd: int | None = None,
    worker_index: int | None = None,
) -> None:
    """Run until interrupted: check Slack, migrate, start the outbox worker, then serve HTTP or Socket Mode.

    A worker of ``serve --workers`` (``listen_fd`` given) serves the socket its supervisor bound, does not migrate
    (the supervisor did), logs to a file of its own, and stops when its supervisor is gone.

    Raises ``bot.workers.PortUnavailable`` (HTTP mode) or ``bot.slack.connection.SlackUnavailable`` before anything
    starts when the port cannot be bound, or Slack cannot be reached or refuses the bot token.
    """
    # the port first, then Slack, before anything starts: a taken port or a wrong URL or token is one clear line
    bound = listening_socket(host, port, inheritable=False) if not socket_mode and listen_fd is None else None
    identity = check_slack(settings)
    log_name = "backoffice.log" if worker_index is None else f"backoffice.worker{worker_index}.log"
    configure_logging(settings, to_console=True, file_name=log_name)
    log.info("Slack at %s accepts the bot token: %s", settings.api_url, identity)
    if listen_fd is not None:
        watch_parent(os.getppid())
    runtime = build_runtime(settings, migrate=listen_fd is None)
    stop = threading.Event()
    worker = start_outbox_worker(runtime, stop)
    jobs = JobScheduler(runtime.database, runtime.jobs(), settings.home, clock=runtime.clock, pace=settings.clock_rate)
    jobs.start()
    app = build_slack_app(runtime, worker, socket_mode=socket_mode)
    import_chromadb()  # the index opens on the first question; its library is loaded now, before settle_memory
    settle_memory()
    try:
        if socket_mode:
            run_socket_mode(app, secret(settings.slack_app_token), stop)
        elif listen_fd is not None:
            log.info("worker %s (pid %d) serving the supervisor's socket", worker_index, os.getpid())
            inherited = socket.socket(fileno=listen_fd)
            handler = build_asgi(runtime, app, worker)
            start_event_redelivery(handler, stop, settings.outbox_poll_seconds)
            config = uvicorn.Config(handler, log_level="info", access_log=False, lifespan="off")
            uvicorn.Server(config).run(sockets=[inherited])
        else:
            log.info("listening on http://%s:%s/slack/events", host, port)
            handler = build_asgi(runtime, app, worker)
            start_event_redelivery(handler, stop, settings.outbox_poll_seconds)
            assert bound is not None
            uvicorn.Server(uvicorn.Config(handler, log_level="info", access_log=False)).run(sockets=[bound])
    finally:
        stop.set()
        jobs.stop()
        worker.kick()
        runtime.database.dispose()
