"""One harness for the stock tests: the pinned clock, a small company (warehouse staff in New York and Madrid,
employees in both languages, an admin), the demo-like places and items, and an assistant whose router is a stub
(the test says which intent a message is; the real extractors fill the slots)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import skills.stock.models  # noqa: F401  (the stock tables on Base.metadata)
from bot.assistant import Assistant, Origin
from db.engine import Database
from db.models import Employee, OutboxMessage, Role
from skills.base import SkillDeps
from skills.common.reference import ImportContext, import_text
from skills.common.time import FixedClock
from skills.core import Actor, SkillRegistry
from skills.locations.models import Location
from skills.locations.reference import LOCATIONS
from skills.stock import handlers
from skills.stock.config import StockConfig
from skills.stock.intents import INTENTS
from skills.stock.models import Item
from skills.stock.reference import ITEMS
from tests.pinned import NOW
from tests.skills.harness import SkillHarness, StubRouter, text_of  # noqa: F401  (text_of: for the tests)

SLACK = Origin("slack", "D0ANA:main")
CONFIG = StockConfig(warehouse_channel="#warehouse-all")
PLACES = """code,name,parent_code,country,alert_channel,timezone,aliases
NY,New York office,,US-NY,,America/New_York,NYC office;oficina de Nueva York
NY-WH,New York warehouse,NY,,#warehouse-ny,,NY warehouse;almacén de Nueva York
NY-WH-A,Shelf A,NY-WH,,,,
NY-F3,Floor 3,NY,,,,3rd floor
MAD,Madrid office,,ES-MD,,Europe/Madrid,oficina de Madrid;Madrid
MAD-WH,Almacén de Madrid,MAD,,#almacen-madrid,,Madrid warehouse;almacén
BCN,Barcelona office,,ES-CT,,Europe/Madrid,oficina de Barcelona;Barcelona
BCN-STORE,Barcelona storeroom,BCN,,,,almacén de Barcelona
"""
ITEMS_CSV = """sku,name,aliases,unit,location_code,quantity,reorder_level,reorder_qty,name_es,category,serialized
TON-HP26,HP 26A toner cartridge,toner;cartucho de tóner,unit,NY-WH,9,4,12,Cartucho de tóner HP 26A,printing,no
TON-HP26,HP 26A toner cartridge,toner;cartucho de tóner,unit,MAD-WH,7,5,12,Cartucho de tóner HP 26A,printing,no
ADP-HDMI,USB-C to HDMI adapter,HDMI adapter;adaptador HDMI,unit,NY-WH,14,5,20,Adaptador USB-C a HDMI,it,no
CAB-HDMI,HDMI cable 2 m,HDMI lead;cable HDMI,unit,NY-WH,30,10,30,Cable HDMI 2 m,it,no
PAP-A4,A4 paper,printer paper;folios;papel de impresora,ream,NY-WH,120,40,100,Papel A4,office,no
PAP-A4,A4 paper,printer paper;folios;papel de impresora,ream,MAD-WH,80,30,100,Papel A4,office,no
LAP-DELL,Dell Latitude 5440 laptop,laptop;portátil,unit,NY-WH,6,2,4,Portátil Dell Latitude 5440,it,yes
CHR-ERG,Ergonomic office chair,chair;silla,unit,MAD-WH,15,4,6,Silla de oficina ergonómica,furniture,no
"""


@dataclass
class People:
    """Who is who in the stock tests."""

    wes: Employee  # warehouse, New York, English
    wanda: Employee  # warehouse, Madrid, Spanish
    ana: Employee  # employee, New York, English
    eva: Employee  # employee, Madrid, Spanish
    adam: Employee  # admin (holds every role)


def person(name: str, *, country: str = "US", locale: str = "en-US", roles: tuple[Role, ...] = ()) -> Employee:
    employee = Employee(
        email=f"{name.lower()}@corp.example", name=name, country=country, locale=locale,
        timezone="Europe/Madrid" if country.startswith("ES") else "America/New_York",
    )  # fmt: skip
    employee.set_roles(set(roles))
    return employee


def importer(source: str) -> ImportContext:
    return ImportContext(actor=Actor(None, "cli", NOW), source=source, today=NOW.date())


def seed(session: Session) -> People:
    """The company, the places and the items (through the real imports)."""
    people = People(
        wes=person("Wes", roles=(Role.WAREHOUSE,)),
        wanda=person("Wanda", country="ES-MD", locale="es-ES", roles=(Role.WAREHOUSE,)),
        ana=person("Ana"),
        eva=person("Eva", country="ES-MD", locale="es-ES"),
        adam=person("Adam", roles=(Role.ADMIN,)),
    )
    session.add_all([people.wes, people.wanda, people.ana, people.eva, people.adam])
    session.flush()
    import_text(session, LOCATIONS, PLACES, importer("places.csv"))
    import_text(session, ITEMS, ITEMS_CSV, importer("items.csv"))
    return people


@pytest.fixture
def people(database: Database) -> People:
    with database.session() as session:
        company = seed(session)
        session.flush()
        session.expunge_all()
        return company


def stock_deps(clock: FixedClock | None = None, config: StockConfig = CONFIG) -> SkillDeps[StockConfig]:
    return SkillDeps(config=config, clock=clock or FixedClock(NOW))


@dataclass
class Harness(SkillHarness):
    """An assistant with only the stock skill, its stub router and its clock."""

    default_intent = "stock.lookup"
    origin = SLACK


@pytest.fixture
def harness(database: Database, clock: FixedClock) -> Iterator[Harness]:
    registry = SkillRegistry()
    handlers.register(registry, stock_deps(clock))
    router = StubRouter("stock", INTENTS, "stock.lookup")
    yield Harness(Assistant(database, registry, router, clock=clock), router, clock, database)


def outbox(database: Database, **where: Any) -> list[OutboxMessage]:
    with database.session() as session:
        query = select(OutboxMessage).where(*(getattr(OutboxMessage, k) == v for k, v in where.items()))
        found = list(session.scalars(query.order_by(OutboxMessage.id)))
        session.expunge_all()
        return found


def place(session: Session, code: str) -> Location:
    found = session.scalar(select(Location).where(Location.code == code))
    assert found is not None
    return found


def item(session: Session, sku: str) -> Item:
    found = session.scalar(select(Item).where(Item.sku == sku))
    assert found is not None
    return found


def actor(session: Session, who: Employee, via: str = "slack", when: Any = NOW) -> Actor:
    employee = session.get(Employee, who.id)
    return Actor(employee, via, when)
