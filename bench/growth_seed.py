"""Seed a company of any size by code, in bulk: SQLAlchemy Core ``executemany`` of generated rows, with ids set here.

Every person carries the same load at every size (20 leave requests, 1 expense claim in 2 … in 20 claims per 10,000
people, 10 tickets), so a person's answers should cost the same in a demo company and in a large one: only what
a query scans beyond that person's rows grows. Rows are deterministic for a size (no random seed to carry).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import FromClause, func, insert, select, text
from sqlalchemy.engine import Connection, Engine

from db.models import Employee, EmployeeRole
from skills.approvals.models import Approval, ApprovalStep
from skills.expenses.models import ExpenseCategory, ExpenseClaim
from skills.leave.models import LeaveAllocation, LeaveRequest, LeaveType
from skills.locations.models import Location
from skills.maintenance.models import Team, Ticket
from skills.stock.models import Item, Movement, StockLevel, StockRequest

CHUNK = 20_000
"""Rows per ``executemany`` call: big enough to be fast, small enough to keep memory flat."""
TEAM_SIZE = 10
"""One manager for every nine reports (employee ids 1, 11, 21, … manage the nine after them)."""


@dataclass(frozen=True)
class CompanySize:
    """How many rows of each kind a company has."""

    name: str
    employees: int
    leave_requests: int
    items: int
    movements: int
    tickets: int
    claims: int

    def scaled(self, fraction: float) -> CompanySize:
        """The same company at ``fraction`` of its size (for a quick run), never below the demo's."""
        pick = {k: max(int(getattr(self, k) * fraction), getattr(DEMO, k)) for k in _COUNTS}
        return CompanySize(f"{self.name}×{fraction:g}" if fraction != 1 else self.name, **pick)


_COUNTS = ("employees", "leave_requests", "items", "movements", "tickets", "claims")
LARGE = CompanySize("large", 10_000, 200_000, 50_000, 1_000_000, 100_000, 20_000)
DEMO = CompanySize("demo", 25, 500, 125, 2_500, 250, 50)
"""The demo company's size (bot/demo: 25 people), with the large one's proportions (1/400 of it)."""

NOUNS = ("adapter", "cable", "toner cartridge", "paper ream", "monitor", "keyboard", "mouse", "chair", "desk lamp",
         "headset", "charger", "laptop stand", "webcam", "projector", "whiteboard marker", "stapler", "battery pack",
         "docking station", "router", "label tape")  # fmt: skip
KINDS = ("HDMI", "USB-C", "USB-A", "DisplayPort", "A4", "A3", "wireless", "ergonomic", "black", "colour", "27-inch",
         "24-inch", "LED", "Bluetooth", "heavy-duty", "compact", "premium", "standard", "eco", "pro")  # fmt: skip
BRANDS = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Cyberdyne")


@dataclass(frozen=True)
class Seeded:
    """Whom the bench asks as: an employee with leave booked, their manager, and an item the employee looks up."""

    employee_id: int
    manager_id: int
    item_phrase: str


def _chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _bulk(connection: Connection, table: FromClause, rows: Iterator[dict[str, Any]]) -> int:
    count = 0
    for batch in _chunks(rows):
        connection.execute(insert(table), batch)  # type: ignore[arg-type]  # a mapped class's table
        count += len(batch)
    return count


def _manager_of(employee_id: int) -> int | None:
    first = (employee_id - 1) // TEAM_SIZE * TEAM_SIZE + 1
    return None if employee_id == first else first


def _employees(size: CompanySize, now: datetime) -> Iterator[dict[str, Any]]:
    for n in range(1, size.employees + 1):
        spanish = n % 3 == 0
        yield {
            "id": n, "email": f"person{n}@growth.example", "name": f"Person{n} Surname{n % 97}",
            "manager_id": _manager_of(n), "department": f"Dept {(n - 1) // 100}",
            "locale": "es-ES" if spanish else "en-US", "timezone": "Europe/Madrid" if spanish else "America/New_York",
            "country": "ES" if spanish else "US", "active": True, "started_on": date(2020, 1, 1),
            "created_at": now, "updated_at": now,
        }  # fmt: skip


def _roles(size: CompanySize) -> Iterator[dict[str, Any]]:
    for n in range(1, size.employees + 1):
        if _manager_of(n) is None:
            yield {"employee_id": n, "role": "manager"}
        if n % 500 == 2:
            yield {"employee_id": n, "role": "hr"}
        if n % 500 == 3:
            yield {"employee_id": n, "role": "finance"}
        if n % 500 == 4:
            yield {"employee_id": n, "role": "warehouse"}


def _weekdays(start: date, length: int) -> Decimal:
    return Decimal(sum((start + timedelta(days=d)).weekday() < 5 for d in range(length)))


def _leave(size: CompanySize, today: date, now: datetime) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Leave requests spread over last year to next spring (a few across New Year) and the approvals of the decided
    and pending ones (one manager step each)."""
    per_person = max(1, size.leave_requests // size.employees)
    first = date(today.year - 1, 1, 5)
    span = (date(today.year + 1, 3, 31) - first).days
    requests, approvals = [], []
    number = 0
    for person in range(1, size.employees + 1):
        manager = _manager_of(person)  # a manager's own leave needs no approval here: nobody's inbox grows with size
        for k in range(per_person):
            number += 1
            start = first + timedelta(days=(k * span // per_person + person * 7) % span)
            length = 1 + (number % 5)
            end = start + timedelta(days=length - 1)
            future = start > today
            kind = "sick" if number % 10 == 7 else "vacation"
            status = ("pending" if number % 2 else "approved") if future else ("rejected" if number % 9 == 0 else
                                                                              "approved")  # fmt: skip
            created = datetime.combine(min(start, today) - timedelta(days=20), datetime.min.time(), UTC)
            decided = None if status == "pending" else created + timedelta(days=1)
            requests.append({
                "id": number, "employee_id": person, "leave_type": kind, "start_date": start, "end_date": end,
                "start_half": False, "end_half": False, "working_days": max(_weekdays(start, length), Decimal(1)),
                "reason": "", "status": status, "approver_id": manager, "decided_by_id": None if decided is None else
                manager, "decided_at": decided, "created_at": created, "updated_at": decided or created, "version": 1,
            })  # fmt: skip
            if kind == "vacation" and manager is not None:
                approvals.append({"entity_type": "leave", "entity_id": number, "requester_id": person,
                                  "status": status, "created_at": created, "decided_at": decided,
                                  "approver_id": manager})  # fmt: skip
    return requests, approvals


def _claims(size: CompanySize, categories: list[tuple[int, str]], now: datetime) -> tuple[list[dict[str, Any]], ...]:
    claims, approvals = [], []
    for n in range(1, size.claims + 1):
        person = 1 + (n * 7919) % size.employees
        manager = _manager_of(person)
        category_id, currency = categories[n % len(categories)]
        status = "pending" if n % 10 == 0 else ("paid" if n % 3 else "approved")
        created = now - timedelta(days=n % 300, hours=1)
        amount = Decimal(10 + n % 90)
        claims.append({
            "id": n, "employee_id": person, "category_id": category_id, "amount": amount, "currency": currency,
            "converted_amount": amount, "office_currency": currency, "rate": Decimal(1),
            "expense_date": created.date(), "country": "ES" if person % 3 == 0 else "US",
            "merchant": f"Merchant {n % 50}", "status": status, "created_at": created,
            "decided_at": None if status == "pending" else created + timedelta(days=1),
        })  # fmt: skip
        if manager is not None:
            approvals.append({"entity_type": "expense_claim", "entity_id": n, "requester_id": person,
                              "status": "pending" if status == "pending" else "approved", "created_at": created,
                              "decided_at": None if status == "pending" else created + timedelta(days=1),
                              "approver_id": manager})  # fmt: skip
    return claims, approvals


def _approval_rows(found: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    approvals, steps = [], []
    for number, row in enumerate(found, start=1):
        approver = row.pop("approver_id")
        approvals.append({"id": number, "current_level": 1, "version": 1, **row})
        status = row["status"] if row["status"] in ("pending", "approved", "rejected") else "skipped"
        steps.append({
            "id": number, "approval_id": number, "level": 1, "approver_id": approver, "rule": "manager",
            "status": status, "decided_by_id": None if status == "pending" else approver,
            "decided_at": row["decided_at"], "pending_since": row["created_at"],
        })  # fmt: skip
    return approvals, steps


def _locations() -> list[dict[str, Any]]:
    return [
        {"id": 1, "code": "US", "name": "United States", "parent_id": None, "country": "US", "aliases": []},
        {"id": 2, "code": "NYC", "name": "New York office", "parent_id": 1, "country": None, "aliases": ["NY"]},
        {"id": 3, "code": "NYC-WH", "name": "New York warehouse", "parent_id": 2, "country": None, "aliases": []},
        {"id": 4, "code": "ES", "name": "Spain", "parent_id": None, "country": "ES", "aliases": ["España"]},
        {"id": 5, "code": "MAD", "name": "Madrid office", "parent_id": 4, "country": None, "aliases": []},
        {
            "id": 6,
            "code": "MAD-WH",
            "name": "Madrid warehouse",
            "parent_id": 5,
            "country": None,
            "aliases": ["almacén de Madrid"],
        },
    ]


def _item_name(n: int) -> str:
    """``Acme HDMI adapter QX-4821``: brand, kind and noun cycle; the model code makes each name its own."""
    noun = NOUNS[(n - 1) % len(NOUNS)]
    kind = KINDS[(n - 1) // len(NOUNS) % len(KINDS)]
    brand = BRANDS[(n - 1) // (len(NOUNS) * len(KINDS)) % len(BRANDS)]
    code = f"{chr(65 + n * 7 % 26)}{chr(65 + n * 11 % 26)}-{n * 7919 % 10_000:04d}"
    return f"{brand} {kind} {noun} {code}"


def _stock(
    size: CompanySize, now: datetime
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], Iterator[dict[str, Any]]]:
    items, levels = [], []
    for n in range(1, size.items + 1):
        items.append({"id": n, "sku": f"SKU-{n:06d}", "name": _item_name(n), "aliases": [], "unit": "unit",
                      "serialized": False, "active": True})  # fmt: skip
        levels.append({"id": n, "item_id": n, "location_id": 3 if n % 2 else 6, "on_hand": 0, "reserved": 0,
                       "reorder_level": 5, "reorder_qty": 20, "low": False, "crossings": 0})  # fmt: skip
    per_item = max(2, size.movements // size.items)

    def movements() -> Iterator[dict[str, Any]]:
        number = 0
        for n in range(1, size.items + 1):
            balance = 0
            for k in range(per_item):
                number += 1
                quantity = 100 if k == 0 else (10 if k % 4 == 0 else -2)
                balance += quantity
                yield {
                    "id": number, "item_id": n, "location_id": 3 if n % 2 else 6,
                    "kind": "opening" if k == 0 else ("receive" if quantity > 0 else "issue"), "quantity": quantity,
                    "balance_after": balance, "batch": f"b{number}", "reason": "", "reference": "",
                    "actor_label": "growth seed", "via": "cli",
                    "created_at": now - timedelta(days=per_item - k, minutes=n % 1440),
                }  # fmt: skip
            levels[n - 1]["on_hand"] = balance

    return items, levels, movements()


def _tickets(size: CompanySize, now: datetime) -> Iterator[dict[str, Any]]:
    for n in range(1, size.tickets + 1):
        created = now - timedelta(days=n % 400, minutes=n % 600)
        recent = n % 400 < 7  # resolved in the 👍/👎 window; the close_unrated job closed the older ones
        status = ("requested", "in_progress", "on_hold")[n % 3] if n % 50 == 0 else ("resolved" if recent else "closed")
        yield {
            "id": n, "requester_id": 1 + (n * 104729) % size.employees, "summary": f"Problem {n}",
            "original_text": "", "category": ("it", "hvac", "plumbing")[n % 3], "priority": "P3",
            "team_id": 1 + n % 3, "status": status, "lang": "en", "via": "slack", "thread_key": "",
            "created_at": created, "reminded": 0, "followers": [],
        }  # fmt: skip


def seed_company(engine: Engine, size: CompanySize, now: datetime) -> dict[str, int]:
    """Write ``size``'s company into a migrated, empty database; rows written per table."""
    today = now.date()
    counts: dict[str, int] = {}
    with engine.begin() as connection:
        types = {row.code: row for row in connection.execute(select(LeaveType.__table__))}
        categories = [(row.id, row.currency) for row in connection.execute(
            select(ExpenseCategory.id, ExpenseCategory.currency).order_by(ExpenseCategory.id))]  # fmt: skip
        counts["employees"] = _bulk(connection, Employee.__table__, _employees(size, now))
        counts["employee_roles"] = _bulk(connection, EmployeeRole.__table__, _roles(size))
        allocations = (
            {"employee_id": n, "leave_type": code, "year": year, "allocated_days": kind.allowance_days,
             "carried_over_days": Decimal(0), "created_at": now}
            for n in range(1, size.employees + 1) for year in (today.year - 1, today.year, today.year + 1)
            for code, kind in types.items() if kind.allowance_days is not None
        )  # fmt: skip
        counts["leave_allocations"] = _bulk(connection, LeaveAllocation.__table__, allocations)
        requests, leave_approvals = _leave(size, today, now)
        counts["leave_requests"] = _bulk(connection, LeaveRequest.__table__, iter(requests))
        claims, claim_approvals = _claims(size, categories, now)
        counts["expense_claims"] = _bulk(connection, ExpenseClaim.__table__, iter(claims))
        approvals, steps = _approval_rows(leave_approvals + claim_approvals)
        counts["approvals"] = _bulk(connection, Approval.__table__, iter(approvals))
        counts["approval_steps"] = _bulk(connection, ApprovalStep.__table__, iter(steps))
        counts["locations"] = _bulk(connection, Location.__table__, iter(_locations()))
        items, levels, movements = _stock(size, now)
        counts["stock_items"] = _bulk(connection, Item.__table__, iter(items))
        counts["stock_movements"] = _bulk(connection, Movement.__table__, movements)
        counts["stock_levels"] = _bulk(connection, StockLevel.__table__, iter(levels))
        open_requests = (
            {"id": n, "employee_id": 1 + n * 37 % size.employees, "item_id": 1 + n * 13 % size.items,
             "location_id": 3, "quantity": 1, "reserved": 0, "status": "open" if n % 10 == 0 else "fulfilled",
             "lang": "en", "via": "slack", "created_at": now - timedelta(hours=n)}
            for n in range(1, size.employees // 5 + 1)
        )  # fmt: skip
        counts["stock_requests"] = _bulk(connection, StockRequest.__table__, open_requests)
        teams = [{"id": t, "code": f"team{t}", "name": f"Team {t}", "lead_id": 4 + t, "categories": [],
                  "member_ids": [4 + t, 500 + t]} for t in (1, 2, 3)]  # fmt: skip
        counts["maintenance_teams"] = _bulk(connection, Team.__table__, iter(teams))
        counts["maintenance_tickets"] = _bulk(connection, Ticket.__table__, _tickets(size, now))
        if connection.dialect.name == "postgresql":
            _advance_sequences(connection, counts)
    return counts


def _advance_sequences(connection: Connection, counts: dict[str, int]) -> None:
    """Ids were set here: move each table's id sequence past them, as if the rows had been inserted one by one."""
    for table in counts:
        if table == "employee_roles":
            continue
        connection.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))")
        )


def who_asks(engine: Engine, size: CompanySize) -> Seeded:
    """The measured people: employee 2 (the first report of manager 1) and their manager, and a common item."""
    with engine.connect() as connection:
        employees = connection.scalar(select(func.count()).select_from(Employee.__table__))
    if employees != size.employees:
        raise RuntimeError(f"expected {size.employees} employees, found {employees}")
    return Seeded(employee_id=2, manager_id=1, item_phrase=_item_name(1))
