"""The inbox in both languages (oldest first: requester, what, how long, Approve / Reject), the Home tab showing the
same, deciding from the list, and deciding by name ("approve Sam's vacation Dec 21-23", "aprueba la de Lucia"),
which asks which when several match and never opens a request for the approver."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from skills.approvals import handlers
from skills.common.extract.slots import extract_slots
from skills.core import Action, Request
from skills.leave.models import LeaveRequest, LeaveStatus
from skills.leave.service import submit
from tests.skills.leave.conftest import draft

from .conftest import KINDS, NOW, actor, context_for, open_claim

MONDAY = NOW + timedelta(days=5)  # Monday Nov 30: Ana's request has waited two business days (Thanksgiving skipped)


def _ask(session, who, text: str, intent: str = "approvals.inbox", now=MONDAY):
    context = context_for(session, who, now=now)
    slots = extract_slots(text, today=context.today, locale=who.locale)
    request = Request(text=text, intent=intent, slots=slots)
    answer = handlers.answer_inbox if intent == "approvals.inbox" else handlers.answer_decide
    return answer(KINDS, context, request)


def _buttons(blocks) -> list[tuple[str, str]]:
    return [(e["action_id"], e["value"]) for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_the_inbox_lists_what_waits_oldest_first_with_buttons(session, staff):
    first = submit(session, actor=actor(staff.ana), draft=draft(date(2026, 12, 21), date(2026, 12, 23)))
    open_claim(session, staff.eva, 7, when=NOW + timedelta(days=4))  # Sunday
    [reply] = _ask(session, staff.maria, "what's waiting for me?")
    lines = reply.text.splitlines()
    assert lines[0] == "2 requests are waiting for your decision (oldest first):"
    assert lines[1] == "1. *Ana* · Leave: Vacation · Dec 21 – 23 (3 days) · _waiting 2 business days_"
    assert lines[2] == "2. *Eva* · Claim: Claim #7 · _waiting 1 business day_"
    approval_ids = [v.split(":")[0] for a, v in _buttons(reply.blocks) if a == "approvals.approve"]
    assert len(approval_ids) == 2 and ("approvals.reject", f"{approval_ids[0]}:1:inbox") in _buttons(reply.blocks)
    assert first.status == LeaveStatus.PENDING


def test_the_inbox_in_spanish(session, staff):
    submit(session, actor=actor(staff.lucia), draft=draft(date(2026, 12, 21), date(2026, 12, 23)))
    [reply] = _ask(session, staff.javier, "¿qué tengo pendiente de aprobar?")  # Thanksgiving is a workday in Madrid
    assert reply.text.splitlines() == [
        "Tienes 1 solicitud pendiente de tu decisión (la más antigua primero):",
        "1. *Lucia* · Ausencia: Vacaciones · 21–23 dic (3 días) · _esperando 3 días hábiles_",
    ]
    assert [b["elements"][0]["text"]["text"] for b in reply.blocks if b["type"] == "actions"] == ["Aprobar"]


def test_an_empty_inbox_says_so_in_each_language(session, staff):
    assert _ask(session, staff.oscar, "what's waiting for me?")[0].text == "Nothing is waiting for your decision. 🎉"
    assert _ask(session, staff.javier, "¿qué tengo pendiente?")[0].text == "No tienes nada pendiente de aprobar. 🎉"


def test_a_delegate_sees_the_delegators_requests_marked_on_behalf(session, staff):
    from skills.approvals import service

    service.set_delegate(session, actor=actor(staff.maria), delegator=staff.maria, delegate=staff.olga,
                         start=date(2026, 11, 25), end=date(2026, 12, 4))  # fmt: skip
    submit(session, actor=actor(staff.ana), draft=draft(date(2026, 12, 21)))
    [reply] = _ask(session, staff.olga, "anything for me to approve?")
    assert "*Ana* · Leave: Vacation · Dec 21 (1 day)" in reply.text and "(on behalf of Maria)" in reply.text


def test_the_home_tab_shows_the_same_list_with_each_skills_card(session, staff):
    submit(session, actor=actor(staff.ana), draft=draft(date(2026, 12, 21), date(2026, 12, 23)))
    open_claim(session, staff.eva, 7)
    home = handlers.home_inbox(KINDS, context_for(session, staff.maria, now=MONDAY))
    shown = str(home)
    assert "Waiting for your decision" in shown and "Ana asks for Vacation" in shown and "Claim #7" in shown
    assert {a for a, _ in _buttons(home)} == {"leave.approve", "leave.reject", "approvals.approve", "approvals.reject"}


def test_the_home_tab_says_how_many_more_wait_than_it_shows(session, staff):
    for claim_id in range(1, handlers.HOME_SHOWN + 3):
        open_claim(session, staff.eva, claim_id)
    home = handlers.home_inbox(KINDS, context_for(session, staff.maria, now=MONDAY))
    assert len([a for a, _ in _buttons(home) if a == "approvals.approve"]) == handlers.HOME_SHOWN
    assert "…and 2 more: decide these and the next ones show here." in str(home)
    in_spanish = context_for(session, staff.maria, now=MONDAY)
    in_spanish.lang = "es"
    assert "…y 2 más: decide estas y las siguientes aparecerán aquí." in str(handlers.home_inbox(KINDS, in_spanish))


def test_approving_from_the_list_redraws_the_list(session, staff):
    submit(session, actor=actor(staff.ana), draft=draft(date(2026, 12, 21), date(2026, 12, 23)))
    open_claim(session, staff.eva, 7)
    [listed] = _ask(session, staff.maria, "what's waiting for me?")
    value = next(v for a, v in _buttons(listed.blocks) if a == "approvals.approve")
    redrawn, done = handlers.press_approve(
        KINDS, context_for(session, staff.maria, now=MONDAY), Action("approvals.approve", value)
    )
    assert redrawn.replace_original and redrawn.text.startswith("1 request is waiting")
    assert done.text == "Approved. I told Ana."
    assert session.scalars(select(LeaveRequest.status)).all() == [LeaveStatus.APPROVED]


def test_approve_by_name_and_dates_decides_that_one_and_creates_nothing(session, staff):
    submit(session, actor=actor(staff.ana), draft=draft(date(2026, 12, 21), date(2026, 12, 23)))
    submit(session, actor=actor(staff.ana), draft=draft(date(2027, 1, 11)))
    submit(session, actor=actor(staff.eva), draft=draft(date(2026, 12, 22)))
    before = session.scalar(select(func.count()).select_from(LeaveRequest))
    [reply] = _ask(session, staff.maria, "approve Ana's vacation Dec 21-23", intent="approvals.decide")
    assert reply.text == "Approved. I told Ana."
    statuses = {
        row.start_date: row.status for row in session.execute(select(LeaveRequest.start_date, LeaveRequest.status))
    }
    assert statuses[date(2026, 12, 21)] == LeaveStatus.APPROVED
    assert statuses[date(2027, 1, 11)] == statuses[date(2026, 12, 22)] == LeaveStatus.PENDING
    assert session.scalar(select(func.count()).select_from(LeaveRequest)) == before


def test_several_matches_ask_which_one(session, staff):
    submit(session, actor=actor(staff.ana), draft=draft(date(2026, 12, 21), date(2026, 12, 23)))
    submit(session, actor=actor(staff.ana), draft=draft(date(2027, 1, 11)))
    [reply] = _ask(session, staff.maria, "approve Ana's vacation", intent="approvals.decide")
    assert reply.text == "Several requests match. Which one do you approve?"
    assert len([a for a, _ in _buttons(reply.blocks) if a == "approvals.approve"]) == 2
    assert set(session.scalars(select(LeaveRequest.status))) == {LeaveStatus.PENDING}


def test_aprueba_la_de_lucia_in_spanish(session, staff):
    submit(session, actor=actor(staff.lucia), draft=draft(date(2026, 12, 21), date(2026, 12, 23)))
    [reply] = _ask(session, staff.javier, "aprueba la de Lucia", intent="approvals.decide")
    assert reply.text == "Aprobada. Se lo he dicho a Lucia."


def test_a_rejection_by_name_takes_the_reason_after_the_comma(session, staff):
    request = submit(session, actor=actor(staff.ana), draft=draft(date(2026, 12, 21)))
    [reply] = _ask(session, staff.maria, "reject Ana's vacation, release week", intent="approvals.decide")
    assert reply.text == "Rejected. I told Ana, with your reason."
    session.refresh(request)
    assert (request.status, request.decision_reason) == (LeaveStatus.REJECTED, "release week")


def test_a_name_nobody_matches_shows_the_inbox(session, staff):
    submit(session, actor=actor(staff.ana), draft=draft(date(2026, 12, 21)))
    [reply] = _ask(session, staff.maria, "approve Zoe's vacation", intent="approvals.decide")
    assert reply.text.startswith("I found nothing waiting for your decision that matches that.")
    assert session.scalars(select(LeaveRequest.status)).all() == [LeaveStatus.PENDING]


def test_a_leavers_pending_steps_go_to_the_next_active_manager_up(session, staff):
    """Javier leaves (the directory's active=no) with Lucia's request waiting for him: Carmen, his manager, sees it
    in her inbox on his behalf and may decide it, instead of it waiting unseen for someone who is gone."""
    submit(session, actor=actor(staff.lucia), draft=draft(date(2026, 12, 21), date(2026, 12, 23)))
    assert _ask(session, staff.ceo, "what's waiting for me?")[0].text == "Nothing is waiting for your decision. 🎉"
    staff.javier.active = False
    session.flush()
    [reply] = _ask(session, staff.ceo, "what's waiting for me?")
    assert "Lucia" in reply.text and "Javier" in reply.text, reply.text
    approval_id, level = next(v for a, v in _buttons(reply.blocks) if a == "approvals.approve").split(":")[:2]
    context = context_for(session, staff.ceo, now=MONDAY)
    handlers.press_approve(KINDS, context, Action("approvals.approve", f"{approval_id}:{level}", "Approve"))
    request = session.scalar(select(LeaveRequest).where(LeaveRequest.employee_id == staff.lucia.id))
    assert request is not None and request.status == LeaveStatus.APPROVED


def test_a_manager_naming_their_own_request_is_told_who_decides_it(session, staff):
    # "approve Maria's vacation" from Maria said "Nothing is waiting for your decision", as if there were nothing
    # to decide; her request waits for Carmen, which is what she needs to hear
    own = submit(session, actor=actor(staff.maria), draft=draft(date(2026, 12, 21), date(2026, 12, 23)))
    submit(session, actor=actor(staff.ana), draft=draft(date(2027, 1, 11)))
    [reply] = _ask(session, staff.maria, "approve Maria's vacation", intent="approvals.decide")
    assert reply.text == "You can't approve or reject your own request. Carmen decides it; I'll tell you when they do."
    [alone] = _ask(session, staff.maria, "approve my own vacation request", intent="approvals.decide")
    assert alone.text == reply.text
    submit(session, actor=actor(staff.javier), draft=draft(date(2026, 12, 28)))
    [spanish] = _ask(session, staff.javier, "aprueba la mía", intent="approvals.decide")
    assert (
        spanish.text == "No puedes aprobar ni rechazar tu propia solicitud. La decide Carmen; te aviso cuando lo haga."
    )
    assert set(session.scalars(select(LeaveRequest.status))) == {LeaveStatus.PENDING} and own.status == "pending"
    # someone else's name still shows the inbox
    [other] = _ask(session, staff.maria, "approve Zoe's vacation", intent="approvals.decide")
    assert other.text.startswith("I found nothing waiting for your decision that matches that.")
