"""The HTTP front door: size, signature and shape checked before Bolt sees a request, dispatch off the event loop,
plus ``GET /healthz``."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable

from slack_bolt import App
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_bolt.adapter.asgi.http_request import AsgiHttpRequest
from slack_bolt.adapter.asgi.http_response import AsgiHttpResponse
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot.slack.request_guard import MAX_BODY_BYTES, Refused, check_length, parse_body, verify_signature

HealthCheck = Callable[[], dict[str, object]]

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

    def __init__(self, app: App, health: HealthCheck, signing_secret: str, path: str = "/slack/events") -> None:
        super().__init__(app, path)
        self.health = health
        self.signing_secret = signing_secret

    async def dispatch(self, request: AsgiHttpRequest) -> BoltResponse:
        """Check one Slack request (size, signature, shape), then dispatch it on a thread of the default executor."""
        headers = {name.lower(): value for name, value in request.get_headers().items() if isinstance(value, str)}
        try:
            check_length(headers)
            body = await read_body(request)
            if self.signing_secret:
                verify_signature(headers, body, self.signing_secret, time.time())
            parse_body(headers, body)
        except Refused as refused:
            log.warning("refused a request to %s with %d: %s", self.path, refused.status, refused.reason)
            return BoltResponse(status=refused.status, body="")
        bolt_request = BoltRequest(body=body.decode("utf-8"), query=request.query_string, headers=request.get_headers())
        try:
            return await asyncio.to_thread(self.app.dispatch, bolt_request)
        except Exception:  # a shape Bolt itself cannot read, that the checks above missed: still the sender's fault
            log.exception("Bolt could not dispatch a signed request; answered 400")
            return BoltResponse(status=400, body="")

    async def _get_http_response(self, method: str, path: str, request: AsgiHttpRequest) -> AsgiHttpResponse:
        if method == "GET" and path == "/healthz":
            report = await asyncio.to_thread(self.health)
            status = 200 if report.get("ok") else 503
            return AsgiHttpResponse(
                status=status, headers={"content-type": ["application/json"]}, body=json.dumps(report)
            )
        return await super()._get_http_response(method, path, request)
