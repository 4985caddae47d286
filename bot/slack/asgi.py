"""The HTTP front door: size, signature and shape checked before Bolt sees a request, dispatch off the event loop,
plus ``GET /healthz``.

An Events API callback is written to the event inbox (``bot.event_inbox``) and acknowledged once that is
committed, then handled on a pool of its own by an app that runs its listeners before it returns: resolving a
first-contact user (``users.info``) or anything else that waits on Slack never holds an ack, nor the threads that
serve commands and clicks (which must answer within Slack's three seconds). The event is settled when its listener
finished (by the transaction that made its effects and journaled its replies, ``bot.slack.journal``); one whose
handling failed is handled again after a delay, and one whose process died is taken back by any process when its
lease runs out (``redeliver_due``, polled by ``serve``), so an acknowledged event is never lost. Clicks on buttons
(``block_actions``) go the same way: Slack never sends a click again, so once acknowledged it must be finished.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_bolt.adapter.asgi.http_request import AsgiHttpRequest
from slack_bolt.adapter.asgi.http_response import AsgiHttpResponse
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot.event_inbox import EventInbox
from bot.slack.middleware import RECORDED, SETTLED
from bot.slack.payloads import is_chatter
from bot.slack.request_guard import MAX_BODY_BYTES, Refused, check_length, parse_body, verify_signature

HealthCheck = Callable[[], dict[str, object]]
RETRY_DELAYS = (5.0, 30.0, 120.0)
"""When an event's handling failed because Slack did (users.info down), it is handled again after these delays."""
EVENT_THREADS = 16
REQUEST_THREADS = 32

log = logging.getLogger(__name__)


async def read_body(request: AsgiHttpRequest, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body, refused (413) as soon as it grows past ``limit`` (so a huge body is never held whole)."""
    chunks = bytearray()
    while True:
        chunk = await request.receive()
        if chunk["type"] != "http.request":
            raise Refused(400, "the client went away")
        chunks.extend(chunk.get("body", b""))
        if len(chunks) > limit:
            raise Refused(413, f"body over {limit} bytes")
        if not chunk.get("more_body", False):
            return bytes(chunks)


def click_key(payload: dict[str, Any], body: bytes) -> str:
    """The inbox key of a click: its trigger id (unique per click), else a digest of the request."""
    trigger = payload.get("trigger_id")
    if isinstance(trigger, str) and 0 < len(trigger) <= 58 and trigger.isprintable():
        return f"click:{trigger}"
    return f"click:{hashlib.sha256(body).hexdigest()[:40]}"


class BackofficeRequestHandler(SlackRequestHandler):
    """Bolt's ASGI handler behind our checks, with dispatch in a worker thread so a slow request blocks no other."""

    def __init__(
        self,
        app: App,
        health: HealthCheck,
        signing_secret: str,
        path: str = "/slack/events",
        *,
        inbox: EventInbox | None = None,
        events_app: App | None = None,
    ) -> None:
        super().__init__(app, path)
        self.health = health
        self.signing_secret = signing_secret
        self.inbox = inbox
        self.events_app = events_app or app
        self.events = ThreadPoolExecutor(EVENT_THREADS, thread_name_prefix="slack-event")
        self.requests = ThreadPoolExecutor(REQUEST_THREADS, thread_name_prefix="slack-request")
        self._handling: set[asyncio.Future[Any]] = set()
        self._busy: set[str] = set()  # recorded events this process is handling now
        self._busy_lock = threading.Lock()

    async def dispatch(self, request: AsgiHttpRequest) -> BoltResponse:
        """Check one Slack request (size, signature, shape), then dispatch it on a thread of the default executor."""
        headers = {name.lower(): value for name, value in request.get_headers().items() if isinstance(value, str)}
        try:
            check_length(headers)
            body = await read_body(request)
            if self.signing_secret:
                verify_signature(headers, body, self.signing_secret, time.time())
            payload = parse_body(headers, body)
        except Refused as refused:
            log.warning("refused a request to %s with %d: %s", self.path, refused.status, refused.reason)
            return BoltResponse(status=refused.status, body="")
        text, query, raw_headers = body.decode("utf-8"), request.query_string, request.get_headers()
        loop = asyncio.get_running_loop()
        if payload.get("type") == "event_callback":
            return await self._accept_event(payload, text, raw_headers)
        if payload.get("type") == "block_actions" and self.inbox is not None:
            return await self._accept(click_key(payload, body), "block_actions", json.dumps(payload))
        try:
            return await loop.run_in_executor(
                self.requests, self.app.dispatch, BoltRequest(body=text, query=query, headers=raw_headers)
            )
        except Exception:  # a shape Bolt itself cannot read, that the checks above missed: still the sender's fault
            log.exception("Bolt could not dispatch a signed request; answered 400")
            return BoltResponse(status=400, body="")

    async def _accept_event(self, payload: dict[str, object], text: str, headers: dict[str, Any]) -> BoltResponse:
        """Record the event (unless Slack already delivered it), acknowledge it, and handle it on the events pool.

        With ``inbox.record_before_ack`` (PostgreSQL) the 200 waits for the record's commit; on SQLite, whose one
        writer would hold every ack behind the handling of others, the record is the first thing done after it.
        """
        loop = asyncio.get_running_loop()
        event_id = payload.get("event_id")
        if is_chatter(payload):  # nothing to do and nothing to keep
            return BoltResponse(status=200, body="")
        if self.inbox is None or not isinstance(event_id, str):
            self._track(loop.run_in_executor(self.events, self._dispatch_event, text, None, headers))
            return BoltResponse(status=200, body="")
        event = payload.get("event")
        kind = str(event.get("type", "")) if isinstance(event, dict) else ""
        return await self._accept(event_id, kind, text)

    async def _accept(self, key: str, kind: str, text: str) -> BoltResponse:
        """Record an event or a click under ``key`` in the inbox, acknowledge it, and handle it on the events pool.

        A click is kept like an event: Slack never sends it again, so once acknowledged it is ours to finish.
        """
        assert self.inbox is not None
        loop = asyncio.get_running_loop()
        if not self.inbox.record_before_ack:
            self._track(loop.run_in_executor(self.events, self.record_and_handle, key, kind, text))
            return BoltResponse(status=200, body="")
        try:
            fresh = await loop.run_in_executor(self.requests, self.inbox.record, key, kind, text)
        except Exception:  # the database is down: no 2xx, so Slack delivers the event again later
            log.exception("could not record %s; answered 503 so Slack retries", key)
            return BoltResponse(status=503, body="")
        if not fresh:
            log.info("duplicate delivery of %s ignored", key)
        else:
            self._track(loop.run_in_executor(self.events, self.handle_recorded, key, text))
        return BoltResponse(status=200, body="")

    def _track(self, handling: asyncio.Future[Any]) -> None:
        self._handling.add(handling)
        handling.add_done_callback(self._handling.discard)

    def record_and_handle(self, event_id: str, kind: str, text: str) -> None:
        """Record an event already acknowledged, then handle it (unless it is Slack's retry of one recorded)."""
        assert self.inbox is not None
        try:
            fresh = self.inbox.record(event_id, kind, text)
        except Exception:
            log.exception("could not record acknowledged event %s; handling it unrecorded", event_id)
            self._dispatch_event(text, None)
            return
        if fresh:
            self.handle_recorded(event_id, text)
        else:
            log.info("duplicate delivery of %s ignored", event_id)

    def _dispatch_event(
        self, text: str, recorded: str | None, headers: dict[str, Any] | None = None
    ) -> tuple[bool, bool]:
        """Run an acknowledged event's (or click's) middleware and listener to the end: whether it went well (not a
        5xx or a crash), and whether its own transaction settled it in the inbox (``recorded``: its inbox key).

        A recorded request needs no headers: its twin app does not check the signature again (it may be minutes
        old).
        """
        headers = headers or {"content-type": "application/json"}
        request = BoltRequest(body=text, headers=headers, context={RECORDED: recorded} if recorded else {})
        try:
            response = self.events_app.dispatch(request)
        except Exception:
            log.exception("an acknowledged event could not be dispatched")
            return False, False
        settled = bool(request.context.get(SETTLED))
        if response.status >= 500:
            log.warning("an event's handling failed with %d; it will be handled again", response.status)
            return False, settled
        return True, settled

    def handle_recorded(self, event_id: str, text: str) -> None:
        """Handle one recorded event and settle it in the inbox (unless its own transaction did): handled, or due
        again after a delay."""
        assert self.inbox is not None
        with self._busy_lock:
            self._busy.add(event_id)
        try:
            handled, settled = self._dispatch_event(text, event_id)
            if handled and not settled:
                self.inbox.handled(event_id)
            elif not handled:
                self.inbox.failed(event_id)  # nothing happens to one its transaction settled
        finally:
            with self._busy_lock:
                self._busy.discard(event_id)

    def redeliver_due(self) -> int:
        """Hand the recorded events that are due again to the events pool; how many were taken."""
        if self.inbox is None:
            return 0
        with self._busy_lock:
            busy = set(self._busy)
        due = self.inbox.take_due(busy=busy)
        for event_id, text in due:
            log.info("handling event %s again", event_id)
            self.events.submit(self.handle_recorded, event_id, text)
        return len(due)

    async def _get_http_response(self, method: str, path: str, request: AsgiHttpRequest) -> AsgiHttpResponse:
        if method == "GET" and path == "/healthz":
            report = await asyncio.to_thread(self.health)
            status = 200 if report.get("ok") else 503
            return AsgiHttpResponse(
                status=status, headers={"content-type": ["application/json"]}, body=json.dumps(report)
            )
        return await super()._get_http_response(method, path, request)
