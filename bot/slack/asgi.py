"""The HTTP front door: size, signature and shape checked before Bolt sees a request, dispatch off the event loop,
plus ``GET /healthz``.

An Events API callback is acknowledged as soon as it passed the checks, and handled afterwards on a pool of its
own: resolving a first-contact user (``users.info``) or anything else that waits on Slack never holds an ack,
and never the threads that serve commands and clicks (which must answer within Slack's three seconds). An event
whose handling fails because Slack failed (503 from the middleware) is handled again a little later, as Slack's
own retry would have been.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_bolt.adapter.asgi.http_request import AsgiHttpRequest
from slack_bolt.adapter.asgi.http_response import AsgiHttpResponse
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

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


class BackofficeRequestHandler(SlackRequestHandler):
    """Bolt's ASGI handler behind our checks, with dispatch in a worker thread so a slow request blocks no other."""

    def __init__(
        self,
        app: App,
        health: HealthCheck,
        signing_secret: str,
        path: str = "/slack/events",
        *,
        retry_delays: tuple[float, ...] = RETRY_DELAYS,
    ) -> None:
        super().__init__(app, path)
        self.health = health
        self.signing_secret = signing_secret
        self.retry_delays = retry_delays
        self.events = ThreadPoolExecutor(EVENT_THREADS, thread_name_prefix="slack-event")
        self.requests = ThreadPoolExecutor(REQUEST_THREADS, thread_name_prefix="slack-request")
        self._handling: set[asyncio.Task[None]] = set()

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
        if payload.get("type") == "event_callback":
            task = asyncio.create_task(
                self._handle_event(lambda: BoltRequest(body=text, query=query, headers=raw_headers))
            )
            self._handling.add(task)
            task.add_done_callback(self._handling.discard)
            return BoltResponse(status=200, body="")
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(
                self.requests, self.app.dispatch, BoltRequest(body=text, query=query, headers=raw_headers)
            )
        except Exception:  # a shape Bolt itself cannot read, that the checks above missed: still the sender's fault
            log.exception("Bolt could not dispatch a signed request; answered 400")
            return BoltResponse(status=400, body="")

    async def _handle_event(self, make_request: Callable[[], BoltRequest]) -> None:
        """Handle an acknowledged event on the events pool; again after a delay while Slack is what failed."""
        loop = asyncio.get_running_loop()
        for delay in (0.0, *self.retry_delays):
            await asyncio.sleep(delay)
            try:
                response = await loop.run_in_executor(self.events, self.app.dispatch, make_request())
            except Exception:
                log.exception("an acknowledged event could not be dispatched")
                return
            if response.status < 500:
                return
            log.warning("an event's handling failed with %d; it will be handled again", response.status)
        log.error("an event was given up after %d tries", len(self.retry_delays) + 1)

    async def _get_http_response(self, method: str, path: str, request: AsgiHttpRequest) -> AsgiHttpResponse:
        if method == "GET" and path == "/healthz":
            report = await asyncio.to_thread(self.health)
            status = 200 if report.get("ok") else 503
            return AsgiHttpResponse(
                status=status, headers={"content-type": ["application/json"]}, body=json.dumps(report)
            )
        return await super()._get_http_response(method, path, request)
