"""A leaver marked in the directory import (``active=no``) leaves nothing of theirs waiting forever: their pending
leave requests and open item requests are withdrawn, each with an audit row naming the file, the cards lose their
buttons, whoever was to decide is told in their language, and reserved stock is freed. A second import changes
nothing more."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app
from db.models import AuditEntry, Employee, OutboxMessage
from skills.approvals.models import Approval
from skills.core import Actor
from skills.leave.models import LeaveRequest, LeaveStatus
from skills.leave.rules import LeaveDraft
from skills.leave.service import decide, ensure_leave_types, submit
from skills.locations.models import Location
from skills.stock.models import Item, RequestStatus, StockLevel, StockRequest
from skills.stock.service import create_request
from tests.pinned import NOW
from tests.skills.stock.conftest import CONFIG, ITEMS_CSV, PLACES

runner = CliRunner()

PEOPLE = """slack_id,email,name,manager_email,department,roles,locale,timezone,country,active
,olga@x.example,Olga Diaz,,Management,manager,en-US,America/New_York,US,yes
,javi@x.example,Javier Gil,olga@x.example,Sales,manager,es-ES,Europe/Madrid,ES-MD,{javi}
,ana@x.example,Ana Ruiz,javi@x.example,Sales,,es-ES,Europe/Madrid,ES-MD,{ana}
,sam@x.example,Sam Carter,olga@x.example,Sales,,en-US,America/Los_Angeles,US-CA,{sam}
,wendy@x.example,Wendy Stone,olga@x.example,Ops,warehouse,en-US,America/New_York,US,yes
"""


@pytest.fixture
def env(database, database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("BACKOFFICE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("BACKOFFICE_CLOCK_START", NOW.isoformat())
    monkeypatch.chdir(tmp_path)
    return database


def _import(tmp_path: Path, kind: str, text: str) -> str:
    path = tmp_path / f"{kind}.csv"
    path.write_text(text)
    result = runner.invoke(app, ["import", kind, str(path)])
    assert result.exit_code == 0, result.output
    return result.output


def _person(session, email: str) -> Employee:
    found = session.scalar(select(Employee).where(Employee.email == email))
    assert found is not None
    return found


def test_a_leavers_pending_requests_are_withdrawn_with_an_audit_row_and_a_notice(env, tmp_path):
    _import(tmp_path, "employees", PEOPLE.format(ana="yes", sam="yes", javi="yes"))
    _import(tmp_path, "locations", PLACES)
    _import(tmp_path, "items", ITEMS_CSV)
    with env.session() as session:
        ensure_leave_types(session)  # what `db upgrade` seeds (the harness empties tables between tests)
        ana, sam = _person(session, "ana@x.example"), _person(session, "sam@x.example")
        vacation = LeaveDraft(leave_type="vacation", start=date(2026, 12, 21), end=date(2026, 12, 23))
        leave = submit(session, actor=Actor(ana, "slack", NOW), draft=vacation)
        toner = session.scalar(select(Item).where(Item.sku == "TON-HP26"))
        madrid = session.scalar(select(Location).where(Location.code == "MAD-WH"))
        assert toner is not None and madrid is not None
        picked = create_request(
            session, actor=Actor(sam, "slack", NOW), item=toner, location=madrid, quantity=2, note="",
            thread_key="D0SAM:1", lang="en", config=CONFIG,
        )  # fmt: skip
        leave_id, pick_id, ana_id, sam_id = leave.id, picked.id, ana.id, sam.id
        assert leave.status == LeaveStatus.PENDING and picked.reserved == 2

    told = _import(tmp_path, "employees", PEOPLE.format(ana="no", sam="no", javi="yes"))
    assert "2 updated" in told

    with env.session() as session:
        leave = session.get(LeaveRequest, leave_id)
        assert leave is not None and leave.status == LeaveStatus.WITHDRAWN
        approval = session.scalar(select(Approval).where(Approval.entity_id == leave_id))
        assert approval is not None and approval.status == "withdrawn"
        picked = session.get(StockRequest, pick_id)
        assert picked is not None and picked.status == RequestStatus.WITHDRAWN
        level = session.scalar(
            select(StockLevel).where(StockLevel.location_id == picked.location_id, StockLevel.item_id == picked.item_id)
        )
        assert level is not None and level.reserved == 0
        audit = {
            (row.action, row.actor_label)
            for row in session.scalars(select(AuditEntry).where(AuditEntry.action.in_(
                ["leave.withdrawn", "stock.request_withdrawn"])))
        }  # fmt: skip
        assert audit == {("leave.withdrawn", "employees.csv"), ("stock.request_withdrawn", "employees.csv")}
        javi = _person(session, "javi@x.example")
        notices = [m.text for m in session.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == javi.id))]
        assert any(
            t.startswith("Ana Ruiz ya no está en la empresa, así que su solicitud de") and "se ha retirado" in t
            for t in notices
        ), notices
        edits = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "update")).all()
        assert any("Retirada: Sam Carter ya no está en la empresa" in (m.text or "") for m in edits)  # Madrid's card
        to_leavers = select(OutboxMessage.text).where(OutboxMessage.recipient_id.in_([ana_id, sam_id]))
        assert not [text for text in session.scalars(to_leavers) if "left" in text or "ya no" in text]
        before = session.scalars(select(OutboxMessage.id)).all()

    again = _import(tmp_path, "employees", PEOPLE.format(ana="no", sam="no", javi="yes"))
    assert "0 updated" in again
    with env.session() as session:
        assert session.scalars(select(OutboxMessage.id)).all() == before


def test_an_approver_who_leaves_hands_their_waiting_steps_to_the_next_manager_up_at_once(env, tmp_path):
    """Ana's request waits for Javier; the import marks Javier as gone: Olga, his manager, gets the card now, saying
    she decides on his behalf, and may decide it."""
    _import(tmp_path, "employees", PEOPLE.format(ana="yes", sam="yes", javi="yes"))
    with env.session() as session:
        ensure_leave_types(session)
        ana = _person(session, "ana@x.example")
        vacation = LeaveDraft(leave_type="vacation", start=date(2026, 12, 21), end=date(2026, 12, 23))
        leave_id = submit(session, actor=Actor(ana, "slack", NOW), draft=vacation).id
    _import(tmp_path, "employees", PEOPLE.format(ana="yes", sam="yes", javi="no"))
    with env.session() as session:
        olga = _person(session, "olga@x.example")
        [card] = session.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == olga.id)).all()
        assert "Javier Gil has left the company: you decide this on their behalf." in str(card.blocks)
        decide(session, actor=Actor(olga, "slack", NOW), request_id=leave_id, approve=True)
        request = session.get(LeaveRequest, leave_id)
        assert request is not None and request.status == LeaveStatus.APPROVED
    again = _import(tmp_path, "employees", PEOPLE.format(ana="yes", sam="yes", javi="no"))
    assert "0 updated" in again
