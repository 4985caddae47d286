"""The teams, assets and plans imports: all-or-nothing with every bad row named, an export imported again changing
nothing."""

from __future__ import annotations

import io

import pytest

from skills.common.reference import ReferenceImportError, export_to, import_text
from skills.maintenance.reference import ASSETS, PLANS, TEAMS

from .conftest import importer, seed

PLANS_HEADER = "code,asset_tag,task,kind,every,unit,lead_days,next_due,checklist\n"


@pytest.fixture
def company(session):
    company = seed(session, plans=True)
    return company


@pytest.mark.parametrize("kind", [TEAMS, ASSETS, PLANS], ids=lambda kind: kind.name)
def test_export_then_import_changes_nothing(session, company, kind):
    out = io.StringIO()
    assert export_to(session, kind, out) > 0
    summary = import_text(session, kind, out.getvalue(), importer("export.csv"))
    assert (summary.created, summary.updated) == (0, 0)


def test_bad_team_rows_are_all_named_and_nothing_is_written(session, company):
    text = ("code,name,channel,lead_email,member_emails,categories\n"
            "NEW,New team,#new-team,nobody@corp.example,,hvac\n"
            "BAD,Bad,not a channel,,,plumbing;spaceships\n")  # fmt: skip
    with pytest.raises(ReferenceImportError) as raised:
        import_text(session, TEAMS, text, importer("teams.csv"))
    reasons = " | ".join(f"{p.line}: {p.reason}" for p in raised.value.problems)
    assert "2: unknown employee nobody@corp.example" in reasons
    assert "3: bad channel" in reasons and "spaceships" in reasons


def test_a_row_with_a_bad_cell_is_still_checked_against_people_places_and_teams(session, company):
    teams = ("code,name,channel,lead_email,member_emails,categories\n"
             "NEW,New team,#new-team,nobody@corp.example,ghost@corp.example,spaceships\n")  # fmt: skip
    with pytest.raises(ReferenceImportError) as raised:
        import_text(session, TEAMS, teams, importer("teams.csv"))
    reasons = [p.reason for p in raised.value.problems]
    assert reasons[0].startswith("unknown category 'spaceships'")
    assert reasons[1:] == ["unknown employee nobody@corp.example, ghost@corp.example"]
    assets = "tag,name,category,location_code,team_code\nX-1,Thing,spaceship,NOWHERE,NOTEAM\n"
    with pytest.raises(ReferenceImportError) as raised:
        import_text(session, ASSETS, assets, importer("assets.csv"))
    reasons = [p.reason for p in raised.value.problems]
    assert reasons[1:] == ["unknown location_code NOWHERE", "unknown team_code NOTEAM"]


LEAD = "ana@corp.example"


def test_a_member_or_category_written_twice_is_kept_once(session, company):
    text = ("code,name,channel,lead_email,member_emails,categories\n"
            f"DUP,Dup team,#dup,,{LEAD};{LEAD.upper()};{LEAD},hvac;HVAC;plumbing\n")  # fmt: skip
    import_text(session, TEAMS, text, importer("teams.csv"))
    out = io.StringIO()
    export_to(session, TEAMS, out)
    assert f"DUP,Dup team,#dup,,{LEAD},hvac;plumbing" in out.getvalue().splitlines()


def test_bad_asset_and_plan_rows(session, company):
    with pytest.raises(ReferenceImportError) as raised:
        import_text(session, ASSETS, "tag,name,category,location_code,team_code\nX-1,Thing,hvac,NOWHERE,NOTEAM\n",
                    importer("assets.csv"))  # fmt: skip
    reasons = [p.reason for p in raised.value.problems]
    assert reasons == ["unknown location_code NOWHERE", "unknown team_code NOTEAM"]
    bad_plans = (PLANS_HEADER + "P-1,AC-NY-2,Filters,meter,100,h,0,,\n"  # AC has no meter
                 "P-2,AC-NY-2,Filters,fixed,3,fortnights,0,2026-12-01,\n"
                 "P-3,GONE,Filters,fixed,3,months,0,,\n")  # fmt: skip
    with pytest.raises(ReferenceImportError) as raised:
        import_text(session, PLANS, bad_plans, importer("plans.csv"))
    reasons = [f"{p.line}: {p.reason}" for p in raised.value.problems]
    assert reasons == ["2: asset AC-NY-2 has no meter_unit", "3: bad unit 'fortnights': expected days, weeks or months",
                       "4: unknown asset_tag GONE", "4: a fixed or floating plan needs next_due"]  # fmt: skip
