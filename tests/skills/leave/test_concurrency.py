"""Concurrent clicks on the same request: exactly one decision, one notification (run on PostgreSQL too)."""

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from db.models import AuditEntry, Employee, OutboxMessage
from skills.errors import DomainError
from skills.leave import errors
from skills.leave.models import LeaveRequest, LeaveStatus
from skills.leave.service import cancel, decide, submit

from .conftest import NOW, actor, draft

THREADS = 8


def _race(database, request_id, actions):
    """Run every ``action(session)`` in its own thread and session, all released at once; return outcomes."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[object] = [None] * len(actions)

    def run(index, action):
        barrier.wait()
        try:
            with database.session() as session:
                outcomes[index] = action(session)
        except DomainError as error:
            outcomes[index] = error
        except Exception as error:  # pragma: no cover - shown in the assertion
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(i, action)) for i, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _decider(actor_id, request_id, approve):
    def action(session):
        person = session.get(Employee, actor_id)
        reason = None if approve else "clash"
        return decide(
            session, actor=actor(person, "slack", NOW), request_id=request_id, approve=approve, reason=reason
        ).status

    return action


@pytest.mark.parametrize("round_", range(3))
def test_concurrent_decisions_make_exactly_one(database, committed_company, round_):
    company = committed_company
    with database.session() as session:
        request_id = submit(
            session, actor=actor(session.get(Employee, company.ana.id), "slack", NOW), draft=draft(date(2026, 12, 14))
        ).id
    deciders = [company.maria.id, company.hana.id, company.adam.id]
    actions = [_decider(deciders[i % 3], request_id, approve=i % 2 == 0) for i in range(THREADS)]
    outcomes = _race(database, request_id, actions)
    winners = [o for o in outcomes if o in (LeaveStatus.APPROVED, LeaveStatus.REJECTED)]
    losers = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(winners) == 1, outcomes
    assert len(losers) == THREADS - 1, outcomes
    assert {type(e) for e in losers} == {errors.AlreadyApproved if winners[0] == "approved" else errors.AlreadyRejected}
    with database.session() as session:
        stored = session.get(LeaveRequest, request_id)
        assert stored is not None and stored.status == winners[0] and stored.version == 2
        to_requester = session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.recipient_id == company.ana.id, OutboxMessage.entity_id == str(request_id)))  # fmt: skip
        assert to_requester == 1
        decisions = session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity_id == str(request_id), AuditEntry.action.in_(["leave.approved", "leave.rejected"])))  # fmt: skip
        assert decisions == 1


def test_a_withdrawal_racing_an_approval_leaves_one_outcome(database, committed_company):
    company = committed_company
    with database.session() as session:
        request_id = submit(
            session, actor=actor(session.get(Employee, company.ana.id), "slack", NOW), draft=draft(date(2026, 12, 14))
        ).id

    def withdraw(session):
        return cancel(
            session, actor=actor(session.get(Employee, company.ana.id), "slack", NOW), request_id=request_id
        ).status

    outcomes = _race(database, request_id, [withdraw, _decider(company.maria.id, request_id, True)] * 2)
    successes = {o for o in outcomes if isinstance(o, str)}
    # Withdrawn first; or approved first (a later withdrawal may then cancel the approved, future leave).
    assert successes in ({"withdrawn"}, {"approved"}, {"approved", "cancelled"}), outcomes
    assert sum(isinstance(o, DomainError) for o in outcomes) == len(outcomes) - len(successes), outcomes
    final = "withdrawn" if successes == {"withdrawn"} else "cancelled" if "cancelled" in successes else "approved"
    with database.session() as session:
        stored = session.get(LeaveRequest, request_id)
        assert stored is not None and stored.status == final
        assert stored.version == 1 + len(successes)
