"""Employee directory import: read a CSV, check every row, then upsert the employees by email.

The file has the header ``slack_id,email,name,manager_email,department,roles,locale,timezone,country``
(any column order). Nothing is written unless every row is good; each bad row is reported with its line
number (the header is line 1). Emails are stored lower-cased; ``roles`` is a ``;``-separated list.

An empty ``slack_id``, ``locale``, ``timezone`` or ``country`` keeps the stored value (or the default for
a new employee), so re-importing an HR export never unlinks a Slack account. ``manager_email``,
``department`` and ``roles`` are taken as written: empty means no manager, no department, employee only.
Employees missing from the file are left alone.
"""

from __future__ import annotations

import csv
import re
import zoneinfo
from collections.abc import Callable, Container, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import asdict, dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, TextIO, TypeVar

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.audit import record
from db.models import Employee, Role
from db.types import utcnow

HEADER = (
    "slack_id",
    "email",
    "name",
    "manager_email",
    "department",
    "roles",
    "locale",
    "timezone",
    "country",
)

DEFAULT_LOCALE = "en-US"
DEFAULT_TIMEZONE = "UTC"
DEFAULT_COUNTRY = "US"
MAX_NAME = 200
MAX_DEPARTMENT = 100

_SLACK_ID = re.compile(r"[UW][A-Z0-9]{2,31}")
_LOCALE = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}))?")
_COUNTRY = re.compile(r"([A-Za-z]{2})(?:-([A-Za-z0-9]{1,3}))?")
_NOT_IANA = frozenset({"localtime", "posixrules", "Factory"})

T = TypeVar("T")


@dataclass(frozen=True)
class RowProblem:
    """One reason a line of the file cannot be imported."""

    line: int
    email: str
    reason: str

    def __str__(self) -> str:
        who = f" ({self.email})" if self.email else ""
        return f"line {self.line}{who}: {self.reason}"


class DirectoryImportError(Exception):
    """The file has problems, listed one per line by ``str()``; nothing was imported."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = sorted(problems, key=lambda problem: problem.line)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class ImportSummary:
    """How many employees an import created, updated and left as they were."""

    created: int
    updated: int
    unchanged: int


@dataclass(frozen=True, slots=True)
class _Row:
    """A parsed row; ``None`` in a keep-if-empty column means "keep the stored value".

    A bad field holds a placeholder (``""`` for a bad email); ``label`` is the email to name the row by.
    """

    line: int
    label: str
    email: str
    slack_id: str | None
    name: str
    manager_email: str | None
    department: str
    roles: frozenset[Role]
    locale: str | None
    timezone: str | None
    country: str | None


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

    def as_json(self) -> dict[str, Any]:
        """The state as a JSON-ready dict."""
        return {**asdict(self), "roles": list(self.roles)}


class _FileProblem(Exception):
    """A problem that stops reading the file (bad header, bad encoding, broken CSV)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.problem = RowProblem(line=line, email="", reason=reason)


class _NotUtf8(Exception):
    """A line of the file is not valid UTF-8."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


# --- public entry point ------------------------------------------------------------------------------


def import_employees(
    session: Session, source: Path | TextIO, *, actor_label: str = "", via: str = "cli"
) -> ImportSummary:
    """Check every row of the CSV ``source``, then upsert its employees: all or nothing.

    Raises ``DirectoryImportError`` naming every bad row, having added nothing to the session; the caller
    commits or rolls back. ``source`` is a path (read as UTF-8; a BOM is fine) or an open text stream.
    """
    with closing(_lines(source)) as lines:
        rows, problems, complete = _read_rows(lines)
    existing = {employee.email.lower(): employee for employee in session.scalars(select(Employee))}
    email_of = {employee.id: email for email, employee in existing.items()}
    if complete:
        problems += _directory_problems(rows, existing, email_of)
    if problems:
        raise DirectoryImportError(problems)
    return _upsert(session, rows, existing, email_of, actor_label=actor_label, via=via)


# --- reading ----------------------------------------------------------------------------------------


def _lines(source: Path | TextIO) -> Generator[str, None, None]:
    """The text lines of ``source``, without a leading byte-order mark."""
    lines = _decoded_lines(source) if isinstance(source, Path) else iter(source)
    first = next(lines, None)
    if first is not None:
        yield first.removeprefix("\ufeff")
        yield from lines


def _decoded_lines(path: Path) -> Iterator[str]:
    """The lines of the file at ``path`` decoded as UTF-8, raising ``_NotUtf8`` with the bad line's number."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                raise _NotUtf8(number) from None


def _records(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """Yield each CSV record with the line it starts on; raise ``_FileProblem`` if the file is unreadable."""
    reader = csv.reader(lines, strict=True)
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except _NotUtf8 as error:
            raise _FileProblem(error.line, "the file is not valid UTF-8; save it as CSV UTF-8") from None
        except UnicodeDecodeError:
            raise _FileProblem(line, "the file is not valid UTF-8; save it as CSV UTF-8") from None
        except csv.Error as error:
            raise _FileProblem(line, f"broken CSV: {error}") from None
        yield line, cells


def _read_rows(lines: Iterable[str]) -> tuple[list[_Row], list[RowProblem], bool]:
    """Every parsed row, the problems of each on its own, and whether the whole file could be read."""
    rows: list[_Row] = []
    problems: list[RowProblem] = []
    first_line_of_email: dict[str, int] = {}
    first_line_of_slack_id: dict[str, int] = {}
    records = _records(lines)
    try:
        columns = _read_header(records)
        for line, cells in records:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(columns):
                reason = f"expected {len(columns)} columns, found {len(cells)}"
                problems.append(RowProblem(line=line, email="", reason=reason))
                continue
            row, reasons = _parse_row(line, dict(zip(columns, (cell.strip() for cell in cells), strict=True)))
            reasons += _repeats(row, first_line_of_email, first_line_of_slack_id)
            problems += [RowProblem(line=line, email=row.label, reason=reason) for reason in reasons]
            rows.append(row)
    except _FileProblem as error:
        problems.append(error.problem)
        return rows, problems, False
    return rows, problems, True


def _read_header(records: Iterator[tuple[int, list[str]]]) -> list[str]:
    """The column names of the header line, which must be exactly ``HEADER`` in any order."""
    expected = ", ".join(HEADER)
    first = next(records, None)
    if first is None:
        raise _FileProblem(1, f"the file is empty; the first line must be the header: {expected}")
    if not any(cell.strip() for cell in first[1]):
        raise _FileProblem(1, f"the first line must be the header: {expected}")
    columns = [cell.strip().lower() for cell in first[1]]
    missing = [name for name in HEADER if name not in columns]
    unexpected = [repr(name) for name in columns if name not in HEADER]
    repeated = sorted({name for name in columns if columns.count(name) > 1})
    faults = [
        f"{label}: {', '.join(names)}"
        for label, names in (("missing", missing), ("unexpected", unexpected), ("repeated", repeated))
        if names
    ]
    if faults:
        raise _FileProblem(1, f"bad header ({'; '.join(faults)}); expected: {expected}")
    return columns


def _repeats(row: _Row, email_lines: dict[str, int], slack_id_lines: dict[str, int]) -> list[str]:
    """Reasons the row repeats an email or Slack id of an earlier row; remembers the row's own."""
    reasons = []
    if row.email:
        if row.email in email_lines:
            reasons.append(f"duplicate email: already on line {email_lines[row.email]}")
        email_lines.setdefault(row.email, row.line)
    if row.slack_id:
        if row.slack_id in slack_id_lines:
            reasons.append(f"duplicate slack_id {row.slack_id}: already on line {slack_id_lines[row.slack_id]}")
        slack_id_lines.setdefault(row.slack_id, row.line)
    return reasons


# --- one row ----------------------------------------------------------------------------------------


def _parse_row(line: int, values: Mapping[str, str]) -> tuple[_Row, list[str]]:
    """The parsed row and every reason it is bad."""
    reasons: list[str] = []

    def field(parse: Callable[[str], T], column: str, placeholder: T) -> T:
        try:
            return parse(values[column])
        except ValueError as error:
            reasons.append(str(error))
            return placeholder

    email = field(_parse_email, "email", "")
    row = _Row(
        line=line,
        label=email or values["email"],
        email=email,
        slack_id=field(_parse_slack_id, "slack_id", None),
        name=field(_parse_name, "name", ""),
        manager_email=field(_parse_manager_email, "manager_email", None),
        department=field(_parse_department, "department", ""),
        roles=field(_parse_roles, "roles", frozenset()),
        locale=field(_parse_locale, "locale", None),
        timezone=field(_parse_timezone, "timezone", None),
        country=field(_parse_country, "country", None),
    )
    return row, reasons


def _normalised_email(raw: str) -> str:
    """The lower-cased form of a valid email address; raise ``ValueError`` naming what is wrong."""
    try:
        return validate_email(raw, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise ValueError(f"{raw!r}: {error}") from None


def _parse_email(raw: str) -> str:
    """The employee's email, required."""
    if not raw:
        raise ValueError("missing email")
    try:
        return _normalised_email(raw)
    except ValueError as error:
        raise ValueError(f"bad email {error}") from None


def _parse_manager_email(raw: str) -> str | None:
    """The manager's email, or ``None`` for no manager."""
    if not raw:
        return None
    try:
        return _normalised_email(raw)
    except ValueError as error:
        raise ValueError(f"bad manager_email {error}") from None


def _parse_slack_id(raw: str) -> str | None:
    """A Slack user id such as ``U012AB3CD``, or ``None`` when empty."""
    if not raw:
        return None
    if not _SLACK_ID.fullmatch(raw):
        raise ValueError(f"bad slack_id {raw!r}: expected U or W followed by upper-case letters and digits")
    return raw


def _parse_name(raw: str) -> str:
    """The employee's display name, required."""
    if not raw:
        raise ValueError("missing name")
    if len(raw) > MAX_NAME:
        raise ValueError(f"name is longer than {MAX_NAME} characters")
    return raw


def _parse_department(raw: str) -> str:
    """The department, possibly empty."""
    if len(raw) > MAX_DEPARTMENT:
        raise ValueError(f"department is longer than {MAX_DEPARTMENT} characters")
    return raw


def _parse_roles(raw: str) -> frozenset[Role]:
    """The ``;``-separated roles, case-insensitive; blanks are ignored and empty means employee only."""
    names = [name.strip().lower() for name in raw.split(";") if name.strip()]
    known = {str(role) for role in Role}
    unknown = [name for name in names if name not in known]
    if unknown:
        listed = ", ".join(repr(name) for name in unknown)
        raise ValueError(f"unknown role {listed}; roles are: {', '.join(role for role in Role)}")
    return frozenset(Role(name) for name in names) | {Role.EMPLOYEE}


def _parse_locale(raw: str) -> str | None:
    """A locale normalised to ``ll`` or ``ll-CC`` (``es_mx`` becomes ``es-MX``), or ``None`` when empty."""
    if not raw:
        return None
    match = _LOCALE.fullmatch(raw)
    if match is None:
        raise ValueError(f"bad locale {raw!r}: expected a language code like en, en-US, es or es_MX")
    language, region = match.groups()
    return f"{language.lower()}-{region.upper()}" if region else language.lower()


def _parse_timezone(raw: str) -> str | None:
    """An IANA time zone name in its canonical spelling, or ``None`` when empty."""
    if not raw:
        return None
    name = _timezones().get(raw.lower())
    if name is None:
        raise ValueError(f"unknown timezone {raw!r}: expected an IANA name like Europe/Madrid")
    return name


def _parse_country(raw: str) -> str | None:
    """An ISO 3166-1 alpha-2 code, optionally with a region (``ES-MD``), upper-cased; ``None`` when empty."""
    if not raw:
        return None
    match = _COUNTRY.fullmatch(raw)
    if match is None or match.group(1).upper() not in _countries():
        raise ValueError(f"bad country {raw!r}: expected an ISO 3166-1 alpha-2 code like ES, GB or ES-MD")
    return raw.upper()


@cache
def _timezones() -> dict[str, str]:
    """Every IANA time zone name, keyed by its lower-case spelling."""
    return {name.lower(): name for name in zoneinfo.available_timezones() - _NOT_IANA}


@cache
def _countries() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 country code, from the table shipped with ``tzdata``."""
    table = files("tzdata").joinpath("zoneinfo", "iso3166.tab").read_text(encoding="utf-8")
    return frozenset(line.split("\t")[0] for line in table.splitlines() if line and not line.startswith("#"))


# --- the file against the directory -----------------------------------------------------------------


def _directory_problems(
    rows: Sequence[_Row], existing: Mapping[str, Employee], email_of: Mapping[int, str]
) -> list[RowProblem]:
    """Problems that need the whole file and the stored directory: Slack ids, managers, cycles."""
    known_emails = {row.email for row in rows if row.email} | existing.keys()
    owners = {employee.slack_id: email for email, employee in existing.items() if employee.slack_id}
    problems = [
        RowProblem(row.line, row.label, reason) for row in rows for reason in _link_reasons(row, known_emails, owners)
    ]
    return problems + _cycle_problems(rows, existing, email_of)


def _link_reasons(row: _Row, known_emails: Container[str], owners: Mapping[str, str]) -> list[str]:
    """Reasons the row's Slack id or manager does not fit the file and the stored directory."""
    reasons = []
    owner = owners.get(row.slack_id) if row.slack_id else None
    if owner is not None and owner != row.email:
        reasons.append(f"slack_id {row.slack_id} belongs to {owner}")
    if row.manager_email is not None and row.manager_email not in known_emails:
        reasons.append(f"unknown manager {row.manager_email}: not in the file or the directory")
    return reasons


def _cycle_problems(
    rows: Sequence[_Row], existing: Mapping[str, Employee], email_of: Mapping[int, str]
) -> list[RowProblem]:
    """A problem for every row on a manager cycle once the file is merged into the stored directory."""
    manager_of: dict[str, str | None] = {
        email: email_of.get(employee.manager_id) if employee.manager_id else None
        for email, employee in existing.items()
    }
    first_rows: dict[str, _Row] = {}
    for row in rows:
        if row.email:
            first_rows.setdefault(row.email, row)
    manager_of.update({email: row.manager_email for email, row in first_rows.items()})
    line_of = {email: row.line for email, row in first_rows.items()}
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


# --- writing ----------------------------------------------------------------------------------------


def _upsert(
    session: Session,
    rows: Sequence[_Row],
    existing: Mapping[str, Employee],
    email_of: Mapping[int, str],
    *,
    actor_label: str,
    via: str,
) -> ImportSummary:
    """Create or update the employee of every row that changes, then audit each change."""
    by_email = dict(existing)
    changes: list[tuple[Employee, _State | None, _State]] = []
    for row in rows:
        current = existing.get(row.email)
        before = _state_of(current, email_of) if current is not None else None
        after = _wanted_state(row, before)
        if after == before:
            continue
        employee = current if current is not None else Employee()
        if current is None:
            session.add(employee)
            by_email[row.email] = employee
        _apply(employee, after)
        changes.append((employee, before, after))
    session.flush()
    _link_managers(session, changes, by_email)
    for employee, before, after in changes:
        _audit(session, employee, before, after, actor_label=actor_label, via=via)
    created = sum(1 for _, before, _ in changes if before is None)
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
    )


def _wanted_state(row: _Row, before: _State | None) -> _State:
    """The state the row asks for; empty keep-if-empty columns keep ``before`` or take the defaults."""
    return _State(
        email=row.email,
        slack_id=row.slack_id or (before.slack_id if before else None),
        name=row.name,
        manager_email=row.manager_email,
        department=row.department,
        roles=tuple(sorted(str(role) for role in row.roles)),
        locale=row.locale or (before.locale if before else DEFAULT_LOCALE),
        timezone=row.timezone or (before.timezone if before else DEFAULT_TIMEZONE),
        country=row.country or (before.country if before else DEFAULT_COUNTRY),
    )


def _apply(employee: Employee, state: _State) -> None:
    """Copy ``state`` onto ``employee``, all but the manager (set once every employee exists)."""
    employee.email = state.email
    employee.slack_id = state.slack_id
    employee.name = state.name
    employee.department = state.department
    employee.locale = state.locale
    employee.timezone = state.timezone
    employee.country = state.country
    employee.updated_at = utcnow()  # also when only the roles change
    employee.set_roles({Role(name) for name in state.roles} - {Role.EMPLOYEE})


def _audit(
    session: Session, employee: Employee, before: _State | None, after: _State, *, actor_label: str, via: str
) -> None:
    """Record the creation or update of ``employee`` in the audit log."""
    record(
        session,
        action="employee.created" if before is None else "employee.updated",
        entity_type="employee",
        entity_id=employee.id,
        before=before.as_json() if before is not None else None,
        after=after.as_json(),
        via=via,
        actor_label=actor_label,
    )
