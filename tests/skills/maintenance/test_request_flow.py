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


def test_an_unknown_place_is_asked_again(harness, people):
    replies = harness.say(people.ana, "something is broken")
    assert "[Confirm]" in text_of(replies)  # no place: it can still be filed (the team asks)
