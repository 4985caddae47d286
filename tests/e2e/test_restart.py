"""``backoffice serve`` stopped and started again on a real install, as an operator restarts it (an upgrade, a
reboot): a preview shown before the restart is confirmed after it exactly once, a Slack retry of an event handled
before it is not answered again, and notifications Slack refused before it are delivered after it, once each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from db.engine import Database
from tests.e2e.conftest import SIGNING_SECRET
from tests.e2e.install import fresh_install, import_csv, serving
from tests.e2e.test_real_install import MEMBERS, PEOPLE
from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_emulator import SlackEmulator

SAM, MARIA, JAVIER, LUCIA = "U0SAM0001", "U0MARIA01", "U0JAVIER1", "U0LUCIA01"


def shown_with(emulator: SlackEmulator, user_id: str, needle: str) -> list[dict[str, Any]]:
    """The bot's messages in the user's DM whose rendering contains ``needle``."""
    mine = [m for m in emulator.dm_messages(user_id) if m.get("bot_id")]
    return [m for m in mine if needle in emulator.render_text(m)]


def count(database: Database, query: str) -> int:
    with database.engine.connect() as connection:
        return int(connection.execute(text(query)).scalar() or 0)


@pytest.mark.e2e
def test_a_restart_between_preview_and_confirm_loses_nothing_and_doubles_nothing(tmp_path: Path):
    # A workspace of its own: the suite's shared one holds other tests' cards, and must not keep this one's outage.
    with SlackEmulator() as emulator:
        for user_id, (email, name, locale) in MEMBERS.items():
            emulator.add_user(user_id, email, name, locale=locale)
        restart_between_preview_and_confirm(tmp_path, emulator)
        emulator.assert_all_calls_valid()


def restart_between_preview_and_confirm(tmp_path: Path, emulator: SlackEmulator) -> None:
    """The scenario of the test above, on ``emulator``."""
    with fresh_install(tmp_path, emulator, OUTBOX_POLL_SECONDS="0.2") as env:
        import_csv(env, tmp_path, "employees", PEOPLE, "4 created")
        database = Database(env["DATABASE_URL"])
        outage = {"on": False}
        emulator.fail_while("chat.postMessage", lambda: outage["on"], status=429, retry_after=1)
        with serving(env) as first:
            slack = SlackDriver(first["EVENTS_URL"], SIGNING_SECRET, emulator)
            _, _, asked = slack.send_dm(SAM, "I'd like to take vacation from Dec 14 to Dec 16")
            sams_preview = emulator.wait_for(lambda: shown_with(emulator, SAM, "[Confirm]"), timeout=30)[-1]
            slack.send_dm(JAVIER, "quiero vacaciones del 14 al 16 de diciembre")
            javiers_preview = emulator.wait_for(lambda: shown_with(emulator, JAVIER, "[Confirmar]"), timeout=30)[-1]
            outage["on"] = True  # Slack refuses posts: Javier's confirmation and Lucía's card wait in the outbox
            slack.click(JAVIER, "dialogue.confirm", message=javiers_preview)
            emulator.wait_for(lambda: count(database, "SELECT count(*) FROM leave_requests") == 1, timeout=30)
            emulator.wait_for(lambda: count(database, "SELECT count(*) FROM outbox WHERE status <> 'sent'"), timeout=30)
        waiting = count(database, "SELECT count(*) FROM outbox WHERE status <> 'sent'")
        assert waiting >= 1 and not shown_with(emulator, LUCIA, "[Aprobar]")
        outage["on"] = False

        with serving(env) as second:
            slack.app_url = second["EVENTS_URL"]
            # what waited at shutdown is delivered by the new process, once
            emulator.wait_for(lambda: shown_with(emulator, LUCIA, "[Aprobar]"), timeout=30)
            emulator.wait_for(lambda: count(database, "SELECT count(*) FROM outbox WHERE status <> 'sent'") == 0,
                              timeout=30)  # fmt: skip
            # the preview shown by the old process is confirmed through the new one
            status, _ = slack.click(SAM, "dialogue.confirm", message=sams_preview)
            assert status == 200
            emulator.wait_for(lambda: shown_with(emulator, MARIA, "[Approve]"), timeout=30)
            # a second press of the same Confirm, and Slack retrying the first message, change nothing
            slack.click(SAM, "dialogue.confirm", message=sams_preview)
            before = len([m for m in emulator.dm_messages(SAM) if m.get("bot_id")])
            assert slack.send_dm(SAM, "", event_id=asked, retry_num=1)[0] == 200
            slack.send_dm(SAM, "thanks")  # answered after both, so both were handled when it is
            emulator.wait_for(lambda: len([m for m in emulator.dm_messages(SAM) if m.get("bot_id")]) > before,
                              timeout=30)  # fmt: skip
            after = [m for m in emulator.dm_messages(SAM) if m.get("bot_id")][before:]
            assert not [m for m in after if "[Confirm]" in emulator.render_text(m)]  # the retry showed no preview
        assert count(database, "SELECT count(*) FROM leave_requests") == 2
        assert len(shown_with(emulator, MARIA, "[Approve]")) == 1 and len(shown_with(emulator, LUCIA, "[Aprobar]")) == 1
        assert count(database, "SELECT count(*) FROM outbox WHERE status <> 'sent'") == 0
        database.dispose()
