"""The engine's scheduled work, for every kind: chase approvers after a business day, escalate after three.

Each job asks the queries what is due at ``JobContext.now`` and claims each step with a conditional update, so
running it twice (or in two processes) sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from skills.approvals import service
from skills.approvals.kinds import ApprovalKind, all_kinds
from skills.approvals.queries import escalations_due, reminders_due
from skills.common.hr import HrDesk
from skills.jobs import Job, JobContext


def remind_approvers(
    ctx: JobContext, entity_type: str | None = None, kinds: Mapping[str, ApprovalKind] | None = None
) -> int:
    """The card again to the approver of each step pending for a business day, then once per business day (for one
    entity type, or all; ``kinds`` default to the manifests')."""
    kinds = kinds if kinds is not None else all_kinds()
    sent = 0
    for due in reminders_due(ctx.session, ctx.now, entity_type):
        kind = kinds.get(due.step.approval.entity_type)
        if kind is not None and service.remind(ctx.session, kind=kind, due=due, now=ctx.now):
            sent += 1
    return sent


def escalate(ctx: JobContext, entity_type: str | None = None, kinds: Mapping[str, ApprovalKind] | None = None) -> int:
    """Once per level, after three business days: the next person up (else HR) joins the level and the HR channel
    (``HR_CHANNEL``, in ``HR_LANGUAGE``) is told."""
    desk: HrDesk = ctx.deps.config
    kinds = kinds if kinds is not None else all_kinds()
    sent = 0
    for due in escalations_due(ctx.session, ctx.now, entity_type):
        kind = kinds.get(due.step.approval.entity_type)
        if kind is not None and service.escalate(ctx.session, kind=kind, due=due, now=ctx.now, desk=desk):
            sent += 1
    return sent


JOBS = (
    Job("approvals.remind", timedelta(minutes=15), remind_approvers, "chase approvers after a business day"),
    Job("approvals.escalate", timedelta(minutes=30), escalate, "next level or HR after three business days"),
)
