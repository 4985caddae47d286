"""Maintenance on a real install, not the demo: an empty database, then only the CLI (``db upgrade``, ``import
employees``, ``locations``, ``teams``, ``assets``, ``plans``, ``serve``), signed Slack requests, and the export.

The upgrade seeds the SLA targets; a problem reported in a DM reaches the team's channel, is taken and resolved from
its thread, the requester is told; ``export tickets --from --to --chart`` shows it, as a separate process would.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from db.engine import Database
from skills.maintenance.models import SlaTarget
from tests.e2e.conftest import SIGNING_SECRET
from tests.e2e.install import backoffice, fresh_install, import_csv, serving
from tests.e2e.install import newest_in as newest
from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_emulator import SlackEmulator

PEOPLE = """slack_id,email,name,manager_email,department,roles,locale,timezone,country
,rita@fix.example,Rita Cole,,Sales,,en-US,America/New_York,US-NY
,tom@fix.example,Tom Hale,,Facilities,facilities,en-US,America/New_York,US-NY
"""
PLACES = """code,name,parent_code,country,alert_channel,timezone,aliases
NY,New York office,,US-NY,,America/New_York,
NY-F4,Floor 4,NY,,,,4th floor
"""
TEAMS = """code,name,channel,lead_email,member_emails,categories
FAC,Facilities,C0FIXNY001,tom@fix.example,,hvac;plumbing;electrical;appliance;building;furniture;cleaning;other
"""
ASSETS = """tag,name,category,location_code,team_code,aliases,meter_unit
AC-4,Floor 4 air conditioning,hvac,NY-F4,FAC,AC;air conditioning,
GEN-1,Generator,electrical,NY,FAC,generator,h
"""
PLANS = """code,asset_tag,task,kind,every,unit,lead_days,next_due,checklist
PM-GEN,GEN-1,Generator service,meter,250,h,0,,Oil;Filters
"""
MEMBERS = {"U0RITA001": ("rita@fix.example", "Rita Cole"), "U0TOM0001": ("tom@fix.example", "Tom Hale")}
CHANNEL = "C0FIXNY001"


@pytest.fixture
def installed(tmp_path: Path, emulator: SlackEmulator) -> Iterator[dict[str, str]]:
    """A fresh install with people, places, teams, assets and plans imported by the CLI, served on a free port."""
    for user_id, (email, name) in MEMBERS.items():
        emulator.add_user(user_id, email, name, locale="en-US")
    emulator.add_channel(CHANNEL, "facilities")
    with fresh_install(tmp_path, emulator) as env:
        for kind, text, expected in (("employees", PEOPLE, "2 created"), ("locations", PLACES, "2 created"),
                                     ("teams", TEAMS, "1 created"), ("assets", ASSETS, "2 created"),
                                     ("plans", PLANS, "1 created")):  # fmt: skip
            import_csv(env, tmp_path, kind, text, expected)
        with serving(env) as served:
            yield served


@pytest.mark.e2e
def test_a_fresh_install_takes_a_problem_to_the_team_and_back(installed, emulator: SlackEmulator, tmp_path: Path):
    database = Database(installed["DATABASE_URL"])
    try:
        with database.session() as session:
            targets = {t.priority: (t.response_hours, t.resolution_hours) for t in session.scalars(select(SlaTarget))}
        assert targets == {"P1": (1, 4), "P2": (2, 9), "P3": (4, 27), "P4": (9, 90)}
    finally:
        database.dispose()
    slack = SlackDriver(installed["EVENTS_URL"], SIGNING_SECRET, emulator)
    dm = emulator.dm_channel_for("U0RITA001")
    slack.send_dm("U0RITA001", "the air conditioning on the 4th floor is blowing hot air")
    preview = newest(emulator, dm, "[Confirm]")
    assert "Floor 4 air conditioning" in emulator.render_text(preview)
    slack.click("U0RITA001", "dialogue.confirm", message=preview)
    card = newest(emulator, CHANNEL, "[Take]")
    slack.click("U0TOM0001", "maintenance.take", message=card, channel=CHANNEL)
    newest(emulator, dm, "Tom Hale is on it")
    slack.send_channel_message("U0TOM0001", CHANNEL, "resolved: recharged the refrigerant", thread_ts=card["ts"])
    newest(emulator, dm, "recharged the refrigerant")

    chart = tmp_path / "tickets.png"
    exported = backoffice(installed, "export", "tickets", "--from", "2026-11-25", "--to", "2026-11-25",
                          "--chart", str(chart))  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    [row] = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert (row["asset_tag"], row["status"], row["sla_state"], row["team"]) == ("AC-4", "resolved", "met", "FAC")
    assert chart.read_bytes()[:4] == b"\x89PNG"
    refused = backoffice(installed, "export", "tickets", "--from", "2026-11-26", "--to", "2026-11-25")
    assert refused.returncode != 0 and "--to must be on or after --from" in refused.stderr
