"""Two people act on one ticket at once (two sessions, as two serve processes would): the conditional update on the
status lets exactly one Take win; the other is told the ticket moved on."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from skills.maintenance import service
from skills.maintenance.errors import WrongStatus
from skills.maintenance.models import Status, Ticket, TicketEvent
from skills.maintenance.service import NewTicket

from .conftest import CONFIG, actor, asset, seed


def test_two_takes_at_once_one_wins(database):
    with database.session() as session:
        company = seed(session)
        found = asset(session, "AC-NY-2")
        ticket = service.create_ticket(session, actor=actor(session, company.ana), config=CONFIG, new=NewTicket(
            summary="AC broken", original_text="AC broken", category="hvac", priority="P3", asset=found,
            location=found.location))  # fmt: skip
        ticket_id = ticket.id
    with database.session() as first, database.session() as second:
        assert first.get(Ticket, ticket_id).status == second.get(Ticket, ticket_id).status == Status.REQUESTED
        service.move(first, actor=actor(first, company.fran), ticket_id=ticket_id, action="take", config=CONFIG)
        first.commit()
        with pytest.raises(WrongStatus):
            service.move(second, actor=actor(second, company.felix), ticket_id=ticket_id, action="take",
                         config=CONFIG)  # fmt: skip
        second.rollback()
    with database.session() as session:
        won = session.get(Ticket, ticket_id)
        assert (won.status, won.assignee_id) == (Status.IN_PROGRESS, company.fran.id)
        takes = session.scalars(select(TicketEvent).where(TicketEvent.status_to == Status.IN_PROGRESS)).all()
        assert len(takes) == 1
