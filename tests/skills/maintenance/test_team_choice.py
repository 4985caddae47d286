"""Which team a ticket goes to when several take its category: a company with a facilities team per office."""

from __future__ import annotations

from sqlalchemy import select

from skills.locations.models import Location
from skills.maintenance.models import Team
from skills.maintenance.queries import team_for

from .conftest import seed


def place(session, code: str) -> Location:
    found = session.scalar(select(Location).where(Location.code == code))
    assert found is not None
    return found


def code_of(team: Team | None) -> str | None:
    return team.code if team is not None else None


def test_without_a_shared_channel_the_team_whose_people_work_there_takes_it(session):
    # Teams post in their own channels, not in the offices' alert channels (#ops-nyc for stock): a New York leak went
    # to Madrid's team, the first by code.
    seed(session)
    for team in session.scalars(select(Team)):
        team.channel = {"FAC-NY": "#fix-ny", "FAC-MAD": "#arreglos-madrid"}.get(team.code, team.channel)
    session.flush()
    assert code_of(team_for(session, "plumbing", None, place(session, "NY-F2-KITCHEN"))) == "FAC-NY"
    assert code_of(team_for(session, "hvac", None, place(session, "MAD-GOYA"))) == "FAC-MAD"
    assert code_of(team_for(session, "plumbing", None, None)) == "FAC-MAD"  # no place: the first by code, as before


def test_a_category_no_local_team_takes_goes_to_the_places_general_team(session):
    # Only London's team took HVAC: a Monterrey air conditioner went to London rather than to Monterrey's own team.
    seed(session)
    for team in session.scalars(select(Team)):
        team.channel = {"FAC-NY": "#fix-ny", "FAC-MAD": "#arreglos-madrid"}.get(team.code, team.channel)
        if team.code == "FAC-MAD":
            team.categories = [category for category in team.categories or [] if category != "hvac"] + ["other"]
        elif "hvac" not in (team.categories or []):
            team.categories = [*(team.categories or []), "hvac"]
    session.flush()
    assert code_of(team_for(session, "hvac", None, place(session, "MAD-GOYA"))) == "FAC-MAD"
    assert code_of(team_for(session, "hvac", None, place(session, "NY-F2-KITCHEN"))) != "FAC-MAD"
    assert code_of(team_for(session, "hvac", None, None)) != "FAC-MAD"  # no place: a team taking the category
