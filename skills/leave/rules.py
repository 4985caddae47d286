"""The rules a leave request must pass, checked in order, each broken rule a named DomainError."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Employee
from skills.errors import DomainError
from skills.i18n import translate
from skills.leave import messages as text
from skills.leave.balances import Balance, balance_for
from skills.leave.calendar import DayOff, WorkingDays, count_working_days, each_day, halves_on
from skills.leave.models import ACTIVE_STATUSES, LeaveRequest, LeaveType

DATES = "dates"
HALF_DAY = "half_day"
LEAVE_TYPE = "leave_type"


@dataclass(frozen=True)
class LeaveDraft:
    """What an employee asks for, before it is a request: type, dates, half days and reason."""

    leave_type: str
    start: date
    end: date
    start_half: bool = False  # the first day starts at midday (afternoon off)
    end_half: bool = False  # the last day ends at midday (morning off)
    reason: str = ""


@dataclass(frozen=True)
class RequestCheck:
    """A draft that passed every rule: its type, working days, the balance before it and what is left after."""

    leave_type: LeaveType
    working_days: Decimal
    days_off: tuple[DayOff, ...]
    balance: Balance
    available_after: Decimal | None


def validate_request(
    session: Session, employee: Employee, draft: LeaveDraft, today: date, *, exclude_id: int | None = None
) -> RequestCheck:
    """Check ``draft`` against every rule in order; raise the first broken one as a DomainError."""
    lang = employee.language
    leave_type = known_type(session, draft.leave_type)
    check_dates_in_order(draft, lang)
    check_not_in_past(leave_type, draft, today, lang)
    check_half_days(leave_type, draft, lang)
    counted = check_working_days(session, employee, draft, lang)
    check_no_overlap(session, employee, draft, lang, exclude_id)
    check_notice(leave_type, draft, today, lang)
    balance = check_balance(session, employee, leave_type, draft, counted.days, today, lang, exclude_id)
    after = None if balance.available is None else balance.available - counted.days
    return RequestCheck(leave_type, counted.days, counted.days_off, balance, after)


def known_type(session: Session, code: str) -> LeaveType:
    """0. The leave type exists and is in use."""
    leave_type = session.get(LeaveType, code)
    if leave_type is None or not leave_type.active:
        raise DomainError("leave_unknown_type", slot=LEAVE_TYPE, type=code)
    return leave_type


def check_dates_in_order(draft: LeaveDraft, lang: str) -> None:
    """1. The end is on or after the start."""
    if draft.end < draft.start:
        raise DomainError(
            "leave_end_before_start",
            slot=DATES,
            start=text.format_day(draft.start, lang),
            end=text.format_day(draft.end, lang),
        )


def check_not_in_past(leave_type: LeaveType, draft: LeaveDraft, today: date, lang: str) -> None:
    """2. Not in the past, unless the type may be backdated (then at most ``backdate_days`` back)."""
    if draft.start >= today:
        return
    start = text.format_day(draft.start, lang)
    if leave_type.backdate_days <= 0:
        raise DomainError("leave_in_past", slot=DATES, type=leave_type.name(lang), start=start)
    earliest = today - timedelta(days=leave_type.backdate_days)
    if draft.start < earliest:
        raise DomainError(
            "leave_backdate_too_far",
            slot=DATES,
            type=leave_type.name(lang),
            days=leave_type.backdate_days,
            earliest=text.format_day(earliest, lang),
            start=start,
        )


def check_half_days(leave_type: LeaveType, draft: LeaveDraft, lang: str) -> None:
    """3. Half days only for types that allow them, and one day cannot lose both halves."""
    if not (draft.start_half or draft.end_half):
        return
    if not leave_type.half_days_allowed:
        raise DomainError("leave_half_day_not_allowed", slot=HALF_DAY, type=leave_type.name(lang))
    if draft.start == draft.end and draft.start_half and draft.end_half:
        raise DomainError("leave_half_day_ambiguous", slot=HALF_DAY)


def check_working_days(session: Session, employee: Employee, draft: LeaveDraft, lang: str) -> WorkingDays:
    """4. The dates cover at least one working day; if not, say which days are weekends or holidays."""
    counted = count_working_days(
        session,
        employee.country,
        draft.start,
        draft.end,
        start_half=draft.start_half,
        end_half=draft.end_half,
        language=lang,
    )
    if counted.days <= 0:
        days = ", ".join(
            f"{text.format_day(off.day, lang)} ({translate(lang, 'leave.weekend') if off.reason == 'weekend' else off.reason})"
            for off in counted.days_off
        )
        raise DomainError("leave_no_working_days", slot=DATES, days=days)
    return counted


def overlapping_request(
    session: Session, employee: Employee, draft: LeaveDraft, exclude_id: int | None = None
) -> LeaveRequest | None:
    """The employee's first pending or approved request sharing a half day with ``draft``, if any."""
    query = select(LeaveRequest).where(
        LeaveRequest.employee_id == employee.id,
        LeaveRequest.status.in_(ACTIVE_STATUSES),
        LeaveRequest.start_date <= draft.end,
        LeaveRequest.end_date >= draft.start,
    )
    if exclude_id is not None:
        query = query.where(LeaveRequest.id != exclude_id)
    for other in session.scalars(query.order_by(LeaveRequest.start_date)):
        shared = (max(draft.start, other.start_date), min(draft.end, other.end_date))
        for day in each_day(*shared):
            mine = halves_on(day, draft.start, draft.end, draft.start_half, draft.end_half)
            theirs = halves_on(day, other.start_date, other.end_date, other.start_half, other.end_half)
            if mine & theirs:
                return other
    return None


def check_no_overlap(
    session: Session, employee: Employee, draft: LeaveDraft, lang: str, exclude_id: int | None = None
) -> None:
    """5. No overlap with the employee's own pending or approved requests (a morning and an afternoon may share)."""
    other = overlapping_request(session, employee, draft, exclude_id)
    if other is not None:
        raise DomainError(
            "leave_overlaps",
            slot=DATES,
            type=other.type.name(lang),
            status=translate(lang, f"leave.status.{other.status}"),
            span=text.format_span(other.start_date, other.end_date, other.start_half, other.end_half, lang),
            request_id=other.id,
        )


def check_notice(leave_type: LeaveType, draft: LeaveDraft, today: date, lang: str) -> None:
    """6. The type's minimum notice, counted in calendar days from today."""
    earliest = today + timedelta(days=leave_type.min_notice_days)
    if leave_type.min_notice_days > 0 and draft.start < earliest:
        raise DomainError(
            "leave_short_notice",
            slot=DATES,
            type=leave_type.name(lang),
            days=leave_type.min_notice_days,
            earliest=text.format_day(earliest, lang),
        )


def check_balance(
    session: Session,
    employee: Employee,
    leave_type: LeaveType,
    draft: LeaveDraft,
    asked: Decimal,
    today: date,
    lang: str,
    exclude_id: int | None = None,
) -> Balance:
    """7. Enough days left of a type with an allowance (accrued to date, less taken and pending)."""
    balance = balance_for(session, employee, leave_type, draft.start.year, today, exclude_id)
    if balance.available is not None and balance.available < asked:
        raise DomainError(
            "leave_insufficient_balance",
            slot=DATES,
            type=leave_type.name(lang),
            available=text.format_days(max(balance.available, Decimal(0)), lang),
            asked=text.format_days(asked, lang),
        )
    return balance
