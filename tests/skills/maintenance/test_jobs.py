"""The maintenance jobs on a moved clock: preventive plans (fixed with a lead time, floating from the completion,
meter) open one ticket at a time, idempotently, even with two processes; SLA reminders; unrated tickets closed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from skills.common.reference import import_text
from skills.common.time import FixedClock
from skills.jobs import JobContext
from skills.maintenance import jobs, service
from skills.maintenance.models import PreventivePlan, Status, Ticket
from skills.maintenance.reference import PLANS

from .conftest import CONFIG, actor, asset, deps, importer, seed

PLANS_HEADER = "code,asset_tag,task,kind,every,unit,lead_days,next_due,checklist\n"


@pytest.fixture
def company(session):
    return seed(session)


def run(session, job, when: datetime) -> int:
    return job(JobContext(session=session, now=when, deps=deps(FixedClock(when))))


def tickets(session, code: str) -> list[Ticket]:
    plan = session.scalar(select(PreventivePlan).where(PreventivePlan.code == code))
    return list(session.scalars(select(Ticket).where(Ticket.plan_id == plan.id).order_by(Ticket.id)))


def plan_named(session, code: str) -> PreventivePlan:
    return session.scalar(select(PreventivePlan).where(PreventivePlan.code == code))


def test_a_fixed_plan_opens_its_ticket_lead_days_ahead_once_and_the_next_one_from_its_due_date(session, company):
    import_text(session, PLANS, PLANS_HEADER + "PM-AC,AC-MAD-GOYA,Clean filters,fixed,3,months,7,2026-12-10,Clean;Test\n",
                importer("plans.csv"))  # fmt: skip
    assert run(session, jobs.preventive, datetime(2026, 12, 2, 8, tzinfo=UTC)) == 0  # 8 days ahead: not yet
    assert run(session, jobs.preventive, datetime(2026, 12, 3, 8, tzinfo=UTC)) == 1  # 7 days ahead
    assert run(session, jobs.preventive, datetime(2026, 12, 3, 8, tzinfo=UTC)) == 0  # a re-run does nothing
    assert run(session, jobs.preventive, datetime(2027, 3, 20, 8, tzinfo=UTC)) == 0  # one open at a time
    opened = tickets(session, "PM-AC")
    assert len(opened) == 1 and opened[0].team is not None and opened[0].team.code == "FAC-MAD"
    assert opened[0].requester_id is None
    assert plan_named(session, "PM-AC").next_due == date(2027, 3, 10)
    # opened a week ahead, it is due at the close of its due day (18:00 Madrid), not three business days later
    assert opened[0].resolution_due == datetime(2026, 12, 10, 17, tzinfo=UTC)
    service.move(session, actor=actor(session, company.marta), ticket_id=opened[0].id, action="resolve",
                 notes="filtros limpios", config=CONFIG)  # fmt: skip
    assert run(session, jobs.preventive, datetime(2027, 3, 3, 8, tzinfo=UTC)) == 1
    assert [t.occurrence for t in tickets(session, "PM-AC")] == [1, 2]


def test_a_floating_plan_counts_from_the_completion(session, company):
    import_text(session, PLANS, PLANS_HEADER + "PM-FR,FRIDGE-NY-2,Defrost the fridge,floating,2,weeks,0,2026-11-25,\n",
                importer("plans.csv"))  # fmt: skip
    assert run(session, jobs.preventive, datetime(2026, 11, 25, 15, tzinfo=UTC)) == 1
    done = datetime(2026, 12, 4, 15, tzinfo=UTC)  # done nine days late
    service.move(session, actor=actor(session, company.felix, when=done), ticket_id=tickets(session, "PM-FR")[0].id,
                 action="resolve", notes="defrosted", config=CONFIG)  # fmt: skip
    assert plan_named(session, "PM-FR").next_due == date(2026, 12, 18)  # two weeks after the completion
    assert run(session, jobs.preventive, datetime(2026, 12, 17, 15, tzinfo=UTC)) == 0
    assert run(session, jobs.preventive, datetime(2026, 12, 18, 15, tzinfo=UTC)) == 1


def test_a_meter_plan_opens_when_a_reading_reaches_it_and_a_reading_never_goes_down(session, company):
    import_text(session, PLANS, PLANS_HEADER + "PM-GEN,GEN-NY,Generator service,meter,250,h,0,,Oil\n",
                importer("plans.csv"))  # fmt: skip
    generator = asset(session, "GEN-NY")
    assert plan_named(session, "PM-GEN").next_meter == Decimal(250)
    _, opened = service.record_reading(session, actor=actor(session, company.felix), asset=generator,
                                       value=Decimal(200), config=CONFIG)  # fmt: skip
    assert opened == []
    _, opened = service.record_reading(session, actor=actor(session, company.felix), asset=generator,
                                       value=Decimal(260), config=CONFIG)  # fmt: skip
    assert len(opened) == 1 and plan_named(session, "PM-GEN").next_meter == Decimal(500)
    _, again = service.record_reading(session, actor=actor(session, company.felix), asset=generator,
                                      value=Decimal(520), config=CONFIG)  # fmt: skip
    assert again == []  # the first one is still open
    with pytest.raises(Exception, match="maintenance_meter_backwards"):
        service.record_reading(session, actor=actor(session, company.felix), asset=generator, value=Decimal(100),
                               config=CONFIG)  # fmt: skip
    assert generator.meter_value == Decimal(520)


def test_two_processes_cannot_both_open_one_occurrence(database):
    with database.session() as session:
        seed(session)
        import_text(session, PLANS, PLANS_HEADER + "PM-X,AC-NY-2,Check,fixed,1,months,0,2026-11-25,\n",
                    importer("plans.csv"))  # fmt: skip
    when = datetime(2026, 11, 25, 15, tzinfo=UTC)
    with database.session() as first, database.session() as second:
        plan_a = plan_named(first, "PM-X")
        plan_b = plan_named(second, "PM-X")
        assert plan_a.open_ticket_id is None and plan_b.open_ticket_id is None
        a = service.open_plan_ticket(first, plan=plan_a, actor=actor(first, _nobody(first), when=when), config=CONFIG)
        first.commit()
        b = service.open_plan_ticket(second, plan=plan_b, actor=actor(second, _nobody(second), when=when),
                                     config=CONFIG)  # fmt: skip
        second.commit()
    assert a is not None and b is None
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 1


def _nobody(session):
    from db.models import Employee

    return session.scalars(select(Employee).order_by(Employee.id)).first()


def broken_ac(session, company, priority: str):
    """Ana reports New York's floor-2 air conditioner broken, at ``priority``."""
    return service.create_ticket(
        session, actor=actor(session, company.ana),
        new=service.NewTicket(summary="AC broken", original_text="AC broken", category="hvac", priority=priority,
                              asset=asset(session, "AC-NY-2"), location=None),
        config=CONFIG,
    )  # fmt: skip


def test_the_reminder_job_and_closing_unrated_tickets(session, company):
    ticket = broken_ac(session, company, "P1")
    assert ticket.resolution_due is not None
    assert run(session, jobs.sla_reminders, ticket.resolution_due) == 1  # straight to the breach: only that one
    assert run(session, jobs.sla_reminders, ticket.resolution_due + timedelta(hours=1)) == 0
    assert ticket.reminded == 3
    service.move(session, actor=actor(session, company.felix), ticket_id=ticket.id, action="resolve", notes="ok",
                 config=CONFIG)  # fmt: skip
    assert ticket.resolved_at is not None
    assert run(session, jobs.close_unrated, ticket.resolved_at + timedelta(days=6)) == 0
    assert run(session, jobs.close_unrated, ticket.resolved_at + timedelta(days=8)) == 1
    assert ticket.status == Status.CLOSED


def test_sla_reminders_for_people_who_left_go_to_the_teams_thread(session, company):
    """Felix took the ticket and Fran leads the team; both leave (active=no in the directory): the 50 % reminder and
    the breach are said in the team's thread instead of in DMs nobody reads."""
    from db.models import OutboxMessage

    ticket = broken_ac(session, company, "P2")
    service.move(session, actor=actor(session, company.felix), ticket_id=ticket.id, action="take", config=CONFIG)
    for leaver in (company.felix, company.fran):
        session.merge(leaver).active = False
    session.flush()
    assert ticket.remind_half_at is not None and ticket.resolution_due is not None
    assert run(session, jobs.sla_reminders, ticket.remind_half_at) == 1
    assert run(session, jobs.sla_reminders, ticket.resolution_due) == 1
    reminders = [m for m in session.scalars(select(OutboxMessage)) if "AC broken" in m.text and m.text[:1] in "⏳🚨"]
    assert {(m.recipient_id, m.channel) for m in reminders} == {(None, "#facilities-ny")}, reminders
    assert len(reminders) == 2
