"""The monthly reminder of claims still waiting for a receipt: each employee once a month, once per run."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from db.models import OutboxMessage
from skills.base import SkillDeps
from skills.expenses.config import ExpensesConfig
from skills.expenses.jobs import JOBS, remind_missing_receipts
from skills.expenses.rules import Receipt
from skills.jobs import JobContext
from tests.pinned import NOW

from .conftest import make_claim


def run(session, now=NOW):
    return remind_missing_receipts(JobContext(session, now, SkillDeps(ExpensesConfig(), clock=None)))  # type: ignore[arg-type]


def reminders(session):
    return [m for m in session.scalars(select(OutboxMessage)) if "still have no receipt" in m.text
            or "siguen sin ticket" in m.text]  # fmt: skip


def test_each_employee_is_reminded_once_a_month(session, people):
    first = make_claim(session, people.ana, "40")
    second = make_claim(session, people.ana, "41", merchant="Lyft")
    make_claim(session, people.eva, "30", currency="EUR")
    make_claim(session, people.ana, "42", merchant="Cab", receipt=Receipt("/r.png", "c" * 64, "image/png", 10))
    assert run(session) == 2
    texts = sorted(m.text for m in reminders(session))
    assert len(texts) == 2 and f"#{first.id}, #{second.id}" in texts[0] and "siguen sin ticket" in texts[1]
    assert run(session) == 0 and run(session, NOW + timedelta(days=3)) == 0
    assert run(session, NOW + timedelta(days=10)) == 2  # December: once more
    assert len(reminders(session)) == 4


def test_the_job_is_declared():
    assert [job.name for job in JOBS] == ["expenses.receipt_reminders"]
