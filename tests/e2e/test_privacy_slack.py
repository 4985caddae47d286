"""A mention in a channel: one's own records and every preview go to the asker's DM, with a pointer in the thread;
help stays in the channel thread, and a retried mention is answered once."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from db.engine import Database
from db.models import Employee, Role
from skills.leave.models import LeaveRequest
from skills.leave.service import allocate_year, ensure_leave_types
from tests.e2e.conftest import Person, add_person
from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_emulator import SlackEmulator
from tests.skills.leave.conftest import approved

_channels = iter(range(1, 1_000))


def employee_with_leave(
    database: Database, emulator: SlackEmulator, name: str, locale: str = "en-US"
) -> tuple[Person, str]:
    """A US employee with this year's allowance and a manager, and a new channel they talk in."""
    manager = add_person(database, emulator, "Maria Lopez", roles={Role.MANAGER})
    person = add_person(database, emulator, name, locale=locale)
    with database.session() as session:
        ensure_leave_types(session)
        session.flush()
        employee = session.get(Employee, person.employee_id)
        assert employee is not None
        employee.country = "US"
        employee.manager_id = manager.employee_id
        session.flush()
        allocate_year(session, employee, 2026)
    channel = f"C0PRIV{next(_channels):04d}"
    emulator.add_channel(channel, channel.lower())
    return person, channel


def channel_bot_messages(emulator: SlackEmulator, channel: str) -> list[dict[str, Any]]:
    return [m for m in emulator.messages(channel) if m.get("bot_id")]


def dm_bot_texts(emulator: SlackEmulator, user_id: str) -> list[str]:
    return [emulator.render_text(m) for m in emulator.dm_messages(user_id) if m.get("bot_id")]


def wait_for_dm(emulator: SlackEmulator, user_id: str, needle: str) -> str:
    """The newest answer (not the words quoted back atop its thread) in the user's DM holding ``needle``."""
    answers = lambda: [t for t in dm_bot_texts(emulator, user_id) if needle in t and not t.startswith(">")]  # noqa: E731
    return emulator.wait_for(answers, timeout=10)[-1]


def test_a_balance_asked_in_a_channel_is_answered_in_the_dm_with_a_pointer_in_the_thread(
    slack: SlackDriver, emulator: SlackEmulator, database: Database
) -> None:
    sam, channel = employee_with_leave(database, emulator, "Sam Carter")
    _, _, _ = slack.send_mention(sam.slack_id, channel, "how many vacation days do I have left?")
    answer = wait_for_dm(emulator, sam.slack_id, "Available")
    assert "Vacation" in answer and "22" in answer
    [pointer] = emulator.wait_for(lambda: channel_bot_messages(emulator, channel), timeout=10)
    mention = next(m for m in emulator.messages(channel) if not m.get("bot_id"))
    assert pointer["thread_ts"] == mention["ts"]
    assert "direct messages" in pointer["text"] and "22" not in emulator.render_text(pointer)
    assert any(t.startswith("> how many vacation days") for t in dm_bot_texts(emulator, sam.slack_id))


def test_a_leave_request_started_in_a_channel_is_previewed_in_the_dm_in_spanish(
    slack: SlackDriver, emulator: SlackEmulator, database: Database
) -> None:
    lucia, channel = employee_with_leave(database, emulator, "Lucía Fernández", locale="es-ES")
    _, _, _ = slack.send_mention(lucia.slack_id, channel, "quiero vacaciones del 14 al 16 de diciembre")
    preview = wait_for_dm(emulator, lucia.slack_id, "[Confirmar]")
    assert "Maria Lopez" in preview and "14" in preview
    [pointer] = emulator.wait_for(lambda: channel_bot_messages(emulator, channel), timeout=10)
    assert "mensaje directo" in pointer["text"]
    assert not any("[Confirmar]" in emulator.render_text(m) for m in emulator.messages(channel))
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(LeaveRequest)) == 0  # nothing before Confirm


def test_help_asked_in_a_channel_stays_in_its_thread(
    slack: SlackDriver, emulator: SlackEmulator, database: Database
) -> None:
    sam, channel = employee_with_leave(database, emulator, "Sam Carter")
    _, _, _ = slack.send_mention(sam.slack_id, channel, "help")
    [answer] = emulator.wait_for(lambda: channel_bot_messages(emulator, channel), timeout=10)
    assert "Hi Sam" in emulator.render_text(answer)
    assert dm_bot_texts(emulator, sam.slack_id) == []


def test_a_retried_mention_is_answered_once(slack: SlackDriver, emulator: SlackEmulator, database: Database) -> None:
    sam, channel = employee_with_leave(database, emulator, "Sam Carter")
    status, _, event_id = slack.send_mention(sam.slack_id, channel, "my leave balance")
    assert status == 200
    wait_for_dm(emulator, sam.slack_id, "Vacation")
    status, _, _ = slack.send_event({}, event_id=event_id, retry_num=1, retry_reason="http_timeout")
    assert status == 200
    slack.send_mention(sam.slack_id, channel, "help")  # a later mention, answered after any doubled work would be
    emulator.wait_for(
        lambda: [m for m in channel_bot_messages(emulator, channel) if "Hi Sam" in emulator.render_text(m)]
    )
    assert len(channel_bot_messages(emulator, channel)) == 2
    assert len([t for t in dm_bot_texts(emulator, sam.slack_id) if t.startswith("> my leave balance")]) == 1


def test_who_is_off_asked_in_a_channel_goes_to_the_dm_without_calling_it_about_the_asker(
    slack: SlackDriver, emulator: SlackEmulator, database: Database
) -> None:
    # a manager asking the team's absences in a channel was told "That's about you": it is private, not about her
    sam, channel = employee_with_leave(database, emulator, "Sam Carter")
    with database.session() as session:
        employee = session.get(Employee, sam.employee_id)
        assert employee is not None and employee.manager is not None
        manager_email = employee.manager.email
        approved(session, employee, date(2026, 12, 1), date(2026, 12, 2), leave_type="personal")
    manager_id = emulator.user_by_email(manager_email)["id"]
    _, _, _ = slack.send_mention(manager_id, channel, "who is off next week?")
    answer = wait_for_dm(emulator, manager_id, "Sam Carter")
    assert "Personal day" in answer
    [pointer] = emulator.wait_for(lambda: channel_bot_messages(emulator, channel), timeout=10)
    assert pointer["text"] == "That's private, so I've answered you in our direct messages."
    assert "Sam" not in emulator.render_text(pointer)
