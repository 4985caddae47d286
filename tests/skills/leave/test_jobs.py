"""Leave's scheduled jobs: each acts once on what is due, and running it twice does nothing new."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from db.models import OutboxMessage
from skills.common.time import FixedClock
from skills.jobs import JobContext
from skills.leave.jobs import (
    allocate_new_year,
    escalate_to_hr,
    monday_digest,
    remind_approvers,
)
from skills.leave.models import LeaveAllocation
from skills.leave.service import allocate_year, decide, submit
from tests.skills.leave.conftest import NOW, actor, approved, draft, leave_deps

FRIDAY_NOON = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def run(job, session, now: datetime) -> int:
    return job(JobContext(session=session, now=now, deps=leave_deps(FixedClock(now))))


def outbox(session, **where) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(*(getattr(OutboxMessage, k) == v for k, v in where.items()))
    return list(session.scalars(query.order_by(OutboxMessage.id)))


def test_the_approver_is_reminded_once_after_a_business_day(session, company):
    request = submit(
        session, actor=actor(company.ana, "test", FRIDAY_NOON), draft=draft(date(2026, 12, 14), date(2026, 12, 16))
    )
    cards_before = len(outbox(session, recipient_id=company.maria.id))
    assert run(remind_approvers, session, FRIDAY_NOON + timedelta(hours=6)) == 0  # not a business day yet
    monday = datetime(2026, 11, 30, 13, 0, tzinfo=UTC)
    assert run(remind_approvers, session, monday) == 1
    assert run(remind_approvers, session, monday) == 0  # twice in a row: nothing new
    assert run(remind_approvers, session, monday + timedelta(hours=5)) == 0
    assert run(remind_approvers, session, monday + timedelta(days=1)) == 0  # once: escalation follows at three
    reminders = outbox(session, recipient_id=company.maria.id)[cards_before:]
    assert len(reminders) == 1
    assert "waiting for your decision" in reminders[0].text
    assert any(block.get("type") == "actions" for block in reminders[0].blocks or [])
    assert reminders[0].entity_id == str(request.id)  # so a decision updates the reminder's buttons too


def test_a_decided_request_is_not_chased(session, company):
    request = submit(
        session, actor=actor(company.ana, "test", NOW), draft=draft(date(2026, 12, 14), date(2026, 12, 16))
    )
    decide(session, actor=actor(company.maria, "test", NOW), request_id=request.id, approve=True)
    later = NOW + timedelta(days=10)
    assert run(remind_approvers, session, later) == 0
    assert run(escalate_to_hr, session, later) == 0


def test_hr_hears_once_after_three_business_days(session, company):
    # Submitted on Wednesday Nov 25; Thursday is Thanksgiving on Maria's (US) calendar, so the business days are
    # Friday, Monday and Tuesday (the moments moved one business day later than before holidays counted).
    submit(session, actor=actor(company.ana, "test", NOW), draft=draft(date(2026, 12, 14), date(2026, 12, 16)))
    assert run(escalate_to_hr, session, datetime(2026, 11, 30, 11, tzinfo=UTC)) == 0  # two business days
    tuesday = datetime(2026, 12, 1, 11, tzinfo=UTC)
    assert run(escalate_to_hr, session, tuesday) == 1
    assert run(escalate_to_hr, session, tuesday + timedelta(days=2)) == 0
    sent = outbox(session, channel="#people-ops")
    assert len(sent) == 1 and "waited 3 business days for Maria" in sent[0].text


def test_the_monday_digest_goes_once_to_managers_with_someone_off(session, company):
    approved(session, company.ana, date(2026, 12, 7), date(2026, 12, 8))
    monday = datetime(2026, 12, 7, 13, 0, tzinfo=UTC)  # 08:00 in New York
    assert run(monday_digest, session, monday - timedelta(days=1)) == 0  # Sunday: not the day
    assert run(monday_digest, session, monday - timedelta(hours=6)) == 0  # 02:00 there: not in the small hours
    assert run(monday_digest, session, monday - timedelta(minutes=1)) == 0
    assert run(monday_digest, session, monday) == 1  # Maria; Oscar's team is all in
    assert run(monday_digest, session, monday + timedelta(hours=1)) == 0
    digest = outbox(session, dedupe_key=f"leave.digest:{company.maria.id}:2026-W50")
    assert len(digest) == 1 and "Ana" in digest[0].text


def test_allocations_for_a_new_year_are_created_once(session, company):
    for employee in company.all():
        allocate_year(session, employee, 2026)
    new_year = datetime(2027, 1, 1, 0, 30, tzinfo=UTC)
    created = run(allocate_new_year, session, new_year)
    assert created > 0
    assert run(allocate_new_year, session, new_year) == 0
    count = session.scalar(select(func.count()).where(LeaveAllocation.year == 2027))
    assert count == created
