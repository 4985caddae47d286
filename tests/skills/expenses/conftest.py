"""One harness for the expenses tests: the pinned clock, a small company (employees and managers in New York and
Madrid, finance, HR, an admin, someone else), the default categories plus US and Spain ones imported through the
real CSV import, and an assistant whose router is a stub (the test names the intent; the real extractors fill the
slots the intent asks for)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.assistant import Assistant, Origin
from db.engine import Database
from db.models import Employee, OutboxMessage, Role
from skills.base import SkillDeps
from skills.common.reference import ImportContext, import_text
from skills.common.time import FixedClock
from skills.core import Actor, SkillRegistry
from skills.expenses import handlers
from skills.expenses.config import ExpensesConfig
from skills.expenses.defaults import seed_defaults
from skills.expenses.intents import INTENTS
from skills.expenses.models import ExpenseClaim
from skills.expenses.reference import CATEGORIES
from tests.pinned import NOW
from tests.skills.harness import SkillHarness, StubRouter, text_of  # noqa: F401  (text_of: for the tests)

SLACK = Origin("slack", "D0ANA:main")
TERMINAL = Origin("terminal", "terminal")
CATEGORIES_CSV = """code,name_en,name_es,limit,currency,per,receipt_over,country
meals,Meals,Comidas,75,USD,day,25,US
lodging,Lodging,Alojamiento,300,USD,day,0,US
meals,Meals,Comidas,50,EUR,day,25,ES
lodging,Lodging,Alojamiento,150,EUR,day,0,ES
travel,Travel,Viajes,,EUR,item,25,ES
mileage,Mileage,Kilometraje,,EUR,item,,ES
"""
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
    "9c63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082"
)
"""A real 1×1 PNG (Pillow reads it)."""


@dataclass
class People:
    """Who is who in the expenses tests."""

    ana: Employee  # employee, New York, English; manager mia
    mia: Employee  # manager, New York
    eva: Employee  # employee, Madrid, Spanish; manager marta
    marta: Employee  # manager, Madrid, Spanish
    fran: Employee  # finance, New York
    hugo: Employee  # HR
    adam: Employee  # admin (holds every role)
    otto: Employee  # someone else


def person(name: str, *, country: str = "US", locale: str = "en-US", roles: tuple[Role, ...] = (),
           manager: Employee | None = None) -> Employee:  # fmt: skip
    employee = Employee(
        email=f"{name.lower()}@corp.example", name=name, country=country, locale=locale, manager=manager,
        timezone="Europe/Madrid" if country.startswith("ES") else "America/New_York",
    )  # fmt: skip
    employee.set_roles(set(roles))
    return employee


def importer(source: str) -> ImportContext:
    return ImportContext(actor=Actor(None, "cli", NOW), source=source, today=NOW.date())


def seed(session: Session) -> People:
    """The company and the categories (the migration's defaults, then the US and Spain ones imported)."""
    mia = person("Mia", roles=(Role.MANAGER,))
    marta = person("Marta", country="ES-MD", locale="es-ES", roles=(Role.MANAGER,))
    people = People(
        ana=person("Ana", manager=mia), mia=mia, eva=person("Eva", country="ES-MD", locale="es-ES", manager=marta),
        marta=marta, fran=person("Fran", roles=(Role.FINANCE,)), hugo=person("Hugo", roles=(Role.HR,)),
        adam=person("Adam", roles=(Role.ADMIN,)), otto=person("Otto"),
    )  # fmt: skip
    session.add_all(vars(people).values())
    session.flush()
    seed_defaults(session)
    defaults = "\n".join(",".join(row) for row in _defaults_as_csv(session))
    import_text(session, CATEGORIES, CATEGORIES_CSV + defaults + "\n", importer("categories.csv"))
    return people


def _defaults_as_csv(session: Session) -> list[list[str]]:
    from skills.expenses.reference import export_categories

    return [list(row.values()) for row in export_categories(session) if row["country"] == ""]


@pytest.fixture
def people(database: Database) -> People:
    with database.session() as session:
        company = seed(session)
        session.flush()
        session.expunge_all()
        return company


def config(home: Path, **values: Any) -> ExpensesConfig:
    return ExpensesConfig(backoffice_home=home, **values)


def expenses_deps(home: Path, clock: FixedClock | None = None, knowledge: Any = None,
                  **values: Any) -> SkillDeps[ExpensesConfig]:  # fmt: skip
    return SkillDeps(config=config(home, **values), clock=clock or FixedClock(NOW), knowledge=knowledge)


@dataclass
class Harness(SkillHarness):
    """An assistant with only the expenses skill, its stub router and its clock."""

    default_intent = "expense.submit"
    origin = SLACK
    home: Path


def build_harness(database: Database, clock: FixedClock, home: Path, knowledge: Any = None) -> Harness:
    from skills.approvals import handlers as approvals_handlers

    registry = SkillRegistry()
    handlers.register(registry, expenses_deps(home, clock, knowledge))
    approvals_handlers.register(registry, SkillDeps(config=None, clock=clock))
    router = StubRouter("expenses", INTENTS, "expense.submit", {"en": "USD", "es": "EUR"})
    return Harness(Assistant(database, registry, router, clock=clock), router, clock, database, home)


@pytest.fixture
def harness(database: Database, clock: FixedClock, tmp_path: Path) -> Iterator[Harness]:
    yield build_harness(database, clock, tmp_path)


def claims(database: Database) -> list[ExpenseClaim]:
    with database.session() as session:
        found = list(session.scalars(select(ExpenseClaim).order_by(ExpenseClaim.id)))
        for claim in found:
            _ = claim.employee, claim.category
        session.expunge_all()
        return found


def outbox(database: Database, **where: Any) -> list[OutboxMessage]:
    with database.session() as session:
        query = select(OutboxMessage).where(*(getattr(OutboxMessage, k) == v for k, v in where.items()))
        found = list(session.scalars(query.order_by(OutboxMessage.id)))
        session.expunge_all()
        return found


def actor(session: Session, who: Employee, via: str = "slack", when: Any = NOW) -> Actor:
    return Actor(session.get(Employee, who.id), via, when)


@pytest.fixture(scope="session")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The demo handbook indexed once with the real embedder (USE-m3): what the policy clauses are quoted from."""
    from db.migrate import upgrade
    from knowledge.base import PolicyKnowledge
    from knowledge.store import IndexLocation

    home = tmp_path_factory.mktemp("expenses-handbook")
    records = Database(f"sqlite:///{home / 'records.db'}")
    upgrade(records.engine)
    knowledge = PolicyKnowledge(IndexLocation(home=home))
    knowledge.ingest([Path(__file__).resolve().parents[3] / "knowledge" / "handbook"], records)
    yield knowledge
    records.dispose()


@pytest.fixture
def cited(database: Database, clock: FixedClock, tmp_path: Path, handbook: Any) -> Harness:
    """The harness with the indexed handbook, so warnings quote the policy."""
    return build_harness(database, clock, tmp_path, handbook)


def make_claim(session: Session, who: Employee, text_amount: str = "45.20", *, currency: str = "USD", code: str = "travel",
               day: Any = None, merchant: str = "Uber", status: str | None = None, receipt: Any = None) -> ExpenseClaim:  # fmt: skip
    """A claim written through the service (rules checked), optionally settled as approved or rejected."""
    from datetime import timedelta
    from decimal import Decimal

    from skills.expenses import service
    from skills.expenses.drafts import checked
    from skills.expenses.queries import category_for
    from skills.expenses.rules import ClaimDraft

    employee = session.get(Employee, who.id)
    assert employee is not None
    draft = ClaimDraft(employee=employee, amount=Decimal(text_amount), currency=currency,
                       expense_date=day or NOW.date() - timedelta(days=1),
                       category=category_for(session, code, employee.country), merchant=merchant,
                       country=employee.country, justification="needed", no_receipt_reason="lost", receipt=receipt)  # fmt: skip
    cfg = ExpensesConfig()
    claim = service.submit(session, actor=Actor(employee, "slack", NOW), draft=draft,
                           assessment=checked(cfg, session, draft, NOW.date()), thread_key="D:main",
                           lang=employee.language)  # fmt: skip
    if status in ("approved", "rejected"):
        decide_all(session, claim, approve=status == "approved")
    return claim


def decide_all(session: Session, claim: ExpenseClaim, *, approve: bool) -> None:
    """Decide each level of the claim's approval through the engine, as its first approver."""
    from skills.approvals.queries import approval_of
    from skills.expenses import service

    while claim.status == "pending":
        approval = approval_of(session, "expense_claim", claim.id)
        assert approval is not None
        step = next(s for s in approval.steps if s.level == approval.current_level and s.status == "pending")
        service.decide(session, actor=Actor(step.approver, "slack", NOW), claim=claim, approve=approve,
                       reason=None if approve else "not in policy")  # fmt: skip
        session.refresh(claim)
