"""Leave's words agree with their numbers and answer what was asked (issue 11, item 5): "1 working day",
"1 disfrutado", a balance question about one type answers that type."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from db.models import OutboxMessage
from skills.leave.service import allocate_year, submit

from .conftest import NOW, actor, approved, draft
from .test_queries_handlers import ask, everything


def test_a_balance_question_about_one_type_answers_that_type(session, company):
    allocate_year(session, company.ana, 2026)
    reply = ask(session, company.ana, "leave.balance", leave_type="vacation")
    assert reply.text.splitlines()[1] == "Vacation: 22 days available"
    assert "Personal day" not in reply.text and "Bereavement" not in everything(reply.blocks)
    assert "my balance" in reply.text  # every type is one question away
    spanish = ask(session, company.eva, "leave.balance", leave_type="vacation")
    assert "Vacaciones" in spanish.text and "Fallecimiento" not in everything(spanish.blocks)


def test_a_balance_question_about_every_type_still_lists_them_all(session, company):
    allocate_year(session, company.ana, 2026)
    reply = ask(session, company.ana, "leave.balance")
    assert "Vacation" in reply.text and "Personal day" in reply.text and "my balance" not in reply.text


def test_one_day_is_one_working_day_for_the_approver(session, company):
    submit(session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2026, 12, 14)))
    notices = session.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == company.maria.id)).all()
    assert any("(1 working day)" in notice.text for notice in notices)
    assert not any("1 working days" in notice.text for notice in notices)


def test_one_day_taken_agrees_in_spanish(session, company):
    approved(session, company.eva, date(2026, 12, 14), leave_type="sick")
    reply = ask(session, company.eva, "leave.balance")
    assert "1 disfrutado" in everything(reply.blocks) and "1 disfrutados" not in everything(reply.blocks)


def test_one_day_left_is_one_day(session, company):
    from decimal import Decimal

    from skills.leave.messages import available_count
    from skills.leave.views.shared import balance_after

    assert balance_after({2026: Decimal(1)}, "en") == "1 day" and balance_after({2026: Decimal(2)}, "es") == "2 días"
    assert available_count(Decimal(1), "es") == "1 día disponible"
