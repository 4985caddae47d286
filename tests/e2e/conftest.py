"""End-to-end fixtures: the real HTTP app under uvicorn, the Slack emulator as Slack, and a signed driver."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy import select

from bot.outbox_worker import OutboxWorker
from bot.runtime import Runtime, build_runtime
from bot.server import start_outbox_worker
from bot.settings import Settings
from bot.slack.serving import build_asgi, build_slack_app, start_event_redelivery
from db.engine import Database
from db.models import Employee, OutboxMessage, Role
from skills.common.time import FixedClock
from tests.fakes.live_markup import live_markup
from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_emulator import SlackEmulator
from tests.pinned import NOW

SIGNING_SECRET = "e2e-signing-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class BotServer:
    url: str
    runtime: Runtime
    worker: OutboxWorker


@pytest.fixture(scope="session")
def emulator() -> Iterator[SlackEmulator]:
    """One emulated workspace for the whole e2e suite; at the end every call the bot made must have been valid."""
    with SlackEmulator() as emulated:
        yield emulated
        emulated.assert_all_calls_valid()
        assert live_markup(emulated.calls) == []  # nothing any test made the bot send can mention or link


@pytest.fixture(scope="session")
def slack_settings(emulator: SlackEmulator, database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    home: Path = tmp_path_factory.mktemp("home")
    return Settings(
        _env_file=None,
        backoffice_home=home,
        database_url=database_url,
        slack_bot_token=emulator.bot_token,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=emulator.api_url,
        outbox_poll_seconds=0.2,
        support_contact="people@acme.example",
    )


@contextmanager
def running_server(runtime: Runtime) -> Iterator[BotServer]:
    """``serve``'s HTTP app and outbox worker for ``runtime``, in this process, on a free port."""
    stop = threading.Event()
    worker = start_outbox_worker(runtime, stop)
    app = build_slack_app(runtime, worker)
    port = free_port()
    handler = build_asgi(runtime, app, worker)
    start_event_redelivery(handler, stop, runtime.settings.outbox_poll_seconds)
    config = uvicorn.Config(handler, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield BotServer(f"http://127.0.0.1:{port}", runtime, worker)
    finally:
        server.should_exit = True
        stop.set()
        worker.kick()
        thread.join(timeout=5)
        runtime.database.dispose()


@pytest.fixture(scope="module")
def bot_server(slack_settings: Settings, migrated_database: Database) -> Iterator[BotServer]:
    """The real assembly: every skill, the offline router, the outbox worker.

    Per module, not per session: a live outbox worker would otherwise go on delivering the rows that later
    (non-Slack) test modules queue in the shared test database, to an emulator that rightly refuses them.
    """
    with running_server(build_runtime(slack_settings, clock=FixedClock(NOW))) as server:
        yield server


@pytest.fixture
def slack(bot_server: BotServer, emulator: SlackEmulator, database: Database) -> SlackDriver:
    """A driver signing requests to the running app (the database is emptied after each test)."""
    return SlackDriver(f"{bot_server.url}/slack/events", SIGNING_SECRET, emulator)


_counter = iter(range(1, 1_000_000))


@dataclass(frozen=True)
class Person:
    slack_id: str
    email: str
    employee_id: int


def add_person(
    database: Database,
    emulator: SlackEmulator,
    name: str = "Sam Carter",
    *,
    locale: str = "en-US",
    roles: set[Role] | None = None,
    in_directory: bool = True,
) -> Person:
    """A Slack member and (unless told otherwise) the directory entry with the same e-mail, not yet linked."""
    number = next(_counter)
    slack_id = f"U{number:08d}"
    email = f"{name.split()[0].lower()}{number}@acme.example"
    emulator.add_user(slack_id, email, name, locale=locale)
    employee_id = 0
    if in_directory:
        with database.session() as session:
            employee = Employee(email=email, name=name, locale=locale, timezone="America/New_York")
            employee.set_roles(roles or set())
            session.add(employee)
            session.flush()
            employee_id = employee.id
    return Person(slack_id, email, employee_id)


def wait_until_recorded(emulator: SlackEmulator, database: Database, card: dict[str, Any]) -> None:
    """Wait until the outbox has recorded ``card`` as sent: Slack shows a card a moment before the worker writes down
    its ``ts``, and replies in its thread are matched against that (a person takes longer than that to answer)."""

    def recorded() -> bool:
        with database.session() as session:
            return session.scalar(select(OutboxMessage).where(OutboxMessage.sent_ts == card["ts"])) is not None

    emulator.wait_for(recorded, timeout=10)
