"""Generate the demo company (about 25 people in four departments) from a fixed seed, idempotently."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

import holidays
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.audit import record
from db.models import Employee, Role
from skills.leave.models import CompanyHoliday
from skills.leave.service import allocate_year, ensure_leave_types

DEMO_SEED = 20261125
DOMAIN = "demo.example"

FIRST_NAMES_EN = [
    "Alice",
    "Ben",
    "Chloe",
    "David",
    "Emma",
    "Frank",
    "Grace",
    "Henry",
    "Isla",
    "Jack",
    "Kate",
    "Liam",
]
FIRST_NAMES_ES = [
    "Lucía",
    "Carlos",
    "María",
    "Javier",
    "Elena",
    "Pablo",
    "Carmen",
    "Diego",
    "Sofía",
    "Andrés",
]
LAST_NAMES_EN = [
    "Walker",
    "Hughes",
    "Turner",
    "Reed",
    "Foster",
    "Brooks",
    "Hayes",
    "Price",
    "Bennett",
    "Cole",
]
LAST_NAMES_ES = ["García", "Martínez", "López", "Sánchez", "Romero", "Navarro", "Ortega", "Molina", "Delgado"]


@dataclass(frozen=True)
class Department:
    """A demo department: its name, where it works, its extra role and how many reports the manager has."""

    name: str
    country: str
    timezone: str
    spanish: bool
    staff_role: Role | None
    size: int


MADRID = "ES-MD"  # the Comunidad de Madrid: its regional holidays apply on top of Spain's
DEPARTMENTS = [
    Department("Operations", "US", "America/New_York", False, None, 5),
    Department("Finance", "US", "America/Chicago", False, Role.FINANCE, 3),
    Department("People", MADRID, "Europe/Madrid", True, Role.HR, 3),
    Department("Facilities", MADRID, "Europe/Madrid", True, Role.FACILITIES, 3),
    Department("Warehouse", MADRID, "Europe/Madrid", True, Role.WAREHOUSE, 4),
]


@dataclass(frozen=True)
class ClosureDay:
    """A day an office of the demo company closes that no public calendar knows, as the handbook says."""

    month: int
    day: int
    name: str
    country: str


CLOSURE_DAYS = (
    # knowledge/handbook/oficina-madrid.md, "Festivos": the city's two local holidays, and Dec 24 and Dec 31,
    # courtesy days that "no se descuentan de las vacaciones". They are the Madrid office's, not New York's.
    ClosureDay(5, 15, "San Isidro", MADRID),
    ClosureDay(11, 9, "Nuestra Señora de la Almudena", MADRID),
    ClosureDay(12, 24, "Nochebuena", MADRID),
    ClosureDay(12, 31, "Nochevieja", MADRID),
)
"""The New York office also closes the day after Thanksgiving (knowledge/handbook/leave.md): see
:func:`closure_days`."""

# Fixed, named people the tour and the README refer to.
CEO = ("Olivia Grant", "olivia", "Management", "US", "America/New_York", "en-US", {Role.MANAGER, Role.ADMIN})
TOUR_PEOPLE = {
    "Operations": ("Maria Lopez", "maria", "en-US"),
    "People": ("Lucía Fernández", "lucia", "es-ES"),
}
TOUR_EMPLOYEE = ("Sam Carter", "sam", "Operations", "en-US")
TOUR_SPANISH_EMPLOYEE = ("Javier Ruiz", "javier", "Warehouse", "es-ES")


def _email(local: str) -> str:
    return f"{local}@{DOMAIN}"


def _unique_local(name: str, taken: set[str]) -> str:
    first, last = name.lower().split()[0], name.lower().split()[-1]
    base = unicodedata.normalize("NFKD", f"{first}.{last}").encode("ascii", "ignore").decode()
    local, number = base, 2
    while local in taken:
        local, number = f"{base}{number}", number + 1
    taken.add(local)
    return local


@dataclass
class Person:
    """One row of the generated directory before it is written."""

    name: str
    email: str
    department: str
    country: str
    timezone: str
    locale: str
    roles: set[Role]
    manager_email: str | None


def generate_company(seed: int = DEMO_SEED) -> list[Person]:
    """The demo directory: the same people, names and reporting lines for the same seed."""
    rng = random.Random(seed)
    taken = {"olivia", "maria", "lucia", "sam", "javier"}
    name, local, dept, country, tz, locale, roles = CEO
    people = [Person(name, _email(local), dept, country, tz, locale, set(roles), None)]
    for department in DEPARTMENTS:
        firsts = FIRST_NAMES_ES if department.spanish else FIRST_NAMES_EN
        lasts = LAST_NAMES_ES if department.spanish else LAST_NAMES_EN
        locale = "es-ES" if department.spanish else "en-US"
        staff_roles = {department.staff_role} if department.staff_role else set()
        if department.name in TOUR_PEOPLE:
            manager_name, manager_local, locale = TOUR_PEOPLE[department.name]
        else:
            manager_name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
            manager_local = _unique_local(manager_name, taken)
        manager = Person(
            manager_name,
            _email(manager_local),
            department.name,
            department.country,
            department.timezone,
            locale,
            {Role.MANAGER} | staff_roles,
            people[0].email,
        )
        people.append(manager)
        for _ in range(department.size):
            member_name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
            member_locale = locale if rng.random() > 0.15 else ("en-GB" if department.spanish else "es-MX")
            people.append(
                Person(
                    member_name,
                    _email(_unique_local(member_name, taken)),
                    department.name,
                    department.country,
                    department.timezone,
                    member_locale,
                    set(staff_roles),
                    manager.email,
                )
            )
    for tour_name, tour_local, tour_dept, tour_locale in (TOUR_EMPLOYEE, TOUR_SPANISH_EMPLOYEE):
        manager = next(p for p in people if p.department == tour_dept and Role.MANAGER in p.roles)
        people.append(
            Person(
                tour_name,
                _email(tour_local),
                tour_dept,
                manager.country,
                manager.timezone,
                tour_locale,
                set(),
                manager.email,
            )
        )
    return people


def seed_company(session: Session, *, today: date, seed: int = DEMO_SEED) -> int:
    """Write the demo directory if it is not there yet (allowances for ``today``'s year); how many were created."""
    existing = session.scalar(select(func.count()).select_from(Employee).where(Employee.email.like(f"%@{DOMAIN}")))
    if existing:
        return 0
    by_email: dict[str, Employee] = {}
    for person in generate_company(seed):
        employee = Employee(
            email=person.email,
            name=person.name,
            department=person.department,
            country=person.country,
            timezone=person.timezone,
            locale=person.locale,
            active=True,
            slack_id=None,
        )
        employee.set_roles(person.roles)
        employee.manager = by_email.get(person.manager_email or "")
        session.add(employee)
        by_email[person.email] = employee
    session.flush()
    for employee in by_email.values():
        record(
            session,
            action="employee.seed",
            entity_type="employee",
            entity_id=employee.id,
            before=None,
            after={"email": employee.email},
            via="cli",
            actor_label="demo seed",
        )
    seed_leave(session, list(by_email.values()), today.year)
    return len(by_email)


def seed_leave(session: Session, employees: list[Employee], year: int) -> None:
    """Give the demo company its leave types, ``year``'s allocations, and its closure days this year and next."""
    ensure_leave_types(session)
    for employee in employees:
        allocate_year(session, employee, year)
    seed_closure_days(session, (year, year + 1))


def closure_days(year: int) -> list[tuple[date, str, str]]:
    """The demo offices' closure days in ``year`` as (day, name, country): Madrid's from the handbook, and New York's
    day after Thanksgiving."""
    days = [(date(year, c.month, c.day), c.name, c.country) for c in CLOSURE_DAYS]
    for thanksgiving in holidays.country_holidays("US", years=year).get_named("Thanksgiving"):
        days.append((thanksgiving + timedelta(days=1), "Day after Thanksgiving", "US"))
    return days


def seed_closure_days(session: Session, years: tuple[int, ...]) -> int:
    """Import the demo company's closure days for ``years`` as company holidays (idempotent); how many were new."""
    existing = {(row.day, row.country) for row in session.scalars(select(CompanyHoliday))}
    new = [
        CompanyHoliday(day=day, name=name, country=country)
        for year in years
        for day, name, country in closure_days(year)
        if (day, country) not in existing
    ]
    session.add_all(new)
    session.flush()
    return len(new)
