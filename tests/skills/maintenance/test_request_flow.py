"""A ticket from one sentence through the assistant, in both languages: the form reads category, place, asset and
priority; the preview card; Confirm files it, posts the team's card and the requester's card; duplicates offered."""

from __future__ import annotations

from sqlalchemy import select

from skills.maintenance.models import Status, Ticket

from .conftest import outbox, text_of


def test_a_sentence_becomes_a_preview_then_a_ticket_routed_to_it(harness, people):
    replies = harness.say(people.ana, "the printer on the 3rd floor is jammed again")
    shown = text_of(replies)
    assert "3rd floor printer" in shown and "IT support" in shown and "P3" in shown
    assert "[Confirm]" in shown
    with harness.database.session() as session:
        assert session.scalar(select(Ticket)) is None  # nothing written before Confirm
    done = harness.press(people.ana, replies[-1], "Confirm")
    assert "#" in text_of(done) and "IT support" in text_of(done)
    with harness.database.session() as session:
        ticket = session.scalars(select(Ticket)).one()
        assert (ticket.category, ticket.priority, ticket.asset.tag, ticket.status) == (
            "it",
            "P3",
            "PRN-NY-301",
            Status.REQUESTED,
        )
        assert ticket.team.code == "IT" and ticket.resolution_due is not None
    cards = outbox(harness.database, entity_type="maintenance_ticket")
    assert [c.channel for c in cards if c.channel] == ["#it-support"]
    assert any(c.recipient_id == people.ana.id for c in cards)


def test_spanish_sentence_in_spanish(harness, people):
    replies = harness.say(people.eva, "no funciona el aire acondicionado de la sala Goya")
    shown = text_of(replies)
    assert "Aire acondicionado sala Goya" in shown and "Climatización" in shown and "[Confirmar]" in shown
    ticket = harness.report(people.eva, "no funciona el aire acondicionado de la sala Sorolla")
    assert ticket.category == "hvac" and ticket.lang == "es"


def test_water_and_urgent_raise_the_priority(harness, people):
    ticket = harness.report(people.ana, "water leaking under the sink in the 2nd floor kitchen — urgent")
    assert (ticket.priority, ticket.category) == ("P1", "plumbing")


def test_a_similar_open_ticket_is_offered_and_following_drops_the_draft(harness, people):
    first = harness.report(people.ana, "the printer on the 3rd floor is jammed again")
    replies = harness.say(people.bob, "3rd floor printer jammed", origin=harness_origin("D0BOB"))
    shown = text_of(replies)
    assert f"+1 and follow #{first.id}" in shown
    followed = harness.press(people.bob, replies[-1], f"+1 and follow #{first.id}", harness_origin("D0BOB"))
    assert "follow" in text_of(followed)
    with harness.database.session() as session:
        assert session.scalar(select(Ticket).where(Ticket.id == first.id)).followers == [people.bob.id]
        assert len(session.scalars(select(Ticket)).all()) == 1


def harness_origin(channel: str):
    from bot.assistant import Origin

    return Origin("slack", f"{channel}:1700000000.000200")


def test_a_report_naming_no_known_place_asks_where_with_the_places_known(harness, people):
    """Not a card saying "Where: -" as if that were fine: the reporter is told the place is unknown and which places
    there are, nothing is written, and the answer fills it in."""
    replies = harness.say(people.ana, "the window in the Jupiter room is broken")
    shown = text_of(replies)
    assert "names no place or equipment I know" in shown and "2nd floor kitchen" in shown and "New York office" in shown
    assert "[Confirm]" not in shown and "Where: -" not in shown
    unknown = text_of(harness.say(people.ana, "the Neptune room"))
    assert (
        "I don't know a place or an asset called" in unknown
        and "the Neptune room" in unknown
        and "New York office" in unknown
    )
    with harness.database.session() as session:
        assert session.scalar(select(Ticket)) is None
    card = text_of(harness.say(people.ana, "2nd floor kitchen"))
    assert "[Confirm]" in card and "2nd floor kitchen" in card.split("Where:")[1]


def test_a_report_naming_no_place_asks_where_in_spanish(harness, people):
    shown = text_of(harness.say(people.eva, "no funciona la luz en la sala Picasso"))
    assert "no nombra ningún lugar ni equipo que conozca. Lugares que conozco:" in shown and "[Confirmar]" not in shown


def test_a_second_report_at_a_waiting_preview_is_a_new_ticket_not_a_correction(harness, people):
    """A forgotten preview answered the next problem report with "Sorry, what would you like to change?"."""
    first = text_of(harness.say(people.eva, "no funciona el aire acondicionado de la sala Goya"))
    assert "[Confirmar]" in first
    replies = harness.say(people.eva, "la nevera de la cocina de la segunda planta no enfría")
    shown = text_of(replies)
    assert "qué quieres cambiar" not in shown and "[Confirmar]" in shown and "evera" in shown.split("Dónde")[0], shown
    with harness.database.session() as session:
        assert session.scalar(select(Ticket)) is None
