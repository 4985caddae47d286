"""Leave's scheduled work: chase approvers, escalate to HR, the Monday digest, and next year's allocations.

Each job asks what is due, acts, and advances the row with a conditional update, so running it twice (or in
two processes) sends nothing twice.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, or_, select, update

from db.models import Employee, OutboxMessage
from db.outbox import Entity, enqueue
from skills.blocks import section_block
from skills.common.time import business_days_between
from skills.i18n import add_messages, translate
from skills.jobs import Job, JobContext
from skills.leave import cards
from skills.leave.balances import allocate_year
from skills.leave.config import LeaveConfig
from skills.leave.messages import format_moment, format_span
from skills.leave.models import LeaveAllocation, LeaveRequest, LeaveStatus
from skills.leave.queries import direct_reports, who_is_off
from skills.leave.service import ENTITY

REMIND_AFTER_BUSINESS_DAYS = 1
ESCALATE_AFTER_BUSINESS_DAYS = 3

add_messages(
    {
        "leave.job.reminder": {
            "en": "Reminder: {name}'s request has been waiting for your decision since {since}.",
            "es": "Recordatorio: la solicitud de {name} espera tu decisión desde {since}.",
        },
        "leave.job.escalation": {
            "en": "Leave request #{id} from {name} has waited {days} business days for {approver}. Can HR help?",
            "es": "La solicitud de ausencia n.º {id} de {name} lleva {days} días hábiles esperando a {approver}. "
            "¿Puede ayudar RR. HH.?",
        },
        "leave.job.digest_title": {"en": "Who is off this week", "es": "Quién está ausente esta semana"},
    }
)


def _pending(ctx: JobContext) -> list[LeaveRequest]:
    query = select(LeaveRequest).where(LeaveRequest.status == LeaveStatus.PENDING)
    return list(ctx.session.scalars(query.execution_options(populate_existing=True)))


def remind_approvers(ctx: JobContext) -> int:
    """Send the approval card again to approvers of requests pending for a business day (then daily)."""
    sent = 0
    for request in _pending(ctx):
        last = request.last_reminded_at or request.created_at
        if request.approver is None or business_days_between(last, ctx.now) < REMIND_AFTER_BUSINESS_DAYS:
            continue
        claimed = ctx.session.execute(
            update(LeaveRequest)
            .where(
                LeaveRequest.id == request.id,
                LeaveRequest.status == LeaveStatus.PENDING,
                or_(LeaveRequest.last_reminded_at.is_(None), LeaveRequest.last_reminded_at == request.last_reminded_at),
            )
            .values(last_reminded_at=ctx.now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            continue
        approver, lang = request.approver, request.approver.language
        since = format_moment(request.created_at, lang, approver.timezone)
        text = translate(lang, "leave.job.reminder", name=request.employee.name, since=since)
        blocks = [section_block(text), *cards.approval_card(request, lang)]
        enqueue(ctx.session, text=text, blocks=blocks, recipient=approver, entity=Entity(ENTITY, request.id))
        sent += 1
    return sent


def escalate_to_hr(ctx: JobContext) -> int:
    """Tell the HR channel, once, about requests pending for three business days."""
    config: LeaveConfig = ctx.deps.config
    channel = config.hr_channel
    sent = 0
    for request in _pending(ctx):
        waited = business_days_between(request.created_at, ctx.now)
        if request.escalated_at is not None or waited < ESCALATE_AFTER_BUSINESS_DAYS:
            continue
        claimed = ctx.session.execute(
            update(LeaveRequest)
            .where(
                LeaveRequest.id == request.id,
                LeaveRequest.status == LeaveStatus.PENDING,
                LeaveRequest.escalated_at.is_(None),
            )
            .values(escalated_at=ctx.now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            continue
        approver = request.approver.name if request.approver else "?"
        text = translate(
            config.hr_language,
            "leave.job.escalation",
            id=request.id,
            name=request.employee.name,
            days=waited,
            approver=approver,
        )
        enqueue(ctx.session, text=text, channel=channel, entity=Entity(ENTITY, request.id))
        sent += 1
    return sent


def monday_digest(ctx: JobContext) -> int:
    """On Mondays, tell each manager who of their reports is off this week (once per manager and week)."""
    today = ctx.now.date()
    if today.weekday() != 0:
        return 0
    monday, sunday = today, today + timedelta(days=6)
    week = f"{monday.isocalendar().year}-W{monday.isocalendar().week:02d}"
    sent = 0
    for manager in ctx.session.scalars(select(Employee).where(Employee.active)):
        if not direct_reports(ctx.session, manager):
            continue
        key = f"leave.digest:{manager.id}:{week}"
        if ctx.session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)) is not None:
            continue
        entries = who_is_off(ctx.session, manager, monday, sunday)
        if not entries:
            continue
        lang = manager.language
        lines = [
            f"• {entry.name} · {format_span(entry.start, entry.end, entry.start_half, entry.end_half, lang)}"
            for entry in entries
        ]
        text = "\n".join([f"*{translate(lang, 'leave.job.digest_title')}*", *lines])
        enqueue(ctx.session, text=text, blocks=[section_block(text)], recipient=manager, dedupe_key=key)
        sent += 1
    return sent


def allocate_new_year(ctx: JobContext) -> int:
    """Make sure every active employee has this year's allocations (idempotent; matters on 1 January)."""
    year = ctx.now.date().year
    before = _allocation_count(ctx, year)
    for employee in list(ctx.session.scalars(select(Employee).where(Employee.active))):
        allocate_year(ctx.session, employee, year)
    return _allocation_count(ctx, year) - before


def _allocation_count(ctx: JobContext, year: int) -> int:
    return ctx.session.scalar(select(func.count()).where(LeaveAllocation.year == year)) or 0


JOBS = (
    Job("leave.remind_approvers", timedelta(minutes=15), remind_approvers, "chase approvers after a business day"),
    Job("leave.escalate_to_hr", timedelta(minutes=30), escalate_to_hr, "tell HR after three business days"),
    Job("leave.monday_digest", timedelta(hours=1), monday_digest, "Monday: who is off this week, per manager"),
    Job("leave.allocate_new_year", timedelta(hours=6), allocate_new_year, "allocations for the new year"),
)
