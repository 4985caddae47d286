"""The monthly reminder of claims still waiting for a receipt: each employee once a month, once per run."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from db.models import Employee, OutboxMessage
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
    said = ("still have no receipt", "still has no receipt", "siguen sin ticket", "sigue sin ticket")
    return [m for m in session.scalars(select(OutboxMessage)) if any(words in m.text for words in said)]


def test_each_employee_is_reminded_once_a_month(session, people):
    first = make_claim(session, people.ana, "40")
    second = make_claim(session, people.ana, "41", merchant="Lyft")
    make_claim(session, people.eva, "30", currency="EUR")
    make_claim(session, people.ana, "42", merchant="Cab", receipt=Receipt("/r.png", "c" * 64, "image/png", 10))
    assert run(session) == 2
    texts = sorted(m.text for m in reminders(session))
    assert (
        texts[0] == f"Claims #{first.id}, #{second.id} still have no receipt. Share each in its claim's thread, please."
    )
    assert texts[1].startswith("La nota #") and "sigue sin ticket" in texts[1]  # one claim: singular, in Spanish
    assert run(session) == 0 and run(session, NOW + timedelta(days=3)) == 0
    assert run(session, NOW + timedelta(days=10)) == 2  # December: once more
    assert len(reminders(session)) == 4


def test_the_job_is_declared():
    assert [job.name for job in JOBS] == ["expenses.receipt_reminders"]


def test_someone_who_left_is_not_reminded_of_receipts(session, people):
    """Ana leaves (active=no in the directory) with a claim still missing its receipt: nobody chases her for it."""
    make_claim(session, people.ana, "40")
    make_claim(session, people.eva, "30", currency="EUR")
    ana = session.get(Employee, people.ana.id)
    ana.active = False
    session.flush()
    assert run(session) == 1
    assert [m.recipient_id for m in reminders(session)] == [people.eva.id]
