"""A local Slack Web API for tests: a real HTTP server that answers like Slack, checked against Slack's spec."""

from __future__ import annotations

import collections
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, NamedTuple, TypeVar
from urllib.parse import parse_qs, urlsplit

from tests.fakes.block_kit_checks import check_blocks
from tests.fakes.slack_spec import load_methods, manifest_bot_scopes, missing_arguments, scopes_needed
from tests.fakes.slack_web_methods import HANDLERS, Handler, Params, invalid_arguments
from tests.fakes.slack_workspace import SlackApiFailure, SlackWorkspace

T = TypeVar("T")

# Failures that mean the app called Slack wrongly (as opposed to a fault the test injected).
CALLER_ERRORS = frozenset(
    {
        "invalid_arguments",
        "invalid_blocks",
        "invalid_attachments",
        "invalid_metadata_format",
        "unknown_method",
        "not_authed",
        "invalid_auth",
        "not_allowed_token_type",
        "missing_scope",
        "emulator_not_implemented",
        "channel_not_found",
        "user_not_found",
        "message_not_found",
        "thread_not_found",
        "no_text",
        "msg_too_long",
        "cant_update_message",
        "cant_delete_message",
        "invalid_trigger_id",
        "exchanged_trigger_id",
        "users_list_not_supplied",
        "not_found",
        "invalid_json",
        "invalid_form_data",
        "expired_url",
        "emulator_error",  # the emulator itself failed on this call: loud, so it is listed too
    }
)


class ApiCall(NamedTuple):
    """One recorded call: the method, its arguments (token removed) and the JSON answered."""

    method: str
    params: dict[str, Any]
    response: dict[str, Any]


@dataclass
class _Fault:
    status: int
    retry_after: int
    error: str | None
    after_accepting: str | None = None  # "drop" the connection or "hang" once the call took effect; "stall": hang
    # without letting the call take effect (Slack never got it)


class _DropConnection(Exception):
    """The call took effect; the emulator closes the connection without answering (or after hanging)."""

    def __init__(self, hang_seconds: float) -> None:
        super().__init__("dropped")
        self.hang_seconds = hang_seconds


class SlackEmulator(SlackWorkspace):
    """Slack's Web API on 127.0.0.1: point `WebClient(base_url=emulator.api_url)` at it, then inspect the workspace."""

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-emulator-token",
        app_token: str = "xapp-1-A0BACKOFF-1-emulator",
        scopes: frozenset[str] | None = None,
        **workspace: Any,
    ) -> None:
        super().__init__(**workspace)
        self.bot_token = bot_token
        self.app_token = app_token  # app-level: only for apps.connections.open (Socket Mode)
        self.scopes = manifest_bot_scopes() if scopes is None else scopes
        """The bot token's scopes: by default what manifest.yml asks for, as a workspace installing the app grants."""
        self.tokens: set[str] = {bot_token, app_token}
        self.calls: list[ApiCall] = []
        self.invalid_calls: list[ApiCall] = []
        self._methods = load_methods()
        self._faults: dict[str, collections.deque[_Fault]] = {}
        self._windows: dict[str, tuple[Callable[[], bool], _Fault]] = {}
        self.hang_seconds = 2.0
        self._socket_mode_url: Callable[[], str] | None = None
        self._handlers: dict[str, Handler] = {**HANDLERS, "apps.connections.open": self._apps_connections_open}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---- lifecycle -------------------------------------------------------------------------------------

    def start(self) -> SlackEmulator:
        """Listen on a free port of 127.0.0.1 in a daemon thread."""
        if self._server is None:
            self._server = _Server(("127.0.0.1", 0), _Handler, self)
            self.files.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
            self._thread = threading.Thread(
                target=self._server.serve_forever, args=(0.05,), name="slack-emulator", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> SlackEmulator:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The server's root, "http://127.0.0.1:PORT"."""
        if self._server is None:
            raise RuntimeError("the Slack emulator is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        """The Web API base URL for slack_sdk: "http://127.0.0.1:PORT/api/"."""
        return f"{self.url}/api/"

    # ---- test controls ---------------------------------------------------------------------------------

    def add_token(self, token: str) -> None:
        """Accept another token ("xapp-…" ones are app-level tokens)."""
        self.tokens.add(token)

    def attach_socket_mode(self, issue_url: Callable[[], str] | None) -> None:
        """Answer apps.connections.open with `issue_url()` (see tests/fakes/socket_mode.py); None detaches."""
        self._socket_mode_url = issue_url

    def fail_next(
        self, method: str, *, status: int = 429, retry_after: int = 1, error: str | None = None, times: int = 1
    ) -> None:
        """Make the next `times` calls to `method` fail: HTTP 429 + Retry-After, HTTP 5xx, or 200 with `error`."""
        if method not in self._methods:
            raise ValueError(f"{method!r} is not a Slack Web API method")
        with self._lock:
            queue = self._faults.setdefault(method, collections.deque())
            queue.extend(_Fault(status, retry_after, error) for _ in range(times))

    def accept_then_fail(self, method: str, *, how: str = "drop", times: int = 1, hang_seconds: float = 2.0) -> None:
        """The next `times` calls to `method` take effect, then Slack never answers: the connection is dropped
        ("drop") or held for `hang_seconds` and then dropped ("hang"), as when a reply is lost after sending."""
        if how not in ("drop", "hang"):
            raise ValueError("how is 'drop' or 'hang'")
        self.hang_seconds = hang_seconds
        with self._lock:
            queue = self._faults.setdefault(method, collections.deque())
            queue.extend(_Fault(200, 0, None, how) for _ in range(times))

    def stall(self, method: str, *, seconds: float, times: int = 1) -> None:
        """The next `times` calls to `method` are held for `seconds`, then dropped, and never take effect: the caller
        waits on a Slack that never got its call (a process killed meanwhile has sent nothing)."""
        self.hang_seconds = seconds
        with self._lock:
            queue = self._faults.setdefault(method, collections.deque())
            queue.extend(_Fault(200, 0, None, "stall") for _ in range(times))

    def fail_while(self, method: str, active: Callable[[], bool], *, status: int = 429, retry_after: int = 1) -> None:
        """Answer every call to `method` with HTTP `status` (429 with Retry-After, or 5xx) while `active()` is true:
        an incident that lasts as long as the test's clock says (see tests/bot/test_outbox_faults.py)."""
        self._windows[method] = (active, _Fault(status, retry_after, None))

    def new_response_url(self, user_id: str, channel: str, message_ts: str | None = None) -> str:
        """A response_url served by the emulator, as Slack sends with slash commands and clicks."""
        return f"{self.url}/response/{self.register_response_url(user_id, channel, message_ts)}"

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        """The arguments of every call to `method`, in order."""
        with self._lock:
            return [call.params for call in self.calls if call.method == method]

    def assert_all_calls_valid(self) -> None:
        """Fail the test if the app made any call Slack would reject as the caller's fault."""
        with self._lock:
            bad = list(self.invalid_calls)
        if bad:
            lines = [f"  {c.method}: {json.dumps(c.response)} <- {json.dumps(c.params)[:300]}" for c in bad]
            raise AssertionError("invalid Slack API calls:\n" + "\n".join(lines))

    def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0, interval: float = 0.01) -> T:
        """Poll `predicate` until it returns something truthy (the app posts after acking) and return that."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() >= deadline:
                with self._lock:
                    recent = [f"{c.method} -> {c.response.get('error', 'ok')}" for c in self.calls[-10:]]
                raise AssertionError(f"condition not met within {timeout}s; last API calls: {recent}")
            time.sleep(interval)

    # ---- answering -------------------------------------------------------------------------------------

    def handle(
        self, method: str, params: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        """Answer one Web API call: (HTTP status, JSON body, extra headers)."""
        spec = self._methods.get(method)
        if spec is None:
            return self._record(method, params, {"ok": False, "error": "unknown_method", "req_method": method})
        fault = self._take_fault(method)
        if fault is not None and not fault.after_accepting:
            return self._serve_fault(method, params, fault)
        if fault is not None and fault.after_accepting == "stall":
            self._record(method, params, {"ok": False, "error": "stalled (never took effect)"})
            raise _DropConnection(self.hang_seconds)
        if not token:
            return self._record(method, params, {"ok": False, "error": "not_authed"})
        if token not in self.tokens:
            return self._record(method, params, {"ok": False, "error": "invalid_auth"})
        if spec.app_token != token.startswith("xapp-"):
            return self._record(method, params, {"ok": False, "error": "not_allowed_token_type"})
        needed = set() if spec.app_token else scopes_needed(spec, self._conversation_kind(method, params))
        if needed and not needed & self.scopes:
            refused = {"ok": False, "error": "missing_scope", "needed": ",".join(sorted(needed))}
            return self._record(method, params, {**refused, "provided": ",".join(sorted(self.scopes))})
        missing = missing_arguments(spec, params)
        if missing:
            failure = invalid_arguments(*(f"missing required field: {name}" for name in missing))
            return self._record(method, params, failure.response())
        handler = self._handlers.get(method)
        if handler is None:
            detail = f"the Slack emulator does not implement {method}; add it to tests/fakes/slack_web_methods.py"
            return self._record(method, params, {"ok": False, "error": "emulator_not_implemented", "detail": detail})
        with self._lock:
            try:
                body = {"ok": True, **handler(self, params)}
            except SlackApiFailure as failure:
                body = failure.response()
            except Exception as exc:  # a bug in the emulator, or arguments it cannot parse
                body = {"ok": False, "error": "emulator_error", "detail": f"{type(exc).__name__}: {exc}"}
        answer = self._record(method, params, body)
        if fault is not None and fault.after_accepting:
            raise _DropConnection(self.hang_seconds if fault.after_accepting == "hang" else 0.0)
        return answer

    def handle_response_url(self, key: str, payload: dict[str, Any]) -> tuple[int, str]:
        """Answer a POST to a response_url: ephemeral reply, in-channel reply, replace or delete the original."""
        with self._lock:
            target = self._response_urls.get(key)
            errors = check_blocks(payload["blocks"]) if payload.get("blocks") is not None else []
            error = "expired_url" if target is None else "invalid_blocks" if errors else None
            self._record("response_url", payload, {"ok": error is None, "error": error, "errors": errors})
            if target is None or errors:
                return (404 if target is None else 400), str(error)
            channel, ts, user = target["channel"], target["message_ts"], target["user"]
            shown = self._history.get(channel, [])
            original = next((m for m in shown if m["ts"] == ts), None)
            ephemeral = next((m for m in self._ephemerals.get(user, []) if m["ts"] == ts), None)
            replaced = original if original is not None else ephemeral
            if payload.get("delete_original") and replaced is not None:
                if original is not None:
                    self.remove_message(channel, original["ts"])
                else:
                    self._ephemerals[user].remove(replaced)
            elif payload.get("replace_original") and replaced is not None:
                replaced["text"] = str(payload.get("text", ""))
                replaced["blocks"] = self.with_ids(payload.get("blocks") or [])
                if original is not None:
                    replaced["edited"] = {"user": self.bot_user_id, "ts": self.next_ts()}
            else:
                message = self.bot_message(text=str(payload.get("text", "")), blocks=payload.get("blocks"))
                if payload.get("thread_ts"):
                    message["thread_ts"] = self.thread_root(channel, str(payload["thread_ts"]))
                if payload.get("response_type") == "in_channel":
                    self.append_message(channel, message)
                else:
                    message.update(channel=channel, is_ephemeral=True)
                    self.add_ephemeral(user, message)
        return 200, "ok"

    def _apps_connections_open(self, ws: SlackWorkspace, params: Params) -> dict[str, Any]:
        """apps.connections.open: a fresh Socket Mode WebSocket URL from the attached endpoint."""
        if self._socket_mode_url is None:
            detail = "no Socket Mode endpoint; start tests.fakes.socket_mode.SocketModeServer(emulator)"
            raise SlackApiFailure("emulator_not_implemented", detail=detail)
        return {"url": self._socket_mode_url()}

    def _conversation_kind(self, method: str, params: dict[str, Any]) -> str | None:
        """Which kind of conversation a call reads or writes, for its scope: ``im``, ``channels`` or ``groups``."""
        if method == "conversations.open":
            return "im" if "," not in str(params.get("users") or "") else "mpim"
        channel = str(params.get("channel") or "")
        if channel.startswith("D"):
            return "im"
        with self._lock:
            known = self._channels.get(channel)
        if known is not None:
            return "groups" if known.get("is_private") else "channels"
        return None

    def _take_fault(self, method: str) -> _Fault | None:
        window = self._windows.get(method)
        if window is not None and window[0]():
            return window[1]
        with self._lock:
            queue = self._faults.get(method)
            return queue.popleft() if queue else None

    def _serve_fault(
        self, method: str, params: dict[str, Any], fault: _Fault
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        if fault.error is not None:
            body: dict[str, Any] = {"ok": False, "error": fault.error}
            status, headers = 200, {}
        elif fault.status == 429:
            body = {"ok": False, "error": "ratelimited"}
            status, headers = 429, {"Retry-After": str(fault.retry_after)}
        else:
            body = {"ok": False, "error": "fatal_error"}
            status, headers = fault.status, {}
        with self._lock:
            self.calls.append(ApiCall(method, params, {**body, "injected": True}))
        return status, body, headers

    def _record(
        self, method: str, params: dict[str, Any], body: dict[str, Any]
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        call = ApiCall(method, params, body)
        with self._lock:
            self.calls.append(call)
            if not body.get("ok") and body.get("error") in CALLER_ERRORS:
                self.invalid_calls.append(call)
        return 200, body, {}


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], emulator: SlackEmulator):
        super().__init__(address, handler)
        self.emulator = emulator


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        self._serve()

    def do_GET(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet; the emulator records calls instead."""

    def _serve(self) -> None:
        url = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        emulator = self.server.emulator
        if url.path.startswith("/response/"):
            try:
                payload = json.loads(body or b"{}")
            except ValueError:
                payload = {"text": body.decode("utf-8", "replace")}
            status, text = emulator.handle_response_url(url.path.removeprefix("/response/"), payload)
            self._reply(status, text.encode(), "text/plain; charset=utf-8", {})
            return
        if url.path.startswith("/files-pri/"):
            authorization = self.headers.get("Authorization", "")
            token = authorization.removeprefix("Bearer ").strip() if authorization.startswith("Bearer ") else None
            status, content, kind = emulator.files.download(url.path, token, emulator.tokens)
            self._reply(status, content, kind, {})
            return
        if url.path.startswith("/upload/"):
            status, received = emulator.files.receive_upload(url.path, body)
            self._reply(status, received, "text/plain", {})
            return
        if not url.path.startswith("/api/"):
            self._reply(404, b"not found", "text/plain", {})
            return
        method = url.path.removeprefix("/api/")
        try:
            params, token = self._params(url.query, body)
        except SlackApiFailure as failure:
            status, answer, headers = emulator._record(method, {}, failure.response())
        else:
            try:
                status, answer, headers = emulator.handle(method, params, token)
            except _DropConnection as dropped:
                time.sleep(dropped.hang_seconds)
                self.close_connection = True
                self.connection.shutdown(2)  # SHUT_RDWR: the client sees the connection end with no answer
                return
        self._reply(status, json.dumps(answer).encode(), "application/json; charset=utf-8", headers)

    def _params(self, query: str, body: bytes) -> tuple[dict[str, Any], str | None]:
        """Arguments from the query string and the form or JSON body; the token from header, form or query."""
        params: dict[str, Any] = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        token = params.pop("token", None)
        if content_type == "application/json" and body:
            try:
                decoded = json.loads(body)
            except ValueError:
                raise SlackApiFailure("invalid_json") from None
            if not isinstance(decoded, dict):
                raise SlackApiFailure("invalid_json")
            decoded.pop("token", None)  # Slack ignores a token inside a JSON body
            params.update(decoded)
        elif content_type == "multipart/form-data":
            raise SlackApiFailure("emulator_not_implemented", detail="multipart bodies (file uploads)")
        elif body:
            form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
            token = form.pop("token", None) or token
            params.update(form)
        authorization = self.headers.get("Authorization", "")
        if authorization.startswith("Bearer "):
            token = authorization.removeprefix("Bearer ").strip()
        return params, token

    def _reply(self, status: int, body: bytes, content_type: str, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
