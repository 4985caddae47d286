"""What is stuck can be seen and handled (`backoffice outbox`), its age is in /healthz, old rows are purged."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from bot.cli import app
from bot.housekeeping import purge_job
from bot.runtime import Runtime
from bot.settings import Settings
from db.models import Employee, OutboxMessage, OutboxStatus, ProcessedEvent
from db.outbox import Entity, enqueue, enqueue_update
from db.types import utcnow
from skills.base import SkillDeps
from skills.common.time import FixedClock
from skills.jobs import JobContext

runner = CliRunner()


@pytest.fixture
def env(database, database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("BACKOFFICE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "240")
    monkeypatch.chdir(tmp_path)
    return database


def queued(database, *, status: str = OutboxStatus.PENDING, age: timedelta = timedelta(0), **fields) -> int:
    with database.session() as session:
        ana = session.scalar(select(Employee).where(Employee.email == "ana@x.example"))
        if ana is None:
            ana = Employee(email="ana@x.example", name="Ana", slack_id="U0ANA")
            session.add(ana)
            session.flush()
        message = enqueue(session, text="Your leave was approved", recipient=ana, **fields)
        message.status = status
        message.created_at = utcnow() - age
        message.sent_at = utcnow() - age if status == OutboxStatus.SENT else None
        message.last_error = "gave up: channel_not_found" if status == OutboxStatus.FAILED else None
        return message.id


def status_of(database, message_id: int) -> str | None:
    with database.session() as session:
        row = session.get(OutboxMessage, message_id)
        return row.status if row else None


def test_outbox_list_retry_and_drop(env):
    failed = queued(env, status=OutboxStatus.FAILED)
    waiting = queued(env, age=timedelta(minutes=5))
    listed = runner.invoke(app, ["outbox", "list"])
    assert listed.exit_code == 0, listed.output
    assert "channel_not_found" in listed.output
    assert re.search(r"queued 30\d s ago", listed.output)  # 300 s, and the seconds a loaded machine took to list
    assert runner.invoke(app, ["outbox", "retry", str(failed)]).exit_code == 0
    assert status_of(env, failed) == OutboxStatus.PENDING
    assert runner.invoke(app, ["outbox", "drop", str(waiting)]).exit_code == 0
    assert status_of(env, waiting) == OutboxStatus.FAILED
    missing = runner.invoke(app, ["outbox", "retry", "999999"])
    assert missing.exit_code == 1 and "no failed or waiting row" in missing.output


def test_healthz_shows_how_long_the_oldest_notification_waited(database, tmp_path):
    runtime = Runtime.__new__(Runtime)
    runtime.database = database
    assert runtime.health()["outbox_oldest_pending_seconds"] is None
    queued(database, age=timedelta(minutes=3))
    waited = runtime.health()["outbox_oldest_pending_seconds"]
    assert isinstance(waited, float) and 179 < waited < 200


def test_the_purge_job_deletes_only_what_is_past_its_retention(database, tmp_path):
    settings = Settings(_env_file=None, backoffice_home=tmp_path, keep_processed_events_days=7, keep_delivered_days=30)
    now = utcnow()
    old_note = queued(database, status=OutboxStatus.SENT, age=timedelta(days=40))
    fresh_note = queued(database, status=OutboxStatus.SENT, age=timedelta(days=2))
    old_card = queued(database, status=OutboxStatus.SENT, age=timedelta(days=40), entity=Entity("leave", 1))
    stuck = queued(database, status=OutboxStatus.FAILED, age=timedelta(days=400))
    with database.session() as session:
        session.add(ProcessedEvent(event_id="EvOLD", received_at=now - timedelta(days=8)))
        session.add(ProcessedEvent(event_id="EvNEW", received_at=now - timedelta(days=1)))
    with database.session() as session:
        handled = purge_job(settings).run(
            JobContext(session=session, now=now, deps=SkillDeps(config=None, clock=FixedClock(now)))
        )
    assert handled == 2
    assert [status_of(database, i) for i in (old_note, fresh_note, old_card, stuck)] == [
        None, OutboxStatus.SENT, OutboxStatus.SENT, OutboxStatus.FAILED,
    ]  # fmt: skip
    with database.session() as session:
        assert list(session.scalars(select(ProcessedEvent.event_id))) == ["EvNEW"]
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 3


def test_an_edit_still_waiting_keeps_its_card(database, tmp_path):
    settings = Settings(_env_file=None, backoffice_home=tmp_path)
    card = queued(database, status=OutboxStatus.SENT, age=timedelta(days=400))
    with database.session() as session:
        original = session.get(OutboxMessage, card)
        assert original is not None
        enqueue_update(session, original, text="Approved")
    now = utcnow()
    with database.session() as session:
        purge_job(settings).run(
            JobContext(session=session, now=now, deps=SkillDeps(config=None, clock=FixedClock(now)))
        )
    assert status_of(database, card) == OutboxStatus.SENT


def _row(database, message_id: int) -> tuple[str, str | None]:
    with database.session() as session:
        row = session.get(OutboxMessage, message_id)
        assert row is not None
        return row.status, row.last_error


def test_dropping_a_row_twice_says_it_already_was_and_changes_nothing(env):
    """An admin drops a waiting notification, then runs the same command again (or drops one the worker gave up):
    the second answer says it already was, and the row keeps its status and its error."""
    waiting = queued(env)
    first = runner.invoke(app, ["outbox", "drop", str(waiting)])
    assert first.exit_code == 0 and f"outbox {waiting}: dropped" in first.output
    dropped = _row(env, waiting)
    again = runner.invoke(app, ["outbox", "drop", str(waiting)])
    assert again.exit_code == 0 and "already dropped" in again.output, again.output
    assert _row(env, waiting) == dropped
    given_up = queued(env, status=OutboxStatus.FAILED)
    answer = runner.invoke(app, ["outbox", "drop", str(given_up)])
    assert "already given up (gave up: channel_not_found)" in answer.output, answer.output
    assert _row(env, given_up) == (OutboxStatus.FAILED, "gave up: channel_not_found")
    sent = queued(env, status=OutboxStatus.SENT)
    refused = runner.invoke(app, ["outbox", "drop", str(sent)])
    assert refused.exit_code == 1 and "already sent" in refused.output
    assert _row(env, sent) == (OutboxStatus.SENT, None)
