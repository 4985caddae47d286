"""The demo company's calendar matches its handbook: Madrid staff in ES-MD, and the closure days the handbook names
(Dec 24 and Dec 31, the city's two local holidays, New York's day after Thanksgiving) imported as company holidays."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.demo.company import generate_company, seed_company
from db.models import Employee
from skills.leave.models import CompanyHoliday
from skills.leave.queries.calendar import count_working_days
from skills.leave.rules import LeaveDraft
from skills.leave.service import submit

from .conftest import NOW, TODAY, actor


def test_the_madrid_staff_are_in_the_comunidad_de_madrid():
    people = generate_company()
    assert {p.country for p in people if p.timezone == "Europe/Madrid"} == {"ES-MD"}
    assert {p.country for p in people if p.timezone != "Europe/Madrid"} == {"US"}


def test_seeding_imports_the_handbooks_closure_days_once(session):
    seed_company(session, today=TODAY)
    rows = {(row.day, row.country): row.name for row in session.scalars(select(CompanyHoliday))}
    assert rows[(date(2026, 12, 24), "ES-MD")] == "Nochebuena"
    assert rows[(date(2026, 12, 31), "ES-MD")] == "Nochevieja"
    assert rows[(date(2027, 12, 24), "ES-MD")] == "Nochebuena"  # next year's too, for leave across New Year
    assert rows[(date(2026, 5, 15), "ES-MD")] == "San Isidro"
    assert rows[(date(2026, 11, 27), "US")] == "Day after Thanksgiving"
    assert (date(2026, 12, 24), "US") not in rows and (date(2026, 12, 24), None) not in rows  # New York stays open
    assert seed_company(session, today=TODAY) == 0


def test_in_the_demo_christmas_week_costs_madrid_three_days_and_new_york_four(session):
    seed_company(session, today=TODAY)
    javier = session.scalar(select(Employee).where(Employee.email == "javier@demo.example"))
    sam = session.scalar(select(Employee).where(Employee.email == "sam@demo.example"))
    assert javier is not None and sam is not None and javier.country == "ES-MD"
    week = (date(2026, 12, 21), date(2026, 12, 24))
    assert count_working_days(session, javier.country, *week).days == 3
    assert count_working_days(session, sam.country, *week).days == 4
    request = submit(session, actor=actor(javier, "terminal", NOW), draft=LeaveDraft("vacation", *week))
    assert request.working_days == 3
