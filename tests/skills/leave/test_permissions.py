"""Named errors and permission as a question: each broken rule is its own DomainError subclass with a message in both
languages, and can_decide / can_cancel say who may act on a request now without raising."""

from __future__ import annotations

import inspect
from datetime import date

import pytest
from sqlalchemy import func, select

from db.models import AuditEntry, Employee, OutboxMessage, Role
from skills.core import Action
from skills.errors import DomainError, NotAllowed
from skills.i18n import message_keys, missing_translations
from skills.leave import errors
from skills.leave.handlers import decisions
from skills.leave.models import LeaveRequest
from skills.leave.queries.approvals import can_cancel, can_decide
from skills.leave.service import cancel, decide, submit
from skills.leave.views.cards import REJECT, REJECT_VIEW

from .conftest import TODAY, actor, approved, context_for, draft

RULES = [cls for _, cls in inspect.getmembers(errors, inspect.isclass) if issubclass(cls, DomainError)]
NOT_ALLOWED = {errors.DecideOwnRequest, errors.NotYourApproval, errors.CancelNotYours}


def test_every_leave_error_has_its_own_key_and_a_message_in_both_languages():
    leave_rules = [cls for cls in RULES if cls.__module__ == errors.__name__]
    assert len({cls.key for cls in leave_rules}) == len(leave_rules)
    assert all(f"error.{cls.key}" in message_keys() for cls in leave_rules)
    assert not [key for key in missing_translations()["es"] if key.startswith("error.leave")]


def test_permission_refusals_are_not_allowed_errors():
    assert {cls for cls in RULES if issubclass(cls, NotAllowed) and cls is not NotAllowed} == NOT_ALLOWED


def test_the_rules_of_a_request_name_the_slot_to_ask_again():
    assert {cls.slot for cls in (errors.EndBeforeStart, errors.NoWorkingDays, errors.InsufficientBalance)} == {"dates"}
    assert errors.HalfDayNotAllowed.slot == "half_day" and errors.UnknownLeaveType.slot == "leave_type"
    assert errors.ReasonRequired.slot == "reason"
    assert issubclass(errors.InsufficientBalanceInYear, errors.InsufficientBalance)
    assert issubclass(errors.AlreadyApproved, errors.NoLongerPending)


# --- can_decide -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "refusal", "acting_for"),
    [
        ("ana", errors.DecideOwnRequest, None),  # the requester, never
        ("maria", None, None),  # the approver
        ("hana", None, "maria"),  # HR, for the approver
        ("adam", None, "maria"),  # an admin holds every role
        ("oscar", errors.NotYourApproval, None),  # another manager
        ("olga", errors.NotYourApproval, None),  # another employee
    ],
)
def test_can_decide_says_who_may_decide_a_pending_request(session, company, who, refusal, acting_for):
    request = submit(session, actor=actor(company.ana), draft=draft(date(2026, 12, 14)))
    permission = can_decide(request, getattr(company, who))
    assert bool(permission) is (refusal is None)
    assert (type(permission.refusal) if permission.refusal else None) is refusal
    assert permission.acting_for == (getattr(company, acting_for) if acting_for else None)


def test_the_requester_may_not_decide_even_as_hr(session, company):
    company.hana.set_roles({Role.HR, Role.ADMIN, Role.MANAGER})
    request = submit(session, actor=actor(company.hana), draft=draft(date(2026, 12, 14)))
    assert isinstance(can_decide(request, company.hana).refusal, errors.DecideOwnRequest)


def test_nobody_may_decide_a_decided_request_and_it_says_what_happened(session, company):
    request = approved(session, company.ana, date(2026, 12, 14))
    refusal = can_decide(request, company.maria).refusal
    assert isinstance(refusal, errors.AlreadyApproved)
    assert refusal.message("en") == "Nothing changed: Maria already approved this request on Nov 25, 2026, 5:00 AM."


def test_the_reject_button_asks_can_decide_and_writes_nothing(database, committed_company):
    company = committed_company
    with database.session() as session:
        request_id = submit(session, actor=actor(company.ana), draft=draft(date(2026, 12, 14))).id
    before = _rows(database)
    with database.session() as session:
        maria, oscar = (session.get(Employee, person.id) for person in (company.maria, company.oscar))
        assert maria is not None and oscar is not None
        [modal] = decisions.reject(context_for(session, maria), _click(request_id))
        assert modal.modal is not None and modal.modal["callback_id"] == REJECT_VIEW
        [refused] = decisions.reject(context_for(session, oscar), _click(request_id))
        assert refused.ephemeral and refused.text == "Only Maria (or HR) can decide on this request."
    assert _rows(database) == before


def _rows(database) -> list[int]:
    with database.session() as session:
        tables = (AuditEntry, OutboxMessage, LeaveRequest)
        return [session.scalar(select(func.count()).select_from(t)) or 0 for t in tables]


def _click(request_id: int) -> Action:
    return Action(REJECT, str(request_id))


# --- can_cancel -----------------------------------------------------------------------------------------------


def test_can_cancel_says_who_may_call_leave_off_and_until_when(session, company):
    future = approved(session, company.ana, date(2026, 12, 14))
    started = approved(session, company.ana, date(2026, 11, 24), leave_type="sick")
    assert can_cancel(future, company.ana, TODAY) and can_cancel(future, company.hana, TODAY)
    assert isinstance(can_cancel(future, company.maria, TODAY).refusal, errors.CancelNotYours)
    assert isinstance(can_cancel(started, company.ana, TODAY).refusal, errors.AlreadyStarted)
    assert isinstance(can_cancel(future, company.ana, date(2026, 12, 14)).refusal, errors.AlreadyStarted)
    cancel(session, actor=actor(company.ana), request_id=future.id)
    assert isinstance(can_cancel(future, company.ana, TODAY).refusal, errors.AlreadyCancelled)


def test_the_service_raises_the_same_refusal_the_query_gives(session, company):
    request = submit(session, actor=actor(company.ana), draft=draft(date(2026, 12, 14)))
    with pytest.raises(errors.NotYourApproval):
        decide(session, actor=actor(company.oscar), request_id=request.id, approve=True)
    with pytest.raises(errors.RequestNotFound):
        decide(session, actor=actor(company.maria), request_id=404, approve=True)
