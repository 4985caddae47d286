"""Who is off: the people a viewer may see away in a period, on leave or on a holiday of their office."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import Employee, OutboxMessage, Role
from skills.common.extract import fold
from skills.common.time import WEEKEND
from skills.leave.models import ACTIVE_STATUSES, LeaveRequest, LeaveStatus
from skills.leave.queries.calendar import working_calendar

WORD = re.compile(r"\w+", re.U)


@dataclass(frozen=True)
class OffEntry:
    """Someone away (or asking to be) in a period; ``leave_type`` and ``status`` are None when the viewer may not
    see them."""

    employee_id: int
    name: str
    start: date
    end: date
    start_half: bool
    end_half: bool
    leave_type: str | None
    status: str | None


@dataclass(frozen=True)
class HolidayOff:
    """A public or company holiday in a period, and who of the people the viewer sees it keeps at home."""

    day: date
    name: str
    names: tuple[str, ...]


def _entry(request: LeaveRequest, with_type: bool) -> OffEntry:
    return OffEntry(
        employee_id=request.employee_id,
        name=request.employee.name,
        start=request.start_date,
        end=request.end_date,
        start_half=request.start_half,
        end_half=request.end_half,
        leave_type=request.leave_type if with_type else None,
        status=str(request.status) if with_type else None,
    )


def _requests_of(
    session: Session, employee_ids: set[int], start: date, end: date, statuses: tuple[LeaveStatus, ...]
) -> list[LeaveRequest]:
    if not employee_ids:
        return []
    # The status is checked here, not in SQL: with it in the WHERE clause, SQLite (no planner statistics) walked
    # the status index over every pending and approved request of the company instead of these people's dates.
    found = session.scalars(
        select(LeaveRequest)
        .options(selectinload(LeaveRequest.employee))
        .where(
            LeaveRequest.employee_id.in_(employee_ids),
            LeaveRequest.start_date <= end,
            LeaveRequest.end_date >= start,
        )
        .order_by(LeaveRequest.start_date, LeaveRequest.employee_id)
    )
    return [request for request in found if request.status in statuses]


def teammates(session: Session, employee: Employee) -> set[int]:
    """Active employees with the same manager, the employee excluded (nobody, without a manager)."""
    if employee.manager_id is None:
        return set()
    return set(
        session.scalars(
            select(Employee.id).where(
                Employee.manager_id == employee.manager_id, Employee.id != employee.id, Employee.active.is_(True)
            )
        )
    )


def direct_reports(session: Session, manager: Employee) -> set[int]:
    """Active employees who report to ``manager``."""
    return set(session.scalars(select(Employee.id).where(Employee.manager_id == manager.id, Employee.active.is_(True))))


def active_employees(session: Session) -> list[Employee]:
    """Every active employee, by id."""
    return list(session.scalars(select(Employee).where(Employee.active.is_(True)).order_by(Employee.id)))


def managers(session: Session) -> list[Employee]:
    """Active employees with at least one active direct report, by id."""
    reports = select(Employee.manager_id).where(Employee.active.is_(True), Employee.manager_id.is_not(None))
    return list(
        session.scalars(
            select(Employee).where(Employee.active.is_(True), Employee.id.in_(reports)).order_by(Employee.id)
        )
    )


def team_conflicts(session: Session, employee: Employee, start: date, end: date) -> list[OffEntry]:
    """Teammates with pending or approved leave overlapping ``start``..``end`` (with types, for the approver)."""
    return [_entry(r, True) for r in _requests_of(session, teammates(session, employee), start, end, ACTIVE_STATUSES)]


def visible_people(session: Session, viewer: Employee) -> tuple[set[int], set[int]]:
    """Whom ``viewer`` sees in "who is off": (in detail, by name only). HR and admins see everyone in detail;
    others themselves and their reports in detail, their teammates by name."""
    if viewer.has_role(Role.HR):
        return set(session.scalars(select(Employee.id).where(Employee.active.is_(True)))), set()
    detailed = direct_reports(session, viewer) | {viewer.id}
    return detailed, teammates(session, viewer) - detailed


def people_named(session: Session, viewer: Employee, text: str) -> list[Employee]:
    """The active colleagues ``text`` names ("how many days does Sam have left?"), never the viewer: those it names
    by full name, or else those it names by first name ("Maria" may be Maria Lopez and María Sánchez)."""
    words = f" {' '.join(WORD.findall(fold(text)))} "
    by_full_name: list[tuple[int, Employee]] = []
    by_first_name: list[Employee] = []
    for person in active_employees(session):
        parts = WORD.findall(fold(person.name))
        if person.id == viewer.id or not parts:
            continue
        if len(parts) > 1 and f" {' '.join(parts)} " in words:
            by_full_name.append((len(parts), person))
        elif f" {parts[0]} " in words:
            by_first_name.append(person)
    longest = max((length for length, _ in by_full_name), default=0)  # "Ana Ruiz" names her, not also an "Ana"
    return [person for length, person in by_full_name if length == longest] or by_first_name


def who_is_off(session: Session, viewer: Employee, start: date, end: date) -> list[OffEntry]:
    """Who is on leave in a period: the viewer and their reports with types and status; teammates by name and dates.

    Teammates (same manager) show approved leave only; HR and admins see everyone with types.
    """
    detailed, peers = visible_people(session, viewer)
    seen = [_entry(r, True) for r in _requests_of(session, detailed, start, end, ACTIVE_STATUSES)]
    seen += [_entry(r, False) for r in _requests_of(session, peers, start, end, (LeaveStatus.APPROVED,))]
    return sorted(seen, key=lambda e: (e.start, e.name))


def holidays_off(
    session: Session, viewer: Employee, start: date, end: date, *, lang: str | None = None
) -> list[HolidayOff]:
    """The public and company holidays from ``start`` to ``end`` of the people ``viewer`` sees, with who is off then
    (named in ``lang``, the conversation's, else the viewer's language), weekends left out."""
    detailed, peers = visible_people(session, viewer)
    people = session.scalars(select(Employee).where(Employee.id.in_(detailed | peers)).order_by(Employee.name))
    by_country: dict[str, list[str]] = defaultdict(list)
    for person in people:
        by_country[(person.country or "").upper()].append(person.name)
    found: dict[tuple[date, str], list[str]] = defaultdict(list)
    for country, names in by_country.items():
        calendar = working_calendar(session, country, start, end, language=lang or viewer.language)
        for day, name in calendar.holidays.items():
            if day.weekday() not in WEEKEND:
                found[(day, name)] += names
    return [HolidayOff(day, name, tuple(sorted(names))) for (day, name), names in sorted(found.items())]


def digest_queued(session: Session, key: str) -> bool:
    """Whether a digest with this de-duplication key is already in the outbox."""
    return session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)) is not None
