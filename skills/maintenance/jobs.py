"""The maintenance skill's scheduled work: SLA reminders (50 %, 75 %, breach, each once), preventive plans that open
their tickets when due (lead time ahead), and closing resolved tickets nobody rated.

Each is idempotent: a reminder advances ``reminded`` by a conditional update first; a plan's ticket is claimed on the
plan by a conditional update and ``(plan, occurrence)`` is unique; a close is a conditional update on the status.
"""

from __future__ import annotations

from datetime import timedelta

from skills.common.time import local_today
from skills.core import Actor
from skills.jobs import Job, JobContext
from skills.locations.queries import place_timezone
from skills.maintenance import service
from skills.maintenance.config import MaintenanceConfig
from skills.maintenance.queries import dated_plans_due, meter_plans_due, reminders_due, resolved_before


def sla_reminders(context: JobContext) -> int:
    """Remind the assignee at 50 % and 75 % of the resolution time, the lead at the breach: each step once."""
    return sum(
        service.remind(context.session, ticket=ticket, now=context.now)
        for ticket in reminders_due(context.session, context.now)
    )


def preventive(context: JobContext) -> int:
    """Open the ticket of each plan due within its lead time (in its asset's place's today), and of each meter plan
    whose meter reached it; never a second one while one is open."""
    config: MaintenanceConfig = context.deps.config
    actor = Actor(None, "job", context.now)
    opened = 0
    for plan in dated_plans_due(context.session, context.now.date()):
        place = plan.asset.location
        today = local_today(place_timezone(context.session, place), context.now)
        if plan.next_due is None or plan.next_due - timedelta(days=plan.lead_days) > today:
            continue
        opened += service.open_plan_ticket(context.session, plan=plan, actor=actor, config=config) is not None
    for plan in meter_plans_due(context.session):
        opened += service.open_plan_ticket(context.session, plan=plan, actor=actor, config=config) is not None
    return opened


def close_unrated(context: JobContext) -> int:
    """Close resolved tickets whose 👍/👎 window is over."""
    config: MaintenanceConfig = context.deps.config
    actor = Actor(None, "job", context.now)
    moment = context.now - timedelta(days=config.reopen_days)
    return sum(
        service.close_quiet(context.session, ticket=ticket, actor=actor)
        for ticket in resolved_before(context.session, moment)
    )


JOBS = (
    Job(
        "maintenance.sla_reminders",
        timedelta(minutes=5),
        sla_reminders,
        "Remind assignees at 50 % and 75 % of a ticket's time and leads at the breach",
    ),
    Job(
        "maintenance.preventive", timedelta(minutes=15), preventive, "Open the tickets of preventive plans that are due"
    ),
    Job(
        "maintenance.close_unrated",
        timedelta(hours=1),
        close_unrated,
        "Close resolved tickets nobody rated within the window",
    ),
)
