"""The test Slack emulator, timestamping each ``chat.postMessage`` so the bench knows when a reply appeared."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass
from typing import Any, Self

from tests.fakes.slack_emulator import SlackEmulator


@dataclass(frozen=True)
class Posted:
    """A message the app posted: when the emulator received the call (``perf_counter``) and its text."""

    at: float
    text: str


class TimedEmulator(SlackEmulator):
    """A ``SlackEmulator`` that resolves a waiter per channel when the next message is posted there."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._waiters: dict[str, tuple[asyncio.AbstractEventLoop, asyncio.Future[Posted]]] = {}
        self._waiters_lock = threading.Lock()
        self.unexpected_posts = 0

    def __enter__(self) -> Self:
        self.start()
        return self

    def expect_post(self, channel: str) -> asyncio.Future[Posted]:
        """A future (of the running loop) resolved with the next message posted to ``channel``."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Posted] = loop.create_future()
        with self._waiters_lock:
            self._waiters[channel] = (loop, future)
        return future

    def forget(self, channel: str) -> None:
        """Stop waiting for a post to ``channel`` (after a timeout)."""
        with self._waiters_lock:
            self._waiters.pop(channel, None)

    def handle(
        self, method: str, params: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        """Answer as the emulator does, then hand a successful post's receive time to whoever waits for it."""
        received = time.perf_counter()
        answer = super().handle(method, params, token)
        if method == "chat.postMessage" and answer[1].get("ok"):
            channel = str(answer[1].get("channel", params.get("channel", "")))
            self._notify(channel, Posted(received, str(params.get("text", ""))))
        return answer

    def _notify(self, channel: str, posted: Posted) -> None:
        with self._waiters_lock:
            waiter = self._waiters.pop(channel, None)
            if waiter is None:
                self.unexpected_posts += 1
                return
        loop, future = waiter
        loop.call_soon_threadsafe(_resolve, future, posted)


def _resolve(future: asyncio.Future[Posted], posted: Posted) -> None:
    if not future.done():
        future.set_result(posted)
