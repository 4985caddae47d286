from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from db.models import AuditEntry, OutboxMessage
from skills.leave.models import LeaveRequest
from skills.leave.queries.facts import what_if
from skills.leave.queries.requests import my_requests
from skills.leave.queries.team import team_conflicts, who_is_off
from skills.leave.service import cancel, submit

from .conftest import NOW, TODAY, actor, approved, draft

WEEK = (date(2026, 12, 14), date(2026, 12, 18))


def _team_off(session, company):
    approved(session, company.eva, date(2026, 12, 14), date(2026, 12, 15))  # Eva, approved
    submit(
        session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2026, 12, 17), leave_type="personal")
    )  # Ana, pending
    approved(session, company.olga, date(2026, 12, 16))  # another team


def test_a_manager_sees_their_reports_with_types_and_status(session, company):
    _team_off(session, company)
    seen = who_is_off(session, company.maria, *WEEK)
    assert [(e.name, e.leave_type, e.status) for e in seen] == [
        ("Eva", "vacation", "approved"), ("Ana", "personal", "pending"),
    ]  # fmt: skip


def test_an_employee_sees_only_names_and_dates_of_their_team(session, company):
    _team_off(session, company)
    seen = who_is_off(session, company.ana, *WEEK)
    assert [(e.name, e.start, e.end, e.leave_type, e.status) for e in seen] == [
        ("Eva", date(2026, 12, 14), date(2026, 12, 15), None, None),
        ("Ana", date(2026, 12, 17), date(2026, 12, 17), "personal", "pending"),  # her own, in full
    ]  # fmt: skip
    assert [(e.name, e.leave_type) for e in who_is_off(session, company.olga, *WEEK)] == [("Olga", "vacation")]


def test_hr_sees_everyone(session, company):
    _team_off(session, company)
    assert {e.name for e in who_is_off(session, company.hana, *WEEK)} == {"Eva", "Ana", "Olga"}


def test_team_conflicts_are_teammates_overlapping_the_dates(session, company):
    _team_off(session, company)
    assert [e.name for e in team_conflicts(session, company.eva, date(2026, 12, 17), date(2026, 12, 18))] == ["Ana"]
    assert team_conflicts(session, company.eva, date(2026, 12, 21), date(2026, 12, 22)) == []


def test_what_if_shows_balance_after_approver_and_conflicts_and_writes_nothing(session, company):
    _team_off(session, company)
    counts = [session.scalar(select(func.count()).select_from(t)) for t in (LeaveRequest, AuditEntry, OutboxMessage)]
    result = what_if(session, company.ana, draft(date(2026, 12, 14), date(2026, 12, 16)), TODAY)
    assert (result.working_days, result.balance.available, result.available_after) == (3, 22, 19)
    assert result.approver is not None and result.approver.approver == company.maria
    assert result.needs_approval
    assert [(e.name, e.leave_type) for e in result.conflicts] == [("Eva", None)]
    after = [session.scalar(select(func.count()).select_from(t)) for t in (LeaveRequest, AuditEntry, OutboxMessage)]
    assert after == counts


def test_my_requests_lists_the_year_in_date_order(session, company):
    later = submit(session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2026, 12, 21)))
    earlier = submit(
        session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2026, 11, 24), leave_type="sick")
    )
    cancel(session, actor=actor(company.ana, "slack", NOW), request_id=later.id)
    assert [(r.id, r.status) for r in my_requests(session, company.ana, 2026)] == [
        (earlier.id, "approved"), (later.id, "withdrawn"),
    ]  # fmt: skip
    assert my_requests(session, company.ana, 2027) == []
    assert earlier.working_days == Decimal(1)
