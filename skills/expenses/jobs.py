"""The expenses skill's scheduled work: once a month, each employee with claims still waiting for a receipt is
reminded of them, once (the claims remember the month they were reminded in). Approver reminders and escalation are
the approval engine's jobs."""

from __future__ import annotations

from datetime import timedelta

from skills.core import Actor
from skills.expenses import service
from skills.expenses.queries import claims_waiting_for_receipt
from skills.jobs import Job, JobContext


def remind_missing_receipts(ctx: JobContext) -> int:
    """From the first of each month: remind every employee of their claims without a receipt; how many employees."""
    month = service.month_of(ctx.now.date())
    claims = claims_waiting_for_receipt(ctx.session, month)
    return service.remind_receipts(ctx.session, actor=Actor(None, "job", ctx.now), claims=claims, month=month)


JOBS = (
    Job(
        name="expenses.receipt_reminders",
        every=timedelta(hours=6),
        run=remind_missing_receipts,
        description="each month, remind employees once of their claims still waiting for a receipt",
    ),
)
