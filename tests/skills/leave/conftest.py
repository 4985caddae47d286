"""A small company for the leave tests: a CEO, two managers with reports, HR and an admin; today is 2026-11-25."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session

import skills.leave.models  # noqa: F401  (the leave tables on Base.metadata)
from db.engine import Database
from db.models import Employee, Role
from skills.leave.balances import ensure_leave_types
from skills.leave.rules import LeaveDraft
from skills.leave.service import submit

TODAY = date(2026, 11, 25)  # a Wednesday; Thanksgiving is tomorrow
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@dataclass
class Company:
    """The people of the test company, by role in the tests."""

    ceo: Employee
    maria: Employee  # manager of ana and eva
    ana: Employee  # US, English
    eva: Employee  # Madrid, Spanish
    oscar: Employee  # another manager
    olga: Employee  # oscar's report
    hana: Employee  # HR
    adam: Employee  # admin

    def all(self) -> list[Employee]:
        return [self.ceo, self.maria, self.ana, self.eva, self.oscar, self.olga, self.hana, self.adam]


def person(
    name: str,
    manager: Employee | None = None,
    *,
    country: str = "US",
    locale: str = "en-US",
    roles: set[Role] | None = None,
) -> Employee:
    employee = Employee(
        email=f"{name.lower()}@corp.example",
        name=name,
        manager=manager,
        country=country,
        locale=locale,
        timezone="Europe/Madrid" if country.startswith("ES") else "America/New_York",
    )
    employee.set_roles(roles or set())
    return employee


def make_company(session: Session) -> Company:
    ensure_leave_types(session)
    ceo = person("Carmen", roles={Role.MANAGER})
    maria = person("Maria", ceo, roles={Role.MANAGER})
    oscar = person("Oscar", ceo, roles={Role.MANAGER})
    company = Company(
        ceo=ceo,
        maria=maria,
        ana=person("Ana", maria),
        eva=person("Eva", maria, country="ES-MD", locale="es-ES"),
        oscar=oscar,
        olga=person("Olga", oscar),
        hana=person("Hana", ceo, roles={Role.HR}),
        adam=person("Adam", ceo, roles={Role.ADMIN}),
    )
    session.add_all(company.all())
    session.flush()
    return company


@pytest.fixture
def company(session: Session) -> Company:
    return make_company(session)


def draft(start: date, end: date | None = None, leave_type: str = "vacation", **kwargs: object) -> LeaveDraft:
    return LeaveDraft(leave_type=leave_type, start=start, end=end or start, **kwargs)  # type: ignore[arg-type]


def approved(session: Session, employee: Employee, start: date, end: date | None = None, leave_type: str = "vacation"):
    """An approved request made the ordinary way (submitted, then approved by the approver)."""
    from skills.leave.service import decide

    request = submit(session, employee, draft(start, end, leave_type), TODAY, "test", NOW)
    if request.status == "pending":
        approver = session.get(Employee, request.approver_id)
        assert approver is not None
        decide(session, request.id, approver, True, None, "test", NOW)
    return request


@pytest.fixture
def committed_company(database: Database) -> Company:
    """The company committed, for tests that open their own sessions (threads)."""
    with database.session() as session:
        return make_company(session)
