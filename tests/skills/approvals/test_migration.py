"""Migration 0011 loses nothing: a leave request pending before the engine existed gets its approval and one
pending step for its approver (stand-in reason kept), and can then be decided as any other."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from db.engine import Database
from db.migrate import upgrade
from db.models import Employee
from skills.approvals import queries
from skills.leave.models import LeaveStatus
from skills.leave.service import decide
from tests.conftest import empty_database_url
from tests.pinned import NOW
from tests.skills.leave.conftest import actor, make_company


def test_pending_leave_moves_onto_the_engine(tmp_path):
    with empty_database_url(tmp_path) as url:
        database = Database(url)
        try:
            upgrade(database.engine, "0010")
            with database.session() as session:
                company = make_company(session)
                ana, maria = company.ana.id, company.maria.id
                insert = text(
                    "INSERT INTO leave_requests (employee_id, leave_type, start_date, end_date, start_half, end_half,"
                    " working_days, reason, status, approver_id, approver_reason, created_at, updated_at, version)"
                    " VALUES (:ana, 'vacation', :day, :day, false, false, 1, '', :status, :maria, :why, :now, :now, 1)"
                )
                for status in ("pending", "approved"):
                    session.execute(insert, {"ana": ana, "maria": maria, "day": date(2026, 12, 14), "now": NOW,
                                             "status": status, "why": "manager_on_leave"})  # fmt: skip
            upgrade(database.engine)
            with database.session() as session:
                pending = queries.approval_of(session, "leave", 1)
                assert queries.approval_of(session, "leave", 2) is None  # decided already: nothing to approve
                assert pending is not None and pending.status == "pending" and pending.created_at == NOW
                [step] = pending.steps
                assert (step.approver_id, step.rule, step.rule_reason, step.status) == (
                    maria, "manager", "manager_on_leave", "pending",
                )  # fmt: skip
                person = session.get(Employee, maria)
                assert person is not None
                assert decide(session, actor=actor(person), request_id=1, approve=True).status == LeaveStatus.APPROVED
        finally:
            database.dispose()
