"""The HTTP front door: Bolt's ASGI adapter, run off the event loop, plus ``GET /healthz``."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

from slack_bolt import App
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_bolt.adapter.asgi.http_request import AsgiHttpRequest
from slack_bolt.adapter.asgi.http_response import AsgiHttpResponse
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

HealthCheck = Callable[[], dict[str, object]]


class BackofficeRequestHandler(SlackRequestHandler):
    """Bolt's ASGI handler, with dispatch in a worker thread so a slow request never blocks the others."""

    def __init__(self, app: App, health: HealthCheck, path: str = "/slack/events") -> None:
        super().__init__(app, path)
        self.health = health

    async def dispatch(self, request: AsgiHttpRequest) -> BoltResponse:
        """Verify and dispatch one Slack request on a thread of the default executor."""
        bolt_request = BoltRequest(
            body=await request.get_raw_body(), query=request.query_string, headers=request.get_headers()
        )
        return await asyncio.to_thread(self.app.dispatch, bolt_request)

    async def _get_http_response(self, method: str, path: str, request: AsgiHttpRequest) -> AsgiHttpResponse:
        if method == "GET" and path == "/healthz":
            report = await asyncio.to_thread(self.health)
            status = 200 if report.get("ok") else 503
            return AsgiHttpResponse(
                status=status, headers={"content-type": ["application/json"]}, body=json.dumps(report)
            )
        return await super()._get_http_response(method, path, request)
