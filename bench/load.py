"""The load generator: signed DM events at a fixed concurrency, timing the ack and the reply in the emulator."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import h11

from bench.envelopes import EnvelopeBuilder, dm_channel
from bench.http_client import HttpConnection
from bench.timed_emulator import TimedEmulator

EVENTS_PATH = "/slack/events"


@dataclass(frozen=True)
class Sample:
    """One message: what was sent, the HTTP status, the ack time and (if it came) the reply time, in seconds."""

    text: str
    sent_at: float
    status: int
    ack_seconds: float
    reply_seconds: float | None
    reply_text: str = ""


@dataclass
class PhaseResult:
    """Every sample of one phase, with the wall time from the first send to the last reply."""

    concurrency: int
    samples: list[Sample] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_seconds: float = 0.0

    @property
    def replied(self) -> list[Sample]:
        """The samples whose reply appeared in the emulator."""
        return [s for s in self.samples if s.reply_seconds is not None]

    @property
    def messages_per_second(self) -> float:
        """Replied messages per second of wall time."""
        return len(self.replied) / self.wall_seconds if self.wall_seconds > 0 else 0.0


@dataclass(frozen=True)
class Load:
    """How much to send: concurrency, a message budget and a time budget, and how long to wait for a reply."""

    concurrency: int
    count: int
    max_seconds: float
    reply_timeout: float = 30.0


async def _one(
    connection: HttpConnection, emulator: TimedEmulator, builder: EnvelopeBuilder, user: str, text: str, timeout: float
) -> Sample:
    channel = dm_channel(user)
    request = builder.dm(user, text)
    expected = emulator.expect_post(channel)
    sent = time.perf_counter()
    try:
        status, _ = await connection.post(EVENTS_PATH, request.body, request.headers)
    except (OSError, h11.ProtocolError):
        emulator.forget(channel)
        raise
    acked = time.perf_counter() - sent
    try:
        posted = await asyncio.wait_for(expected, timeout)
    except TimeoutError:
        emulator.forget(channel)
        return Sample(text, sent, status, acked, None)
    return Sample(text, sent, status, acked, posted.at - sent, posted.text)


async def run_load(
    port: int, emulator: TimedEmulator, builder: EnvelopeBuilder, users: Sequence[str], texts: Sequence[str], load: Load
) -> PhaseResult:
    """Send ``load.count`` DMs (or fewer, if the time budget runs out) with ``load.concurrency`` in flight.

    Each worker owns distinct users and waits for the reply before its next message, so a user never has two
    messages in flight and the concurrency is the number of conversations the app serves at once.
    """
    if len(users) < load.concurrency:
        raise ValueError(f"{load.concurrency} concurrent conversations need at least as many users")
    result = PhaseResult(load.concurrency)
    issued = 0
    started = time.perf_counter()
    deadline = started + load.max_seconds

    async def worker(index: int) -> None:
        nonlocal issued
        mine = users[index :: load.concurrency]
        connection = HttpConnection(port)
        turn = 0
        try:
            while issued < load.count and time.perf_counter() < deadline:
                number, issued = issued, issued + 1
                user = mine[turn % len(mine)]
                turn += 1
                try:
                    sample = await _one(
                        connection, emulator, builder, user, texts[number % len(texts)], load.reply_timeout
                    )
                except (OSError, h11.ProtocolError) as error:
                    result.errors.append(f"{type(error).__name__}: {error}")
                    continue
                result.samples.append(sample)
                if sample.status != 200:
                    result.errors.append(f"HTTP {sample.status}")
                if sample.reply_seconds is None:
                    result.errors.append("no reply within the timeout")
        finally:
            await connection.close()

    await asyncio.gather(*(worker(index) for index in range(load.concurrency)))
    replies = [s.sent_at + s.reply_seconds for s in result.samples if s.reply_seconds is not None]
    result.wall_seconds = (max(replies) if replies else time.perf_counter()) - started
    return result
