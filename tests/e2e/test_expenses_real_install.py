"""Expenses on a real install, not the demo: an empty database, then only the CLI — ``db upgrade`` seeds the default
categories, ``import expense-categories`` replaces them (all or nothing), claims approved through Slack, ``export
expenses --status approved`` marks them exported in the same transaction, and ``expenses mark-paid`` pays them and
tells each employee once."""

from __future__ import annotations

import csv
import io
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import empty_database_url
from tests.e2e.conftest import SIGNING_SECRET, free_port
from tests.e2e.test_real_install import BACKOFFICE, backoffice, wait_until_healthy
from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_emulator import SlackEmulator
from tests.pinned import NOW

PEOPLE = """slack_id,email,name,manager_email,department,roles,locale,timezone,country
,mara@exp.example,Mara Soto,,Sales,manager,en-US,America/New_York,US
,omar@exp.example,Omar Diaz,mara@exp.example,Sales,,en-US,America/New_York,US
"""
CATEGORIES = """code,name_en,name_es,limit,currency,per,receipt_over,country
meals,Meals,Comidas,75,USD,day,25,US
travel,Travel,Viajes,,USD,item,25,
"""
MEMBERS = {"U0MARA001": ("mara@exp.example", "Mara Soto"), "U0OMAR001": ("omar@exp.example", "Omar Diaz")}


@pytest.fixture
def installed(tmp_path: Path, emulator: SlackEmulator) -> Iterator[dict[str, str]]:
    for user_id, (email, name) in MEMBERS.items():
        emulator.add_user(user_id, email, name, locale="en-US")
    with empty_database_url(tmp_path) as url:
        port = free_port()
        env = {**os.environ, "BACKOFFICE_HOME": str(tmp_path / "home"), "DATABASE_URL": url,
               "SLACK_BOT_TOKEN": emulator.bot_token, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
               "SLACK_API_URL": emulator.api_url, "BACKOFFICE_CLOCK_START": NOW.isoformat()}  # fmt: skip
        assert backoffice(env, "db", "upgrade").returncode == 0
        defaults = backoffice(env, "export", "expense-categories")
        assert defaults.returncode == 0 and len(defaults.stdout.strip().splitlines()) == 9, defaults.stderr
        people = tmp_path / "people.csv"
        people.write_text(PEOPLE, encoding="utf-8")
        assert backoffice(env, "import", "employees", str(people)).returncode == 0
        bad = tmp_path / "bad.csv"
        bad.write_text(CATEGORIES.replace("75,USD", "lots,XXX"), encoding="utf-8")
        refused = backoffice(env, "import", "expense-categories", str(bad))
        assert refused.returncode != 0 and "line 2" in refused.stderr + refused.stdout
        good = tmp_path / "categories.csv"
        good.write_text(CATEGORIES, encoding="utf-8")
        imported = backoffice(env, "import", "expense-categories", str(good))
        assert imported.returncode == 0 and "1 created" in imported.stdout and "switched off 7" in imported.stdout
        server = subprocess.Popen([BACKOFFICE, "serve", "--port", str(port), "--host", "127.0.0.1"], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
        try:
            wait_until_healthy(f"http://127.0.0.1:{port}/healthz", server)
            yield {**env, "EVENTS_URL": f"http://127.0.0.1:{port}/slack/events", "HOME_DIR": str(tmp_path)}
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


def newest(emulator: SlackEmulator, channel: str, needle: str) -> dict[str, Any]:
    def found() -> list[dict[str, Any]]:
        return [m for m in emulator.messages(channel) if m.get("bot_id") and needle in emulator.render_text(m)][-1:]

    return emulator.wait_for(found, timeout=30)[0]


@pytest.mark.e2e
def test_a_fresh_install_claims_approves_exports_and_pays(installed, emulator: SlackEmulator):
    slack = SlackDriver(installed["EVENTS_URL"], SIGNING_SECRET, emulator)
    dm, dm_mara = emulator.dm_channel_for("U0OMAR001"), emulator.dm_channel_for("U0MARA001")
    slack.send_dm("U0OMAR001", "taxi to the airport yesterday $22.50")
    slack.click("U0OMAR001", "dialogue.confirm", message=newest(emulator, dm, "[Confirm]"))
    card = newest(emulator, dm_mara, "[Approve]")
    slack.click("U0MARA001", "approvals.approve", message=card)
    newest(emulator, dm, "was approved")

    export = Path(installed["HOME_DIR"]) / "payroll.csv"
    exported = backoffice(installed, "export", "expenses", "--status", "approved", "--month", "2026-11", str(export))
    assert exported.returncode == 0, exported.stderr
    [row] = list(csv.DictReader(io.StringIO(export.read_text(encoding="utf-8"))))
    assert (row["email"], row["amount"], row["currency"], row["category"]) == ("omar@exp.example", "22.50", "USD",
                                                                                 "travel")  # fmt: skip
    again = backoffice(installed, "export", "expenses", "--status", "approved")
    assert again.returncode == 0 and len(again.stdout.strip().splitlines()) == 1  # the header: nothing twice
    bad_month = backoffice(installed, "export", "expenses", "--status", "approved", "--month", "2026-13")
    assert bad_month.returncode != 0 and "--month" in bad_month.stderr

    paid = backoffice(installed, "expenses", "mark-paid", str(export))
    assert paid.returncode == 0 and "Marked 1 claim(s) paid; told 1 employee(s)." in paid.stdout, paid.stderr
    newest(emulator, dm, "Paid: 1 expense claim(s), $22.50 in total")
    twice = backoffice(installed, "expenses", "mark-paid", str(export))
    assert "Marked 0 claim(s) paid" in twice.stdout and "left as they were" in twice.stderr
