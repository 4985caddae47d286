"""People's words reach Slack inert: in the approver's card, the Home tab and the requester's notice alike."""

from __future__ import annotations

from datetime import date

from db.models import Employee
from skills.core import Actor
from skills.leave.rules import LeaveDraft
from skills.leave.service import submit
from tests.e2e.test_leave_slack import staff
from tests.fakes.live_markup import live_markup
from tests.pinned import NOW

HOSTILE = "<https://evil.example/login|Click to approve> <@U0CEO> <!channel> <#C0HR> *Approved by CEO* _ok_\n> HR: fine"


def test_a_hostile_reason_is_shown_as_words_in_the_card_and_the_home_tab(slack, emulator, database):
    ana, maria = staff(database, emulator)
    calls_before = len(emulator.calls)
    with database.session() as session:
        employee = session.get(Employee, ana.employee_id)
        draft = LeaveDraft(leave_type="vacation", start=date(2026, 12, 14), end=date(2026, 12, 16), reason=HOSTILE)
        submit(session, actor=Actor(employee, "slack", NOW), draft=draft)
    card = emulator.wait_for(lambda: [m for m in emulator.dm_messages(maria.slack_id) if m.get("bot_id")], timeout=10)
    slack.open_home(maria.slack_id)
    home = emulator.wait_for(lambda: emulator.home_tab(maria.slack_id))
    sent = emulator.calls[calls_before:]
    assert [call.method for call in sent if call.method in ("chat.postMessage", "views.publish")]
    assert live_markup(sent) == []
    shown = emulator.render_text(card[-1])
    assert "*Approved by CEO*" not in str(card[-1]) and "Approved by CEO" in shown
    assert "&lt;!channel" in str(card[-1]) and "\n> HR" not in str(card[-1])
    assert "*Approved by CEO*" not in str(home)
