"""The views on objects that belong to no session: the team's card (buttons by status), the requester's card, the
rating card, the duplicate offer, the status answer, in both languages; Slack's limits kept."""

from __future__ import annotations

from datetime import timedelta

from slack_sdk.models.blocks import Block

from db.models import Employee
from skills.locations.models import Location
from skills.maintenance import views
from skills.maintenance.models import Asset, Status, Team, Ticket
from tests.pinned import NOW


def ticket(status: Status = Status.REQUESTED, **extra) -> Ticket:
    madrid = Location(code="MAD", name="Madrid office", country="ES-MD", timezone="Europe/Madrid")
    goya = Location(code="MAD-GOYA", name="Sala Goya", parent=madrid)
    team = Team(code="FAC-MAD", name="Mantenimiento Madrid", channel="#facilities-madrid")
    eva = Employee(id=6, email="eva@corp.example", name="Eva", locale="es-ES", timezone="Europe/Madrid")
    asset = Asset(tag="AC-MAD-GOYA", name="Aire acondicionado sala Goya", category="hvac", location=goya)
    found = Ticket(id=12, summary="No funciona el aire de la sala Goya " + "x" * 3000, category="hvac",
                   priority="P2", status=status, requester=eva, requester_id=6, team=team, asset=asset,
                   location=goya, followers=[7, 8], resolution_due=NOW + timedelta(hours=9), lang="es")  # fmt: skip
    for key, value in extra.items():
        setattr(found, key, value)
    return found


def labels(blocks) -> list[str]:
    return [e["text"]["text"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def valid(blocks) -> None:
    for block in blocks:
        Block.parse(block)
        for text in [block.get("text", {}).get("text", "")] + [e.get("text", "") for e in block.get("elements", [])
                                                               if isinstance(e.get("text"), str)]:  # fmt: skip
            assert len(text) <= 3000


def test_the_team_card_offers_what_the_status_allows():
    requested = views.team_card(ticket(), "es")
    assert labels(requested.blocks) == ["Me la quedo", "Asignar", "En espera", "Resolver"]
    assert "Personas afectadas:* 3" in str(requested.blocks) and "Sala Goya" in str(requested.blocks)
    held = views.team_card(ticket(Status.ON_HOLD), "en")
    assert labels(held.blocks) == ["Take", "Assign", "Resume", "Resolve"] and "(paused)" in str(held.blocks)
    working = views.team_card(ticket(Status.IN_PROGRESS), "en")
    assert labels(working.blocks) == ["Assign", "On hold", "Resolve"]
    closed = views.team_card(ticket(Status.CLOSED, resolution="filtro nuevo"), "es")
    assert labels(closed.blocks) == [] and "filtro nuevo" in str(closed.blocks)
    for card in (requested, held, working, closed):
        valid(card.blocks)
        assert views.is_ticket_card(card.blocks)


def test_the_requester_card_rating_duplicates_and_status():
    mine = views.requester_card(ticket(), "es")
    assert labels(mine.blocks) == ["Cancelar incidencia"] and "Mantenimiento Madrid" in str(mine.blocks)
    rating = views.rating_card(ticket(Status.RESOLVED), "en", "new filter", "Marta")
    assert labels(rating.blocks) == ["👍 Fixed", "👎 Still broken"] and "resolved by Marta: new filter" in rating.text
    assert not views.is_ticket_card(rating.blocks)
    offer = views.duplicate_offer([ticket()], "en")
    assert labels(offer) == ["+1 and follow #12"]
    status = views.status_card([ticket()], "es")
    assert "Plazo" in str(status.blocks) and "recibida" in str(status.blocks)
    assert views.status_card([], "en").text.startswith("You have no open tickets")
    for blocks in (mine.blocks, rating.blocks, offer, status.blocks):
        valid(blocks)


def test_a_plan_tickets_times_are_in_its_team_leads_zone_when_its_place_has_none():
    """A preventive plan's ticket has no requester; at a place imported without a time zone its due time was shown in
    UTC, an hour off the team's other tickets in Madrid."""
    pablo = Employee(id=9, email="pablo@corp.example", name="Pablo", timezone="Europe/Madrid")
    room = Location(code="MAD-SOL", name="Sala Sol", country="ES")
    team = Team(code="FAC-MAD", name="Mantenimiento Madrid", lead=pablo)
    found = ticket(requester=None, requester_id=None, location=room, asset=None, team=team)
    assert views.zone_of(found) == "Europe/Madrid"
    team.lead = None
    assert views.zone_of(found) == "UTC"
