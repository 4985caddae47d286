"""The Bolt app as ``serve`` runs it: wired to the outbox worker, behind the ASGI handler or on Socket Mode."""

from __future__ import annotations

import logging
import signal
import threading
from datetime import timedelta

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.event_inbox import EventInbox
from bot.outbox_worker import OutboxWorker
from bot.runtime import Runtime
from bot.settings import secret
from bot.slack.app import create_app, make_client
from bot.slack.asgi import BackofficeRequestHandler
from bot.slack.connection import explain
from bot.slack.journal import Claimant

log = logging.getLogger(__name__)

WEB_API_TIMEOUT_SECONDS = 10
"""A Web API call from a listener gives up after this (Slack's own answers take well under a second)."""


def build_slack_app(runtime: Runtime, worker: OutboxWorker, *, socket_mode: bool = False) -> App:
    """The Bolt app for ``runtime``; a request that queued notifications wakes the outbox worker."""
    # No client-side retries: a post retried after a dropped connection could appear twice; a reply Slack failed
    # to take goes to the outbox instead, which looks for it before posting again (bot.slack.replies).
    client = make_client(runtime.settings, retry_handlers=[], timeout=WEB_API_TIMEOUT_SECONDS)
    runtime.assistant.on_outbox = worker.kick
    return create_app(
        runtime.settings, database=runtime.database, assistant=runtime.assistant, client=client,
        socket_mode=socket_mode, claimant=claimant_of(worker),
    )  # fmt: skip


def claimant_of(worker: OutboxWorker) -> Claimant:
    """The holder of this process's journaled replies: its outbox worker (same id, same clock)."""
    return Claimant(worker.worker_id, worker.clock)


def build_asgi(runtime: Runtime, app: App, worker: OutboxWorker) -> BackofficeRequestHandler:
    """The ASGI application serving ``POST /slack/events`` and ``GET /healthz``, recording events and clicks in
    the inbox."""
    settings = runtime.settings
    events_app = create_app(
        settings, database=runtime.database, assistant=runtime.assistant, client=app.client,
        for_recorded_events=True, claimant=claimant_of(worker),
    )  # fmt: skip
    inbox = EventInbox(runtime.database, lease=timedelta(seconds=settings.event_lease_seconds))
    return BackofficeRequestHandler(
        app, runtime.health, secret(settings.slack_signing_secret), inbox=inbox, events_app=events_app
    )


def start_event_redelivery(handler: BackofficeRequestHandler, stop: threading.Event, poll_seconds: float) -> None:
    """Poll the inbox for events due again (a failed handling, a process that died) until ``stop`` is set."""

    def run() -> None:
        while not stop.wait(poll_seconds):
            try:
                handler.redeliver_due()
            except Exception:
                log.exception("event redelivery pass failed")

    threading.Thread(target=run, name="event-redelivery", daemon=True).start()


def run_socket_mode(app: App, app_token: str, stop: threading.Event) -> None:
    """Hold a Socket Mode connection until SIGTERM or Ctrl+C, then close it cleanly.

    Raises ``bot.slack.connection.SlackUnavailable`` when the first connection cannot be opened.
    """
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(app, app_token)
    log.info("starting in Socket Mode")
    try:
        handler.connect()
    except (SlackApiError, OSError) as error:
        raise explain(error, app.client.base_url, "SLACK_APP_TOKEN", "apps.connections.open") from error
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    try:
        stop.wait()
    finally:
        log.info("closing the Socket Mode connection")
        handler.close()
