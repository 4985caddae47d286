"""A three-level chain (manager -> finance -> HR) decided by clicks, thread replies, the inbox and the Home tab
racing: exactly one decision per level, one final hook, one audit row per step (run on PostgreSQL too, with
TEST_DATABASE_URL)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import AuditEntry, Employee, OutboxMessage
from skills.approvals import handlers
from skills.approvals.models import Approval, ApprovalStatus, ApprovalStep, StepStatus
from skills.core import Action

from .conftest import CLAIM, KINDS, context_for, open_claim

Path = Callable[..., object]


def _click(session, who: int, approval_id: int, level: int, suffix: str = "") -> object:
    """Approve on the card of ``level`` (DM or thread card), or with ``:inbox`` on the inbox list."""
    person = session.get(Employee, who)
    action = Action("approvals.approve", f"{approval_id}:{level}{suffix}")
    return handlers.press_approve(KINDS, context_for(session, person), action)


def _thread(session, who: int, approval_id: int, level: int) -> object:
    """A decision word with extra text in the card's thread."""
    person = session.get(Employee, who)
    return handlers.answer_in_thread(KINDS, KINDS[CLAIM], context_for(session, person), "1", "vale, aprobado 👍")


def _home(session, who: int, approval_id: int, level: int) -> object:
    """The Home tab is drawn, then its button pressed."""
    person = session.get(Employee, who)
    handlers.home_inbox(KINDS, context_for(session, person))
    return _click(session, who, approval_id, level)


PATHS: list[Path] = [_click, partial(_click, suffix=":inbox"), _home]


def _race(database, calls: Sequence[Callable[[Session], object]]) -> list[object]:
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[..., object]) -> None:
        barrier.wait()
        try:
            with database.session() as session:
                outcomes[index] = call(session)
        except Exception as error:  # pragma: no cover - shown in the assertion
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _texts(outcome: object) -> str:
    replies = outcome if isinstance(outcome, list) else []
    return " | ".join(getattr(reply, "text", "") for reply in replies)


def test_three_levels_raced_make_exactly_one_decision_each(database, committed_staff):
    staff = committed_staff
    with database.session() as session:
        approval_id = open_claim(session, session.get(Employee, staff.ana.id), 1).id
    levels = [  # (the step's approvers, who also reply in the thread), (HR/admin deciding as overrides)
        ([staff.maria.id], [staff.adam.id]),
        ([staff.fiona.id, staff.adam.id], []),  # finance: any of Fiona and Adam
        ([staff.hana.id], [staff.adam.id]),
    ]  # whoever approved a level decides no later one: each level keeps someone who did not (Hana at the last)
    winners: list[int] = []
    for level, (approvers, overriders) in enumerate(levels, start=1):
        approvers = [who for who in approvers if who not in winners]
        people = approvers + [who for who in overriders if who not in winners]
        calls = [partial(path, who=people[i % len(people)], approval_id=approval_id, level=level)
                 for i, path in enumerate(PATHS * 2)]  # fmt: skip
        calls += [partial(_thread, who=who, approval_id=approval_id, level=level) for who in approvers * 2]
        outcomes = _race(database, calls)
        errors = [o for o in outcomes if isinstance(o, Exception)]
        assert errors == [], errors
        texts = [_texts(o) for o in outcomes]
        won = [t for t in texts if "Approved." in t or "Aprobada." in t]
        assert len(won) == 1, texts
        assert all("Nothing changed" in t or "No ha cambiado nada" in t for t in texts if t not in won), "\n".join(
            texts
        )
        with database.session() as session:
            steps = session.scalars(select(ApprovalStep).where(ApprovalStep.level == level)).all()
            assert sum(s.status == StepStatus.APPROVED for s in steps) == 1
            winners += [s.decided_by_id for s in steps if s.status == StepStatus.APPROVED and s.decided_by_id]
    with database.session() as session:
        approval = session.get(Approval, approval_id)
        assert approval is not None and approval.status == ApprovalStatus.APPROVED and approval.version == 4
        audit = session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "approval.step_approved")
        )
        assert audit == 3
        final = session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.text == "claim approved")
        )
        assert final == 1
