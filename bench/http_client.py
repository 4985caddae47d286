"""A minimal keep-alive HTTP/1.1 client on asyncio streams (h11 parses), for load on a loopback server."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping

import h11


class HttpConnection:
    """One persistent connection to ``127.0.0.1:port``, reopened when the server closes it."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._state = h11.Connection(h11.CLIENT)

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        reader, writer = self._reader, self._writer
        stale = reader is None or reader.at_eof()  # e.g. closed by the server's keep-alive timeout
        if stale or writer is None or reader is None or self._state.our_state is not h11.IDLE:
            await self.close()
            reader, writer = await asyncio.open_connection(self.host, self.port)
            self._reader, self._writer = reader, writer
            self._state = h11.Connection(h11.CLIENT)
        return reader, writer

    async def post(self, path: str, body: bytes, headers: Mapping[str, str]) -> tuple[int, bytes]:
        """Send one POST and return (status, body) once the whole response has arrived."""
        reader, writer = await self._connect()
        request = h11.Request(
            method="POST",
            target=path,
            headers=[("Host", f"{self.host}:{self.port}"), ("Content-Length", str(len(body))), *headers.items()],
        )
        writer.write(
            self._state.send(request) + self._state.send(h11.Data(data=body)) + self._state.send(h11.EndOfMessage())
        )
        await writer.drain()
        status, chunks = 0, []
        while True:
            event = self._state.next_event()
            if event is h11.NEED_DATA:
                self._state.receive_data(await reader.read(65536))
            elif isinstance(event, h11.Response):
                status = event.status_code
            elif isinstance(event, h11.Data):
                chunks.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage):
                break
            elif isinstance(event, h11.ConnectionClosed):
                raise ConnectionError("the server closed the connection mid-response")
        if self._state.our_state is h11.DONE and self._state.their_state is h11.DONE:
            self._state.start_next_cycle()
        return status, b"".join(chunks)

    async def close(self) -> None:
        """Close the connection if it is open."""
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):
                await self._writer.wait_closed()
        self._reader = self._writer = None
