"""Every read of the expenses skill: categories in force for a country, what a claim uses of its limit, possible
duplicates, people's claims, totals, the finance queue, exports, and who may do what (as queries that answer,
never raise to probe)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from db.models import Employee, Role
from skills.common.extract import fold
from skills.expenses.models import (
    COUNTED_STATUSES,
    EVERY_OFFICE,
    ClaimStatus,
    ExpenseCategory,
    ExpenseClaim,
    LimitPeriod,
)


@cache
def office_currency(country: str) -> str:
    """The currency of the office in ``country`` (ISO 3166-1 or -2): EUR for ES-MD, USD for US."""
    from babel.numbers import get_territory_currencies

    found = get_territory_currencies(country.split("-")[0].upper() or "US")
    return found[0] if found else "USD"


def _scopes(country: str) -> list[str]:
    """The category scopes that apply in ``country``, most specific first: ES-MD, ES, every office."""
    scopes = [country.upper()] if country else []
    if "-" in country:
        scopes.append(country.split("-")[0].upper())
    return [*scopes, EVERY_OFFICE]


def categories_for(session: Session, country: str) -> list[ExpenseCategory]:
    """The active categories in force for someone in ``country``: per code, the most specific scope's row."""
    scopes = _scopes(country)
    rows = session.scalars(
        select(ExpenseCategory).where(ExpenseCategory.active.is_(True), ExpenseCategory.country.in_(scopes))
    ).all()
    best: dict[str, ExpenseCategory] = {}
    for row in sorted(rows, key=lambda c: scopes.index(c.country), reverse=True):
        best[row.code] = row
    return sorted(best.values(), key=lambda c: c.code)


def category_for(session: Session, code: str, country: str) -> ExpenseCategory | None:
    """The category ``code`` in force in ``country``, or None."""
    return next((c for c in categories_for(session, country) if c.code == code), None)


def match_category(session: Session, phrase: str, country: str) -> ExpenseCategory | None:
    """The category whose code or name (either language) is ``phrase``, or None."""
    wanted = fold(phrase.strip())
    for category in categories_for(session, country):
        if wanted in (category.code, fold(category.name_en), fold(category.name_es)):
            return category
    return None


def categories_named_in(session: Session, text: str, country: str) -> list[ExpenseCategory]:
    """The categories in force whose name (either language) or code ``text`` says as whole words, the most specific
    first: the longest name, and "other" last."""
    folded = f" {' '.join(re.findall(r'[a-z0-9]+', fold(text)))} "
    named: list[tuple[int, ExpenseCategory]] = []
    for category in categories_for(session, country):
        labels = {" ".join(re.findall(r"[a-z0-9]+", fold(label))) for label in (category.code, category.name_en,
                                                                                  category.name_es)}  # fmt: skip
        longest = max((len(label) for label in labels if label and f" {label} " in folded), default=0)
        if longest:
            named.append((longest, category))
    named.sort(key=lambda pair: (pair[1].code != "other", pair[0]), reverse=True)
    return [category for _, category in named]


def period_bounds(per: str, day: date) -> tuple[date, date]:
    """The first and last day of the limit's period around ``day`` (the day itself, or its calendar month)."""
    if per == LimitPeriod.MONTH:
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return first, following - timedelta(days=1)
    return day, day


def used_in_period(
    session: Session, *, employee_id: int, category_code: str, start: date, end: date, exclude: int | None = None
) -> Decimal:
    """What the employee's counted claims of the category add up to between two days (office currency)."""
    query = (
        select(func.coalesce(func.sum(ExpenseClaim.converted_amount), 0))
        .join(ExpenseCategory)
        .where(
            ExpenseClaim.employee_id == employee_id,
            ExpenseCategory.code == category_code,
            ExpenseClaim.status.in_(COUNTED_STATUSES),
            ExpenseClaim.expense_date.between(start, end),
        )
    )
    if exclude is not None:
        query = query.where(ExpenseClaim.id != exclude)
    return Decimal(session.scalar(query) or 0)


def possible_duplicates(
    session: Session,
    *,
    employee_id: int,
    amount: Decimal,
    currency: str,
    merchant: str,
    expense_date: date,
    receipt_sha256: str | None,
    exclude: int | None = None,
) -> list[ExpenseClaim]:
    """Earlier live claims that look like this one: the same receipt file (anyone's), or the same employee, amount,
    currency and merchant within a day."""
    same_spend = and_(
        ExpenseClaim.employee_id == employee_id,
        ExpenseClaim.amount == amount,
        ExpenseClaim.currency == currency,
        func.lower(ExpenseClaim.merchant) == merchant.strip().lower(),
        ExpenseClaim.expense_date.between(expense_date - timedelta(days=1), expense_date + timedelta(days=1)),
    )
    conditions = [same_spend] if merchant.strip() else []
    if receipt_sha256:
        conditions.append(ExpenseClaim.receipt_sha256 == receipt_sha256)
    if not conditions:
        return []
    query = select(ExpenseClaim).where(
        or_(*conditions), ExpenseClaim.status.not_in((ClaimStatus.REJECTED, ClaimStatus.WITHDRAWN))
    )
    if exclude is not None:
        query = query.where(ExpenseClaim.id != exclude)
    return list(session.scalars(query.order_by(ExpenseClaim.id)).unique())


def get_claim(session: Session, claim_id: int) -> ExpenseClaim | None:
    """The claim with this id, or None."""
    return session.get(ExpenseClaim, claim_id)


def claims_of(session: Session, employee_id: int, *, limit: int = 10) -> list[ExpenseClaim]:
    """The employee's newest claims first."""
    query = select(ExpenseClaim).where(ExpenseClaim.employee_id == employee_id)
    return list(session.scalars(query.order_by(ExpenseClaim.created_at.desc(), ExpenseClaim.id.desc()).limit(limit)))


def totals_by_category(
    session: Session, employee_ids: Sequence[int], start: date, end: date
) -> list[tuple[str, str, Decimal]]:
    """(category code, office currency, total) of the counted claims of these people between two days."""
    query = (
        select(ExpenseCategory.code, ExpenseClaim.office_currency, func.sum(ExpenseClaim.converted_amount))
        .join(ExpenseCategory)
        .where(
            ExpenseClaim.employee_id.in_(employee_ids),
            ExpenseClaim.status.in_(COUNTED_STATUSES),
            ExpenseClaim.expense_date.between(start, end),
        )
        .group_by(ExpenseCategory.code, ExpenseClaim.office_currency)
        .order_by(ExpenseCategory.code)
    )
    return [(code, currency, Decimal(total)) for code, currency, total in session.execute(query)]


def team_of(session: Session, person: Employee) -> list[Employee]:
    """Whose spend ``person`` may see: everyone for finance and admins, their reports (and themselves) for others."""
    if person.has_role(Role.FINANCE):
        return list(session.scalars(select(Employee).where(Employee.active.is_(True))))
    reports = list(session.scalars(select(Employee).where(Employee.manager_id == person.id)))
    return [person, *reports]


def finance_queue(session: Session) -> list[ExpenseClaim]:
    """What finance has to act on: claims waiting for finance, asked for information, and approved but not exported."""
    query = select(ExpenseClaim).where(
        or_(
            and_(ExpenseClaim.needs_finance.is_(True), ExpenseClaim.status.in_(
                (ClaimStatus.PENDING, ClaimStatus.INFO_REQUESTED))),
            ExpenseClaim.status == ClaimStatus.APPROVED,
        )
    )  # fmt: skip
    return list(session.scalars(query.order_by(ExpenseClaim.created_at, ExpenseClaim.id)))


def claims_to_export(session: Session, *, status: str, month: tuple[date, date] | None) -> list[ExpenseClaim]:
    """Claims in ``status`` (by expense date within ``month`` when given), oldest first."""
    query = select(ExpenseClaim).where(ExpenseClaim.status == status)
    if month is not None:
        query = query.where(ExpenseClaim.expense_date.between(*month))
    return list(session.scalars(query.order_by(ExpenseClaim.expense_date, ExpenseClaim.id)))


def exported_in_batch(session: Session, batch: str) -> list[ExpenseClaim]:
    """The claims of one payroll export still marked exported (not paid yet), oldest first."""
    query = select(ExpenseClaim).where(ExpenseClaim.export_batch == batch, ExpenseClaim.status == ClaimStatus.EXPORTED)
    return list(session.scalars(query.order_by(ExpenseClaim.expense_date, ExpenseClaim.id)))


def unpaid_batches(session: Session) -> dict[str, list[ExpenseClaim]]:
    """The payroll exports with claims not marked paid yet, oldest export first: batch id → its exported claims."""
    query = select(ExpenseClaim).where(
        ExpenseClaim.status == ClaimStatus.EXPORTED, ExpenseClaim.export_batch.is_not(None)
    )
    batches: dict[str, list[ExpenseClaim]] = {}
    for claim in session.scalars(query.order_by(ExpenseClaim.exported_at, ExpenseClaim.id)):
        batches.setdefault(claim.export_batch or "", []).append(claim)
    return batches


def claims_waiting_for_receipt(session: Session, month: str) -> list[ExpenseClaim]:
    """Live claims with no receipt file whose owner, still with the company, was not reminded in ``month``
    (``YYYY-MM``) yet."""
    query = (
        select(ExpenseClaim)
        .join(Employee, ExpenseClaim.employee_id == Employee.id)
        .where(
            Employee.active.is_(True),
            ExpenseClaim.receipt_sha256.is_(None),
            ExpenseClaim.status.in_((ClaimStatus.PENDING, ClaimStatus.INFO_REQUESTED, ClaimStatus.APPROVED)),
            or_(ExpenseClaim.receipt_reminded.is_(None), ExpenseClaim.receipt_reminded != month),
        )
    )
    return list(session.scalars(query.order_by(ExpenseClaim.employee_id, ExpenseClaim.id)))


def claims_waiting_for_answer(session: Session, employee_id: int) -> list[ExpenseClaim]:
    """The employee's claims whose approver asked them for information, oldest first."""
    query = select(ExpenseClaim).where(
        ExpenseClaim.employee_id == employee_id, ExpenseClaim.status == ClaimStatus.INFO_REQUESTED
    )
    return list(session.scalars(query.order_by(ExpenseClaim.id)))


def finance_people(session: Session) -> list[Employee]:
    """Every active holder of the finance role (admins not included: they are not finance's day to day)."""
    from db.models import EmployeeRole

    query = select(Employee).join(EmployeeRole).where(EmployeeRole.role == Role.FINANCE, Employee.active.is_(True))
    return list(session.scalars(query.order_by(Employee.name)).unique())


def is_finance(employee: Employee) -> bool:
    """Whether the person works in finance (admins hold every role)."""
    return employee.has_role(Role.FINANCE)


def can_see(claim: ExpenseClaim, viewer: Employee) -> bool:
    """Whether ``viewer`` may read ``claim``: its owner, the owner's manager, finance, HR and admins."""
    return (
        claim.employee_id == viewer.id
        or claim.employee.manager_id == viewer.id
        or viewer.has_role(Role.FINANCE)
        or viewer.has_role(Role.HR)
    )


def month_bounds(day: date) -> tuple[date, date]:
    """The first and last day of ``day``'s month."""
    return period_bounds(LimitPeriod.MONTH, day)


def quarter_bounds(day: date) -> tuple[date, date]:
    """The first and last day of ``day``'s calendar quarter."""
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    last = month_bounds(date(first.year, first.month + 2, 1))[1]
    return first, last


def when_exported(claims: Sequence[ExpenseClaim]) -> datetime | None:
    """The export moment of these claims (the newest), or None."""
    moments = [claim.exported_at for claim in claims if claim.exported_at is not None]
    return max(moments) if moments else None


def info_asker(session: Session, claim: ExpenseClaim) -> Employee | None:
    """Who asked for the information the claim is waiting for (the newest "info requested" audit row's actor)."""
    from db.models import AuditEntry

    query = (
        select(AuditEntry.actor_id)
        .where(AuditEntry.entity_type == "expense_claim", AuditEntry.entity_id == str(claim.id),
               AuditEntry.action == "expense.info_requested")
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )  # fmt: skip
    actor_id = session.scalar(query)
    return session.get(Employee, actor_id) if actor_id is not None else None
