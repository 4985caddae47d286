"""The leave skill's reference data (DESIGN §3): ``holidays`` (company closure days) and ``leave-types``.

``holidays``: ``date,name,country`` — an empty country closes every office; ``ES`` one country; ``ES-MD`` one
region. A day already listed for the same scope is renamed; the file adds to what is stored.

``leave-types``: ``code,name_en,name_es,days_per_year,requires_approval,notice_days,half_days,carry_over_days``
(then optionally ``accrual`` and ``backdate_days``). The file is the company's whole list: types it names are
created or updated, and stored types it leaves out are switched off (kept, because requests refer to them).
An empty ``days_per_year`` means no yearly limit (sick leave, unpaid leave).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator
from sqlalchemy import select
from sqlalchemy.orm import Session

from skills.common.reference.cells import (
    Boolean,
    IsoDate,
    OptionalCountry,
    WholeNumber,
    bounded_text,
    non_negative_decimal,
    whole_number,
)
from skills.common.reference.kind import ImportContext, Parsed, ReferenceKind, repeats
from skills.common.reference.problems import ImportSummary, RowProblem
from skills.leave.models import Accrual, CompanyHoliday, LeaveAllocation, LeaveType

MAX_HOLIDAY_NAME = 200
MAX_TYPE_NAME = 100
_CODE = re.compile(r"[a-z][a-z0-9_-]{0,31}")


# --- holidays -----------------------------------------------------------------------------------------------


class HolidayRow(BaseModel):
    """One closure day: when, what it is called, and which offices close (None: every office)."""

    date: IsoDate
    name: Annotated[str, bounded_text("name", MAX_HOLIDAY_NAME, required=True)]
    country: OptionalCountry


def _holiday_scope(row: HolidayRow) -> tuple[Any, str | None]:
    return row.date, row.country


def check_holidays(session: Session, rows: Sequence[Parsed[HolidayRow]]) -> list[RowProblem]:
    """A day may be listed once per scope."""
    return repeats(rows, _holiday_scope, "day", lambda scope: f"day {scope[0]} for {scope[1] or 'every office'}")


def _stored_holiday(session: Session, row: HolidayRow) -> CompanyHoliday | None:
    scope = CompanyHoliday.country.is_(None) if row.country is None else CompanyHoliday.country == row.country
    return session.scalar(select(CompanyHoliday).where(CompanyHoliday.day == row.date, scope))


def apply_holidays(session: Session, rows: Sequence[Parsed[HolidayRow]], context: ImportContext) -> ImportSummary:
    """Create the new days and rename the ones stored under another name; each change audited."""
    created = renamed = 0
    for parsed in rows:
        row = parsed.row
        existing = _stored_holiday(session, row)
        if existing is None:
            holiday = CompanyHoliday(day=row.date, name=row.name, country=row.country)
            session.add(holiday)
            session.flush()
            created += 1
            after = {"day": row.date.isoformat(), "name": row.name, "country": row.country}
            context.audit(
                session, action="holiday.created", entity=("company_holiday", holiday.id), before=None, after=after
            )
        elif existing.name != row.name:
            before = {"name": existing.name}
            existing.name = row.name
            renamed += 1
            context.audit(
                session, action="holiday.renamed", entity=("company_holiday", existing.id), before=before,
                after={"name": row.name},
            )  # fmt: skip
    return ImportSummary(created=created, updated=renamed, unchanged=len(rows) - created - renamed)


def export_holidays(session: Session) -> list[dict[str, str]]:
    """Every closure day, by date, every-office days first."""
    holidays = session.scalars(select(CompanyHoliday).order_by(CompanyHoliday.day, CompanyHoliday.country))
    return [
        {"date": holiday.day.isoformat(), "name": holiday.name, "country": holiday.country or ""}
        for holiday in holidays
    ]


HOLIDAYS: ReferenceKind[HolidayRow] = ReferenceKind(
    name="holidays",
    columns=("date", "name", "country"),
    row=HolidayRow,
    label_column="date",
    check=check_holidays,
    apply=apply_holidays,
    export=export_holidays,
    description="company closure days (an empty country closes every office)",
)


# --- leave types --------------------------------------------------------------------------------------------


def _code(raw: str) -> str:
    code = raw.strip().lower()
    if not _CODE.fullmatch(code):
        raise ValueError(f"bad code {raw!r}: expected a short word like vacation or sick_child (a-z, 0-9, _ or -)")
    return code


def _days(raw: str) -> Decimal:
    """A number of days, whole or half (``22``, ``2.5``, ``2,5``)."""
    value = non_negative_decimal(raw)
    if (value * 2) % 1 != 0:
        raise ValueError(f"{raw!r} is not a whole or half number of days")
    return value


def _optional_whole_number(raw: str) -> int | None:
    return whole_number(raw) if raw else None


def _optional_days(raw: str) -> Decimal | None:
    """A number of days, or None (no yearly limit) when empty."""
    return _days(raw) if raw else None


def _accrual(raw: str) -> str | None:
    word = raw.strip().lower()
    if not word:
        return None
    if word not in {str(option) for option in Accrual}:
        raise ValueError(f"bad accrual {raw!r}: expected upfront or monthly")
    return word


class LeaveTypeRow(BaseModel):
    """One kind of leave and its rules, as the company writes them."""

    code: Annotated[str, BeforeValidator(_code)]
    name_en: Annotated[str, bounded_text("name_en", MAX_TYPE_NAME, required=True)]
    name_es: Annotated[str, bounded_text("name_es", MAX_TYPE_NAME, required=True)]
    days_per_year: Annotated[Decimal | None, BeforeValidator(_optional_days)]
    requires_approval: Boolean
    notice_days: WholeNumber
    half_days: Boolean
    carry_over_days: Annotated[Decimal, BeforeValidator(_days)]
    accrual: Annotated[str | None, BeforeValidator(_accrual)] = None
    backdate_days: Annotated[int | None, BeforeValidator(_optional_whole_number)] = None
    """Optional columns: None (the column is absent or the cell empty) keeps the stored value, or the default."""


def check_leave_types(session: Session, rows: Sequence[Parsed[LeaveTypeRow]]) -> list[RowProblem]:
    """Each code is listed once."""
    return repeats(rows, lambda row: row.code, "code {value}")


def _type_values(row: LeaveTypeRow, current: LeaveType | None) -> dict[str, Any]:
    """What the row asks the type to be; absent optional cells keep ``current``'s values (or the defaults)."""
    return {
        "name_en": row.name_en,
        "name_es": row.name_es,
        "allowance_days": row.days_per_year,
        "requires_approval": row.requires_approval,
        "min_notice_days": row.notice_days,
        "half_days_allowed": row.half_days,
        "carry_over_cap": row.carry_over_days,
        "accrual": row.accrual or (str(current.accrual) if current else str(Accrual.UPFRONT)),
        "backdate_days": row.backdate_days
        if row.backdate_days is not None
        else (current.backdate_days if current else 0),
        "active": True,
    }


def _type_state(leave_type: LeaveType) -> dict[str, Any]:
    return {
        "name_en": leave_type.name_en,
        "name_es": leave_type.name_es,
        "allowance_days": leave_type.allowance_days,
        "requires_approval": leave_type.requires_approval,
        "min_notice_days": leave_type.min_notice_days,
        "half_days_allowed": leave_type.half_days_allowed,
        "carry_over_cap": leave_type.carry_over_cap,
        "accrual": str(leave_type.accrual),
        "backdate_days": leave_type.backdate_days,
        "active": leave_type.active,
    }


def _json(values: dict[str, Any]) -> dict[str, Any]:
    return {key: str(value) if isinstance(value, Decimal) else value for key, value in values.items()}


def apply_leave_types(session: Session, rows: Sequence[Parsed[LeaveTypeRow]], context: ImportContext) -> ImportSummary:
    """Create or update every type in the file and switch off the stored ones it leaves out; each change audited."""
    stored = {leave_type.code: leave_type for leave_type in session.scalars(select(LeaveType))}
    created = updated = 0
    changed_allowances: dict[str, Decimal | None] = {}  # code -> the allowance before this file
    for parsed in rows:
        current = stored.get(parsed.row.code)
        wanted = _type_values(parsed.row, current)
        if current is None:
            session.add(LeaveType(code=parsed.row.code, **wanted))
            created += 1
            context.audit(
                session, action="leave_type.created", entity=("leave_type", parsed.row.code), before=None,
                after=_json(wanted),
            )  # fmt: skip
            continue
        before = _type_state(current)
        if before == wanted:
            continue
        if current.allowance_days != wanted["allowance_days"]:
            changed_allowances[current.code] = current.allowance_days
        for key, value in wanted.items():
            setattr(current, key, value)
        updated += 1
        context.audit(
            session, action="leave_type.updated", entity=("leave_type", current.code), before=_json(before),
            after=_json(wanted),
        )  # fmt: skip
    named = {parsed.row.code for parsed in rows}
    switched_off = sorted(code for code, leave_type in stored.items() if code not in named and leave_type.active)
    for code in switched_off:
        stored[code].active = False
        context.audit(
            session, action="leave_type.switched_off", entity=("leave_type", code), before={"active": True},
            after={"active": False},
        )  # fmt: skip
    session.flush()
    followed = _this_years_allocations_follow(session, changed_allowances, context.today.year)
    notes: tuple[str, ...] = ()
    if switched_off:
        notes += (f"{len(switched_off)} switched off (not in the file): {', '.join(switched_off)}",)
    if followed:
        notes += (f"this year's allowances updated for {followed} employee(s)",)
    return ImportSummary(created, updated, len(rows) - created - updated, notes)


def _this_years_allocations_follow(session: Session, old_allowances: dict[str, Decimal | None], year: int) -> int:
    """Bring ``year``'s allocations in line with the types just imported; how many employees changed.

    The directory is often imported before the leave types (README's order): everyone was then allocated the
    default allowance, and a type the company added had no allocation at all, so it could not be taken this year.
    Every active employee gets the year's allocation of a type they lack, and an allocation still at what the old
    allowance gave them follows the new one (prorated for a joiner as before); one changed by hand is left alone.
    """
    from db.models import Employee
    from skills.leave.queries.balances import earned_allowance
    from skills.leave.service import allocate_year

    people = list(session.scalars(select(Employee).where(Employee.active.is_(True))))
    touched: set[int] = set()
    before = {(row.employee_id, row.leave_type) for row in session.scalars(select(LeaveAllocation).where(
        LeaveAllocation.year == year))}  # fmt: skip
    for employee in people:
        for row in allocate_year(session, employee, year):
            if (employee.id, row.leave_type) not in before:
                touched.add(employee.id)
    by_code = {leave_type.code: leave_type for leave_type in session.scalars(select(LeaveType))}
    by_id = {employee.id: employee for employee in people}
    for code, old in old_allowances.items():
        new = by_code[code].allowance_days
        if old is None or new is None:
            continue
        for row in session.scalars(
            select(LeaveAllocation).where(LeaveAllocation.leave_type == code, LeaveAllocation.year == year)
        ):
            holder = by_id.get(row.employee_id)
            if holder is None or row.allocated_days != earned_allowance(old, holder.started_on, year):
                continue
            if row.allocated_days != (now_earned := earned_allowance(new, holder.started_on, year)):
                row.allocated_days = now_earned
                touched.add(holder.id)
    session.flush()
    return len(touched)


def _decimal_cell(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def export_leave_types(session: Session) -> list[dict[str, str]]:
    """Every leave type in use, by code."""
    types = session.scalars(select(LeaveType).where(LeaveType.active.is_(True)).order_by(LeaveType.code))
    return [
        {
            "code": leave_type.code,
            "name_en": leave_type.name_en,
            "name_es": leave_type.name_es,
            "days_per_year": _decimal_cell(leave_type.allowance_days),
            "requires_approval": "yes" if leave_type.requires_approval else "no",
            "notice_days": str(leave_type.min_notice_days),
            "half_days": "yes" if leave_type.half_days_allowed else "no",
            "carry_over_days": _decimal_cell(leave_type.carry_over_cap),
            "accrual": str(leave_type.accrual),
            "backdate_days": str(leave_type.backdate_days),
        }
        for leave_type in types
    ]


LEAVE_TYPES: ReferenceKind[LeaveTypeRow] = ReferenceKind(
    name="leave-types",
    columns=(
        "code", "name_en", "name_es", "days_per_year", "requires_approval", "notice_days", "half_days",
        "carry_over_days",
    ),
    optional=("accrual", "backdate_days"),
    row=LeaveTypeRow,
    label_column="code",
    check=check_leave_types,
    apply=apply_leave_types,
    export=export_leave_types,
    whole_list=True,
    description="the kinds of leave and their rules (the file is the whole list; types it leaves out are switched off)",
)  # fmt: skip
