"""Reading leave requests: one by id, an employee's, the overlapping ones, those waiting for someone, those overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import Employee, OutboxMessage
from db.outbox import Entity, messages_about
from skills.common.time import business_days_between, local_today
from skills.leave import errors
from skills.leave.models import ACTIVE_STATUSES, ENTITY, LeaveRequest, LeaveStatus
from skills.leave.queries.calendar import each_day, halves_on, working_calendar

REMIND_AFTER_BUSINESS_DAYS = 1
ESCALATE_AFTER_BUSINESS_DAYS = 3

_SHOWN = (
    selectinload(LeaveRequest.employee),
    selectinload(LeaveRequest.type),
    selectinload(LeaveRequest.approver),
    selectinload(LeaveRequest.decided_by),
)
"""Everything views show about a request, loaded with it (views never query)."""


def get_request(session: Session, request_id: int) -> LeaveRequest:
    """The leave request ``request_id``, or :class:`~skills.leave.errors.RequestNotFound`."""
    request = session.get(LeaveRequest, request_id, options=_SHOWN)
    if request is None:
        raise errors.RequestNotFound(id=request_id)
    return request


def my_requests(session: Session, employee: Employee, year: int) -> list[LeaveRequest]:
    """The employee's requests touching ``year``, every status, in date order."""
    return requests_between(session, employee, date(year, 1, 1), date(year, 12, 31))


def pending_of(session: Session, employee: Employee) -> list[LeaveRequest]:
    """The employee's requests still waiting for a decision, oldest first."""
    query = select(LeaveRequest).where(
        LeaveRequest.employee_id == employee.id, LeaveRequest.status == LeaveStatus.PENDING
    )
    return list(session.scalars(query.order_by(LeaveRequest.id)))


def requests_between(session: Session, employee: Employee, first: date, last: date) -> list[LeaveRequest]:
    """The employee's requests with a day in ``first``..``last`` (one spanning it included), every status, in date
    order."""
    return list(
        session.scalars(
            select(LeaveRequest)
            .options(*_SHOWN)
            .where(
                LeaveRequest.employee_id == employee.id,
                LeaveRequest.start_date <= last,
                LeaveRequest.end_date >= first,
            )
            .order_by(LeaveRequest.start_date, LeaveRequest.id)
        )
    )


def recent_and_coming(session: Session, employee: Employee, today: date) -> list[LeaveRequest]:
    """The employee's requests of this year and the next, each once, in date order."""
    found = {r.id: r for year in (today.year, today.year + 1) for r in my_requests(session, employee, year)}
    return sorted(found.values(), key=lambda r: (r.start_date, r.id))


def pending(requests: list[LeaveRequest]) -> list[LeaveRequest]:
    """The requests still waiting for a decision."""
    return [r for r in requests if r.status == LeaveStatus.PENDING]


def upcoming(requests: list[LeaveRequest], today: date) -> list[LeaveRequest]:
    """The approved requests not over by ``today``."""
    return [r for r in requests if r.status == LeaveStatus.APPROVED and r.end_date >= today]


def pending_or_upcoming(requests: list[LeaveRequest], today: date) -> list[LeaveRequest]:
    """The requests still waiting for a decision or approved and not over by ``today``, in their order."""
    return [
        r
        for r in requests
        if r.status == LeaveStatus.PENDING or (r.status == LeaveStatus.APPROVED and r.end_date >= today)
    ]


def cancellable(session: Session, employee: Employee, today: date) -> list[LeaveRequest]:
    """The employee's requests they may still call off: pending, or approved and not started."""
    return [
        r
        for r in recent_and_coming(session, employee, today)
        if r.status == LeaveStatus.PENDING or (r.status == LeaveStatus.APPROVED and r.start_date > today)
    ]


def overlapping_request(
    session: Session,
    employee: Employee,
    span: tuple[date, date, bool, bool],
    exclude_id: int | None = None,
) -> LeaveRequest | None:
    """The employee's first pending or approved request sharing a half day with ``span``
    (start, end, start_half, end_half), if any."""
    start, end, start_half, end_half = span
    query = select(LeaveRequest).where(
        LeaveRequest.employee_id == employee.id,
        LeaveRequest.status.in_(ACTIVE_STATUSES),
        LeaveRequest.start_date <= end,
        LeaveRequest.end_date >= start,
    )
    if exclude_id is not None:
        query = query.where(LeaveRequest.id != exclude_id)
    for other in session.scalars(query.order_by(LeaveRequest.start_date)):
        for day in each_day(max(start, other.start_date), min(end, other.end_date)):
            mine = halves_on(day, start, end, start_half, end_half)
            theirs = halves_on(day, other.start_date, other.end_date, other.start_half, other.end_half)
            if mine & theirs:
                return other
    return None


def waiting_for(session: Session, approver: Employee, limit: int) -> list[LeaveRequest]:
    """Pending requests ``approver`` is to decide, soonest first."""
    return list(
        session.scalars(
            select(LeaveRequest)
            .options(*_SHOWN)
            .where(LeaveRequest.approver_id == approver.id, LeaveRequest.status == LeaveStatus.PENDING)
            .order_by(LeaveRequest.start_date)
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class Overdue:
    """A pending request and the business days it has waited (on its approver's working-day calendar)."""

    request: LeaveRequest
    waited: int


def _waiting_since(session: Session, request: LeaveRequest, since: datetime, now: datetime) -> int:
    """Business days from ``since`` to ``now`` on the calendar of the approver (or, without one, the requester)."""
    person = request.approver or request.employee
    start, end = local_today(person.timezone, since), local_today(person.timezone, now)
    calendar = working_calendar(session, person.country, start, end)
    return business_days_between(since, now, calendar, person.timezone)


def _pending_requests(session: Session) -> list[LeaveRequest]:
    query = select(LeaveRequest).options(*_SHOWN).where(LeaveRequest.status == LeaveStatus.PENDING)
    return list(session.scalars(query.order_by(LeaveRequest.id).execution_options(populate_existing=True)))


def reminders_due(session: Session, now: datetime) -> list[Overdue]:
    """Pending requests whose approver has not been reminded (or asked) for a business day."""
    due = []
    for request in _pending_requests(session):
        if request.approver is None:
            continue
        waited = _waiting_since(session, request, request.last_reminded_at or request.created_at, now)
        if waited >= REMIND_AFTER_BUSINESS_DAYS:
            due.append(Overdue(request, waited))
    return due


def escalations_due(session: Session, now: datetime) -> list[Overdue]:
    """Pending requests waiting three business days or more that HR has not been told about yet."""
    due = []
    for request in _pending_requests(session):
        if request.escalated_at is not None:
            continue
        waited = _waiting_since(session, request, request.created_at, now)
        if waited >= ESCALATE_AFTER_BUSINESS_DAYS:
            due.append(Overdue(request, waited))
    return due


def cards_about(session: Session, request: LeaveRequest) -> list[tuple[OutboxMessage, Employee]]:
    """Every message posted about ``request`` with the person who sees it (the requester for a channel's)."""
    found = []
    for message in messages_about(session, Entity(ENTITY, request.id)):
        viewer = session.get(Employee, message.recipient_id) if message.recipient_id is not None else None
        found.append((message, viewer or request.employee))
    return found
