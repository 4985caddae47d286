"""Stock on a real install, not the demo: an empty database, then only the CLI (``db upgrade``, ``import
employees``, ``import locations``, ``import items``, ``serve``), signed Slack requests, and the exports.

A request in a DM reaches the warehouse channel, the warehouse fulfils it, the requester is told; then ``export
stock`` and ``export movements --from --to`` show the issue, as separate ``backoffice`` processes would.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import SIGNING_SECRET
from tests.e2e.install import backoffice, fresh_install, import_csv, serving
from tests.e2e.install import newest_in as newest
from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_emulator import SlackEmulator

PEOPLE = """slack_id,email,name,manager_email,department,roles,locale,timezone,country
,nora@stock.example,Nora Diaz,,Operations,,en-US,America/New_York,US
,walt@stock.example,Walt Kim,,Warehouse,warehouse,en-US,America/New_York,US
"""
PLACES = """code,name,parent_code,country,alert_channel,timezone,aliases
NY,New York office,,US-NY,,America/New_York,
NY-WH,New York warehouse,NY,,#stock-ny,,NY warehouse
"""
ITEMS = """sku,name,aliases,unit,location_code,quantity,reorder_level,reorder_qty
ADP-HDMI,USB-C to HDMI adapter,HDMI adapter;adaptador HDMI,unit,NY-WH,6,5,10
"""
MEMBERS = {"U0NORA001": ("nora@stock.example", "Nora Diaz"), "U0WALT001": ("walt@stock.example", "Walt Kim")}
CHANNEL = "C0STOCKNY1"


@pytest.fixture
def installed(tmp_path: Path, emulator: SlackEmulator) -> Iterator[dict[str, str]]:
    """A fresh install with people, places and items imported by the CLI, served on a free port."""
    for user_id, (email, name) in MEMBERS.items():
        emulator.add_user(user_id, email, name, locale="en-US")
    emulator.add_channel(CHANNEL, "stock-ny")
    with fresh_install(tmp_path, emulator) as env:
        import_csv(env, tmp_path, "employees", PEOPLE, "2 created")
        import_csv(env, tmp_path, "locations", PLACES, "2 created")
        import_csv(env, tmp_path, "items", ITEMS, "1 created")
        with serving(env) as served:
            yield served


@pytest.mark.e2e
def test_a_fresh_install_takes_an_item_request_to_the_warehouse_and_back(installed, emulator: SlackEmulator):
    slack = SlackDriver(installed["EVENTS_URL"], SIGNING_SECRET, emulator)
    dm = emulator.dm_channel_for("U0NORA001")
    slack.send_dm("U0NORA001", "I need 2 HDMI adapters")
    slack.click("U0NORA001", "dialogue.confirm", message=newest(emulator, dm, "[Confirm]"))
    card = newest(emulator, CHANNEL, "[Fulfil]")
    assert "Nora Diaz asks for 2 units of USB-C to HDMI adapter" in emulator.render_text(card).replace("*", "")
    slack.click("U0WALT001", "stock.pick.fulfil", message=card, channel=CHANNEL)
    told = newest(emulator, dm, "is ready")
    assert "Walt Kim issued it at New York warehouse" in emulator.render_text(told)
    alert = newest(emulator, CHANNEL, "Low stock")  # the request reserved 2 of 6: 4 available, under the level of 5
    assert "USB-C to HDMI adapter at New York warehouse" in emulator.render_text(alert)

    stock = backoffice(installed, "export", "stock")
    assert stock.returncode == 0, stock.stderr
    [row] = list(csv.DictReader(io.StringIO(stock.stdout)))
    assert (row["on_hand"], row["reserved"], row["available"], row["below_level"]) == ("4", "0", "4", "yes")
    movements = backoffice(installed, "export", "movements", "--from", "2026-11-25", "--to", "2026-11-25")
    kinds = [(r["kind"], r["quantity"], r["balance_after"]) for r in csv.DictReader(io.StringIO(movements.stdout))]
    assert kinds == [("opening", "6", "6"), ("issue", "-2", "4")]
    refused = backoffice(installed, "export", "movements", "--from", "2026-11-26", "--to", "2026-11-25")
    assert refused.returncode != 0 and "--to must be on or after --from" in refused.stderr


@pytest.mark.e2e
def test_help_on_a_fresh_install_suggests_the_companys_own_item_and_currency(installed, emulator: SlackEmulator):
    slack = SlackDriver(installed["EVENTS_URL"], SIGNING_SECRET, emulator)
    dm = emulator.dm_channel_for("U0WALT001")  # not Nora: the emulator outlives one test
    slack.send_dm("U0WALT001", "help")
    card = emulator.render_text(newest(emulator, dm, "Stock"))
    assert "e.g. _do we have any USB-C to HDMI adapter in stock?_" in card  # the company's item, not the demo's
    assert "Madrid" not in card and "Goya" not in card
    assert "taxi to the airport yesterday $" in card and "I need Dec 7-9 off" in card  # a US office; days ahead
    slack.send_dm("U0WALT001", "do we have any USB-C to HDMI adapter in stock?")  # doing what it suggests works
    answer = emulator.render_text(newest(emulator, dm, "New York warehouse"))
    assert "6" in answer and "USB-C to HDMI adapter" in answer
