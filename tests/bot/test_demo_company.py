from collections import Counter

from sqlalchemy import func, select

from bot.demo.company import generate_company, seed_company
from db.models import Employee, Role
from tests.pinned import TODAY


def test_the_same_seed_gives_the_same_company():
    assert generate_company(7) == generate_company(7)
    assert generate_company(7) != generate_company(8)


def test_the_company_has_what_the_tour_needs():
    people = generate_company()
    assert 22 <= len(people) <= 30
    emails = [p.email for p in people]
    assert len(emails) == len(set(emails))
    assert all(e.isascii() for e in emails)
    roles = Counter(role for p in people for role in p.roles)
    for role in (Role.MANAGER, Role.HR, Role.FINANCE, Role.FACILITIES, Role.WAREHOUSE, Role.ADMIN):
        assert roles[role] >= 1
    assert len({p.department for p in people}) >= 4
    locales = {p.locale[:2] for p in people}
    assert locales == {"en", "es"}
    managers = {p.email for p in people}
    assert all(p.manager_email in managers for p in people if p.manager_email)


def test_seeding_twice_creates_nothing_new(session):
    created = seed_company(session, today=TODAY)
    assert created == len(generate_company())
    assert seed_company(session, today=TODAY) == 0
    sam = session.scalar(select(Employee).where(Employee.email == "sam@demo.example"))
    assert sam is not None and sam.manager is not None and sam.manager.email == "maria@demo.example"
    assert session.scalar(select(func.count()).select_from(Employee)) == created


def test_the_demo_places_load_through_the_locations_import(session):
    from bot.demo.places import seed_places
    from skills.locations.queries import by_code
    from tests.pinned import NOW

    assert seed_places(session, NOW) == 19
    assert seed_places(session, NOW) == 0
    goya = by_code(session, "MAD-GOYA")
    assert goya is not None and goya.path == "Madrid office › Planta 1 › Sala Goya"
    assert goya.inherited("country") == "ES-MD"
