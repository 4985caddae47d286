from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

import knowledge.models  # noqa: F401  (the index's tables)
import skills
from db.base import Base
from db.migrate import check
from db.models import Employee, Role


def test_migrations_match_the_models(migrated_database):
    skills.all_skills()  # import every skill's tables
    check(migrated_database.engine, Base.metadata)


def test_times_come_back_in_utc_and_naive_times_are_refused(session):
    madrid = timezone(timedelta(hours=1))
    employee = Employee(email="a@x.example", name="A", created_at=datetime(2026, 11, 25, 10, 0, tzinfo=madrid))
    session.add(employee)
    session.flush()
    session.expire_all()
    stored = session.scalar(select(Employee))
    assert stored is not None
    assert stored.created_at == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert stored.created_at.tzinfo is not None
    session.add(Employee(email="b@x.example", name="B", created_at=datetime(2026, 11, 25, 10, 0)))
    with pytest.raises(Exception, match="naive datetime"):
        session.flush()
    session.rollback()


def test_roles_round_trip_and_admin_holds_every_role(session):
    employee = Employee(email="r@x.example", name="R")
    employee.set_roles({Role.HR, Role.MANAGER})
    session.add(employee)
    session.flush()
    employee.set_roles({Role.HR, Role.ADMIN})
    session.flush()
    session.expire_all()
    stored = session.scalar(select(Employee).where(Employee.email == "r@x.example"))
    assert stored is not None
    assert stored.roles == {Role.EMPLOYEE, Role.HR, Role.ADMIN}
    assert stored.has_role(Role.FINANCE)
    plain = Employee(email="p@x.example", name="P")
    assert plain.roles == {Role.EMPLOYEE}
    assert not plain.has_role(Role.HR)


def test_language_comes_from_the_locale():
    assert Employee(email="e@x", name="E", locale="es-ES").language == "es"
    assert Employee(email="e@x", name="E", locale="en_GB").language == "en"
