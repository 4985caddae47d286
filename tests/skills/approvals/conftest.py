"""The approval engine's harness: leave's test company (pinned clock, managers, HR, an admin) plus a finance
person, and a test kind "claim" with a three-level chain (manager -> finance over 500 -> HR) whose final decision
is written to the outbox, so races can count it in the database.

Today is Wednesday 2026-11-25 (tests/pinned.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import Employee, Role
from db.outbox import Entity, enqueue
from skills.approvals import chain, service
from skills.approvals.kinds import ApprovalKind, Decision
from skills.approvals.models import Approval
from skills.core import Actor, Context
from skills.leave.approval import LEAVE_APPROVAL
from tests.pinned import NOW
from tests.skills.leave.conftest import Company, make_company, person

__all__ = ["NOW"]

CLAIM = "test_claim"


def _over_500(facts: Mapping[str, Any]) -> bool:
    return Decimal(str(facts.get("amount", 0))) > 500


def describe(session: Session, approval: Approval, lang: str) -> str:
    return ("Reclamación" if lang == "es" else "Claim") + f" #{approval.entity_id}"


def decided(session: Session, decision: Decision) -> None:
    """The final decision, told to the requester (one outbox row: races count it)."""
    word = "approved" if decision.approved else "rejected"
    enqueue(session, text=f"claim {word}", recipient=decision.approval.requester, entity=Entity(CLAIM, "final"))


CLAIM_KIND = ApprovalKind(
    entity=CLAIM,
    label={"en": "Claim", "es": "Reclamación"},
    chain=(chain.manager(), chain.when(_over_500, chain.role(Role.FINANCE, rule="finance")), chain.hr()),
    describe=describe,
    on_decided=decided,
)
KINDS = {CLAIM: CLAIM_KIND, LEAVE_APPROVAL.entity: LEAVE_APPROVAL}


class Staff(Company):
    """Leave's test company, Fiona from finance, and Javier (a Spanish-speaking manager in Madrid) with Lucia."""

    fiona: Employee
    javier: Employee
    lucia: Employee


def make_staff(session: Session) -> Staff:
    company = make_company(session)
    fiona = person("Fiona", company.ceo, roles={Role.FINANCE})
    javier = person("Javier", company.ceo, country="ES-MD", locale="es-ES", roles={Role.MANAGER})
    lucia = person("Lucia", javier, country="ES-MD", locale="es-ES")
    session.add_all([fiona, javier, lucia])
    session.flush()
    staff = Staff(**vars(company))
    staff.fiona, staff.javier, staff.lucia = fiona, javier, lucia
    return staff


@pytest.fixture
def staff(session: Session) -> Staff:
    return make_staff(session)


@pytest.fixture
def committed_staff(database: Database) -> Staff:
    with database.session() as session:
        return make_staff(session)


def actor(employee: Employee, when: datetime = NOW, via: str = "test") -> Actor:
    return Actor(employee, via, when)


def open_claim(
    session: Session, requester: Employee, claim_id: int, amount: int = 900, when: datetime = NOW
) -> Approval:
    return service.open_approval(
        session, actor=actor(requester, when), kind=CLAIM_KIND, entity_id=claim_id, requester=requester,
        facts={"amount": amount},
    )  # fmt: skip


def context_for(
    session: Session, who: Employee, via: str = "slack", now: datetime = NOW, thread: str = "D1:1"
) -> Context:
    return Context(session=session, employee=who, lang=who.language, via=via, thread_key=thread, now=now)
