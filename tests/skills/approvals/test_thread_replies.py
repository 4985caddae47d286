"""A decision word with extra text in a card's thread decides it, from the approver ("vale, aprobado", "ok approved,
enjoy"): in leave's threads and in the engine's (any kind); anything else is left to the router."""

from __future__ import annotations

from datetime import date

from skills.approvals import handlers
from skills.core import Reply
from skills.leave.handlers import decisions
from skills.leave.models import LeaveStatus
from skills.leave.service import submit
from tests.skills.leave.conftest import draft

from .conftest import CLAIM, KINDS, actor, context_for, open_claim


def _replies(replies: list[Reply] | None) -> list[Reply]:
    assert replies is not None, "the reply was left to the router"
    return replies


def test_vale_aprobado_under_a_leave_card_approves_it(session, staff):
    request = submit(session, actor=actor(staff.lucia), draft=draft(date(2026, 12, 21)))
    [reply] = _replies(
        decisions.answer_in_thread(context_for(session, staff.javier), str(request.id), "vale, aprobado")
    )
    assert reply.text == "Aprobada. Se lo he dicho a Lucia."
    assert request.status == LeaveStatus.APPROVED


def test_ok_approved_enjoy_in_english(session, staff):
    request = submit(session, actor=actor(staff.ana), draft=draft(date(2026, 12, 21)))
    [reply] = _replies(
        decisions.answer_in_thread(context_for(session, staff.maria), str(request.id), "ok approved, enjoy")
    )
    assert reply.text == "Approved. I told Ana." and request.status == LeaveStatus.APPROVED


def test_a_question_in_the_thread_decides_nothing(session, staff):
    request = submit(session, actor=actor(staff.ana), draft=draft(date(2026, 12, 21)))
    assert (
        decisions.answer_in_thread(context_for(session, staff.maria), str(request.id), "ok, but can we talk?") is None
    )
    assert request.status == LeaveStatus.PENDING


def test_in_an_engine_cards_thread_only_the_steps_people_decide(session, staff):
    open_claim(session, staff.ana, 1)
    kind = KINDS[CLAIM]
    [reply] = _replies(
        handlers.answer_in_thread(KINDS, kind, context_for(session, staff.maria), "1", "approved, thanks!")
    )
    assert reply.text == "Approved. It now goes to Adam, Fiona."
    [reply] = _replies(
        handlers.answer_in_thread(KINDS, kind, context_for(session, staff.fiona), "1", "reject: no receipt")
    )
    assert reply.text == "Rejected. I told Ana, with your reason."


def test_hr_overrides_with_a_button_not_with_a_thread_reply(session, staff):
    open_claim(session, staff.ana, 1)
    [refused] = _replies(
        handlers.answer_in_thread(KINDS, KINDS[CLAIM], context_for(session, staff.hana), "1", "approved")
    )
    assert refused.text == "Only Maria (or HR) can decide this now."
