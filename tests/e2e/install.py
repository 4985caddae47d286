"""A real install as an operator makes one: an empty database, ``backoffice db upgrade``, CSV imports and ``serve``,
each a separate ``backoffice`` process; the Slack emulator plays Slack and the server's clock starts on the pinned day.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.conftest import empty_database_url
from tests.e2e.conftest import SIGNING_SECRET, free_port
from tests.fakes.slack_emulator import SlackEmulator
from tests.pinned import NOW

BACKOFFICE = str(Path(sys.executable).parent / "backoffice")


def backoffice(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``backoffice`` command as an operator would."""
    return subprocess.run([BACKOFFICE, *args], env=env, capture_output=True, text=True, timeout=180, check=False)


def import_csv(env: dict[str, str], folder: Path, kind: str, text: str, expected: str = "") -> str:
    """Write ``text`` as ``KIND.csv`` and ``backoffice import`` it; fails unless it worked and said ``expected``."""
    path = folder / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    imported = backoffice(env, "import", kind, str(path))
    assert imported.returncode == 0 and expected in imported.stdout, imported.stdout + imported.stderr
    return imported.stdout


def wait_until_healthy(url: str, server: subprocess.Popen[str]) -> None:
    """Poll ``/healthz`` until the server answers (or fail with what it printed)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(
                f"serve exited with {server.returncode}: {server.stdout.read() if server.stdout else ''}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("serve did not become healthy within 120 s")


@contextmanager
def fresh_install(folder: Path, emulator: SlackEmulator, **settings: str) -> Iterator[dict[str, str]]:
    """The environment of a new, migrated install in ``folder`` (nothing imported yet), its database dropped after;
    ``settings`` are more environment variables (``OUTBOX_POLL_SECONDS="0.5"``)."""
    with empty_database_url(folder) as url:
        env = {
            **os.environ,
            "BACKOFFICE_HOME": str(folder / "home"),
            "DATABASE_URL": url,
            "SLACK_BOT_TOKEN": emulator.bot_token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": emulator.api_url,
            "BACKOFFICE_CLOCK_START": NOW.isoformat(),
            **settings,
        }
        upgraded = backoffice(env, "db", "upgrade")
        assert upgraded.returncode == 0, upgraded.stderr
        yield env


@contextmanager
def serving(env: dict[str, str]) -> Iterator[dict[str, str]]:
    """``backoffice serve`` on a free port until the block ends; ``env`` plus ``EVENTS_URL`` and ``SERVER_PID``."""
    port = free_port()
    server = subprocess.Popen(
        [BACKOFFICE, "serve", "--port", str(port), "--host", "127.0.0.1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}/healthz", server)
        yield {**env, "EVENTS_URL": f"http://127.0.0.1:{port}/slack/events", "SERVER_PID": str(server.pid)}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def newest_in(emulator: SlackEmulator, channel: str, needle: str, timeout: float = 30) -> dict[str, Any]:
    """The newest bot message in ``channel`` whose rendering contains ``needle`` (waiting for it to arrive)."""

    def found() -> list[dict[str, Any]]:
        mine = [m for m in emulator.messages(channel) if m.get("bot_id")]
        return [m for m in mine if needle in emulator.render_text(m)][-1:]

    return emulator.wait_for(found, timeout=timeout)[0]
