"""The engine's commands: opening asks the first level, each decision is re-checked and moves the chain on, a
rejection ends it, HR decides only as a recorded override, a delegate decides "on behalf of", withdrawal closes it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from db.models import AuditEntry, OutboxMessage
from skills.approvals import errors, queries, service
from skills.approvals.models import ApprovalStatus, DecidedAs, StepStatus
from skills.errors import NotAllowed

from .conftest import CLAIM_KIND, NOW, actor, open_claim, person

LATER = NOW + timedelta(hours=2)


def _to(session, person) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.recipient_id == person.id).order_by(OutboxMessage.id)
    return list(session.scalars(query))


def _decide(session, who, approve=True, reason=None, when=LATER):
    return service.decide(session, actor=actor(who, when), kind=CLAIM_KIND, entity_id=1, approve=approve, reason=reason)


def test_opening_builds_the_steps_and_asks_only_the_first_level(session, staff):
    approval = open_claim(session, staff.ana, 1)
    assert [(s.level, s.approver.name, s.rule, s.status) for s in approval.steps] == [
        (1, "Maria", "manager", "pending"), (2, "Adam", "finance", "waiting"), (2, "Fiona", "finance", "waiting"),
        (3, "Hana", "hr", "waiting"),
    ]  # fmt: skip
    [card] = _to(session, staff.maria)
    assert card.entity_type == "test_claim" and "Claim from Ana" in card.text
    assert any(block["type"] == "actions" for block in card.blocks or [])
    assert _to(session, staff.fiona) == []


def test_each_level_in_turn_then_the_hook_once(session, staff):
    open_claim(session, staff.ana, 1)
    first = _decide(session, staff.maria)
    assert (first.final, first.approval.current_level) == (False, 2)
    assert "Maria approved your request (Claim #1). It now waits for Adam, Fiona." in _to(session, staff.ana)[-1].text
    assert len(_to(session, staff.fiona)) == 1 and len(_to(session, staff.adam)) == 1
    settled = [m for m in _to(session, staff.maria) if m.kind == "update"]
    assert settled and "✅ Approved by Maria (manager)" in settled[-1].text and "⏳ Waiting for" in settled[-1].text
    second = _decide(session, staff.fiona)
    assert second.approval.current_level == 3
    assert [s.status for s in second.approval.steps if s.level == 2] == [StepStatus.SKIPPED, StepStatus.APPROVED]
    last = _decide(session, staff.hana)
    assert last.final and last.approval.status == ApprovalStatus.APPROVED
    assert [m.text for m in _to(session, staff.ana)][-1] == "claim approved"
    with pytest.raises(errors.AlreadyApproved):
        _decide(session, staff.hana)


def test_a_rejection_needs_a_reason_and_ends_the_chain(session, staff):
    open_claim(session, staff.ana, 1)
    with pytest.raises(errors.ReasonRequired):
        _decide(session, staff.maria, approve=False)
    decision = _decide(session, staff.maria, approve=False, reason="no budget")
    assert decision.final and decision.approval.status == ApprovalStatus.REJECTED
    assert {s.status for s in decision.approval.steps if s.level > 1} == {StepStatus.SKIPPED}
    assert _to(session, staff.ana)[-1].text == "claim rejected"


@pytest.mark.parametrize("who", ["ana", "oscar", "fiona"])
def test_only_someone_in_the_step_decides(session, staff, who):
    open_claim(session, staff.ana, 1)
    with pytest.raises(NotAllowed) as caught:
        _decide(session, getattr(staff, who))
    if who == "ana":
        assert isinstance(caught.value, errors.DecideOwnRequest)
    else:
        assert caught.value.message("en") == "Only Maria (or HR) can decide this now."


def test_the_requester_never_decides_even_as_hr(session, staff):
    service.open_approval(session, actor=actor(staff.hana), kind=CLAIM_KIND, entity_id=1, requester=staff.hana,
                          facts={"amount": 1})  # fmt: skip
    with pytest.raises(errors.DecideOwnRequest):
        _decide(session, staff.hana)


def test_hr_decides_only_as_a_recorded_override(session, staff):
    open_claim(session, staff.ana, 1)
    decision = _decide(session, staff.hana)
    step = decision.step
    assert (step.decided_by_id, step.on_behalf_of_id, step.decided_as) == (staff.hana.id, staff.maria.id, "override")
    assert decision.override
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "approval.step_approved")).one()
    assert entry.actor_label == "hana@corp.example for maria@corp.example"
    settled = [m for m in _to(session, staff.maria) if m.kind == "update"][-1]
    assert "Approved by Hana (HR) on behalf of Maria" in settled.text


def test_an_admin_whose_earlier_steps_others_decided_may_still_override_a_later_one(session, staff):
    """Adam manages Pia and sits in finance: HR decided his manager step for him and Fiona the finance one. He
    approved nothing, yet deciding HR's step (as admin) was refused with "Fiona already approved this"."""
    pia = person("Pia", staff.adam)
    session.add(pia)
    session.flush()
    open_claim(session, pia, 7)

    def approve(who):
        return service.decide(session, actor=actor(who, LATER), kind=CLAIM_KIND, entity_id=7, approve=True, reason=None)

    first = approve(staff.hana)  # Adam's manager step, decided by HR for him
    assert first.step is not None and first.step.decided_as == DecidedAs.OVERRIDE
    assert approve(staff.fiona).approval.current_level == 3
    final = approve(staff.adam)
    assert final.step is not None and final.step.decided_as == DecidedAs.OVERRIDE
    assert (final.on_behalf_of, final.final) == (staff.hana, True)


def test_whoever_approved_an_earlier_level_still_decides_no_later_one(session, staff):
    open_claim(session, staff.ana, 1)
    service.decide(session, actor=actor(staff.adam, LATER), kind=CLAIM_KIND, entity_id=1, approve=True, reason=None)
    _decide(session, staff.fiona)
    with pytest.raises(errors.DecidedEarlierLevel):
        _decide(session, staff.adam)  # he approved Maria's level for her, as admin


def test_a_second_approve_after_ones_own_step_moved_on_says_who_decided_it(session, staff):
    """Fiona's "approve" sent twice in her card's thread: the second reached the next level (HR's) and was told "You
    approved an earlier step of this request, so this step needs someone else" (seen once in a race test under CI):
    she has no seat at that level, so it is her own step's outcome, "Fiona already approved this"."""
    open_claim(session, staff.ana, 1)
    _decide(session, staff.maria)
    _decide(session, staff.fiona)
    with pytest.raises(errors.AlreadyApproved) as again:
        _decide(session, staff.fiona)
    assert "Fiona already approved this" in again.value.message("en")


def test_a_delegate_decides_on_behalf_and_every_card_says_so(session, staff):
    service.set_delegate(session, actor=actor(staff.maria), delegator=staff.maria, delegate=staff.olga,
                         start=date(2026, 11, 25), end=date(2026, 11, 30))  # fmt: skip
    assert (
        "Maria asked you to approve on their behalf from Nov 25, 2026 to Nov 30, 2026"
        in _to(session, staff.olga)[0].text
    )
    open_claim(session, staff.ana, 1)
    card = _to(session, staff.olga)[-1]
    assert "You decide this on behalf of Maria (your delegation runs until Nov 30, 2026)." in str(card.blocks)
    decision = _decide(session, staff.olga)
    assert (decision.step.decided_as, decision.on_behalf_of) == (DecidedAs.DELEGATE, staff.maria)
    settled = [m for m in _to(session, staff.maria) if m.kind == "update"][-1]
    assert "✅ Approved by Olga on behalf of Maria (manager)" in settled.text


def test_a_delegation_only_counts_on_its_days(session, staff):
    service.set_delegate(session, actor=actor(staff.maria), delegator=staff.maria, delegate=staff.olga,
                         start=date(2026, 12, 1), end=date(2026, 12, 4))  # fmt: skip
    open_claim(session, staff.ana, 1)
    with pytest.raises(errors.NotInStep):
        _decide(session, staff.olga)  # Nov 25: not yet
    assert _decide(session, staff.olga, when=NOW + timedelta(days=7)).on_behalf_of == staff.maria


@pytest.mark.parametrize(
    ("who", "delegate", "start", "end", "error"),
    [
        ("oscar", "olga", date(2026, 12, 1), date(2026, 12, 2), errors.DelegateNotAllowed),  # someone else's
        ("maria", "maria", date(2026, 12, 1), date(2026, 12, 2), errors.DelegateToSelf),
        ("maria", "olga", date(2026, 12, 5), date(2026, 12, 2), errors.DelegateDates),
        ("maria", "olga", date(2026, 11, 1), date(2026, 11, 2), errors.DelegateDates),  # over already
    ],
)
def test_delegation_rules(session, staff, who, delegate, start, end, error):
    with pytest.raises(error):
        service.set_delegate(session, actor=actor(getattr(staff, who)), delegator=staff.maria,
                             delegate=getattr(staff, delegate), start=start, end=end)  # fmt: skip


def test_hr_sets_a_delegate_for_someone_and_both_are_told(session, staff):
    service.set_delegate(session, actor=actor(staff.hana), delegator=staff.maria, delegate=staff.olga,
                         start=date(2026, 12, 1), end=date(2026, 12, 4))  # fmt: skip
    assert "Hana (HR) set Olga to approve on your behalf" in _to(session, staff.maria)[-1].text
    assert queries.delegators_of(session, staff.olga, date(2026, 12, 2)) == {staff.maria.id}


def test_withdrawal_closes_the_approval_and_a_later_click_says_so(session, staff):
    open_claim(session, staff.ana, 1)
    assert service.withdraw(session, actor=actor(staff.ana), kind=CLAIM_KIND, entity_id=1)
    with pytest.raises(errors.AlreadyWithdrawn) as caught:
        _decide(session, staff.maria)
    assert caught.value.message("en").startswith("Nothing changed: Ana withdrew this on Nov 25, 2026")
    assert not service.withdraw(session, actor=actor(staff.ana), kind=CLAIM_KIND, entity_id=1)
