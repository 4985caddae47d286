"""The ``employees`` reference data (DESIGN §3): who works here, their manager, roles, language, zone and office.

Header ``slack_id,email,name,manager_email,department,roles,locale,timezone,country`` (any order), then optionally
``start_date`` (their first working day: a new joiner's allowances are prorated from it) and ``active`` (``no``
marks a leaver). Rows are matched by e-mail (stored lower-cased); managers may come after their reports.

An empty ``slack_id``, ``locale``, ``timezone``, ``country``, ``start_date`` or ``active`` keeps the stored value (or
the default for a new employee), so re-importing an HR export never unlinks a Slack account. ``manager_email``,
``department`` and ``roles`` are taken as written: empty means no manager, no department, employee only.
Employees missing from the file are left alone.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache
from typing import Annotated, Any

from babel import localedata
from pydantic import BaseModel, BeforeValidator
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Employee, Role
from skills.common.reference.cells import (
    Email,
    ManagerEmail,
    OptionalCountry,
    OptionalIsoDate,
    bounded_text,
    read_boolean,
)
from skills.common.reference.kind import ImportContext, Parsed, ReferenceKind, repeats
from skills.common.reference.problems import ImportSummary, RowProblem

EMPLOYEES_JOINED = "employees_joined"
"""The hook event: ``(session, employees created, today)``, in the import's transaction."""
EMPLOYEES_LEFT = "employees_left"
"""The hook event: ``(session, employees marked as gone, importer, file name)``, in the import's transaction."""
DEFAULT_LOCALE = "en-US"
DEFAULT_TIMEZONE = "UTC"
DEFAULT_COUNTRY = "US"
MAX_NAME = 200
MAX_DEPARTMENT = 100

_SLACK_ID = re.compile(r"[UW][A-Z0-9]{2,31}")
_LOCALE = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}))?")
_NOT_IANA = frozenset({"localtime", "posixrules", "Factory"})


# --- cells --------------------------------------------------------------------------------------------------


def _slack_id(raw: str) -> str | None:
    """A Slack user id such as ``U012AB3CD``, or None when empty."""
    if not raw:
        return None
    if not _SLACK_ID.fullmatch(raw):
        raise ValueError(f"bad slack_id {raw!r}: expected U or W followed by upper-case letters and digits")
    return raw


def _roles(raw: str) -> frozenset[Role]:
    """The ``;``-separated roles, case-insensitive; blanks are ignored and empty means employee only."""
    names = [name.strip().lower() for name in raw.split(";") if name.strip()]
    known = {str(role) for role in Role}
    unknown = [name for name in names if name not in known]
    if unknown:
        listed = ", ".join(repr(name) for name in unknown)
        raise ValueError(f"unknown role {listed}; roles are: {', '.join(role for role in Role)}")
    return frozenset(Role(name) for name in names) | {Role.EMPLOYEE}


def _locale(raw: str) -> str | None:
    """A locale normalised to ``ll`` or ``ll-CC`` (``es_mx`` becomes ``es-MX``), or None when empty."""
    if not raw:
        return None
    match = _LOCALE.fullmatch(raw)
    if match is None:
        raise ValueError(f"bad locale {raw!r}: expected a language code like en, en-US, es or es_MX")
    language, region = match.groups()
    if not localedata.exists(language.lower()):  # the shape of a locale, but no language CLDR knows ("xx-YY")
        raise ValueError(f"unknown language {language!r} in locale {raw!r}: expected one like en, en-US, es or es_MX")
    return f"{language.lower()}-{region.upper()}" if region else language.lower()


@cache
def _timezones() -> dict[str, str]:
    """Every IANA time zone name, keyed by its lower-case spelling."""
    return {name.lower(): name for name in zoneinfo.available_timezones() - _NOT_IANA}


def _timezone(raw: str) -> str | None:
    """An IANA time zone name in its canonical spelling, or None when empty."""
    if not raw:
        return None
    name = _timezones().get(raw.lower())
    if name is None:
        raise ValueError(f"unknown timezone {raw!r}: expected an IANA name like Europe/Madrid")
    return name


def _active(raw: str) -> bool | None:
    return read_boolean(raw) if raw else None


class EmployeeRow(BaseModel):
    """One line of the employees file; None in a keep-if-empty column means "keep the stored value"."""

    slack_id: Annotated[str | None, BeforeValidator(_slack_id)]
    email: Email
    name: Annotated[str, bounded_text("name", MAX_NAME, required=True)]
    manager_email: ManagerEmail
    department: Annotated[str, bounded_text("department", MAX_DEPARTMENT, required=False)]
    roles: Annotated[frozenset[Role], BeforeValidator(_roles)]
    locale: Annotated[str | None, BeforeValidator(_locale)]
    timezone: Annotated[str | None, BeforeValidator(_timezone)]
    country: OptionalCountry
    start_date: OptionalIsoDate = None
    active: Annotated[bool | None, BeforeValidator(_active)] = None


# --- the file against the directory -------------------------------------------------------------------------


def _stored(session: Session) -> tuple[dict[str, Employee], dict[int, str]]:
    """Every stored employee by lower-cased e-mail, and every id's e-mail."""
    existing = {employee.email.lower(): employee for employee in session.scalars(select(Employee))}
    return existing, {employee.id: email for email, employee in existing.items()}


def check(session: Session, rows: Sequence[Parsed[EmployeeRow]]) -> list[RowProblem]:
    """Problems that need the whole file and the stored directory: repeats, Slack ids, managers, cycles."""
    existing, email_of = _stored(session)
    problems = repeats(rows, lambda row: row.email, "email")
    problems += repeats(rows, lambda row: row.slack_id, "slack_id {value}")
    known_emails = {parsed.row.email for parsed in rows if parsed.row.email} | existing.keys()
    owners = {employee.slack_id: email for email, employee in existing.items() if employee.slack_id}
    for parsed in rows:
        row = parsed.row
        owner = owners.get(row.slack_id) if row.slack_id else None
        if owner is not None and owner != row.email:
            problems.append(RowProblem(parsed.line, parsed.label, f"slack_id {row.slack_id} belongs to {owner}"))
        if row.manager_email is not None and row.manager_email not in known_emails:
            reason = f"unknown manager {row.manager_email}: not in the file or the directory"
            problems.append(RowProblem(parsed.line, parsed.label, reason))
    return problems + _cycle_problems(rows, existing, email_of)


def _cycle_problems(
    rows: Sequence[Parsed[EmployeeRow]], existing: Mapping[str, Employee], email_of: Mapping[int, str]
) -> list[RowProblem]:
    """A problem for every row on a manager cycle once the file is merged into the stored directory."""
    manager_of: dict[str, str | None] = {
        email: email_of.get(employee.manager_id) if employee.manager_id else None
        for email, employee in existing.items()
    }
    first_rows: dict[str, Parsed[EmployeeRow]] = {}
    for parsed in rows:
        if parsed.row.email:
            first_rows.setdefault(parsed.row.email, parsed)
    manager_of.update({email: parsed.row.manager_email for email, parsed in first_rows.items()})
    line_of = {email: parsed.line for email, parsed in first_rows.items()}
    problems = []
    for cycle in _cycles(manager_of):
        for position, email in enumerate(cycle):
            if email in line_of:
                chain = [*cycle[position:], *cycle[:position], email]
                problems.append(RowProblem(line_of[email], email, f"manager cycle: {' -> '.join(chain)}"))
    return problems


def _cycles(manager_of: Mapping[str, str | None]) -> list[list[str]]:
    """Every cycle in the who-manages-whom graph, each as the emails around it (one walk per person)."""
    cycles = []
    done: set[str] = set()
    for start in manager_of:
        path: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in done and node not in path:
            path[node] = len(path)
            node = manager_of.get(node)
        if node is not None and node in path:
            cycles.append(list(path)[path[node] :])
        done.update(path)
    return cycles


# --- writing ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _State:
    """What the directory knows about one employee: compared to spot changes, stored in the audit log."""

    email: str
    slack_id: str | None
    name: str
    manager_email: str | None
    department: str
    roles: tuple[str, ...]
    locale: str
    timezone: str
    country: str
    start_date: date | None
    active: bool

    def as_json(self) -> dict[str, Any]:
        """The state as a JSON-ready dict."""
        values = {**asdict(self), "roles": list(self.roles)}
        values["start_date"] = self.start_date.isoformat() if self.start_date else None
        return values


def apply(session: Session, rows: Sequence[Parsed[EmployeeRow]], context: ImportContext) -> ImportSummary:
    """Create or update the employee of every row that changes, audit each change, and tell the joiners' and the
    leavers' hooks."""
    existing, email_of = _stored(session)
    by_email = dict(existing)
    changes: list[tuple[Employee, _State | None, _State]] = []
    for parsed in rows:
        current = existing.get(parsed.row.email)
        before = _state_of(current, email_of) if current is not None else None
        after = _wanted_state(parsed.row, before)
        if after == before:
            continue
        employee = current if current is not None else Employee()
        if current is None:
            session.add(employee)
            by_email[parsed.row.email] = employee
        _apply(employee, after, context)
        changes.append((employee, before, after))
    session.flush()
    _link_managers(session, changes, by_email)
    for employee, before, after in changes:
        context.audit(
            session,
            action="employee.created" if before is None else "employee.updated",
            entity=("employee", employee.id),
            before=before.as_json() if before is not None else None,
            after=after.as_json(),
        )
    joined = [employee for employee, before, _ in changes if before is None]
    for hook in context.hooks_for(EMPLOYEES_JOINED):
        hook(session, joined, context.today)
    left = [
        employee for employee, before, after in changes if before is not None and before.active and not after.active
    ]
    if left:
        for hook in context.hooks_for(EMPLOYEES_LEFT):
            hook(session, left, context.actor, context.source)
    created = len(joined)
    return ImportSummary(created=created, updated=len(changes) - created, unchanged=len(rows) - len(changes))


def _link_managers(
    session: Session, changes: Sequence[tuple[Employee, _State | None, _State]], by_email: Mapping[str, Employee]
) -> None:
    """Point each changed employee at their new manager, once every employee has an id.

    The foreign key is set rather than the relationship, so that turning a chain around (Bob stops
    reporting to Alice, who starts reporting to Bob) is not seen as a cycle within one flush.
    """
    for employee, before, after in changes:
        if before is None or before.manager_email != after.manager_email:
            employee.manager_id = by_email[after.manager_email].id if after.manager_email else None
            session.expire(employee, ["manager"])
    session.flush()


def _state_of(employee: Employee, email_of: Mapping[int, str]) -> _State:
    """The stored state of ``employee``."""
    return _State(
        email=employee.email,
        slack_id=employee.slack_id,
        name=employee.name,
        manager_email=email_of.get(employee.manager_id) if employee.manager_id else None,
        department=employee.department,
        roles=tuple(sorted(str(role) for role in employee.roles)),
        locale=employee.locale,
        timezone=employee.timezone,
        country=employee.country,
        start_date=employee.started_on,
        active=employee.active,
    )


def _wanted_state(row: EmployeeRow, before: _State | None) -> _State:
    """The state the row asks for; empty keep-if-empty columns keep ``before`` or take the defaults."""

    def kept(value: Any, stored: Any, default: Any) -> Any:
        return value if value is not None else (stored if before is not None else default)

    return _State(
        email=row.email,
        slack_id=row.slack_id or (before.slack_id if before else None),
        name=row.name,
        manager_email=row.manager_email,
        department=row.department,
        roles=tuple(sorted(str(role) for role in row.roles)),
        locale=kept(row.locale, before and before.locale, DEFAULT_LOCALE),
        timezone=kept(row.timezone, before and before.timezone, DEFAULT_TIMEZONE),
        country=kept(row.country, before and before.country, DEFAULT_COUNTRY),
        start_date=kept(row.start_date, before and before.start_date, None),
        active=kept(row.active, before and before.active, True),
    )


def _apply(employee: Employee, state: _State, context: ImportContext) -> None:
    """Copy ``state`` onto ``employee``, all but the manager (set once every employee exists)."""
    employee.email = state.email
    employee.slack_id = state.slack_id
    employee.name = state.name
    employee.department = state.department
    employee.locale = state.locale
    employee.timezone = state.timezone
    employee.country = state.country
    employee.started_on = state.start_date
    employee.active = state.active
    employee.updated_at = context.actor.when  # also when only the roles change
    if employee.id is None:
        employee.created_at = context.actor.when
    employee.set_roles({Role(name) for name in state.roles} - {Role.EMPLOYEE})


# --- export -------------------------------------------------------------------------------------------------


def export(session: Session) -> list[dict[str, str]]:
    """Every employee as a row of the file, managers' e-mails included, ordered by e-mail."""
    existing, email_of = _stored(session)
    rows = []
    for email in sorted(existing):
        state = _state_of(existing[email], email_of)
        rows.append(
            {
                "slack_id": state.slack_id or "",
                "email": state.email,
                "name": state.name,
                "manager_email": state.manager_email or "",
                "department": state.department,
                "roles": ";".join(role for role in state.roles if role != Role.EMPLOYEE),
                "locale": state.locale,
                "timezone": state.timezone,
                "country": state.country,
                "start_date": state.start_date.isoformat() if state.start_date else "",
                "active": "yes" if state.active else "no",
            }
        )
    return rows


EMPLOYEES: ReferenceKind[EmployeeRow] = ReferenceKind(
    name="employees",
    columns=("slack_id", "email", "name", "manager_email", "department", "roles", "locale", "timezone", "country"),
    optional=("start_date", "active"),
    row=EmployeeRow,
    label_column="email",
    check=check,
    apply=apply,
    export=export,
    description="the company directory: who works here, their manager, roles, language, time zone and office",
)
