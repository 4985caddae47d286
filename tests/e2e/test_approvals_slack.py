"""The approval inbox through Slack (real router, emulator): a manager asks "what's waiting for me?", approves
from the list, and every card about the request is settled; "approve Ana's vacation …" decides by name."""

from __future__ import annotations

from sqlalchemy import func, select

from skills.leave.models import LeaveRequest, LeaveStatus
from tests.e2e.test_leave_slack import leave_server, leave_slack, staff, wait_for_text  # noqa: F401  (fixtures)


def _request_leave(leave_slack, emulator, ana) -> None:  # noqa: F811
    leave_slack.send_dm(ana.slack_id, "I need vacation Dec 14-16")
    card = wait_for_text(emulator, ana.slack_id, "[Confirm]")
    leave_slack.click(ana.slack_id, "dialogue.confirm", message=card)
    wait_for_text(emulator, ana.slack_id, "Request sent to Maria Lopez")


def test_a_manager_approves_from_her_inbox_and_every_card_settles(leave_slack, emulator, database):  # noqa: F811
    ana, maria = staff(database, emulator)
    _request_leave(leave_slack, emulator, ana)
    card = wait_for_text(emulator, maria.slack_id, "Ana Ruiz asks for Vacation")
    leave_slack.send_dm(maria.slack_id, "what's waiting for me?")
    inbox = wait_for_text(emulator, maria.slack_id, "1 request is waiting for your decision")
    shown = emulator.render_text(inbox)
    assert "Ana Ruiz" in shown and "Vacation · Dec 14 – 16 (3 days)" in shown and "[Approve]" in shown
    leave_slack.click(maria.slack_id, "approvals.approve", message=inbox)
    wait_for_text(emulator, ana.slack_id, "was approved by Maria Lopez")
    wait_for_text(emulator, maria.slack_id, "Approved. I told Ana Ruiz.")
    emulator.wait_for(
        lambda: [m for m in emulator.dm_messages(maria.slack_id)
                 if m["ts"] == card["ts"] and "[Approve]" not in emulator.render_text(m)],
        timeout=10,
    )  # fmt: skip
    with database.session() as session:
        assert session.scalars(select(LeaveRequest.status)).all() == [LeaveStatus.APPROVED]


def test_approve_by_name_decides_that_request_and_opens_none_for_the_manager(leave_slack, emulator, database):  # noqa: F811
    ana, maria = staff(database, emulator)
    _request_leave(leave_slack, emulator, ana)
    leave_slack.send_dm(maria.slack_id, "approve Ana's vacation Dec 14-16")
    wait_for_text(emulator, maria.slack_id, "Approved. I told Ana Ruiz.")
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(LeaveRequest)) == 1
        assert session.scalars(select(LeaveRequest.status)).all() == [LeaveStatus.APPROVED]
