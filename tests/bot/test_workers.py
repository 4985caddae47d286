"""The ``serve --workers`` supervisor: workers share one socket, a dead worker is restarted, all stop together.

The workers here are a few lines of Python serving ``/healthz`` on the inherited socket, so the supervisor is
tested without loading the bot; ``tests/e2e/test_serve_workers.py`` runs the real thing on PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable

from bot.workers import Supervisor, healthy, listening_socket

TINY_WORKER = """
import http.server, socket, sys
class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Health, bind_and_activate=False)
server.socket = socket.socket(fileno=int(sys.argv[1]))
server.serve_forever()
"""


def until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.05)


def test_workers_share_the_port_and_a_dead_one_is_restarted():
    sock = listening_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    supervisor = Supervisor(
        2, sock, lambda fd, _: [sys.executable, "-c", TINY_WORKER, str(fd)], os.environ, f"http://127.0.0.1:{port}/"
    )
    codes: list[int] = []
    runner = threading.Thread(target=lambda: codes.append(supervisor.run(handle_signals=False)))
    runner.start()
    try:
        until(lambda: len(supervisor.pids()) == 2)
        assert healthy(f"http://127.0.0.1:{port}/")
        first, second = supervisor.pids()
        os.kill(first, signal.SIGKILL)
        until(lambda: len(supervisor.pids()) == 2 and first not in supervisor.pids())
        assert second in supervisor.pids() and supervisor.workers[0].restarts == 1
        assert healthy(f"http://127.0.0.1:{port}/")
    finally:
        supervisor.stopping.set()
        runner.join(timeout=60)
    assert codes == [0] and supervisor.pids() == []


def test_a_first_worker_that_cannot_start_stops_the_supervisor_with_its_code():
    sock = listening_socket("127.0.0.1", 0)
    supervisor = Supervisor(
        3, sock, lambda fd, _: [sys.executable, "-c", "raise SystemExit(3)"], os.environ, "http://127.0.0.1:9/"
    )
    assert supervisor.run(handle_signals=False) == 3
    assert supervisor.pids() == [] and [w.process for w in supervisor.workers[1:]] == [None, None]
