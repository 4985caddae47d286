"""Fifty people taking the last units at once: available never goes below zero, the ledger still adds up, each
crossing of the reorder level alerts once, and a request is fulfilled once (SQLite here; PostgreSQL with
TEST_DATABASE_URL)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from db.engine import Database
from db.models import Employee, OutboxMessage
from skills.core import Actor
from skills.errors import DomainError
from skills.stock import service
from skills.stock.errors import NotEnoughStock, RequestAlreadyDecided
from skills.stock.models import Movement, StockAlert
from skills.stock.queries import ledger_sum, level_at
from skills.stock.rules import MovementDraft
from tests.pinned import NOW

from .conftest import CONFIG, item, place

WORKERS = 50


def race(database: Database, actions: list[Callable[[Any], Any]]) -> list[Any]:
    """Run every action in its own thread and session, all released at once; what each returned or raised."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[Any] = [None] * len(actions)

    def run(index: int, action: Callable[[Any], Any]) -> None:
        barrier.wait()
        try:
            with database.session() as session:
                outcomes[index] = action(session)
        except Exception as error:  # a refusal, or anything unexpected (shown by the assertions)
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(i, action)) for i, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def issue(employee_id: int, quantity: int) -> Callable[[Any], Any]:
    def action(session: Any) -> Any:
        employee = session.get(Employee, employee_id)
        draft = MovementDraft("issue", item(session, "TON-HP26"), quantity, place(session, "NY-WH"))
        return service.post_movement(session, actor=Actor(employee, "slack", NOW), draft=draft, config=CONFIG)

    return action


def state(database: Database) -> tuple[int, int, int, int, int]:
    with database.session() as session:
        toner, wh = item(session, "TON-HP26"), place(session, "NY-WH")
        level = level_at(session, toner.id, wh.id)
        assert level is not None
        alerts = session.scalar(select(func.count()).select_from(StockAlert))
        return level.on_hand, level.reserved, level.available, ledger_sum(session, toner.id, wh.id), alerts or 0


@pytest.mark.parametrize("quantity", [1, 2])
def test_fifty_issues_of_the_last_units_never_go_below_zero(database, people, quantity):
    outcomes = race(database, [issue(people.wes.id if i % 2 else people.adam.id, quantity) for i in range(WORKERS)])
    posted = [o for o in outcomes if isinstance(o, service.Posted)]
    refused = [o for o in outcomes if isinstance(o, NotEnoughStock)]
    assert len(posted) == 9 // quantity, outcomes
    assert len(posted) + len(refused) == WORKERS, [
        o for o in outcomes if not isinstance(o, (service.Posted, NotEnoughStock))
    ]
    on_hand, reserved, available, ledger, alerts = state(database)
    assert on_hand == 9 - quantity * len(posted) >= 0 and reserved == 0 and available >= 0
    assert ledger == on_hand
    assert alerts == 1  # 9 -> under 4 happened once, whatever the order
    balances = sorted(o.movements[0].balance_after for o in posted)
    assert len(set(balances)) == len(posted) and balances[0] == on_hand  # each issue saw its own balance


def test_one_fulfil_wins_among_many_clicks(database, people):
    with database.session() as session:
        request = service.create_request(
            session, actor=Actor(session.get(Employee, people.ana.id), "slack", NOW), item=item(session, "ADP-HDMI"),
            location=place(session, "NY-WH"), quantity=2, note="", thread_key="t", lang="en", config=CONFIG,
        )  # fmt: skip
        request_id = request.id

    def fulfil(employee_id: int) -> Callable[[Any], Any]:
        def action(session: Any) -> Any:
            actor = Actor(session.get(Employee, employee_id), "slack", NOW)
            return service.fulfil(session, actor=actor, request_id=request_id, config=CONFIG)[0].status

        return action

    outcomes = race(database, [fulfil(people.wes.id if i % 2 else people.adam.id) for i in range(12)])
    assert outcomes.count("fulfilled") == 1, outcomes
    assert all(isinstance(o, RequestAlreadyDecided) for o in outcomes if o != "fulfilled"), outcomes
    with database.session() as session:
        level = level_at(session, item(session, "ADP-HDMI").id, place(session, "NY-WH").id)
        assert level is not None and (level.on_hand, level.reserved) == (12, 0)
        issued = session.scalar(select(func.count()).select_from(Movement).where(Movement.request_id == request_id))
        told = session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.recipient_id == people.ana.id))  # fmt: skip
        assert issued == 1 and told == 1


def test_concurrent_undo_reverses_once(database, people):
    with database.session() as session:
        draft = MovementDraft("receive", item(session, "PAP-A4"), 10, place(session, "NY-WH"))
        batch = service.post_movement(session, actor=Actor(session.get(Employee, people.wes.id), "slack", NOW),
                                      draft=draft, config=CONFIG).batch  # fmt: skip

    def undo(session: Any) -> Any:
        return service.undo(session, actor=Actor(session.get(Employee, people.wes.id), "slack", NOW), batch=batch,
                            config=CONFIG)  # fmt: skip

    outcomes = race(database, [undo] * 8)
    assert sum(isinstance(o, service.Posted) for o in outcomes) == 1, outcomes
    assert all(isinstance(o, (service.Posted, DomainError)) for o in outcomes), outcomes
    with database.session() as session:
        assert ledger_sum(session, item(session, "PAP-A4").id, place(session, "NY-WH").id) == 120
