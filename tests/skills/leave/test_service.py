from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from db.models import AuditEntry, OutboxMessage, Role
from skills.errors import DomainError, NotAllowed
from skills.i18n import unmarked
from skills.leave import errors
from skills.leave.models import LeaveStatus
from skills.leave.queries.approvals import approver_for
from skills.leave.service import cancel, decide, submit
from skills.leave.views.cards import APPROVE, REJECT, notice_text

from .conftest import NOW, TODAY, actor, approved, draft

LATER = datetime(2026, 11, 25, 15, 30, tzinfo=UTC)


def _outbox_to(session, employee):
    return session.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == employee.id)).all()


def _audit(session, request_id):
    return session.scalars(
        select(AuditEntry).where(AuditEntry.entity_type == "leave", AuditEntry.entity_id == str(request_id))
        .order_by(AuditEntry.id)
    ).all()  # fmt: skip


# --- submit -------------------------------------------------------------------------------------------------------


def test_submit_creates_a_pending_request_with_audit_and_a_card_for_the_approver(session, company):
    request = submit(
        session,
        actor=actor(company.ana, "slack", NOW),
        draft=draft(date(2026, 12, 14), date(2026, 12, 16), reason="family trip"),
    )
    assert (request.status, request.working_days, request.approver_id) == (LeaveStatus.PENDING, 3, company.maria.id)
    assert request.approver_reason is None
    [entry] = _audit(session, request.id)
    assert (entry.action, entry.actor_id, entry.via, entry.after["status"]) == ("leave.submitted", company.ana.id,
                                                                                "slack", "pending")  # fmt: skip
    [card] = _outbox_to(session, company.maria)
    assert (card.entity_type, card.entity_id) == ("leave", str(request.id))
    assert (
        unmarked(card.text)
        == "Ana asks for Vacation: Dec 14, 2026 – Dec 16, 2026 (3 working days).\nReason: family trip"
    )


def test_submit_rechecks_the_rules(session, company):
    with pytest.raises(errors.ShortNotice):
        submit(session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2026, 11, 27)))


def test_a_type_without_approval_is_approved_at_once_and_the_manager_told(session, company):
    request = submit(
        session, actor=actor(company.eva, "slack", NOW), draft=draft(date(2026, 11, 24), leave_type="sick")
    )
    assert (request.status, request.decided_at) == (LeaveStatus.APPROVED, NOW)
    [notice] = _outbox_to(session, company.maria)
    assert notice.text.startswith("For your information: Eva was off (Sick leave) Nov 24, 2026")  # yesterday
    assert unmarked(notice_text("auto_approved_past", request, "es")).startswith(
        "Para tu información: Eva estuvo ausente (Baja por enfermedad) 24 nov 2026"
    )


def test_the_manager_reads_of_an_absence_still_to_come_in_the_present_or_future(session, company):
    submit(session, actor=actor(company.eva, "slack", NOW), draft=draft(date(2026, 11, 25), leave_type="sick"))
    [notice] = _outbox_to(session, company.maria)
    assert notice.text.startswith("For your information: Eva is off (Sick leave) Nov 25, 2026")  # today


def test_the_approvers_notice_carries_the_approval_card(session, company):
    # The card is drawn by views from loaded data (no process-wide card-builder hook any more).
    request = submit(session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2026, 12, 14)))
    [card] = _outbox_to(session, company.maria)
    actions = [block for block in card.blocks or [] if block["type"] == "actions"]
    assert [(e["action_id"], e["value"]) for e in actions[0]["elements"]] == [
        (APPROVE, str(request.id)),
        (REJECT, str(request.id)),
    ]


# --- who approves -------------------------------------------------------------------------------------------------


def test_the_manager_approves(session, company):
    choice = approver_for(session, company.ana, TODAY)
    assert (choice.approver, choice.reason, choice.explain("en")) == (company.maria, None, None)


def test_a_manager_on_approved_leave_today_is_stood_in_for_by_their_manager(session, company):
    approved(session, company.maria, date(2026, 11, 24), date(2026, 12, 4), leave_type="sick")
    choice = approver_for(session, company.ana, TODAY)
    assert choice.approver == company.ceo
    assert choice.explain("en") == "Maria is on leave until Dec 4, 2026, so Carmen approves this request."
    assert choice.explain("es") == "Maria está de permiso hasta el 4 dic 2026, así que Carmen aprueba esta solicitud."
    request = submit(session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2026, 12, 14)))
    assert (request.approver_id, request.approver_reason) == (company.ceo.id, "manager_on_leave")
    [card] = _outbox_to(session, company.ceo)[-1:]
    assert "Maria is on leave until Dec 4, 2026, so Carmen approves this request." in card.text


def test_a_manager_on_pending_leave_still_approves(session, company):
    submit(
        session, actor=actor(company.maria, "slack", NOW), draft=draft(date(2026, 11, 24), leave_type="sick")
    )  # auto-approved
    assert approver_for(session, company.ana, date(2026, 12, 20)).approver == company.maria  # leave is over by then


def test_an_inactive_manager_is_stood_in_for(session, company):
    company.maria.active = False
    session.flush()
    choice = approver_for(session, company.ana, TODAY)
    assert (choice.approver, choice.reason) == (company.ceo, "manager_inactive")
    assert choice.explain("en") == "Maria is no longer active, so Carmen approves this request."


def test_without_any_manager_hr_approves(session, company):
    choice = approver_for(session, company.ceo, TODAY)
    assert (choice.approver, choice.reason) == (company.hana, "no_manager")
    assert choice.explain("es") == "Carmen no tiene responsable, así que Hana (RR. HH.) aprueba esta solicitud."


def test_with_nobody_to_approve_a_request_needing_approval_is_refused(session, company):
    company.hana.active = False
    company.adam.set_roles(set())
    session.flush()
    with pytest.raises(errors.NoApprover):
        submit(session, actor=actor(company.ceo, "slack", NOW), draft=draft(date(2026, 12, 14)))
    assert (
        submit(
            session, actor=actor(company.ceo, "slack", NOW), draft=draft(date(2026, 11, 25), leave_type="sick")
        ).approver_id
        is None
    )


# --- the authorization matrix -------------------------------------------------------------------------------------

ACTORS = ["requester", "approver", "another employee", "another manager", "hr", "admin"]
DECIDE_ALLOWED = {"approver", "hr", "admin"}
CANCEL_ALLOWED = {"requester", "hr", "admin"}


def _actor(company, who):
    return {"requester": company.ana, "approver": company.maria, "another employee": company.olga,
            "another manager": company.oscar, "hr": company.hana, "admin": company.adam}[who]  # fmt: skip


@pytest.mark.parametrize("approve", [True, False], ids=["approve", "reject"])
@pytest.mark.parametrize("who", ACTORS)
def test_who_may_decide(session, company, who, approve):
    request = submit(session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2026, 12, 14)))
    person = _actor(company, who)
    if who not in DECIDE_ALLOWED:
        with pytest.raises(NotAllowed) as caught:
            decide(
                session, actor=actor(person, "slack", LATER), request_id=request.id, approve=approve, reason="too busy"
            )
        expected = errors.DecideOwnRequest if who == "requester" else errors.NotYourApproval
        assert type(caught.value) is expected
        assert request.status == LeaveStatus.PENDING
        return
    decided = decide(
        session, actor=actor(person, "slack", LATER), request_id=request.id, approve=approve, reason="too busy"
    )
    assert decided.status == (LeaveStatus.APPROVED if approve else LeaveStatus.REJECTED)
    assert (decided.decided_by_id, decided.decided_at) == (person.id, LATER)
    entry = _audit(session, request.id)[-1]
    assert entry.action == f"leave.{decided.status}"
    assert entry.after["acting_for_id"] == (None if who == "approver" else company.maria.id)
    assert entry.actor_label == (person.email if who == "approver" else f"{person.email} for maria@corp.example")


@pytest.mark.parametrize("approved_first", [False, True], ids=["pending", "approved"])
@pytest.mark.parametrize("who", ACTORS)
def test_who_may_cancel(session, company, who, approved_first):
    request = (
        approved(session, company.ana, date(2026, 12, 14))
        if approved_first
        else submit(session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2026, 12, 14)))
    )
    person = _actor(company, who)
    if who not in CANCEL_ALLOWED:
        with pytest.raises(NotAllowed) as caught:
            cancel(session, actor=actor(person, "slack", LATER), request_id=request.id)
        assert type(caught.value) is errors.CancelNotYours
        assert caught.value.message("en") == "Only Ana (or HR) can cancel this request."
        return
    cancelled = cancel(session, actor=actor(person, "slack", LATER), request_id=request.id)
    assert cancelled.status == (LeaveStatus.CANCELLED if approved_first else LeaveStatus.WITHDRAWN)
    assert _audit(session, request.id)[-1].action == f"leave.{cancelled.status}"
    told = _outbox_to(session, company.maria)[-1].text
    assert told.startswith("Ana's approved leave" if approved_first else "Ana withdrew their Vacation request")
    if who != "requester":
        assert _outbox_to(session, company.ana)[-1].text.startswith(f"{person.name} cancelled your Vacation")


@pytest.mark.parametrize(
    ("manager", "lang", "expected"),
    [
        ("maria", "en", "Ana's approved leave (Personal day, Dec 14, 2026) was cancelled; 1 working day back in"
         " their balance."),
        ("maria", "es", "Se ha cancelado el permiso aprobado de Ana (Asuntos propios, 14 dic 2026); 1 día laborable"
         " de vuelta en su saldo."),
    ],
)  # fmt: skip
def test_the_approver_is_told_of_a_cancelled_leave_in_words_that_read(session, company, manager, lang, expected):
    """Not "Ana's approved Personal days ... was cancelled; the 1 working day days are back" ("los 1 día laborable
    días"): the day count already says "day"."""
    company.maria.locale = "es-ES" if lang == "es" else "en-US"
    request = approved(session, company.ana, date(2026, 12, 14), leave_type="personal")
    cancel(session, actor=actor(company.ana, "slack", LATER), request_id=request.id)
    assert _outbox_to(session, getattr(company, manager))[-1].text == expected


def test_a_requester_never_decides_their_own_request_whatever_their_roles(session, company):
    company.hana.set_roles({Role.HR, Role.ADMIN, Role.MANAGER})
    request = submit(session, actor=actor(company.hana, "slack", NOW), draft=draft(date(2026, 12, 14)))
    with pytest.raises(errors.DecideOwnRequest):
        decide(session, actor=actor(company.hana, "slack", LATER), request_id=request.id, approve=True)


# --- decisions ----------------------------------------------------------------------------------------------------


def test_approval_tells_the_requester_in_their_language(session, company):
    request = submit(session, actor=actor(company.eva, "slack", NOW), draft=draft(date(2026, 12, 14)))
    decide(session, actor=actor(company.maria, "slack", LATER), request_id=request.id, approve=True)
    assert [m.text for m in _outbox_to(session, company.eva)] == [
        "Maria ha aprobado tu solicitud de Vacaciones para 14 dic 2026."
    ]


def test_a_rejection_needs_a_reason_and_the_requester_sees_it(session, company):
    request = submit(session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2026, 12, 14)))
    with pytest.raises(DomainError) as caught:
        decide(session, actor=actor(company.maria, "slack", LATER), request_id=request.id, approve=False, reason="  ")
    assert (type(caught.value), caught.value.blamed_slot) == (errors.ReasonRequired, "reason")
    assert caught.value.message("es") == "Indica el motivo del rechazo; Ana lo verá."
    decide(
        session, actor=actor(company.maria, "slack", LATER), request_id=request.id, approve=False, reason="release week"
    )
    assert (
        unmarked(_outbox_to(session, company.ana)[-1].text)
        == "Your Vacation for Dec 14, 2026 was rejected by Maria: release week"
    )
    assert request.decision_reason == "release week"


def test_a_second_decision_changes_nothing_and_says_what_happened(session, company):
    request = submit(session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2026, 12, 14)))
    decide(session, actor=actor(company.maria, "slack", LATER), request_id=request.id, approve=True)
    with pytest.raises(DomainError) as caught:
        decide(session, actor=actor(company.hana, "slack", NOW), request_id=request.id, approve=False, reason="no")
    assert type(caught.value) is errors.AlreadyApproved
    # Hana is in New York: 15:30 UTC is 10:30 there
    assert (
        caught.value.message("en") == "Nothing changed: Maria already approved this request on Nov 25, 2026, 10:30 AM."
    )
    assert request.status == LeaveStatus.APPROVED and request.decided_by_id == company.maria.id
    assert len(_outbox_to(session, company.ana)) == 1
    assert [e.action for e in _audit(session, request.id)] == ["leave.submitted", "leave.approved"]


def test_a_decision_on_a_withdrawn_request_says_it_was_withdrawn(session, company):
    request = submit(session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2026, 12, 14)))
    cancel(session, actor=actor(company.ana, "slack", LATER), request_id=request.id)
    with pytest.raises(DomainError) as caught:
        decide(session, actor=actor(company.maria, "slack", LATER), request_id=request.id, approve=True)
    assert type(caught.value) is errors.AlreadyWithdrawn
    company.maria.timezone = "Europe/Madrid"
    company.maria.locale = "es-ES"
    with pytest.raises(DomainError) as caught:
        decide(session, actor=actor(company.maria, "slack", LATER), request_id=request.id, approve=True)
    assert caught.value.message("es") == "No he cambiado nada: Ana retiró esta solicitud el 25 nov 2026, 16:30."


def test_an_unknown_request(session, company):
    with pytest.raises(DomainError) as caught:
        decide(session, actor=actor(company.maria, "slack", LATER), request_id=999, approve=True)
    assert caught.value.message("en") == "I can't find leave request #999."


# --- cancelling -------------------------------------------------------------------------------------------------


def test_leave_that_has_started_cannot_be_cancelled(session, company):
    request = submit(
        session,
        actor=actor(company.ana, "slack", NOW),
        draft=draft(date(2026, 11, 24), date(2026, 11, 27), leave_type="sick"),
    )
    with pytest.raises(DomainError) as caught:
        cancel(session, actor=actor(company.ana, "slack", LATER), request_id=request.id)
    assert type(caught.value) is errors.AlreadyStarted
    assert caught.value.message("en").startswith("This leave started on Nov 24, 2026")
    assert request.status == LeaveStatus.APPROVED


def test_a_rejected_or_cancelled_request_cannot_be_cancelled_again(session, company):
    request = approved(session, company.ana, date(2026, 12, 14))
    cancel(session, actor=actor(company.ana, "slack", LATER), request_id=request.id)
    with pytest.raises(errors.AlreadyCancelled):
        cancel(session, actor=actor(company.ana, "slack", LATER), request_id=request.id)
    other = submit(session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2026, 12, 15)))
    decide(session, actor=actor(company.maria, "slack", LATER), request_id=other.id, approve=False, reason="no")
    with pytest.raises(errors.AlreadyRejected):
        cancel(session, actor=actor(company.ana, "slack", LATER), request_id=other.id)
