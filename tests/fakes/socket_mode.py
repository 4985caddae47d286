"""Slack's Socket Mode for tests: a local WebSocket endpoint that says hello, pushes envelopes and records acks."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from http import HTTPStatus
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.sync.server import Server, ServerConnection, serve

from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_emulator import SlackEmulator

T = TypeVar("T")

# Interactive payloads whose ack may carry a response Slack reads (response_action, options).
RESPONDING_INTERACTIONS = frozenset({"view_submission", "block_suggestion"})


class SocketModeServer:
    """The WebSocket endpoint apps.connections.open hands out: ws://127.0.0.1:PORT/link/?ticket=…&app_id=…."""

    def __init__(
        self, emulator: SlackEmulator | None = None, *, app_id: str = "A0BACKOFF", ping_interval: float = 0.1
    ) -> None:
        self.emulator = emulator
        # Slack pings its clients too; often here, because slack_sdk's built-in client only notices that it is
        # being closed between two receives, and otherwise waits out its 3-second receive timeout.
        self.ping_interval = ping_interval
        self.app_id = emulator.app_id if emulator else app_id
        self.envelopes: list[dict[str, Any]] = []
        self._acks: list[dict[str, Any]] = []
        self._others: list[str] = []
        self._tickets: set[str] = set()
        self._open: list[ServerConnection] = []
        self._lock = threading.Lock()
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    # ---- lifecycle -------------------------------------------------------------------------------------

    def start(self) -> SocketModeServer:
        """Listen on a free port of 127.0.0.1 in a thread, and answer the emulator's apps.connections.open."""
        if self._server is None:
            self._server = serve(
                self._serve,
                "127.0.0.1",
                0,
                process_request=self._check_ticket,
                compression=None,
                ping_interval=self.ping_interval,
            )
            self._thread = threading.Thread(target=self._server.serve_forever, name="socket-mode", daemon=True)
            self._thread.start()
            if self.emulator is not None:
                self.emulator.attach_socket_mode(self.new_url)
        return self

    def stop(self) -> None:
        """Detach from the emulator, close every connection (1001 going away) and stop listening."""
        if self.emulator is not None:
            self.emulator.attach_socket_mode(None)
        if self._server is not None:
            self._server.shutdown()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> SocketModeServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def new_url(self) -> str:
        """A fresh WebSocket URL with its own ticket, as apps.connections.open returns."""
        if self._server is None:
            raise RuntimeError("the Socket Mode server is not started")
        ticket = str(uuid.uuid4())
        with self._lock:
            self._tickets.add(ticket)
        port = self._server.socket.getsockname()[1]
        return f"ws://127.0.0.1:{port}/link/?ticket={ticket}&app_id={self.app_id}"

    # ---- inspection ------------------------------------------------------------------------------------

    @property
    def connections(self) -> int:
        """How many clients are connected now."""
        with self._lock:
            return len(self._open)

    @property
    def acks(self) -> list[dict[str, Any]]:
        """Every ack the client sent ({"envelope_id": …}, plus "payload" when it answers), in order."""
        with self._lock:
            return list(self._acks)

    @property
    def other_messages(self) -> list[str]:
        """Text frames from the client that were not acks (Slack ignores them; a test may not)."""
        with self._lock:
            return list(self._others)

    def ack_for(self, envelope_id: str) -> dict[str, Any] | None:
        """The client's ack of one envelope, if it came."""
        with self._lock:
            return next((ack for ack in self._acks if ack.get("envelope_id") == envelope_id), None)

    def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0, interval: float = 0.01) -> T:
        """Poll `predicate` until it returns something truthy, and return that."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() >= deadline:
                raise AssertionError(f"condition not met within {timeout}s; acks so far: {self.acks[-5:]}")
            time.sleep(interval)

    def wait_for_ack(self, envelope_id: str, timeout: float = 3.0) -> dict[str, Any]:
        """The ack of `envelope_id`, waiting up to `timeout` (Slack gives up after 3 seconds)."""
        found: list[dict[str, Any]] = self.wait_for(
            lambda: [a for a in self.acks if a.get("envelope_id") == envelope_id], timeout
        )
        return found[0]

    def wait_connected(self, timeout: float = 5.0) -> None:
        """Wait until a client is connected and has been sent hello."""
        self.wait_for(lambda: self.connections, timeout)

    # ---- pushing ---------------------------------------------------------------------------------------

    def push(
        self,
        kind: str,
        payload: Mapping[str, Any],
        *,
        accepts_response_payload: bool = False,
        retry_attempt: int | None = None,
        retry_reason: str | None = None,
    ) -> str:
        """Send one envelope ("events_api", "slash_commands" or "interactive") to the newest connection; its id."""
        envelope: dict[str, Any] = {
            "envelope_id": str(uuid.uuid4()),
            "payload": dict(payload),
            "type": kind,
            "accepts_response_payload": accepts_response_payload,
        }
        if kind == "events_api":
            envelope.update(retry_attempt=retry_attempt or 0, retry_reason=retry_reason or "")
        with self._lock:
            if not self._open:
                raise RuntimeError("no Socket Mode client is connected")
            connection = self._open[-1]
            self.envelopes.append(envelope)
        connection.send(json.dumps(envelope))
        return str(envelope["envelope_id"])

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask every client to reconnect, as Slack does before it rotates a connection."""
        message = {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-emulator"}}
        with self._lock:
            connections = list(self._open)
        for connection in connections:
            connection.send(json.dumps(message))

    # ---- serving ---------------------------------------------------------------------------------------

    def _check_ticket(self, connection: ServerConnection, request: Request) -> Response | None:
        """Refuse a handshake whose path or ticket did not come from new_url()."""
        url = urlsplit(request.path)
        ticket = parse_qs(url.query).get("ticket", [""])[-1]
        with self._lock:
            known = url.path == "/link/" and ticket in self._tickets
        return None if known else connection.respond(HTTPStatus.UNAUTHORIZED, "invalid ticket\n")

    def _serve(self, connection: ServerConnection) -> None:
        """One client: hello, then record what it sends until it goes away."""
        with self._lock:
            count = len(self._open) + 1
        hello = {
            "type": "hello",
            "num_connections": count,
            "debug_info": {"host": "applink-emulator", "build_number": 1, "approximate_connection_time": 18060},
            "connection_info": {"app_id": self.app_id},
        }
        try:
            connection.send(json.dumps(hello))
            with self._lock:
                self._open.append(connection)
            for message in connection:
                self._receive(message if isinstance(message, str) else message.decode("utf-8", "replace"))
        except ConnectionClosed:
            pass  # the client dropped the socket (slack_sdk's built-in client closes without a close frame)
        finally:
            with self._lock:
                if connection in self._open:
                    self._open.remove(connection)

    def _receive(self, text: str) -> None:
        try:
            message = json.loads(text)
        except ValueError:
            message = None
        with self._lock:
            if isinstance(message, dict) and isinstance(message.get("envelope_id"), str):
                self._acks.append(message)
            else:
                self._others.append(text)


class SocketModeDriver(SlackDriver):
    """The SlackDriver's payloads (DMs, mentions, slash commands, clicks, submissions) as Socket Mode envelopes.

    Each send waits for the ack and returns (200, the ack's payload as JSON, or "") like an HTTP answer.
    """

    def __init__(self, server: SocketModeServer, emulator: SlackEmulator, *, ack_timeout: float = 3.0) -> None:
        super().__init__("", "", emulator)
        self.server = server
        self.ack_timeout = ack_timeout

    @property
    def last_envelope_id(self) -> str:
        """The id of the newest envelope pushed."""
        return str(self.server.envelopes[-1]["envelope_id"])

    def post(
        self, body: bytes, content_type: str, headers: Mapping[str, str] | None = None, **_: Any
    ) -> tuple[int, str]:
        """Socket Mode has no request URL: nothing is POSTed."""
        raise NotImplementedError("Socket Mode apps have no request URL (and Slack sends no url_verification)")

    def _post_event(self, body: bytes, retry_num: int | None, retry_reason: str) -> tuple[int, str]:
        payload = json.loads(body)
        reason = retry_reason if retry_num else None
        return self._acked(self.server.push("events_api", payload, retry_attempt=retry_num, retry_reason=reason))

    def _post_form(self, fields: Mapping[str, str]) -> tuple[int, str]:
        return self._acked(self.server.push("slash_commands", fields, accepts_response_payload=True))

    def _post_interaction(self, payload: dict[str, Any]) -> tuple[int, str]:
        responds = payload.get("type") in RESPONDING_INTERACTIONS
        return self._acked(self.server.push("interactive", payload, accepts_response_payload=responds))

    def _acked(self, envelope_id: str) -> tuple[int, str]:
        ack = self.server.wait_for_ack(envelope_id, self.ack_timeout)
        return 200, json.dumps(ack["payload"]) if "payload" in ack else ""
