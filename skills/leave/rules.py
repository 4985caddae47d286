"""The rules a leave request must pass: ``validate()`` checks them in order and raises the first broken one.

Each ``check_*`` is one rule and raises one named error of ``errors.py`` (Frappe HRMS's ``validate()`` style). The
messages carry dates and day counts written in the requester's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from babel.lists import format_list
from sqlalchemy.orm import Session

from db.models import Employee
from skills.i18n import normalise_language, translate
from skills.leave import errors
from skills.leave import messages as text
from skills.leave.models import LeaveType
from skills.leave.queries.balances import Balance, balance_for
from skills.leave.queries.calendar import DayOff, WorkingDays, count_working_days
from skills.leave.queries.requests import overlapping_request


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
class YearCharge:
    """What a request takes from one year's allowance: the days falling in that year and that year's balance."""

    year: int
    days: Decimal
    balance: Balance

    @property
    def available_after(self) -> Decimal | None:
        """What is left that year once the request counts (None for types without a yearly limit)."""
        return None if self.balance.available is None else self.balance.available - self.days


@dataclass(frozen=True)
class RequestCheck:
    """A draft that passed every rule: its type, working days, the days off inside it, and what it takes from
    each year's balance (one charge, or two for leave spanning New Year)."""

    leave_type: LeaveType
    working_days: Decimal
    days_off: tuple[DayOff, ...]
    charges: tuple[YearCharge, ...]

    @property
    def balance(self) -> Balance:
        """The balance of the year the leave starts in."""
        return self.charges[0].balance

    @property
    def available_after(self) -> Decimal | None:
        """What is left in the year the leave starts in."""
        return self.charges[0].available_after

    @property
    def holidays(self) -> dict[date, str]:
        """The public and company holidays inside the dates, by date (not counted)."""
        return {off.day: off.reason for off in self.days_off if off.is_holiday}


def validate(
    session: Session,
    employee: Employee,
    draft: LeaveDraft,
    today: date,
    *,
    exclude_id: int | None = None,
    lang: str | None = None,
) -> RequestCheck:
    """Check ``draft`` against every rule, in this order; raise the first broken one.

    A refusal's dates and type names are in ``lang``, the conversation's (default: the employee's language).
    """
    lang = lang or employee.language
    leave_type = check_type_known(session, draft.leave_type)
    check_dates_in_order(draft, lang)
    check_not_in_past(leave_type, draft, today, lang)
    check_half_days(leave_type, draft, lang)
    counted = check_working_days(session, employee, draft, lang)
    check_no_overlap(session, employee, draft, lang, exclude_id)
    check_notice(leave_type, draft, today, lang)
    charges = check_balance(session, employee, leave_type, counted, today, lang, exclude_id)
    return RequestCheck(leave_type, counted.days, counted.days_off, charges)


def check_type_known(session: Session, code: str) -> LeaveType:
    """0. The leave type exists and is in use."""
    leave_type = session.get(LeaveType, code)
    if leave_type is None or not leave_type.active:
        raise errors.UnknownLeaveType(type=code)
    return leave_type


Period = tuple[date, date, bool, bool]
"""Dates as a request holds them: first day, last day, starts in the afternoon, ends at midday."""


def check_one_period(first: Period, others: list[Period], lang: str) -> None:
    """0. The days asked for are one stretch (the form's reading; "Jan 4 and Jan 8" are two requests)."""
    if others:
        spans = [text.format_span(*period, lang) for period in (first, *others)]
        raise errors.SeparatePeriods(periods=format_list(spans, locale=normalise_language(lang)))


def check_dates_in_order(draft: LeaveDraft, lang: str) -> None:
    """1. The end is on or after the start."""
    if draft.end < draft.start:
        raise errors.EndBeforeStart(start=text.format_day(draft.start, lang), end=text.format_day(draft.end, lang))


def check_not_in_past(leave_type: LeaveType, draft: LeaveDraft, today: date, lang: str) -> None:
    """2. Not in the past, unless the type may be backdated (then at most ``backdate_days`` back)."""
    if draft.start >= today:
        return
    start = text.format_day(draft.start, lang)
    if leave_type.backdate_days <= 0:
        raise errors.InThePast(type=leave_type.name(lang), start=start)
    earliest = today - timedelta(days=leave_type.backdate_days)
    if draft.start < earliest:
        raise errors.BackdatedTooFar(
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
        raise errors.HalfDayNotAllowed(type=leave_type.name(lang))
    if draft.start == draft.end and draft.start_half and draft.end_half:
        raise errors.HalfDayAmbiguous()


def check_working_days(session: Session, employee: Employee, draft: LeaveDraft, lang: str) -> WorkingDays:
    """4. The dates cover at least one working day of the employee's office; if not, name each weekend and holiday."""
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
            f"{text.format_day(off.day, lang)} ({off.reason if off.is_holiday else translate(lang, 'leave.weekend')})"
            for off in counted.days_off
        )
        raise errors.NoWorkingDays(days=days)
    return counted


def check_no_overlap(
    session: Session, employee: Employee, draft: LeaveDraft, lang: str, exclude_id: int | None = None
) -> None:
    """5. No overlap with the employee's own pending or approved requests (a morning and an afternoon may share)."""
    span = (draft.start, draft.end, draft.start_half, draft.end_half)
    other = overlapping_request(session, employee, span, exclude_id)
    if other is not None:
        raise errors.Overlaps(
            type=other.type.name(lang),
            status=translate(lang, f"leave.status.{other.status}"),
            span=text.format_span(other.start_date, other.end_date, other.start_half, other.end_half, lang),
            request_id=other.id,
        )


def check_notice(leave_type: LeaveType, draft: LeaveDraft, today: date, lang: str) -> None:
    """6. The type's minimum notice, counted in calendar days from today."""
    earliest = today + timedelta(days=leave_type.min_notice_days)
    if leave_type.min_notice_days > 0 and draft.start < earliest:
        raise errors.ShortNotice(
            type=leave_type.name(lang),
            days=leave_type.min_notice_days,
            earliest=text.format_day(earliest, lang),
        )


def check_balance(
    session: Session,
    employee: Employee,
    leave_type: LeaveType,
    counted: WorkingDays,
    today: date,
    lang: str,
    exclude_id: int | None = None,
) -> tuple[YearCharge, ...]:
    """7. Enough days left of a type with an allowance, in each year the working days fall in (accrued to date,
    less taken and pending)."""
    by_year = {year: days for year, days in sorted(counted.by_year.items()) if days > 0}
    charges = tuple(
        YearCharge(year, days, balance_for(session, employee, leave_type, year, today, exclude_id))
        for year, days in by_year.items()
    )
    for charge in charges:
        available = charge.balance.available
        if available is None or available >= charge.days:
            continue
        params = {
            "type": leave_type.name(lang),
            "available": text.format_days(max(available, Decimal(0)), lang),
            "asked": text.format_days(charge.days, lang),
        }
        if len(charges) == 1:
            raise errors.InsufficientBalance(**params)
        raise errors.InsufficientBalanceInYear(year=charge.year, **params)
    return charges
