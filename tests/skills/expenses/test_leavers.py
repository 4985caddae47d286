"""A claim waiting for its employee's answer when the directory marks them as gone goes back to the step that asked:
the claim stays in approval (the company still owes what it approves), but no longer waits for an answer that will
never come; whoever asked is told, in their language, and the audit row names the directory file."""

from __future__ import annotations

from sqlalchemy import select

from db.models import AuditEntry, Employee, OutboxMessage
from skills.core import Actor
from skills.expenses import SKILL, service
from skills.expenses.models import ClaimStatus, ExpenseClaim
from tests.pinned import NOW

from .conftest import make_claim


def test_a_question_to_someone_who_left_goes_back_to_whoever_asked(session, people):
    claim = make_claim(session, people.ana, "650", code="training", merchant="Coursera")
    mia, fran = session.get(Employee, people.mia.id), session.get(Employee, people.fran.id)
    service.decide(session, actor=Actor(mia, "slack", NOW), claim=claim, approve=True, reason=None)
    service.request_info(session, actor=Actor(fran, "slack", NOW), claim=claim, question="Which course?")
    assert claim.status == ClaimStatus.INFO_REQUESTED
    ana = session.get(Employee, people.ana.id)
    ana.active = False
    session.flush()
    hook = SKILL.on_employees_left
    assert hook is not None
    hook(session, [ana], Actor(None, "cli", NOW), "people.csv")
    hook(session, [ana], Actor(None, "cli", NOW), "people.csv")  # a second run finds nothing waiting
    session.refresh(claim)
    assert claim.status == ClaimStatus.PENDING
    rows = session.scalars(select(AuditEntry).where(AuditEntry.action == "expense.info_unanswered")).all()
    assert [(row.actor_label, row.entity_id) for row in rows] == [("people.csv", str(claim.id))]
    told = [m.text for m in session.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == fran.id))]
    assert (
        told.count(
            f"Ana has left the company, so no answer about claim #{claim.id} will come; it is back with you to decide as "
            "it stands."
        )
        == 1
    ), told
    service.decide(session, actor=Actor(fran, "slack", NOW), claim=claim, approve=True, reason=None)
    assert session.get(ExpenseClaim, claim.id).status == ClaimStatus.APPROVED
