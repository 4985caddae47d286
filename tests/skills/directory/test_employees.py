"""The employees reference data: good files, re-imports, every bad-row reason, all-or-nothing writes, export."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import AuditEntry, Employee, Role
from skills.common.reference import ImportContext, ImportSummary, RowProblem, import_source
from skills.common.reference import ReferenceImportError as DirectoryImportError
from skills.core import Actor
from skills.directory.reference import EMPLOYEES
from skills.leave.queries.calendar import public_holidays
from tests.pinned import NOW, TODAY

DATA = Path(__file__).parent / "data"
COLUMNS = EMPLOYEES.columns


def import_employees(
    session: Session, source: Path | io.StringIO, *, actor_label: str = "employees.csv", hooks=None
) -> ImportSummary:
    context = ImportContext(actor=Actor(None, "cli", NOW), source=actor_label, today=TODAY, hooks=hooks or {})
    return import_source(session, EMPLOYEES, source, context)


HEADER = "slack_id,email,name,manager_email,department,roles,locale,timezone,country"


def row(**cells: str) -> str:
    """A CSV line for Bob, with ``cells`` overriding his values."""
    values = dict.fromkeys(COLUMNS, "") | {"email": "bob@acme.com", "name": "Bob Brown"} | cells
    return ",".join(values[column] for column in COLUMNS)


ALICE = row(
    slack_id="U0ALICE01",
    email="alice@acme.com",
    name="Alice Adams",
    department="Management",
    roles="admin;manager",
    locale="en-US",
    timezone="Europe/Madrid",
    country="ES",
)
BOB_CELLS = {"slack_id": "U0BOB0001", "manager_email": "alice@acme.com", "roles": "warehouse"}
BOB = row(**BOB_CELLS)
CAROL = row(email="carol@acme.com", name="Carol Clark", manager_email="alice@acme.com")


def csv_text(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def run(session: Session, *rows: str) -> ImportSummary:
    return import_employees(session, io.StringIO(csv_text(*rows)))


def problems_of(session: Session, text: str) -> list[tuple[int, str]]:
    with pytest.raises(DirectoryImportError) as caught:
        import_employees(session, io.StringIO(text))
    return [(problem.line, problem.reason) for problem in caught.value.problems]


def employee(session: Session, email: str) -> Employee:
    return session.scalars(select(Employee).where(Employee.email == email)).one()


def count(session: Session, model: type[Any]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def audit_entries(session: Session) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


# --- good files ---------------------------------------------------------------------------------------


def test_good_file_creates_employees_with_managers_roles_and_slack_ids(session: Session) -> None:
    summary = import_employees(session, DATA / "employees.csv")

    assert summary == ImportSummary(created=4, updated=0, unchanged=0)
    alice, bob, carol, dave = (employee(session, f"{name}@acme.com") for name in ("alice", "bob", "carol", "dave"))
    assert alice.manager is None
    assert bob.manager is carol  # Carol's row comes after Bob's
    assert carol.manager is alice
    assert dave.manager is carol
    assert alice.roles == {Role.EMPLOYEE, Role.ADMIN, Role.MANAGER}
    assert bob.roles == {Role.EMPLOYEE, Role.WAREHOUSE}
    assert carol.roles == {Role.EMPLOYEE, Role.MANAGER, Role.HR}
    assert dave.roles == {Role.EMPLOYEE}
    assert (alice.slack_id, bob.slack_id, carol.slack_id, dave.slack_id) == (
        "U0ALICE01",
        "U0BOB0001",
        None,
        "W0DAVE001",
    )
    assert (bob.locale, bob.timezone, bob.country) == ("es-MX", "America/Mexico_City", "MX")
    assert (carol.locale, carol.country, carol.department) == ("es", "ES-MD", "Operations")
    assert (dave.name, dave.locale, dave.timezone, dave.country) == ('Dave "DJ" Jones', "en-US", "UTC", "US")


def test_created_employees_are_audited(session: Session) -> None:
    import_employees(session, io.StringIO(csv_text(ALICE, BOB)), actor_label="hr-export.csv")

    entries = audit_entries(session)
    assert [entry.action for entry in entries] == ["employee.created", "employee.created"]
    assert all(entry.entity_type == "employee" and entry.via == "cli" for entry in entries)
    assert all(entry.actor_label == "hr-export.csv" and entry.before is None for entry in entries)
    bob = employee(session, "bob@acme.com")
    assert entries[1].entity_id == str(bob.id)
    assert entries[1].after == {
        "email": "bob@acme.com",
        "slack_id": "U0BOB0001",
        "name": "Bob Brown",
        "manager_email": "alice@acme.com",
        "department": "",
        "roles": ["employee", "warehouse"],
        "locale": "en-US",
        "timezone": "UTC",
        "country": "US",
        "start_date": None,
        "active": True,
    }


def test_reimporting_the_same_file_changes_nothing(session: Session) -> None:
    import_employees(session, DATA / "employees.csv")
    session.commit()

    summary = import_employees(session, DATA / "employees.csv")

    assert summary == ImportSummary(created=0, updated=0, unchanged=4)
    assert len(audit_entries(session)) == 4
    assert not session.dirty and not session.new


@pytest.mark.parametrize(
    ("cells", "field", "stored"),
    [
        pytest.param({"name": "Robert Brown"}, "name", "Robert Brown", id="name"),
        pytest.param({"roles": "finance; HR"}, "roles", {Role.EMPLOYEE, Role.FINANCE, Role.HR}, id="roles"),
        pytest.param({"roles": ""}, "roles", {Role.EMPLOYEE}, id="roles-cleared"),
        pytest.param({"manager_email": "carol@acme.com"}, "manager_email", "carol@acme.com", id="manager"),
        pytest.param({"manager_email": ""}, "manager_email", None, id="manager-cleared"),
        pytest.param({"slack_id": "U0BOB0002"}, "slack_id", "U0BOB0002", id="slack-id"),
        pytest.param({"timezone": "Europe/London"}, "timezone", "Europe/London", id="timezone"),
        pytest.param({"locale": "es_ES"}, "locale", "es-ES", id="locale"),
        pytest.param({"department": "Sales"}, "department", "Sales", id="department"),
    ],
)
def test_changed_row_is_updated_and_audited(
    session: Session, cells: dict[str, str], field: str, stored: object
) -> None:
    run(session, ALICE, BOB, CAROL)
    session.commit()

    summary = run(session, ALICE, row(**BOB_CELLS | cells), CAROL)

    assert summary == ImportSummary(created=0, updated=1, unchanged=2)
    bob = employee(session, "bob@acme.com")
    if field == "manager_email":
        assert (bob.manager.email if bob.manager else None) == stored
    else:
        assert getattr(bob, field) == stored
    update = audit_entries(session)[-1]
    assert (update.action, update.entity_id) == ("employee.updated", str(bob.id))
    assert update.before is not None and update.after is not None
    assert {key for key in update.after if update.after[key] != update.before[key]} == {field}


@pytest.mark.parametrize(
    ("column", "written", "stored"),
    [
        ("email", " Bob@ACME.com ", "bob@acme.com"),
        ("locale", "en", "en"),
        ("locale", "ES-es", "es-ES"),
        ("locale", "es_mx", "es-MX"),
        ("locale", "", "en-US"),
        ("timezone", "europe/madrid", "Europe/Madrid"),
        ("timezone", "UTC", "UTC"),
        ("timezone", "", "UTC"),
        ("country", "es", "ES"),
        ("country", "es-md", "ES-MD"),
        ("country", "", "US"),
    ],
)
def test_cells_are_normalised(session: Session, column: str, written: str, stored: str) -> None:
    run(session, row(**{column: written}))

    assert getattr(session.scalars(select(Employee)).one(), column) == stored


@pytest.mark.parametrize(
    ("written", "roles"),
    [
        ("", {Role.EMPLOYEE}),
        ("employee", {Role.EMPLOYEE}),
        (" HR ; ;Finance;", {Role.EMPLOYEE, Role.HR, Role.FINANCE}),
        ("ADMIN;facilities", {Role.EMPLOYEE, Role.ADMIN, Role.FACILITIES}),
    ],
)
def test_roles_are_case_insensitive_and_blanks_ignored(session: Session, written: str, roles: set[Role]) -> None:
    run(session, row(roles=written))

    assert employee(session, "bob@acme.com").roles == roles


def test_empty_keep_columns_keep_stored_values(session: Session) -> None:
    linked = row(slack_id="U0BOB0001", locale="es-ES", timezone="Europe/Madrid", country="ES")
    run(session, linked)
    session.commit()

    summary = run(session, row())

    assert summary == ImportSummary(created=0, updated=0, unchanged=1)
    bob = employee(session, "bob@acme.com")
    assert (bob.slack_id, bob.locale, bob.timezone, bob.country) == (
        "U0BOB0001",
        "es-ES",
        "Europe/Madrid",
        "ES",
    )


def test_upsert_matches_stored_email_case_insensitively(session: Session) -> None:
    session.add(Employee(email="Bob@Acme.com", name="Bob Brown"))
    session.commit()

    summary = run(session, row(name="Bob B."))

    assert summary == ImportSummary(created=0, updated=1, unchanged=0)
    assert [(e.email, e.name) for e in session.scalars(select(Employee))] == [("bob@acme.com", "Bob B.")]


def test_manager_may_already_be_in_the_directory(session: Session) -> None:
    run(session, ALICE)
    session.commit()

    assert run(session, BOB) == ImportSummary(created=1, updated=0, unchanged=0)
    assert employee(session, "bob@acme.com").manager is employee(session, "alice@acme.com")


def test_file_may_fix_a_chain_that_would_otherwise_loop(session: Session) -> None:
    run(session, ALICE, BOB)  # Bob reports to Alice
    session.commit()
    assert employee(session, "bob@acme.com").manager is employee(session, "alice@acme.com")  # loaded

    run(session, row(email="alice@acme.com", name="Alice Adams", manager_email="bob@acme.com"), row())

    assert employee(session, "alice@acme.com").manager is employee(session, "bob@acme.com")
    assert employee(session, "bob@acme.com").manager is None


def test_employees_missing_from_the_file_are_left_alone(session: Session) -> None:
    run(session, ALICE, BOB)
    session.commit()

    assert run(session, ALICE) == ImportSummary(created=0, updated=0, unchanged=1)
    assert count(session, Employee) == 2


# --- tolerated formatting -----------------------------------------------------------------------------


def test_utf8_bom_is_tolerated_in_a_file(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "employees.csv"
    path.write_bytes(b"\xef\xbb\xbf" + csv_text(ALICE, row(name="Zoë Brown")).encode())

    assert import_employees(session, path) == ImportSummary(created=2, updated=0, unchanged=0)
    assert employee(session, "bob@acme.com").name == "Zoë Brown"


def test_utf8_bom_is_tolerated_in_a_stream(session: Session) -> None:
    summary = import_employees(session, io.StringIO("\ufeff" + csv_text(ALICE)))

    assert summary.created == 1


def test_blank_lines_crlf_and_whitespace_are_tolerated(session: Session) -> None:
    padded_alice = " , ".join(cell.strip() for cell in ALICE.split(","))
    text = f" {HEADER.replace(',', ' , ')}\r\n\r\n{padded_alice}\r\n{BOB}\r\n\r\n,,,,,,,,\r\n   \r\n"

    assert import_employees(session, io.StringIO(text, newline="")).created == 2
    alice = employee(session, "alice@acme.com")
    assert (alice.slack_id, alice.name, alice.roles) == (
        "U0ALICE01",
        "Alice Adams",
        {Role.EMPLOYEE, Role.ADMIN, Role.MANAGER},
    )


def test_addresses_on_a_test_domain_are_accepted(session: Session) -> None:
    """A staging workspace's people on ``@acme.test`` (RFC 2606) import like anyone else's."""
    text = f"{HEADER}\n,olivia@acme.test,Olivia Park,,,manager,,,\n,sam@Acme.test,Sam Carter,olivia@acme.test,,,,,\n"

    assert import_employees(session, io.StringIO(text)).created == 2
    manager = employee(session, "sam@acme.test").manager
    assert manager is not None and manager.email == "olivia@acme.test"


def test_columns_may_come_in_any_order_and_case(session: Session) -> None:
    header = "Name,EMAIL,slack_id,manager_email,department,roles,locale,timezone,country"
    text = f"{header}\nBob Brown,bob@acme.com,,,,,,,\n"

    assert import_employees(session, io.StringIO(text)).created == 1
    assert employee(session, "bob@acme.com").name == "Bob Brown"


# --- bad rows -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        pytest.param(row(email="bob-at-acme.com"), "bad email 'bob-at-acme.com'", id="bad-email"),
        pytest.param(row(email="bob@acme"), "bad email 'bob@acme'", id="email-without-dot"),
        pytest.param(row(email=""), "missing email", id="missing-email"),
        pytest.param(row(name=""), "missing name", id="missing-name"),
        pytest.param(row(name="x" * 201), "name is longer than 200", id="long-name"),
        pytest.param(row(department="x" * 101), "department is longer than 100", id="long-department"),
        pytest.param(row(email="ALICE@acme.com"), "duplicate email: already on line 2", id="duplicate-email"),
        pytest.param(row(manager_email="zoe@acme.com"), "unknown manager zoe@acme.com", id="unknown-manager"),
        pytest.param(row(manager_email="zoe"), "bad manager_email 'zoe'", id="bad-manager-email"),
        pytest.param(
            row(manager_email="BOB@acme.com"),
            "manager cycle: bob@acme.com -> bob@acme.com",
            id="own-manager",
        ),
        pytest.param(row(roles="manager;wizard"), "unknown role 'wizard'", id="unknown-role"),
        pytest.param(row(timezone="Mars/Olympus"), "unknown timezone 'Mars/Olympus'", id="unknown-timezone"),
        pytest.param(row(timezone="CEST"), "unknown timezone 'CEST'", id="abbreviated-timezone"),
        pytest.param(row(timezone="localtime"), "unknown timezone 'localtime'", id="localtime"),
        pytest.param(row(locale="english"), "bad locale 'english'", id="bad-locale"),
        pytest.param(row(locale="en-USA"), "bad locale 'en-USA'", id="bad-locale-region"),
        pytest.param(row(locale="xx-YY"), "unknown language 'xx' in locale 'xx-YY'", id="unknown-language"),
        pytest.param(row(country="Spain"), "bad country 'Spain'", id="country-name"),
        pytest.param(row(country="UK"), "bad country 'UK'", id="not-iso-country"),
        pytest.param(row(slack_id="bob"), "bad slack_id 'bob'", id="bad-slack-id"),
        pytest.param(row(slack_id="u0bob0001"), "bad slack_id 'u0bob0001'", id="lower-case-slack-id"),
        pytest.param(row(slack_id="C0CHANNEL"), "bad slack_id 'C0CHANNEL'", id="channel-id"),
        pytest.param(
            row(slack_id="U0ALICE01"),
            "duplicate slack_id U0ALICE01: already on line 2",
            id="duplicate-slack-id",
        ),
        pytest.param(",bob@acme.com,Bob,,", "expected 9 columns, found 5", id="short-row"),
        pytest.param(row() + ",extra", "expected 9 columns, found 10", id="long-row"),
        pytest.param(',"bob@acme.com"x,Bob,,,,,,', "broken CSV", id="broken-quoting"),
    ],
)
def test_bad_row_is_reported_with_its_line_and_nothing_is_written(session: Session, bad_row: str, reason: str) -> None:
    problems = problems_of(session, csv_text(ALICE, bad_row, CAROL))

    assert len(problems) == 1, problems
    line, message = problems[0]
    assert line == 3
    assert message.startswith(reason)
    assert count(session, Employee) == 0
    assert not session.new


def test_two_bad_rows_are_both_reported_and_nothing_is_written(session: Session, database: Database) -> None:
    with pytest.raises(DirectoryImportError) as caught:
        run(session, ALICE, row(email="bob-at-acme.com"), CAROL, row(email="dave@acme.com", roles="wizard"))

    assert [(problem.line, problem.label) for problem in caught.value.problems] == [
        (3, "bob-at-acme.com"),
        (5, "dave@acme.com"),
    ]
    lines = str(caught.value).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("line 3 (bob-at-acme.com): bad email")
    assert lines[1].startswith("line 5 (dave@acme.com): unknown role 'wizard'")
    session.rollback()
    with database.session() as other:
        assert count(other, Employee) == 0
        assert count(other, AuditEntry) == 0


def test_a_bad_row_leaves_existing_employees_untouched(session: Session, database: Database) -> None:
    run(session, ALICE, BOB)
    session.commit()

    with pytest.raises(DirectoryImportError):
        run(session, ALICE, row(name="Robert Brown", roles="finance"), row(email="carol@acme.com", name=""))

    assert not session.dirty and not session.new
    session.rollback()
    with database.session() as other:
        assert [e.name for e in other.scalars(select(Employee).order_by(Employee.email))] == [
            "Alice Adams",
            "Bob Brown",
        ]
        assert employee(other, "bob@acme.com").roles == {Role.EMPLOYEE, Role.WAREHOUSE}
        assert count(other, AuditEntry) == 2


def test_every_reason_of_a_row_is_reported(session: Session) -> None:
    bad = row(email="bob", name="", roles="wizard", locale="english", timezone="Mars/Base", country="XX")

    assert [line for line, _ in problems_of(session, csv_text(bad))] == [2] * 6


def test_unknown_manager_of_an_otherwise_bad_row_is_reported(session: Session) -> None:
    problems = problems_of(session, csv_text(row(name="", manager_email="zoe@acme.com")))

    assert [reason.split(":")[0] for _, reason in problems] == [
        "missing name",
        "unknown manager zoe@acme.com",
    ]


def test_line_numbers_count_blank_lines_and_multi_line_cells(session: Session) -> None:
    text = csv_text("", ALICE, row(email="carol@acme.com", name='"Carol\nClark"'), "", row(timezone="Nowhere"))

    assert problems_of(session, text) == [(7, "unknown timezone 'Nowhere': expected an IANA name like Europe/Madrid")]


def test_slack_id_of_another_stored_employee_is_rejected(session: Session) -> None:
    run(session, ALICE)
    session.commit()

    assert problems_of(session, csv_text(row(slack_id="U0ALICE01"))) == [
        (2, "slack_id U0ALICE01 belongs to alice@acme.com")
    ]


# --- manager cycles -------------------------------------------------------------------------------------


def test_two_person_cycle_in_the_file_is_reported_on_both_rows(session: Session) -> None:
    text = csv_text(row(email="alice@acme.com", manager_email="bob@acme.com"), row(manager_email="alice@acme.com"))

    assert problems_of(session, text) == [
        (2, "manager cycle: alice@acme.com -> bob@acme.com -> alice@acme.com"),
        (3, "manager cycle: bob@acme.com -> alice@acme.com -> bob@acme.com"),
    ]


def test_longer_cycle_in_the_file_is_reported(session: Session) -> None:
    text = csv_text(
        row(email="dave@acme.com", manager_email="alice@acme.com"),  # hangs off the cycle, not on it
        row(email="alice@acme.com", manager_email="carol@acme.com"),
        row(manager_email="alice@acme.com"),
        row(email="carol@acme.com", manager_email="bob@acme.com"),
    )

    assert [line for line, _ in problems_of(session, text)] == [3, 4, 5]


@pytest.mark.parametrize(
    ("stored", "incoming", "chain"),
    [
        pytest.param(
            [ALICE, BOB],
            row(email="alice@acme.com", manager_email="bob@acme.com"),
            "alice@acme.com -> bob@acme.com -> alice@acme.com",
            id="two",
        ),
        pytest.param(
            [ALICE, CAROL, row(manager_email="carol@acme.com")],
            row(email="alice@acme.com", manager_email="bob@acme.com"),
            "alice@acme.com -> bob@acme.com -> carol@acme.com -> alice@acme.com",
            id="three",
        ),
    ],
)
def test_cycle_through_stored_employees_is_reported(
    session: Session, stored: list[str], incoming: str, chain: str
) -> None:
    run(session, *stored)
    session.commit()

    assert problems_of(session, csv_text(incoming)) == [(2, f"manager cycle: {chain}")]
    assert employee(session, "alice@acme.com").manager is None


# --- file-level problems --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        pytest.param("", "the file is empty", id="empty"),
        pytest.param(" , ", "the first line must be the header", id="blank-first-line"),
        pytest.param(HEADER.removesuffix(",country"), "bad header (missing: country)", id="missing"),
        pytest.param(
            HEADER.replace("email,", "e-mail,", 1),
            "bad header (missing: email; unexpected: 'e-mail')",
            id="renamed",
        ),
        pytest.param(HEADER + ",name", "bad header (repeated: name)", id="repeated"),
        pytest.param(BOB, "bad header (missing: ", id="no-header"),
    ],
)
def test_bad_header_is_rejected(session: Session, header: str, reason: str) -> None:
    problems = problems_of(session, f"{header}\n{ALICE}\n" if header else "")

    assert len(problems) == 1
    assert problems[0][0] == 1
    assert problems[0][1].startswith(reason)


def test_columns_after_the_header_are_ignored_and_named_in_the_summary(session: Session) -> None:
    text = f"{HEADER},phone,start date\n{ALICE},+34 600 000 000,2026-01-05\n"

    summary = import_employees(session, io.StringIO(text))

    assert (summary.created, summary.updated) == (1, 0)
    assert summary.notes == (
        "ignored columns not in the employees header: 'phone', 'start date' (did you mean start_date?)",
    )
    assert employee(session, "alice@acme.com").started_on is None


def test_file_that_is_not_utf8_is_rejected_with_the_line(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "employees.csv"
    path.write_bytes(csv_text(ALICE, row(name="Zoë Brown")).encode("latin-1"))

    with pytest.raises(DirectoryImportError) as caught:
        import_employees(session, path)

    assert caught.value.problems == [
        RowProblem(line=3, label="", reason="the file is not valid UTF-8; save it as CSV UTF-8")
    ]
    assert count(session, Employee) == 0


# --- size -----------------------------------------------------------------------------------------------


def test_a_large_file_with_a_deep_chain_imports(session: Session) -> None:
    size = 2000
    rows = [
        row(
            email=f"e{n}@acme.com",
            name=f"Employee {n}",
            manager_email=f"e{n + 1}@acme.com" if n + 1 < size else "",
        )
        for n in range(size)
    ]

    assert run(session, *rows) == ImportSummary(created=size, updated=0, unchanged=0)
    session.commit()
    assert run(session, *rows) == ImportSummary(created=0, updated=0, unchanged=size)
    assert employee(session, "e0@acme.com").manager is employee(session, "e1@acme.com")


# --- the optional columns, the joiners' hook, export --------------------------------------------------------


def test_start_date_and_active_are_optional_columns_that_keep_when_empty(session: Session) -> None:
    header = HEADER + ",start_date,active"
    text = "\n".join([header, ALICE + ",2026-03-02,", BOB + ",,no"]) + "\n"
    import_employees(session, io.StringIO(text))
    alice, bob = employee(session, "alice@acme.com"), employee(session, "bob@acme.com")
    assert (alice.started_on, alice.active) == (date(2026, 3, 2), True)
    assert bob.active is False
    session.commit()
    again = "\n".join([header, ALICE + ",,", BOB + ",,yes"]) + "\n"
    assert import_employees(session, io.StringIO(again)) == ImportSummary(created=0, updated=1, unchanged=1)
    assert employee(session, "alice@acme.com").started_on == date(2026, 3, 2)  # kept
    assert employee(session, "bob@acme.com").active is True  # back


def test_bad_optional_cells_are_named(session: Session) -> None:
    header = HEADER + ",start_date,active"
    text = "\n".join([header, ALICE + ",March 2nd,maybe"]) + "\n"
    assert [reason for _, reason in problems_of(session, text)] == [
        "start_date: 'March 2nd' is not a date like 2026-12-24",
        "active: 'maybe' is not yes or no (true/false, yes/no, 1/0, sí/no)",
    ]


def test_a_semicolon_separated_file_from_a_spreadsheet_imports(session: Session) -> None:
    text = (
        HEADER.replace(",", ";")
        + "\n"
        + 'U0ALICE01;alice@acme.com;Alice Adams;;Management;"admin;manager";es-ES;Europe/Madrid;ES-MD\n'
    )
    assert import_employees(session, io.StringIO(text)) == ImportSummary(created=1, updated=0, unchanged=0)
    alice = employee(session, "alice@acme.com")
    assert alice.roles == {Role.EMPLOYEE, Role.ADMIN, Role.MANAGER} and alice.country == "ES-MD"


def test_a_region_the_country_does_not_have_is_refused(session: Session) -> None:
    assert problems_of(session, csv_text(row(country="ES-ZZ")))[0][1].startswith(
        "bad country 'ES-ZZ': ES has no region"
    )
    assert run(session, row(country="us-ca")) == ImportSummary(created=1, updated=0, unchanged=0)
    assert employee(session, "bob@acme.com").country == "US-CA"


def test_a_region_of_a_country_whose_holidays_have_no_regions_is_taken(session: Session) -> None:
    assert run(session, row(country="MX-NLE")) == ImportSummary(created=1, updated=0, unchanged=0)  # Nuevo León
    assert employee(session, "bob@acme.com").country == "MX-NLE"  # was "MX has no region 'NLE' (e.g. )"
    assert public_holidays("MX-NLE", 2026)[date(2026, 9, 16)] == public_holidays("MX", 2026)[date(2026, 9, 16)]


def test_the_joiners_hook_gets_the_new_employees_only(session: Session) -> None:
    seen: list[tuple[list[str], date]] = []

    def joined(hook_session: Session, employees: list[Employee], today: date) -> None:
        assert hook_session is session
        seen.append(([e.email for e in employees], today))

    hooks = {"employees_joined": [joined]}
    import_employees(session, io.StringIO(csv_text(ALICE, BOB)), hooks=hooks)
    import_employees(session, io.StringIO(csv_text(ALICE, row(name="Robert Brown"), CAROL)), hooks=hooks)
    assert seen == [(["alice@acme.com", "bob@acme.com"], TODAY), (["carol@acme.com"], TODAY)]


def test_an_export_imports_back_unchanged(session: Session) -> None:
    from skills.common.reference import export_to

    import_employees(session, DATA / "employees.csv")
    session.commit()
    out = io.StringIO()
    assert export_to(session, EMPLOYEES, out) == 4
    exported = out.getvalue()
    assert exported.splitlines()[0] == HEADER + ",start_date,active"
    assert import_employees(session, io.StringIO(exported)) == ImportSummary(created=0, updated=0, unchanged=4)
