"""Leave spanning New Year counts each working day against its own year's allowance: the rule, the preview, the
approver's card and the balance question all agree."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.assistant import Assistant, Origin
from bot.dialogue.cards import CONFIRM
from bot.terminal.render import render_blocks
from db.engine import Database
from db.models import OutboxMessage
from skills.common.time import FixedClock
from skills.core import Action, Request, SkillRegistry
from skills.leave import errors
from skills.leave.handlers import answers
from skills.leave.models import LeaveAllocation, LeaveRequest, LeaveType
from skills.leave.queries.balances import balance_for, split_by_year, years_with_leave
from skills.leave.rules import validate
from skills.leave.service import cancel

from .conftest import TODAY, Company, LeaveRouter, actor, approved, closure, context_for, draft

# Mon Dec 28 - Thu Dec 31 are 4 working days of 2026; Fri Jan 1 is New Year's Day; Mon Jan 4 and Tue Jan 5 are 2027's.
SPAN = (date(2026, 12, 28), date(2027, 1, 5))


def _vacation(session) -> LeaveType:
    found = session.get(LeaveType, "vacation")
    assert found is not None
    return found


def test_each_year_is_charged_its_own_days(session, company):
    check = validate(session, company.ana, draft(*SPAN), TODAY)
    assert check.working_days == 6
    assert [(c.year, c.days, c.balance.available, c.available_after) for c in check.charges] == [
        (2026, Decimal(4), Decimal(22), Decimal(18)),
        (2027, Decimal(2), Decimal(22), Decimal(20)),
    ]


def test_the_balance_of_each_year_counts_its_part(session, company):
    request = approved(session, company.ana, *SPAN)
    assert split_by_year(session, request) == {2026: Decimal(4), 2027: Decimal(2)}
    assert balance_for(session, company.ana, _vacation(session), 2026, TODAY).taken == 4
    assert balance_for(session, company.ana, _vacation(session), 2027, TODAY).taken == 2
    assert years_with_leave(session, company.ana, TODAY) == [2026, 2027]
    cancel(session, actor=actor(company.ana), request_id=request.id)
    assert balance_for(session, company.ana, _vacation(session), 2027, TODAY).available == 22
    assert years_with_leave(session, company.ana, TODAY) == [2026]


def test_not_enough_left_in_the_second_year_names_that_year(session, company):
    session.add(
        LeaveAllocation(employee_id=company.ana.id, leave_type="vacation", year=2027, allocated_days=Decimal(1))
    )
    session.flush()
    with pytest.raises(errors.InsufficientBalanceInYear) as caught:
        validate(session, company.ana, draft(*SPAN), TODAY)
    assert caught.value.blamed_slot == "dates"
    assert caught.value.message("en") == (
        "Not enough Vacation left in 2027: you have 1 days available that year and these dates take 2 of them."
    )
    session.add(
        LeaveAllocation(employee_id=company.eva.id, leave_type="vacation", year=2027, allocated_days=Decimal(0))
    )
    session.flush()
    with pytest.raises(errors.InsufficientBalanceInYear) as spanish:
        validate(session, company.eva, draft(*SPAN), TODAY)
    assert spanish.value.message("es") == (
        "No te quedan días suficientes de Vacaciones en 2027: tienes 0 días disponibles ese año y estas fechas ocupan 2."
    )


def test_the_stored_total_stays_authoritative_if_the_calendar_changes(session, company):
    request = approved(session, company.ana, *SPAN)
    closure(session, date(2027, 1, 4), "Inventory day", None)  # added after the request was approved
    assert split_by_year(session, request) == {2026: Decimal(5), 2027: Decimal(1)}
    assert sum(split_by_year(session, request).values()) == request.working_days == 6


def test_the_balance_question_shows_next_year_once_leave_is_booked_in_it(session, company):
    approved(session, company.ana, *SPAN)
    [reply] = answers.answer_balance(context_for(session, company.ana), Request("x", "leave.balance", {}))
    this_year, next_year = reply.text.split("\n\n")
    assert this_year.startswith("Your time off in 2026") and "Vacation: 18 days available" in this_year
    assert next_year.startswith("Your time off in 2027") and "Vacation: 20 days available" in next_year


def test_what_if_shows_both_years(session, company):
    slots = {"start_date": "2026-12-28", "end_date": "2027-01-05"}
    [reply] = answers.answer_balance(context_for(session, company.ana), Request("x", "leave.balance", slots))
    assert "Working days: 6 (4 in 2026, 2 in 2027)" in reply.text
    assert "Available now: 22 in 2026, 22 in 2027" in reply.text
    assert "Available after: 18 in 2026, 20 in 2027" in reply.text
    assert "Not counted: Jan 1 is New Year's Day." in reply.text


SLACK = Origin("slack", "D1:newyear")


@pytest.fixture
def assistant(database: Database, clock: FixedClock, registry: SkillRegistry) -> Assistant:
    return Assistant(database, registry, LeaveRouter(), clock=clock)


def test_the_preview_and_the_approvers_card_agree(assistant: Assistant, database: Database, committed_company: Company):
    ana = committed_company.ana
    card = assistant.handle_message(ana.id, "vacation from Dec 28 to Jan 5", SLACK)[-1]
    lines = card.text.splitlines()
    assert "Working days: 6 (4 in 2026, 2 in 2027)" in lines
    assert "Balance after: 18 days in 2026, 20 days in 2027" in lines
    _, choices = render_blocks(card.blocks or [])
    confirm = next(choice for choice in choices if choice.action_id == CONFIRM)
    assistant.handle_action(ana.id, Action(CONFIRM, confirm.value), SLACK)
    with database.session() as session:
        request = session.scalars(select(LeaveRequest)).one()
        assert request.working_days == 6
        [message] = session.scalars(select(OutboxMessage)).all()
        fields = [f["text"] for block in message.blocks or [] for f in block.get("fields", [])]
        assert "*Balance if approved*\n18 days in 2026, 20 days in 2027" in fields
        assert "*Working days*\n6 (4 in 2026, 2 in 2027)" in fields
