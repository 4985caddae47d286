"""The ledger invariant, property-based: after any randomised sequence of 500 movements (receipts, issues,
transfers, counts, undos, requests fulfilled and declined, refusals included), every level's on hand is the sum of
its movements, available is never negative, and reserved is exactly what open requests hold."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from db.models import Employee
from skills.core import Actor
from skills.errors import DomainError
from skills.stock import service
from skills.stock.models import Movement, RequestStatus, StockLevel, StockRequest
from skills.stock.rules import MovementDraft
from tests.pinned import NOW

from .conftest import CONFIG, item, place

SKUS = ("TON-HP26", "PAP-A4", "ADP-HDMI", "LAP-DELL")
PLACES = ("NY-WH", "MAD-WH", "BCN-STORE", "NY-WH-A")
OPS = ("receive", "issue", "transfer", "count", "undo", "request", "fulfil", "decline")

step = st.tuples(st.sampled_from(OPS), st.integers(0, 25), st.sampled_from(SKUS), st.sampled_from(PLACES),
                 st.sampled_from(PLACES), st.integers(0, 10_000))  # fmt: skip


def apply(
    session: Any, wes: Employee, ana: Employee, op: tuple[str, int, str, str, str, int], done: dict[str, list[Any]]
) -> None:
    kind, quantity, sku, code, other, pick = op
    actor = Actor(wes, "test", NOW)
    goods, here, there = item(session, sku), place(session, code), place(session, other)
    if kind in ("receive", "issue", "transfer", "count"):
        draft = MovementDraft(kind, goods, quantity, here, there if kind == "transfer" else None, "stocktake")
        done["batches"].append(service.post_movement(session, actor=actor, draft=draft, config=CONFIG).batch)
    elif kind == "undo" and done["batches"]:
        service.undo(session, actor=actor, batch=done["batches"][pick % len(done["batches"])], config=CONFIG)
    elif kind == "request":
        request = service.create_request(session, actor=Actor(ana, "test", NOW), item=goods, location=here,
                                         quantity=quantity, note="", thread_key="t", lang="en", config=CONFIG)  # fmt: skip
        done["requests"].append(request.id)
    elif kind in ("fulfil", "decline") and done["requests"]:
        request_id = done["requests"][pick % len(done["requests"])]
        if kind == "fulfil":
            service.fulfil(session, actor=actor, request_id=request_id, config=CONFIG)
        else:
            service.decline(session, actor=actor, request_id=request_id, reason="no", config=CONFIG)


def check_invariants(session: Any) -> None:
    for level in session.scalars(select(StockLevel)):
        ledger = session.scalar(select(func.coalesce(func.sum(Movement.quantity), 0)).where(
            Movement.item_id == level.item_id, Movement.location_id == level.location_id))  # fmt: skip
        assert ledger == level.on_hand, (level.item.sku, level.location.code)
        assert level.available >= 0 and level.reserved >= 0
        held = session.scalar(select(func.coalesce(func.sum(StockRequest.reserved), 0)).where(
            StockRequest.item_id == level.item_id, StockRequest.location_id == level.location_id,
            StockRequest.status == RequestStatus.OPEN))  # fmt: skip
        assert held == level.reserved
        last = session.scalars(select(Movement).where(
            Movement.item_id == level.item_id, Movement.location_id == level.location_id
        ).order_by(Movement.id.desc()).limit(1)).first()  # fmt: skip
        assert last is None or last.balance_after == level.on_hand


@settings(max_examples=4, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])  # fmt: skip
@given(steps=st.lists(step, min_size=500, max_size=500))
def test_the_ledger_always_adds_up_to_on_hand(session, people, steps):
    wes, ana = session.get(Employee, people.wes.id), session.get(Employee, people.ana.id)
    outer = session.begin_nested()
    done: dict[str, list[Any]] = {"batches": [], "requests": []}
    for op in steps:
        savepoint = session.begin_nested()
        try:
            apply(session, wes, ana, op, done)
        except DomainError:
            savepoint.rollback()
        else:
            savepoint.commit()
    check_invariants(session)
    outer.rollback()
