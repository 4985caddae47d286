"""Leave's scheduled work: the Monday digest and each year's allocations (chasing approvers and escalating is the
approval engine's, ``skills.approvals.jobs``; the two functions here run it for leave only).

Each job asks the queries what is due at ``JobContext.now``, claims it with a conditional update, and notifies, so
running it twice (or in two processes) sends nothing twice. Business days are counted on the approver's
working-day calendar (weekends, their office's public holidays and closure days).
"""

from __future__ import annotations

from datetime import timedelta

from skills.approvals import jobs as approval_jobs
from skills.common.time import local_now, local_today
from skills.jobs import Job, JobContext
from skills.leave import notifications
from skills.leave.models import ENTITY
from skills.leave.queries.balances import allocation_count
from skills.leave.queries.team import active_employees, digest_queued, holidays_off, managers, who_is_off
from skills.leave.service import allocate_year
from skills.leave.views.answers import digest_text


def remind_approvers(ctx: JobContext) -> int:
    """The approval engine's reminders, for leave requests only (``approvals.remind`` runs them for every kind)."""
    return approval_jobs.remind_approvers(ctx, ENTITY)


def escalate_to_hr(ctx: JobContext) -> int:
    """The approval engine's escalation, for leave requests only (``approvals.escalate`` runs it for every kind):
    once per level after three business days, the next person up joins and the HR channel is told."""
    return approval_jobs.escalate(ctx, ENTITY)


DIGEST_HOUR = 8
"""The local hour from which a manager's Monday digest goes (not in the small hours of their Monday)."""


def monday_digest(ctx: JobContext) -> int:
    """On their Monday from 08:00 their time, each manager hears who of their people is off this week, on leave or
    on a holiday (once per manager and ISO week)."""
    sent = 0
    for manager in managers(ctx.session):
        local = local_now(ctx.now, manager.timezone)
        monday = local.date()
        if monday.weekday() != 0 or local.hour < DIGEST_HOUR:
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
    Job("leave.monday_digest", timedelta(hours=1), monday_digest, "Monday: who is off this week, per manager"),
    Job("leave.allocate_new_year", timedelta(hours=6), allocate_new_year, "allocations for the new year"),
)
