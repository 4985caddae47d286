"""Leave's scheduled work: chase approvers, escalate to HR, the Monday digest, and each year's allocations.

Each job asks the queries what is due at ``JobContext.now``, claims it with a conditional update, and notifies, so
running it twice (or in two processes) sends nothing twice. Business days are counted on the approver's
working-day calendar (weekends, their office's public holidays and closure days).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, or_

from skills.common.time import local_today
from skills.common.transition import transition
from skills.jobs import Job, JobContext
from skills.leave import notifications
from skills.leave.config import LeaveConfig
from skills.leave.models import LeaveRequest, LeaveStatus
from skills.leave.queries.balances import allocation_count
from skills.leave.queries.requests import escalations_due, reminders_due
from skills.leave.queries.team import active_employees, digest_queued, holidays_off, managers, who_is_off
from skills.leave.service import allocate_year
from skills.leave.views.answers import digest_text


def _claim(ctx: JobContext, request: LeaveRequest, *seen: ColumnElement[bool], **values: Any) -> bool:
    """Advance a still-pending request as this run saw it; False when another run (or a decision) got there first."""
    return transition(ctx.session, request, LeaveRequest.status == LeaveStatus.PENDING, *seen, **values)


def remind_approvers(ctx: JobContext) -> int:
    """Send the approval card again to approvers of requests pending for a business day (then daily)."""
    sent = 0
    for due in reminders_due(ctx.session, ctx.now):
        last = due.request.last_reminded_at
        seen = or_(LeaveRequest.last_reminded_at.is_(None), LeaveRequest.last_reminded_at == last)
        if _claim(ctx, due.request, seen, last_reminded_at=ctx.now):
            notifications.remind_approver(ctx.session, due.request, ctx.now)
            sent += 1
    return sent


def escalate_to_hr(ctx: JobContext) -> int:
    """Tell the HR channel (``HR_CHANNEL``, in ``HR_LANGUAGE``), once, about requests pending for three business
    days."""
    desk: LeaveConfig = ctx.deps.config
    sent = 0
    for due in escalations_due(ctx.session, ctx.now):
        if _claim(ctx, due.request, LeaveRequest.escalated_at.is_(None), escalated_at=ctx.now):
            notifications.escalate(ctx.session, due.request, due.waited, desk)
            sent += 1
    return sent


def monday_digest(ctx: JobContext) -> int:
    """On their Monday, each manager hears who of their people is off this week, on leave or on a holiday (once per
    manager and ISO week)."""
    sent = 0
    for manager in managers(ctx.session):
        monday = local_today(manager.timezone, ctx.now)
        if monday.weekday() != 0:
            continue
        sunday = monday + timedelta(days=6)
        key = f"leave.digest:{manager.id}:{monday.isocalendar().year}-W{monday.isocalendar().week:02d}"
        if digest_queued(ctx.session, key):
            continue
        entries = who_is_off(ctx.session, manager, monday, sunday)
        holidays = holidays_off(ctx.session, manager, monday, sunday)
        if not entries and not holidays:
            continue
        notifications.send_digest(ctx.session, manager, digest_text(entries, holidays, manager.language), key)
        sent += 1
    return sent


def allocate_new_year(ctx: JobContext) -> int:
    """Make sure every active employee has their year's allocations, the year of their own time zone (idempotent;
    matters on 1 January); how many rows it created."""
    before = allocation_count(ctx.session)
    for employee in active_employees(ctx.session):
        allocate_year(ctx.session, employee, local_today(employee.timezone, ctx.now).year)
    return allocation_count(ctx.session) - before


JOBS = (
    Job("leave.remind_approvers", timedelta(minutes=15), remind_approvers, "chase approvers after a business day"),
    Job("leave.escalate_to_hr", timedelta(minutes=30), escalate_to_hr, "tell HR after three business days"),
    Job("leave.monday_digest", timedelta(hours=1), monday_digest, "Monday: who is off this week, per manager"),
    Job("leave.allocate_new_year", timedelta(hours=6), allocate_new_year, "allocations for the new year"),
)
