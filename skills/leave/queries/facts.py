"""What the cards show, loaded before any view is drawn: the what-if of a draft and the facts of a request's card."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from db.models import Employee
from skills.leave.models import LeaveRequest, LeaveStatus, LeaveType
from skills.leave.queries.approvals import ApproverChoice, approver_if_any
from skills.leave.queries.balances import Balance, balance_for, split_by_year
from skills.leave.queries.calendar import count_working_days
from skills.leave.queries.team import OffEntry, team_conflicts
from skills.leave.rules import LeaveDraft, YearCharge, validate


@dataclass(frozen=True)
class WhatIf:
    """What a request would do, without making it; ``conflicts`` are teammates already off (names and dates)."""

    leave_type: LeaveType
    working_days: Decimal
    charges: tuple[YearCharge, ...]
    holidays: dict[date, str]
    approver: ApproverChoice | None
    needs_approval: bool
    conflicts: list[OffEntry]

    @property
    def balance(self) -> Balance:
        """The balance of the year the leave starts in."""
        return self.charges[0].balance

    @property
    def available_after(self) -> Decimal | None:
        """What is left in the year the leave starts in."""
        return self.charges[0].available_after


def what_if(session: Session, employee: Employee, draft: LeaveDraft, today: date) -> WhatIf:
    """Everything the preview card and the simulation show for ``draft`` (raising the first broken rule); writes
    nothing."""
    check = validate(session, employee, draft, today)
    needs_approval = check.leave_type.requires_approval
    approver = approver_if_any(session, employee, today, needed=needs_approval)
    team = team_conflicts(session, employee, draft.start, draft.end)
    conflicts = [replace(e, leave_type=None, status=None) for e in team if e.status == LeaveStatus.APPROVED]
    return WhatIf(
        leave_type=check.leave_type,
        working_days=check.working_days,
        charges=check.charges,
        holidays=check.holidays,
        approver=approver,
        needs_approval=needs_approval,
        conflicts=conflicts,
    )


@dataclass(frozen=True)
class CardFacts:
    """What a card about a request shows besides the request: its working days and the balance left if it counts
    (per year), the teammates off then, and the holidays inside its dates."""

    days_by_year: dict[int, Decimal]
    balance_after: dict[int, Decimal | None]
    team: list[OffEntry]
    holidays: dict[date, str]


def card_facts(session: Session, request: LeaveRequest, today: date, lang: str) -> CardFacts:
    """The facts of ``request``'s card as of ``today`` (the requester's), holiday names in ``lang``."""
    split = split_by_year(session, request)
    after: dict[int, Decimal | None] = {}
    for year, days in split.items():
        balance = balance_for(session, request.employee, request.type, year, today, request.id)
        after[year] = None if balance.available is None else balance.available - days
    counted = count_working_days(session, request.employee.country, request.start_date, request.end_date, language=lang)
    team = team_conflicts(session, request.employee, request.start_date, request.end_date)
    return CardFacts(split, after, team, counted.holidays)
