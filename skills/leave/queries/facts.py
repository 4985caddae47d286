"""What the cards show, loaded before any view is drawn: the what-if of a draft and the facts of a request's card."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from db.models import Employee
from skills.leave.models import LeaveRequest, LeaveStatus
from skills.leave.queries.approvals import ApproverChoice, approver_if_any
from skills.leave.queries.balances import balance_for, split_by_year
from skills.leave.queries.calendar import count_working_days
from skills.leave.queries.team import OffEntry, team_conflicts
from skills.leave.rules import LeaveDraft, RequestCheck, validate


@dataclass(frozen=True)
class WhatIf(RequestCheck):
    """What a request would do, without making it: the checked draft, who would approve it, and the teammates
    already off then (names and dates only)."""

    approver: ApproverChoice | None
    conflicts: list[OffEntry]

    @property
    def needs_approval(self) -> bool:
        """Whether its type needs an approver's decision."""
        return self.leave_type.requires_approval


def what_if(session: Session, employee: Employee, draft: LeaveDraft, today: date, lang: str | None = None) -> WhatIf:
    """Everything the preview card and the simulation show for ``draft`` (raising the first broken rule, worded
    for ``lang``); writes nothing."""
    check = validate(session, employee, draft, today, lang=lang)
    approver = approver_if_any(session, employee, today, needed=check.leave_type.requires_approval)
    team = team_conflicts(session, employee, draft.start, draft.end)
    conflicts = [replace(e, leave_type=None, status=None) for e in team if e.status == LeaveStatus.APPROVED]
    return WhatIf(check.leave_type, check.working_days, check.days_off, check.charges, approver, conflicts)


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
