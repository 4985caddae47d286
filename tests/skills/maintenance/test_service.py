"""Ticket commands on the real database: routing, take (requester told), resolve (notes needed, 👍/👎 offered),
👎 reopens, comments mirrored between the two cards' threads, +1, SLA reminders once each, pause and resume."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from db.models import AuditEntry, OutboxMessage
from skills.maintenance import queries, service
from skills.maintenance.errors import NotesNeeded, NotTeamMember, WrongStatus
from skills.maintenance.models import Status, Ticket, TicketEvent
from skills.maintenance.service import NewTicket

from .conftest import CONFIG, actor, asset, seed


@pytest.fixture
def company(session):
    return seed(session)


def file(session, who, tag="AC-NY-3", priority="P3", summary="AC dripping on desks", when=None):
    found = asset(session, tag)
    new = NewTicket(summary=summary, original_text=summary, category=found.category, priority=priority,
                    asset=found, location=found.location, lang="en", thread_key="D1:1.1")  # fmt: skip
    kwargs = {"when": when} if when else {}
    return service.create_ticket(session, actor=actor(session, who, **kwargs), new=new, config=CONFIG)


def posts(session, ticket, **where):
    query = select(OutboxMessage).where(OutboxMessage.entity_id == str(ticket.id), OutboxMessage.kind == "post")
    found = list(session.scalars(query.order_by(OutboxMessage.id)))
    return [m for m in found if all(getattr(m, k) == v for k, v in where.items())]


def sent(session, message, ts):
    message.sent_channel, message.sent_ts = message.channel or f"D{message.recipient_id}", ts
    session.flush()


def test_a_ticket_goes_to_its_assets_team_with_its_sla_and_both_cards(session, company):
    ticket = file(session, company.ana)
    assert ticket.team.code == "FAC-NY" and ticket.status == Status.REQUESTED
    assert ticket.response_due < ticket.remind_half_at < ticket.remind_late_at < ticket.resolution_due
    assert [m.channel for m in posts(session, ticket) if m.channel] == ["#facilities-ny"]
    assert [m.recipient_id for m in posts(session, ticket) if m.recipient_id] == [company.ana.id]
    assert session.scalar(select(AuditEntry).where(AuditEntry.action == "maintenance.ticket_created")) is not None


def test_take_tells_the_requester_and_only_the_team_may(session, company):
    ticket = file(session, company.ana)
    with pytest.raises(NotTeamMember):
        service.move(session, actor=actor(session, company.bob), ticket_id=ticket.id, action="take", config=CONFIG)
    service.move(session, actor=actor(session, company.felix), ticket_id=ticket.id, action="take", config=CONFIG)
    assert (ticket.status, ticket.assignee_id) == (Status.IN_PROGRESS, company.felix.id)
    assert ticket.responded_at is not None
    told = [m.text for m in posts(session, ticket, recipient_id=company.ana.id)]
    assert any("Felix is on it" in text for text in told)
    with pytest.raises(WrongStatus) as late:  # a second Take finds it in progress already
        service.move(session, actor=actor(session, company.fran), ticket_id=ticket.id, action="take", config=CONFIG)
    assert f"Ticket {ticket.reference} is in progress now" in late.value.message("en")  # not "in_progress"
    assert "en estado en curso" in late.value.message("es")


def test_resolve_needs_notes_then_thumbs_down_reopens_and_thumbs_up_closes(session, company):
    ticket = file(session, company.ana)
    service.move(session, actor=actor(session, company.felix), ticket_id=ticket.id, action="take", config=CONFIG)
    with pytest.raises(NotesNeeded):
        service.move(session, actor=actor(session, company.felix), ticket_id=ticket.id, action="resolve", config=CONFIG)
    service.move(session, actor=actor(session, company.felix), ticket_id=ticket.id, action="resolve",
                 notes="cleaned the drain", config=CONFIG)  # fmt: skip
    assert ticket.status == Status.RESOLVED and ticket.resolution == "cleaned the drain"
    rating = [m for m in posts(session, ticket, recipient_id=company.ana.id) if m.blocks and "👍" in str(m.blocks)]
    assert len(rating) == 1
    later = actor(session, company.ana, when=datetime(2026, 11, 27, 15, tzinfo=UTC))
    service.rate(session, actor=later, ticket_id=ticket.id, happy=False, config=CONFIG)
    assert (ticket.status, ticket.feedback, ticket.resolved_at) == (Status.IN_PROGRESS, "down", None)
    assert ticket.resolution_due > later.when and ticket.reminded == 0
    service.move(session, actor=actor(session, company.felix), ticket_id=ticket.id, action="resolve",
                 notes="replaced the pump", config=CONFIG)  # fmt: skip
    service.rate(session, actor=actor(session, company.ana), ticket_id=ticket.id, happy=True, config=CONFIG)
    assert (ticket.status, ticket.feedback) == (Status.CLOSED, "up")
    kinds = [e.kind for e in session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id))]
    assert kinds.count("feedback") == 2


def test_comments_are_mirrored_between_the_two_threads(session, company):
    ticket = file(session, company.ana)
    team_card = posts(session, ticket, channel="#facilities-ny")[0]
    mine = posts(session, ticket, recipient_id=company.ana.id)[0]
    sent(session, team_card, "111.1")
    sent(session, mine, "222.2")
    service.comment(session, actor=actor(session, company.ana), ticket_id=ticket.id, text="it's getting worse",
                    side="requester")  # fmt: skip
    in_team = posts(session, ticket, channel="#facilities-ny", thread_ts="111.1")
    assert [m.text for m in in_team] == ["💬 Ana: it's getting worse"]
    service.comment(session, actor=actor(session, company.felix), ticket_id=ticket.id, text="coming at 3 pm",
                    side="team")  # fmt: skip
    in_mine = posts(session, ticket, recipient_id=company.ana.id, thread_ts="222.2")
    assert [m.text for m in in_mine] == ["💬 Felix: coming at 3 pm"]
    with pytest.raises(NotTeamMember):  # a stranger can't write on it
        service.comment(session, actor=actor(session, company.bob), ticket_id=ticket.id, text="hi", side="team")


def test_a_photo_attaches_to_the_ticket_and_reaches_the_other_side(session, company):
    ticket = file(session, company.ana)
    service.comment(session, actor=actor(session, company.ana), ticket_id=ticket.id, text="", side="requester",
                    photo="https://corp.slack.com/files/U1/F1/leak.jpg")  # fmt: skip
    photo = session.scalar(select(TicketEvent).where(TicketEvent.kind == "photo"))
    assert photo.body.endswith("leak.jpg")
    assert any("leak.jpg" in m.text for m in posts(session, ticket, channel="#facilities-ny"))


def test_plus_one_follows_and_followers_are_told(session, company):
    ticket = file(session, company.ana)
    service.follow(session, actor=actor(session, company.bob), ticket_id=ticket.id)
    service.follow(session, actor=actor(session, company.bob), ticket_id=ticket.id)  # twice is once
    assert ticket.followers == [company.bob.id]
    service.move(session, actor=actor(session, company.felix), ticket_id=ticket.id, action="take", config=CONFIG)
    assert any("Felix is on it" in m.text for m in posts(session, ticket, recipient_id=company.bob.id))


def test_sla_reminders_fire_once_each_and_the_breach_goes_to_the_lead(session, company):
    ticket = file(session, company.ana, priority="P2")  # 9 business hours from Wed 25 Nov 05:00 NY (starts 09:00)
    service.move(session, actor=actor(session, company.felix), ticket_id=ticket.id, action="take", config=CONFIG)
    assert not service.remind(session, ticket=ticket, now=ticket.remind_half_at - timedelta(minutes=1))
    assert service.remind(session, ticket=ticket, now=ticket.remind_half_at)
    assert not service.remind(session, ticket=ticket, now=ticket.remind_half_at)  # once
    assert service.remind(session, ticket=ticket, now=ticket.remind_late_at)
    assert service.remind(session, ticket=ticket, now=ticket.resolution_due + timedelta(hours=1))
    assert not service.remind(session, ticket=ticket, now=ticket.resolution_due + timedelta(days=3))
    to_felix = [m.text for m in posts(session, ticket, recipient_id=company.felix.id)]
    assert sum("half of its time" in t for t in to_felix) == 1 and sum("75 %" in t for t in to_felix) == 1
    assert [m.text for m in posts(session, ticket, recipient_id=company.fran.id) if "past its due" in m.text]
    # an overdue ticket can always be resolved and closed
    service.move(session, actor=actor(session, company.felix), ticket_id=ticket.id, action="resolve", notes="done",
                 config=CONFIG)  # fmt: skip
    service.move(session, actor=actor(session, company.ana), ticket_id=ticket.id, action="close", config=CONFIG)
    assert ticket.status == Status.CLOSED


def test_on_hold_pauses_the_clock_and_resume_moves_every_due_time_by_the_business_time_on_hold(session, company):
    ticket = file(session, company.ana, priority="P3")
    due = ticket.resolution_due
    held = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)  # Wed 10:00 New York
    service.move(session, actor=actor(session, company.felix, when=held), ticket_id=ticket.id, action="hold",
                 config=CONFIG)  # fmt: skip
    assert ticket.status == Status.ON_HOLD and ticket.paused_at == held
    from skills.maintenance.queries import reminders_due

    assert ticket not in reminders_due(session, due + timedelta(days=30))  # no reminders while on hold
    back = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)  # Fri 10:00: Wed 10-18 (8 h) + Thanksgiving (0) + Fri 9-10 (1 h)
    service.move(session, actor=actor(session, company.ana, when=back), ticket_id=ticket.id, action="resume",
                 config=CONFIG)  # fmt: skip
    assert ticket.status == Status.IN_PROGRESS and ticket.paused_at is None
    hours = service.hours_for(session, ticket, CONFIG, due)
    assert ticket.resolution_due == hours.add(due, timedelta(hours=9))


def test_the_requester_cancels_and_the_team_cannot(session, company):
    ticket = file(session, company.ana)
    with pytest.raises(Exception, match="maintenance_not_requester"):
        service.move(session, actor=actor(session, company.felix), ticket_id=ticket.id, action="cancel", config=CONFIG)
    service.move(session, actor=actor(session, company.ana), ticket_id=ticket.id, action="cancel", config=CONFIG)
    assert ticket.status == Status.CANCELLED
    assert session.scalar(select(Ticket.status)) == Status.CANCELLED


def test_my_open_tickets_are_the_ones_i_asked_for_or_follow_not_those_whose_followers_hold_my_digits(session, company):
    mine = file(session, company.ana)
    followed = file(session, company.bob, summary="Projector flickers")
    other = file(session, company.bob, summary="Door sticks")
    service.follow(session, actor=actor(session, company.ana), ticket_id=followed.id)
    other.followers = [int(f"{company.ana.id}{company.ana.id}"), company.ana.id + 100]  # her id as digits only
    session.flush()
    assert [t.id for t in queries.open_tickets_of(session, company.ana)] == [followed.id, mine.id]
    assert queries.team_queue(session, company.ana) == []
    felix_queue = queries.team_queue(session, company.felix)
    assert {t.id for t in felix_queue} >= {mine.id, followed.id} and felix_queue == sorted(
        felix_queue, key=lambda t: t.id
    )
