"""Leave's reference data: company closure days and leave types, imported all-or-nothing and exported back."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEntry
from skills.common.reference import (
    ImportContext,
    ImportSummary,
    ReferenceImportError,
    export_to,
    import_source,
)
from skills.core import Actor
from skills.leave.models import CompanyHoliday, LeaveType
from skills.leave.reference import HOLIDAYS, LEAVE_TYPES
from tests.pinned import NOW, TODAY

CONTEXT = ImportContext(actor=Actor(None, "cli", NOW), source="test.csv", today=TODAY)
TYPES_HEADER = "code,name_en,name_es,days_per_year,requires_approval,notice_days,half_days,carry_over_days"


def load(session: Session, kind, text: str) -> ImportSummary:
    return import_source(session, kind, io.StringIO(text), CONTEXT)


def problems(session: Session, kind, text: str) -> list[tuple[int, str]]:
    with pytest.raises(ReferenceImportError) as caught:
        load(session, kind, text)
    return [(problem.line, problem.reason) for problem in caught.value.problems]


def exported(session: Session, kind) -> str:
    out = io.StringIO()
    export_to(session, kind, out)
    return out.getvalue()


def test_a_leave_types_file_with_no_rows_is_refused_rather_than_switching_every_type_off(session: Session):
    from skills.leave.service import ensure_leave_types

    ensure_leave_types(session)
    said = problems(session, LEAVE_TYPES, TYPES_HEADER + "\n\n")
    assert said == [(1, "the file has no rows; it is the whole list of leave-types, so it would switch every one off")]
    assert session.scalars(select(LeaveType).where(LeaveType.active.is_(True))).first() is not None
    assert load(session, HOLIDAYS, "date,name,country\n") == ImportSummary(created=0, updated=0, unchanged=0)


def test_holidays_are_created_renamed_and_exported_back(session: Session):
    text = "date,name,country\n2026-12-24,Christmas Eve,\n2026-12-31,New Year's Eve,es-md\n"
    assert load(session, HOLIDAYS, text) == ImportSummary(created=2, updated=0, unchanged=0)
    renamed = "date;name;country\n2026-12-24;Nochebuena;\n"
    assert load(session, HOLIDAYS, renamed) == ImportSummary(created=0, updated=1, unchanged=0)
    rows = session.scalars(select(CompanyHoliday).order_by(CompanyHoliday.day)).all()
    assert [(r.day, r.name, r.country) for r in rows] == [
        (date(2026, 12, 24), "Nochebuena", None),
        (date(2026, 12, 31), "New Year's Eve", "ES-MD"),
    ]
    back = exported(session, HOLIDAYS)
    assert back == "date,name,country\n2026-12-24,Nochebuena,\n2026-12-31,New Year's Eve,ES-MD\n"
    assert load(session, HOLIDAYS, back) == ImportSummary(created=0, updated=0, unchanged=2)


def test_bad_holiday_rows_are_each_named_and_nothing_is_written(session: Session):
    text = "date,name,country\n2026-12-24,Christmas Eve,\n2026-13-01,Nope,ES\n2026-12-31,,XX\n2026-12-24,Again,\n"
    assert problems(session, HOLIDAYS, text) == [
        (3, "date: '2026-13-01' is not a date like 2026-12-24"),
        (4, "missing name"),
        (4, "bad country 'XX': expected an ISO 3166-1 alpha-2 code like ES, GB or ES-MD"),
        (5, "duplicate day 2026-12-24 for every office: already on line 2"),
    ]
    assert session.scalars(select(CompanyHoliday)).all() == []


def test_a_row_with_a_bad_country_is_no_duplicate_of_an_every_office_row(session: Session):
    """The bad cell reads as None, which is also how "every office" reads: only the bad country is reported."""
    text = "date,name,country\n2026-12-25,Xmas,XX\n2026-12-25,Xmas,\n"
    assert problems(session, HOLIDAYS, text) == [
        (2, "bad country 'XX': expected an ISO 3166-1 alpha-2 code like ES, GB or ES-MD"),
    ]


def test_the_defaults_are_there_after_db_upgrade_and_export_as_a_file_that_imports_unchanged(session: Session):
    from skills.leave.service import ensure_leave_types

    ensure_leave_types(session)  # the tests empty every table between tests; db upgrade seeds these once
    text = exported(session, LEAVE_TYPES)
    assert text.splitlines()[0] == TYPES_HEADER + ",accrual,backdate_days"
    assert "vacation,Vacation,Vacaciones,22,yes,7,yes,5,upfront,0" in text.splitlines()
    assert load(session, LEAVE_TYPES, text) == ImportSummary(created=0, updated=0, unchanged=6)


def test_a_leave_types_file_replaces_the_list(session: Session):
    from skills.leave.service import ensure_leave_types

    ensure_leave_types(session)
    text = "\n".join(
        [
            TYPES_HEADER,
            'vacation,Annual leave,Vacaciones,25,yes,10,yes,"2,5"',
            "sick,Sick leave,Baja por enfermedad,,no,0,yes,0",
            "volunteer,Volunteering day,Voluntariado,2,yes,3,no,0",
        ]
    )
    summary = load(session, LEAVE_TYPES, text)
    assert (summary.created, summary.updated, summary.unchanged) == (1, 1, 1)
    assert summary.notes == ("4 switched off (not in the file): bereavement, parental, personal, unpaid",)
    vacation = session.get(LeaveType, "vacation")
    assert vacation is not None
    assert (vacation.name_en, vacation.allowance_days, vacation.min_notice_days, vacation.carry_over_cap) == (
        "Annual leave", Decimal(25), 10, Decimal("2.5"),
    )  # fmt: skip
    active = session.scalars(select(LeaveType.code).where(LeaveType.active.is_(True)).order_by(LeaveType.code))
    assert list(active) == ["sick", "vacation", "volunteer"]
    actions = [entry.action for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions.count("leave_type.switched_off") == 4 and "leave_type.created" in actions


def test_bad_leave_type_rows_are_each_named(session: Session):
    text = "\n".join(
        [
            TYPES_HEADER,
            "Vacation Days,Vacation,Vacaciones,22.3,perhaps,-1,yes,0",
            "sick,,Baja,,no,0,yes,0",
            "sick,Sick,Baja,,no,0,yes,0",
        ]
    )
    assert problems(session, LEAVE_TYPES, text) == [
        (2, "bad code 'Vacation Days': expected a short word like vacation or sick_child (a-z, 0-9, _ or -)"),
        (2, "days_per_year: '22.3' is not a whole or half number of days"),
        (2, "requires_approval: 'perhaps' is not yes or no (true/false, yes/no, 1/0, sí/no)"),
        (2, "notice_days: '-1' is not a whole number like 0 or 14"),
        (3, "missing name_en"),
        (4, "duplicate code sick: already on line 3"),
    ]


def test_this_years_allocations_follow_leave_types_imported_after_the_directory(session: Session):
    """README imports employees, then leave types: everyone had the default allowance, and a type the company added
    had no allocation, so nobody could take it this year."""
    from skills.leave.models import LeaveAllocation
    from skills.leave.queries.balances import allocation_of
    from skills.leave.service import allocate_year

    from .conftest import make_company

    company = make_company(session)
    for employee in company.all():
        allocate_year(session, employee, TODAY.year)
    by_hand = allocation_of(session, company.ana.id, "vacation", TODAY.year)
    assert by_hand is not None and by_hand.allocated_days == 22
    by_hand.allocated_days = Decimal(30)  # HR gave Ana more: the file must not undo it
    text = "\n".join(
        [
            TYPES_HEADER,
            "vacation,Vacation,Vacaciones,23,yes,7,yes,5",
            "sick,Sick leave,Baja por enfermedad,,no,0,yes,0",
            "volunteer,Volunteering day,Voluntariado,2,yes,3,no,0",
        ]
    )
    summary = load(session, LEAVE_TYPES, text)
    assert f"this year's allowances updated for {len(company.all())} employee(s)" in summary.notes
    for employee in company.all():
        vacation = allocation_of(session, employee.id, "vacation", TODAY.year)
        volunteer = allocation_of(session, employee.id, "volunteer", TODAY.year)
        assert vacation is not None and volunteer is not None
        assert vacation.allocated_days == (30 if employee is company.ana else 23), employee.name
        assert volunteer.allocated_days == 2
    again = load(session, LEAVE_TYPES, text)  # the same file again changes nothing
    assert (again.created, again.updated, again.notes) == (0, 0, ())
    assert session.scalars(select(LeaveAllocation).where(LeaveAllocation.leave_type == "volunteer")).all()
