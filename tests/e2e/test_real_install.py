"""A real install, not the demo: an empty database, then only the CLI (``db upgrade``, ``import employees``,
``serve``) and signed Slack requests. A leave request in English and one in Spanish reach the manager's card.

Everything runs as separate ``backoffice`` processes, as an operator would run them; the Slack emulator plays
Slack. ``BACKOFFICE_CLOCK_START`` starts the server's clock on the pinned day, so "Dec 14" means the same in any
year this test runs.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import SIGNING_SECRET
from tests.e2e.install import fresh_install, import_csv, serving
from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_emulator import SlackEmulator

PEOPLE = """slack_id,email,name,manager_email,department,roles,locale,timezone,country
,maria@acme.example,Maria Lopez,,Operations,manager,en-US,America/New_York,US
,sam@acme.example,Sam Carter,maria@acme.example,Operations,,en-US,America/New_York,US
,lucia@acme.example,Lucía Pérez,,Personas,manager;hr,es-ES,Europe/Madrid,ES-MD
,javier@acme.example,Javier Gómez,lucia@acme.example,Personas,,es-ES,Europe/Madrid,ES-MD
"""
MEMBERS = {
    "U0MARIA01": ("maria@acme.example", "Maria Lopez", "en-US"),
    "U0SAM0001": ("sam@acme.example", "Sam Carter", "en-US"),
    "U0LUCIA01": ("lucia@acme.example", "Lucía Pérez", "es-ES"),
    "U0JAVIER1": ("javier@acme.example", "Javier Gómez", "es-ES"),
}


@pytest.fixture
def installed(tmp_path: Path, emulator: SlackEmulator) -> Iterator[tuple[dict[str, str], str]]:
    """A fresh install served on a free port: its environment and the URL of its events endpoint."""
    for user_id, (email, name, locale) in MEMBERS.items():
        emulator.add_user(user_id, email, name, locale=locale)
    with fresh_install(tmp_path, emulator) as env:
        import_csv(env, tmp_path, "employees", PEOPLE, "4 created, 0 updated, 0 unchanged")
        with serving(env) as served:
            yield served, served["EVENTS_URL"]


def newest(emulator: SlackEmulator, user_id: str, needle: str, timeout: float = 30) -> dict[str, Any]:
    """The newest bot message in the user's DM whose rendering contains ``needle``."""

    def found() -> list[dict[str, Any]]:
        mine = [m for m in emulator.dm_messages(user_id) if m.get("bot_id")]
        return [m for m in mine if needle in emulator.render_text(m)][-1:]

    return emulator.wait_for(found, timeout=timeout)[0]


def request_and_confirm(slack: SlackDriver, emulator: SlackEmulator, user_id: str, text: str, confirm: str) -> float:
    """Ask for leave in a DM, press Confirm on the preview; the moment of the click."""
    slack.send_dm(user_id, text)
    preview = newest(emulator, user_id, f"[{confirm}]")
    clicked = time.monotonic()
    slack.click(user_id, "dialogue.confirm", message=preview)
    return clicked


@pytest.mark.e2e
def test_a_fresh_install_takes_leave_requests_in_both_languages(installed, emulator: SlackEmulator):
    _, events_url = installed
    slack = SlackDriver(events_url, SIGNING_SECRET, emulator)

    clicked = request_and_confirm(
        slack, emulator, "U0SAM0001", "I'd like to take vacation from Dec 14 to Dec 16", "Confirm"
    )
    card = newest(emulator, "U0MARIA01", "[Approve]")
    waited = time.monotonic() - clicked
    shown = emulator.render_text(card)
    assert "Sam Carter asks for Vacation" in shown and "Dec 14, 2026" in shown and "[Reject]" in shown
    print(f"Confirm to the manager's card: {waited * 1000:.0f} ms")

    request_and_confirm(slack, emulator, "U0JAVIER1", "quiero vacaciones del 14 al 16 de diciembre", "Confirmar")
    tarjeta = emulator.render_text(newest(emulator, "U0LUCIA01", "[Aprobar]"))
    assert "Javier Gómez" in tarjeta and "Vacaciones" in tarjeta and "[Rechazar]" in tarjeta
