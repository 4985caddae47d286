"""Expenses on a real install, not the demo: an empty database, then only the CLI — ``db upgrade`` seeds the default
categories, ``import expense-categories`` replaces them (all or nothing), claims approved through Slack, ``export
expenses --status approved`` marks them exported in the same transaction, and ``expenses mark-paid`` pays them and
tells each employee once."""

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
    """A fresh install whose default categories a CSV replaces (a bad file first, refused whole), served."""
    for user_id, (email, name) in MEMBERS.items():
        emulator.add_user(user_id, email, name, locale="en-US")
    with fresh_install(tmp_path, emulator) as env:
        defaults = backoffice(env, "export", "expense-categories")
        assert defaults.returncode == 0 and len(defaults.stdout.strip().splitlines()) == 9, defaults.stderr
        import_csv(env, tmp_path, "employees", PEOPLE)
        bad = tmp_path / "bad.csv"
        bad.write_text(CATEGORIES.replace("75,USD", "lots,XXX"), encoding="utf-8")
        refused = backoffice(env, "import", "expense-categories", str(bad))
        assert refused.returncode != 0 and "line 2" in refused.stderr + refused.stdout
        imported = import_csv(env, tmp_path, "expense-categories", CATEGORIES, "1 created")
        assert "switched off 7" in imported
        with serving(env) as served:
            yield {**served, "HOME_DIR": str(tmp_path)}


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
    assert f"Exported 1 expense claim to {export}." in exported.stderr  # it read "1 row of expense claim"
    [row] = list(csv.DictReader(io.StringIO(export.read_text(encoding="utf-8"))))
    assert (row["email"], row["amount"], row["currency"], row["category"]) == ("omar@exp.example", "22.50", "USD",
                                                                                 "travel")  # fmt: skip
    again = backoffice(installed, "export", "expenses", "--status", "approved")
    assert again.returncode == 0 and len(again.stdout.strip().splitlines()) == 1  # the header: nothing twice
    bad_month = backoffice(installed, "export", "expenses", "--status", "approved", "--month", "2026-13")
    assert bad_month.returncode != 0 and "--month" in bad_month.stderr

    paid = backoffice(installed, "expenses", "mark-paid", str(export))
    assert paid.returncode == 0 and "Marked 1 claim paid; told 1 employee." in paid.stdout, paid.stderr
    newest(emulator, dm, "Paid with payroll: your expense claim #")
    twice = backoffice(installed, "expenses", "mark-paid", str(export))
    assert "Marked 0 claims paid" in twice.stdout and "left as they were" in twice.stderr
