"""A leave request through Slack: DM, preview, Confirm, the manager's card, Approve, the requester told, cards updated."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from bot.runtime import build_runtime
from bot.settings import Settings
from db.engine import Database
from db.models import Employee, Role
from skills.common.time import FixedClock
from skills.leave.models import LeaveRequest, LeaveStatus
from skills.leave.service import allocate_year, ensure_leave_types
from tests.e2e.conftest import SIGNING_SECRET, BotServer, Person, add_person, running_server, wait_until_recorded
from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_emulator import SlackEmulator
from tests.pinned import NOW


@pytest.fixture(scope="module")
def leave_server(slack_settings: Settings, migrated_database: Database) -> Iterator[BotServer]:
    """The real assembly (real router) with the leave request handlers registered."""
    runtime = build_runtime(slack_settings, clock=FixedClock(NOW))
    with running_server(runtime) as server:
        yield server


@pytest.fixture
def leave_slack(leave_server: BotServer, emulator: SlackEmulator, database: Database) -> SlackDriver:
    return SlackDriver(f"{leave_server.url}/slack/events", SIGNING_SECRET, emulator)


def bot_messages(emulator: SlackEmulator, user_id: str) -> list[dict[str, Any]]:
    return [m for m in emulator.dm_messages(user_id) if m.get("bot_id")]


def wait_for_text(emulator: SlackEmulator, user_id: str, needle: str) -> dict[str, Any]:
    """The newest bot message in the user's DM whose rendering contains ``needle`` (waiting for it)."""

    def found() -> list[dict[str, Any]]:
        return [m for m in bot_messages(emulator, user_id) if needle in emulator.render_text(m)][-1:]

    return emulator.wait_for(found, timeout=10)[0]


def staff(database: Database, emulator: SlackEmulator) -> tuple[Person, Person]:
    """A requester reporting to a manager, both in the US, with this year's and next year's allowances."""
    maria = add_person(database, emulator, "Maria Lopez", roles={Role.MANAGER})
    ana = add_person(database, emulator, "Ana Ruiz")
    with database.session() as session:
        ensure_leave_types(session)
        session.flush()
        manager = session.get(Employee, maria.employee_id)
        employee = session.get(Employee, ana.employee_id)
        assert manager is not None and employee is not None
        employee.manager_id = manager.id
        manager.slack_id = maria.slack_id  # linked, as if she had used the bot before: the card goes to her DM
        for person in (manager, employee):
            person.country = "US"
            session.flush()
            allocate_year(session, person, 2026)
            allocate_year(session, person, 2027)
    return ana, maria


def test_a_leave_request_is_confirmed_approved_and_every_card_settled(leave_slack, emulator, database):
    ana, maria = staff(database, emulator)
    leave_slack.send_dm(ana.slack_id, "I need Dec 14-16 off")
    first = emulator.wait_for(lambda: bot_messages(emulator, ana.slack_id), timeout=10)[0]
    if "[Confirm]" not in emulator.render_text(first):
        assert "What kind of leave is it?" in emulator.render_text(first)
        leave_slack.send_dm(ana.slack_id, "vacation")
    card = wait_for_text(emulator, ana.slack_id, "[Confirm]")
    shown = emulator.render_text(card)
    assert "Dec 14, 2026 – Dec 16, 2026" in shown and "Maria Lopez" in shown and "19 days" in shown

    leave_slack.click(ana.slack_id, "dialogue.confirm", message=card)
    wait_for_text(emulator, ana.slack_id, "Request sent to Maria Lopez")
    with database.session() as session:
        [request] = session.scalars(select(LeaveRequest)).all()
        assert request.status == LeaveStatus.PENDING and request.approver_id == maria.employee_id

    approval = wait_for_text(emulator, maria.slack_id, "[Approve]")
    assert "Ana Ruiz asks for Vacation" in emulator.render_text(approval)
    assert "[Reject]" in emulator.render_text(approval)
    leave_slack.click(maria.slack_id, "leave.approve", message=approval)

    wait_for_text(emulator, ana.slack_id, "was approved by Maria Lopez")
    settled = emulator.wait_for(
        lambda: [
            m
            for m in emulator.dm_messages(maria.slack_id)
            if m["ts"] == approval["ts"] and "Approved by Maria Lopez" in emulator.render_text(m)
        ],
        timeout=10,
    )[0]
    assert "[Approve]" not in emulator.render_text(settled) and "[Reject]" not in emulator.render_text(settled)
    with database.session() as session:
        assert session.scalars(select(LeaveRequest.status)).all() == [LeaveStatus.APPROVED]

    leave_slack.click(maria.slack_id, "leave.approve", message=approval)  # the stale card, clicked again
    whisper = emulator.wait_for(lambda: emulator.ephemerals(maria.slack_id), timeout=10)
    assert "Nothing changed: Maria Lopez already approved this request" in whisper[-1]["text"]


def test_reject_opens_a_modal_that_needs_a_reason(leave_slack, emulator, database):
    ana, maria = staff(database, emulator)
    leave_slack.send_dm(ana.slack_id, "I need vacation Dec 14-16")
    card = wait_for_text(emulator, ana.slack_id, "[Confirm]")
    leave_slack.click(ana.slack_id, "dialogue.confirm", message=card)
    approval = wait_for_text(emulator, maria.slack_id, "[Reject]")
    leave_slack.click(maria.slack_id, "leave.reject", message=approval)
    opened = emulator.wait_for(lambda: [v for v in emulator.views.values() if v["user"] == maria.slack_id])
    view = opened[0]["view"]
    status, body = leave_slack.submit_view(maria.slack_id, view, {"reason": ""})
    assert status == 200 and '"errors"' in body
    status, _ = leave_slack.submit_view(maria.slack_id, view, {"reason": "Release week"})
    assert status == 200
    wait_for_text(emulator, ana.slack_id, "was rejected by Maria Lopez: Release week")
    emulator.wait_for(
        lambda: [
            m
            for m in emulator.dm_messages(maria.slack_id)
            if m["ts"] == approval["ts"] and "[Reject]" not in emulator.render_text(m)
        ],
        timeout=10,
    )


def test_the_approver_can_decide_by_replying_in_the_cards_thread(leave_slack, emulator, database):
    ana, maria = staff(database, emulator)
    leave_slack.send_dm(ana.slack_id, "I need vacation Dec 14-16")
    card = wait_for_text(emulator, ana.slack_id, "[Confirm]")
    leave_slack.click(ana.slack_id, "dialogue.confirm", message=card)
    approval = wait_for_text(emulator, maria.slack_id, "[Approve]")
    wait_until_recorded(emulator, database, approval)

    leave_slack.send_dm(ana.slack_id, "approve", thread_ts=card["ts"])  # not her card's thread to decide in
    leave_slack.send_dm(maria.slack_id, "reject", thread_ts=approval["ts"])
    asked = emulator.wait_for(
        lambda: [
            m
            for m in emulator.thread(emulator.dm_channel_for(maria.slack_id), approval["ts"])
            if m.get("bot_id") and m["ts"] != approval["ts"]
        ]
    )
    assert "Reply with `reject: &lt;reason>`" in asked[-1]["text"]  # Slack shows &lt; as "<"
    leave_slack.send_dm(maria.slack_id, "reject: release week, sorry", thread_ts=approval["ts"])
    wait_for_text(emulator, ana.slack_id, "was rejected by Maria Lopez: release week, sorry")
    emulator.wait_for(
        lambda: [
            m
            for m in emulator.dm_messages(maria.slack_id)
            if m["ts"] == approval["ts"] and "[Approve]" not in emulator.render_text(m)
        ],
        timeout=10,
    )
    with database.session() as session:
        assert session.scalars(select(LeaveRequest.status)).all() == [LeaveStatus.REJECTED]


def test_a_manager_approves_from_the_home_tab(leave_slack, emulator, database):
    ana, maria = staff(database, emulator)
    leave_slack.send_dm(ana.slack_id, "I need vacation Dec 14-16")
    card = wait_for_text(emulator, ana.slack_id, "[Confirm]")
    leave_slack.click(ana.slack_id, "dialogue.confirm", message=card)
    wait_for_text(emulator, maria.slack_id, "[Approve]")
    leave_slack.open_home(maria.slack_id)
    home = emulator.wait_for(lambda: emulator.home_tab(maria.slack_id))
    shown = emulator.render_text(home)
    assert "Waiting for your decision" in shown and "Ana Ruiz asks for Vacation" in shown and "[Approve]" in shown
    leave_slack.click(maria.slack_id, "leave.approve", view=home)
    emulator.wait_for(lambda: "[Approve]" not in emulator.render_text(emulator.home_tab(maria.slack_id) or {}))
    wait_for_text(emulator, ana.slack_id, "was approved by Maria Lopez")
    with database.session() as session:
        assert session.scalars(select(LeaveRequest.status)).all() == [LeaveStatus.APPROVED]
