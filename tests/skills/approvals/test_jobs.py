"""The engine's jobs for every kind: a reminder after a business day (then daily), an escalation once after three
(the approver's manager joins the level, the HR channel hears), and a second run does nothing new."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from db.models import OutboxMessage, Role
from skills.approvals import service
from skills.approvals.config import ApprovalsConfig
from skills.approvals.jobs import escalate, remind_approvers
from skills.base import SkillDeps
from skills.common.time import FixedClock
from skills.jobs import JobContext
from tests.skills.leave.conftest import person

from .conftest import CLAIM_KIND, KINDS, actor, open_claim

FRIDAY = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def run(job, session, now):
    deps = SkillDeps(config=ApprovalsConfig(hr_channel="#people-ops"), clock=FixedClock(now))
    return job(JobContext(session=session, now=now, deps=deps), kinds=KINDS)


def _to(session, **where) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(*(getattr(OutboxMessage, k) == v for k, v in where.items()))
    return list(session.scalars(query.order_by(OutboxMessage.id)))


def test_a_step_is_reminded_once_after_a_business_day(session, staff):
    open_claim(session, staff.ana, 1, when=FRIDAY)
    asked = len(_to(session, recipient_id=staff.maria.id))
    assert run(remind_approvers, session, FRIDAY + timedelta(hours=6)) == 0
    monday = datetime(2026, 11, 30, 13, tzinfo=UTC)
    assert run(remind_approvers, session, monday) == 1
    assert run(remind_approvers, session, monday) == 0
    assert run(remind_approvers, session, monday + timedelta(days=1)) == 0  # once: escalation follows at three
    reminders = _to(session, recipient_id=staff.maria.id)[asked:]
    assert len(reminders) == 1 and reminders[0].text.startswith("Reminder: Ana's request has been waiting")
    assert reminders[0].entity_type == "test_claim"


def test_after_three_business_days_the_next_one_up_joins_once_and_hr_hears(session, staff):
    open_claim(session, staff.ana, 1, when=FRIDAY)
    wednesday = datetime(2026, 12, 2, 13, tzinfo=UTC)
    assert run(escalate, session, wednesday - timedelta(days=1)) == 0  # Monday, Tuesday: two
    assert run(escalate, session, wednesday) == 1
    assert run(escalate, session, wednesday + timedelta(days=3)) == 0
    [told] = _to(session, channel="#people-ops")
    assert told.text == "Claim request #1 from Ana (Claim #1) has waited 3 business days for Maria. Can HR help?"
    [card] = _to(session, recipient_id=staff.ceo.id)
    assert "Claim from Ana" in card.text
    # Carmen (Maria's manager) may now decide the level; Maria still may too
    decision = service.decide(session, actor=actor(staff.ceo, wednesday), kind=CLAIM_KIND, entity_id=1, approve=True)
    assert decision.step is not None and decision.step.rule == "escalation" and decision.approval.current_level == 2


def test_a_reminder_for_someone_who_left_goes_to_the_next_active_manager_up(session, staff):
    """Javier leaves (active=no in the directory) with Lucia's claim waiting for him: the reminder goes to Carmen,
    his manager, saying she decides on his behalf, and nothing more reaches Javier; a second run sends nothing."""
    open_claim(session, staff.lucia, 1, when=FRIDAY)
    to_javier = len(_to(session, recipient_id=staff.javier.id))
    staff.javier.active = False
    session.flush()
    monday = datetime(2026, 11, 30, 13, tzinfo=UTC)
    assert run(remind_approvers, session, monday) == 1
    assert run(remind_approvers, session, monday) == 0
    assert len(_to(session, recipient_id=staff.javier.id)) == to_javier
    [reminder] = _to(session, recipient_id=staff.ceo.id)
    assert reminder.text.startswith("Reminder: Lucia's request has been waiting for your decision")
    assert "Javier has left the company: you decide this on their behalf." in str(reminder.blocks)
    approve = service.decide(session, actor=actor(staff.ceo, monday), kind=CLAIM_KIND, entity_id=1, approve=True)
    assert approve.on_behalf_of is not None and approve.on_behalf_of.id == staff.javier.id


def test_a_reminder_for_a_leaver_reads_in_the_stand_ins_language(session, staff):
    """Lucia (Spanish) manages Pablo and leaves; Javier, her manager, is reminded in Spanish."""
    pablo = person("Pablo", staff.lucia, country="ES-MD", locale="es-ES")
    session.add(pablo)
    session.flush()
    open_claim(session, pablo, 2, when=FRIDAY)
    staff.lucia.active = False
    session.flush()
    assert run(remind_approvers, session, datetime(2026, 11, 30, 13, tzinfo=UTC)) == 1
    [reminder] = _to(session, recipient_id=staff.javier.id)
    assert reminder.text.startswith("Recordatorio: la solicitud de Pablo espera tu decisión")
    assert "Lucia ya no está en la empresa: decides esto en su nombre." in str(reminder.blocks)


def test_an_escalation_past_a_manager_who_left_reaches_the_next_active_one(session, staff):
    """Ana's claim waits for Maria; Maria's manager Carmen has left: the escalation adds Carmen's manager, not HR."""
    boss = person("Bea", roles={Role.MANAGER})
    session.add(boss)
    session.flush()
    staff.ceo.manager = boss
    staff.ceo.active = False
    session.flush()
    open_claim(session, staff.ana, 3, when=FRIDAY)
    assert run(escalate, session, datetime(2026, 12, 2, 13, tzinfo=UTC)) == 1
    [card] = _to(session, recipient_id=boss.id)
    assert "Claim from Ana" in card.text


def test_an_approver_in_new_york_is_not_reminded_on_their_sunday_evening(session, staff):
    """Ana's claim reaches Maria (New York) on Friday at 20:00 there, already Saturday in UTC: on Sunday at 21:00
    in New York (Monday in UTC) nothing is due yet; on Monday at 20:00 there the reminder goes."""
    open_claim(session, staff.ana, 1, when=datetime(2026, 12, 5, 1, tzinfo=UTC))
    assert run(remind_approvers, session, datetime(2026, 12, 7, 2, tzinfo=UTC)) == 0
    assert run(escalate, session, datetime(2026, 12, 9, 2, tzinfo=UTC)) == 0  # Tuesday 21:00 there: two days
    assert run(remind_approvers, session, datetime(2026, 12, 8, 1, tzinfo=UTC)) == 1
    assert run(escalate, session, datetime(2026, 12, 10, 1, tzinfo=UTC)) == 1  # Wednesday 20:00 there: three


def test_a_reminder_also_reaches_the_approvers_delegate_of_the_day(session, staff):
    """Maria is away and named Olga to decide for her: the reminder goes to both, Olga's saying on whose behalf."""
    service.set_delegate(session, actor=actor(staff.maria), delegator=staff.maria, delegate=staff.olga,
                         start=date(2026, 11, 27), end=date(2026, 12, 4))  # fmt: skip
    open_claim(session, staff.ana, 1, when=FRIDAY)
    monday = datetime(2026, 11, 30, 15, tzinfo=UTC)
    assert run(remind_approvers, session, monday) == 1
    assert run(remind_approvers, session, monday) == 0
    [to_olga] = [m for m in _to(session, recipient_id=staff.olga.id) if m.text.startswith("Reminder:")]
    assert "You decide this on behalf of Maria (your delegation runs until Dec 4, 2026)." in str(to_olga.blocks)
    assert [m for m in _to(session, recipient_id=staff.maria.id) if m.text.startswith("Reminder:")]
