"""One harness for the maintenance tests: the pinned clock, a small company (facilities teams in New York and Madrid,
IT, requesters in both languages, an admin), the demo places and assets through the real imports, and an assistant
whose router is a stub (the test names the intent; the real extractors and the form read the sentence)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.assistant import Assistant, Origin
from bot.demo.maintenance import ASSETS_CSV, PLANS_CSV, TEAMS_CSV
from bot.demo.places import PLACES_CSV
from db.engine import Database
from db.models import Employee, OutboxMessage, Role
from skills.base import SkillDeps
from skills.common.reference import ImportContext, import_text
from skills.common.time import FixedClock
from skills.core import Actor, SkillRegistry
from skills.locations.reference import LOCATIONS
from skills.maintenance import handlers
from skills.maintenance.config import MaintenanceConfig
from skills.maintenance.intents import INTENTS
from skills.maintenance.models import Asset, Ticket
from skills.maintenance.reference import ASSETS, PLANS, TEAMS
from tests.pinned import NOW
from tests.skills.harness import SkillHarness, StubRouter, text_of  # noqa: F401  (text_of: for the tests)

SLACK = Origin("slack", "D0ANA:1700000000.000100")
CONFIG = MaintenanceConfig(facilities_channel="#facilities-all")


@dataclass
class People:
    """Who is who in the maintenance tests."""

    fran: Employee  # facilities New York, lead
    felix: Employee  # facilities New York, member
    marta: Employee  # facilities Madrid, lead, Spanish
    ivan: Employee  # IT lead
    ana: Employee  # employee, New York, English
    eva: Employee  # employee, Madrid, Spanish
    bob: Employee  # employee, New York
    adam: Employee  # admin


def person(name: str, *, country: str = "US-NY", locale: str = "en-US", roles: tuple[Role, ...] = ()) -> Employee:
    employee = Employee(
        email=f"{name.lower()}@corp.example", name=name, country=country, locale=locale,
        timezone="Europe/Madrid" if country.startswith("ES") else "America/New_York",
    )  # fmt: skip
    employee.set_roles(set(roles))
    return employee


def importer(source: str) -> ImportContext:
    return ImportContext(actor=Actor(None, "cli", NOW), source=source, today=NOW.date())


def teams_csv() -> str:
    return TEAMS_CSV.format(
        fac_ny_lead="fran@corp.example", fac_ny_members="felix@corp.example",
        fac_mad_lead="marta@corp.example", fac_mad_members="", it_lead="ivan@corp.example", it_members="",
    )  # fmt: skip


def seed(session: Session, *, plans: bool = False) -> People:
    """The company, the places, teams and assets (through the real imports)."""
    people = People(
        fran=person("Fran", roles=(Role.FACILITIES,)),
        felix=person("Felix", roles=(Role.FACILITIES,)),
        marta=person("Marta", country="ES-MD", locale="es-ES", roles=(Role.FACILITIES,)),
        ivan=person("Ivan"),
        ana=person("Ana"),
        eva=person("Eva", country="ES-MD", locale="es-ES"),
        bob=person("Bob"),
        adam=person("Adam", roles=(Role.ADMIN,)),
    )
    session.add_all(list(vars(people).values()))
    session.flush()
    import_text(session, LOCATIONS, PLACES_CSV, importer("places.csv"))
    import_text(session, TEAMS, teams_csv(), importer("teams.csv"))
    import_text(session, ASSETS, ASSETS_CSV, importer("assets.csv"))
    if plans:
        import_text(session, PLANS, PLANS_CSV.format(next_due="2026-12-10"), importer("plans.csv"))
    return people


@pytest.fixture
def people(database: Database) -> People:
    with database.session() as session:
        company = seed(session)
        session.flush()
        session.expunge_all()
        return company


def deps(clock: FixedClock | None = None, config: MaintenanceConfig = CONFIG) -> SkillDeps[MaintenanceConfig]:
    return SkillDeps(config=config, clock=clock or FixedClock(NOW))


@dataclass
class Harness(SkillHarness):
    """An assistant with only the maintenance skill, its stub router and its clock."""

    default_intent = "maintenance.create"
    origin = SLACK
    threads: int = 0

    def report(self, who: Employee, text: str, origin: Origin | None = None) -> Ticket:
        """Report a problem (in a thread of its own) and confirm it; the ticket filed."""
        self.threads += 1
        origin = origin or Origin("slack", f"D{who.id:04d}:1700000000.{self.threads:06d}")
        replies = self.say(who, text, origin=origin)
        self.press(who, replies[-1], "Confirm" if who.language == "en" else "Confirmar", origin)
        with self.database.session() as session:
            ticket = session.scalars(select(Ticket).order_by(Ticket.id.desc())).first()
            assert ticket is not None
            session.expunge_all()
            return ticket


@pytest.fixture
def harness(database: Database, clock: FixedClock, tmp_path: Path) -> Iterator[Harness]:
    registry = SkillRegistry()
    handlers.register(registry, deps(clock, CONFIG.model_copy(update={"backoffice_home": tmp_path})))
    router = StubRouter("maintenance", INTENTS, "maintenance.create")
    yield Harness(Assistant(database, registry, router, clock=clock), router, clock, database)


def outbox(database: Database, **where: Any) -> list[OutboxMessage]:
    with database.session() as session:
        query = select(OutboxMessage).where(*(getattr(OutboxMessage, k) == v for k, v in where.items()))
        found = list(session.scalars(query.order_by(OutboxMessage.id)))
        session.expunge_all()
        return found


def asset(session: Session, tag: str) -> Asset:
    found = session.scalar(select(Asset).where(Asset.tag == tag))
    assert found is not None
    return found


def actor(session: Session, who: Employee, via: str = "slack", when: Any = NOW) -> Actor:
    employee = session.get(Employee, who.id)
    return Actor(employee, via, when)
