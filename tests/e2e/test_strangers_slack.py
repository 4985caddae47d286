"""People the directory does not know, with no SUPPORT_CONTACT set: told whom to ask in their own language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.runtime import build_runtime
from bot.settings import Settings
from db.engine import Database
from skills.common.time import FixedClock
from tests.e2e.conftest import SIGNING_SECRET, BotServer, add_person, running_server
from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_emulator import SlackEmulator
from tests.pinned import NOW


@pytest.fixture(scope="module")
def default_contact_server(slack_settings: Settings, migrated_database: Database) -> Iterator[BotServer]:
    """The real assembly as installed: SUPPORT_CONTACT left at its default."""
    settings = slack_settings.model_copy(update={"support_contact": Settings.model_fields["support_contact"].default})
    with running_server(build_runtime(settings, clock=FixedClock(NOW))) as server:
        yield server


@pytest.mark.parametrize(
    ("locale", "expected"), [("es-ES", "Pide a tu equipo de RR. HH. que te añada"), ("en-US", "ask your HR team")]
)
def test_a_stranger_is_told_to_ask_hr_in_their_language(
    default_contact_server: BotServer, emulator: SlackEmulator, database: Database, locale: str, expected: str
) -> None:
    slack = SlackDriver(f"{default_contact_server.url}/slack/events", SIGNING_SECRET, emulator)
    stranger = add_person(database, emulator, "Nadie Conocido", locale=locale, in_directory=False)
    slack.send_dm(stranger.slack_id, "hola")
    [told] = emulator.wait_for(lambda: [m for m in emulator.dm_messages(stranger.slack_id) if m.get("bot_id")])
    assert expected in told["text"] and "your HR team" not in told["text"].replace(expected, "")
