"""Claims through the shared approval engine: the manager, then finance over FINANCE_APPROVAL_OVER or on a policy
exception; finance approves less with a reason or asks for information (the claim returns to the same step);
possible duplicates need "not a duplicate" first; cards updated, the employee told at each step; nobody outside
the step decides (a table of who may); fifty concurrent decisions make one."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from bot.terminal.render import render_blocks
from db.engine import Database
from db.models import Employee, OutboxMessage
from skills.approvals.errors import DecidedEarlierLevel
from skills.approvals.models import Approval, ApprovalStep
from skills.core import Actor, Reply
from skills.errors import DomainError, NotAllowed
from skills.expenses import service
from skills.expenses.errors import ApprovedAboveClaimed, DuplicateUnconfirmed, ReasonRequired
from skills.expenses.models import ExpenseClaim
from skills.i18n import unmarked
from tests.pinned import NOW

from .conftest import TERMINAL, claims, expenses_deps, make_claim, outbox, text_of


def cards_for(database: Database, person: Employee) -> list[OutboxMessage]:
    return [m for m in outbox(database, recipient_id=person.id) if m.kind == "post" and m.blocks]


def card_reply(message: OutboxMessage) -> Reply:
    return Reply(text=message.text, blocks=message.blocks)


def labels(message: OutboxMessage) -> list[str]:
    return [choice.label for choice in render_blocks(message.blocks or [])[1]]


def test_the_manager_approves_and_the_employee_is_told(harness, people):
    [preview] = harness.say(people.ana, "Uber to the office yesterday $22.40 at Uber")
    harness.press(people.ana, preview, "Confirm")
    [card] = cards_for(harness.database, people.mia)
    shown = text_of([card_reply(card)])
    assert "Ana claims $22.40 for Travel" in shown and labels(card) == ["Approve", "Reject"]
    [refused] = harness.press(people.ana, card_reply(card), "Approve")
    assert refused.ephemeral
    harness.press(people.mia, card_reply(card), "Approve")
    [claim] = claims(harness.database)
    assert claim.status == "approved" and claim.decided_at == NOW
    told = [m.text for m in outbox(harness.database, recipient_id=people.ana.id)]
    assert any(f"Your claim #{claim.id} ($22.40) was approved." in text for text in told)
    updates = [m for m in outbox(harness.database, kind="update") if m.update_of == card.id]
    assert updates and "Status: approved" in updates[-1].text


def test_over_the_threshold_finance_approves_a_lower_amount_with_a_reason(harness, people):
    harness.say(people.eva, "formación ayer 700 € en Udemy, curso de Python", origin=TERMINAL)
    [preview] = harness.say(people.eva, "la factura llega por correo", origin=TERMINAL)
    shown = text_of([preview])
    assert "Quién aprueba: tu responsable (Marta), después Finanzas (más de 500,00 €)" in shown
    harness.press(people.eva, preview, "Confirmar", origin=TERMINAL)
    [manager_card] = cards_for(harness.database, people.marta)
    harness.press(people.marta, card_reply(manager_card), "Aprobar")
    told = [m.text for m in outbox(harness.database, recipient_id=people.eva.id)]
    assert any("Marta aprobó tu solicitud (Formación · 700,00 €" in t and "Fran" in t for t in told)
    [finance_card] = cards_for(harness.database, people.fran)
    assert labels(finance_card) == ["Approve less", "Ask for info", "Approve", "Reject"]
    with harness.database.session() as session:
        claim = session.scalars(select(ExpenseClaim)).one()
        fran = Actor(session.get(Employee, people.fran.id), "slack", NOW)
        with pytest.raises(ApprovedAboveClaimed):
            service.approve_less(session, actor=fran, claim=claim, amount=Decimal("800"), reason="too much")
        session.rollback()
    with harness.database.session() as session:
        claim = session.scalars(select(ExpenseClaim)).one()
        fran = Actor(session.get(Employee, people.fran.id), "slack", NOW)
        with pytest.raises(ReasonRequired):
            service.approve_less(session, actor=fran, claim=claim, amount=Decimal("600"), reason=" ")
        session.rollback()
    with harness.database.session() as session:
        claim = session.scalars(select(ExpenseClaim)).one()
        service.approve_less(session, actor=Actor(session.get(Employee, people.fran.id), "slack", NOW), claim=claim,
                             amount=Decimal("600"), reason="the course cap is 600 €")  # fmt: skip
    [claim] = claims(harness.database)
    assert claim.status == "approved" and claim.approved_amount == Decimal("600.00") and claim.payable == 600
    told = [unmarked(m.text) for m in outbox(harness.database, recipient_id=people.eva.id)]  # the reason is quoted
    assert any("se ha aprobado por 600,00 € en lugar de 700,00 €: the course cap is 600 €" in t for t in told)


def test_finance_asks_for_information_and_the_claim_returns_to_the_same_step(harness, people, session):
    claim = make_claim(session, people.ana, "650", code="training", merchant="Coursera")
    service.decide(session, actor=Actor(session.get(Employee, people.mia.id), "slack", NOW), claim=claim,
                   approve=True, reason=None)  # fmt: skip
    session.commit()
    [finance_card] = cards_for(harness.database, people.fran)
    [hint] = harness.press(people.fran, card_reply(finance_card), "Ask for info", origin=TERMINAL)
    assert "info:" in hint.text
    with harness.database.session() as other:
        fran = Actor(other.get(Employee, people.fran.id), "terminal", NOW)
        service.request_info(other, actor=fran, claim=other.get(ExpenseClaim, claim.id), question="Which course?")
    asked = [m for m in outbox(harness.database, recipient_id=people.ana.id) if "Which course?" in m.text]
    assert len(asked) == 1 and claims(harness.database)[0].status == "info_requested"
    with harness.database.session() as other:
        ana = Actor(other.get(Employee, people.ana.id), "slack", NOW)
        found = other.get(ExpenseClaim, claim.id)
        service.answer_info(
            other, actor=ana, claim=found, answer="Advanced Python", asker=other.get(Employee, people.fran.id)
        )
    assert claims(harness.database)[0].status == "pending"
    assert any("Advanced Python" in m.text for m in outbox(harness.database, recipient_id=people.fran.id))
    with harness.database.session() as other:
        approval = other.scalars(select(Approval)).one()
        assert approval.current_level == 2  # the same step
    harness.press(people.fran, card_reply(finance_card), "Approve")
    assert claims(harness.database)[0].status == "approved"


def test_the_manager_cannot_pass_a_possible_duplicate_on_to_finance_unconfirmed(harness, people, session):
    """The manager's level of a claim that goes on to finance is refused too, however it is approved (the inbox's
    Approve, a thread reply): only the last level checked, so the manager passed it on without ever confirming. The
    card says which claim it may duplicate."""
    first = make_claim(session, people.ana, "640", merchant="Iberia", status="approved")
    second = make_claim(session, people.ana, "640", merchant="Iberia")
    session.commit()
    assert second.duplicate_of_id == first.id and second.needs_finance
    card = cards_for(harness.database, people.mia)[-1]
    assert f"Possible duplicate of claim #{first.id} (Ana" in card.text + str(card.blocks)
    with harness.database.session() as other:
        mia = Actor(other.get(Employee, people.mia.id), "slack", NOW)
        with pytest.raises(DuplicateUnconfirmed):
            service.decide(other, actor=mia, claim=other.get(ExpenseClaim, second.id), approve=True, reason=None)
        other.rollback()
    with harness.database.session() as other:
        assert other.scalars(select(Approval)).all()[-1].current_level == 1


def test_a_possible_duplicate_needs_not_a_duplicate_before_approval(harness, people, session):
    first = make_claim(session, people.ana, "22.40", merchant="Uber", status="approved")
    second = make_claim(session, people.ana, "22.40", merchant="Uber")
    session.commit()
    assert second.duplicate_of_id == first.id
    card = cards_for(harness.database, people.mia)[-1]
    assert labels(card) == ["Not a duplicate", "Reject"]
    with harness.database.session() as other:
        mia = Actor(other.get(Employee, people.mia.id), "slack", NOW)
        with pytest.raises(DuplicateUnconfirmed):
            service.decide(other, actor=mia, claim=other.get(ExpenseClaim, second.id), approve=True, reason=None)
        other.rollback()
    [ack] = harness.press(people.mia, card_reply(card), "Not a duplicate")
    assert "is not a duplicate" in ack.text
    redrawn = [m for m in outbox(harness.database, kind="update") if m.update_of == card.id][-1]
    assert labels(redrawn) == ["Approve", "Reject"] and "Confirmed not a duplicate by Mia" in redrawn.text + str(
        redrawn.blocks
    )
    harness.press(people.mia, Reply(text="", blocks=redrawn.blocks), "Approve")
    assert (
        claims(harness.database)[1].status == "approved"
        and claims(harness.database)[1].not_duplicate_by_id == people.mia.id
    )


def test_approvers_write_in_the_cards_thread(harness, people, session):
    claim = make_claim(session, people.eva, "40", currency="EUR", merchant="Renfe")
    session.commit()
    replies = harness.assistant.handle_card_thread_message  # the terminal's /reply goes through the same path
    del replies
    from skills.core import Context
    from skills.expenses.decisions import in_thread

    with harness.database.session() as other:
        marta = other.get(Employee, people.marta.id)
        context = Context(other, marta, "es", "slack", "D:1", NOW)
        found = other.get(ExpenseClaim, claim.id)
        assert found is not None
        answer = in_thread(context, found, "vale, aprobado")
        assert answer is not None
        [done] = answer
    assert f"Nota #{claim.id} aprobada." == done.text and claims(harness.database)[0].status == "approved"


def test_an_amount_written_after_approve_never_approves_the_whole_claim(harness, people, session):
    # "approve 80" (no reason), "approve -5: …" and "approve €80 only the taxi" did not read as approving less, so the
    # decision words approved all 650.00
    from skills.core import Context
    from skills.expenses.decisions import in_thread

    claim = make_claim(session, people.ana, "650", code="training", merchant="Coursera")
    service.decide(session, actor=Actor(session.get(Employee, people.mia.id), "slack", NOW), claim=claim,
                   approve=True, reason=None)  # fmt: skip
    session.commit()
    said = {
        "approve 80": "Please give a reason.",
        "approve -5: a typo": "more than zero and at most the claimed 650.00 USD",
        "approve $-5: a typo": "more than zero and at most the claimed 650.00 USD",
    }
    for text, refusal in said.items():
        with harness.database.session() as other:
            context = Context(other, other.get(Employee, people.fran.id), "en", "slack", "D:1", NOW)
            [answer] = in_thread(context, other.get(ExpenseClaim, claim.id), text) or []
            other.rollback()
        assert refusal in unmarked(answer.text) and claims(harness.database)[0].status == "pending", text
    with harness.database.session() as other:
        context = Context(other, other.get(Employee, people.fran.id), "en", "slack", "D:1", NOW)
        in_thread(context, other.get(ExpenseClaim, claim.id), "approve $80 only the course fee")
        other.commit()
    [approved] = claims(harness.database)
    assert (approved.status, approved.payable, approved.decision_reason) == ("approved", 80, "only the course fee")


def test_an_amount_in_another_currency_is_the_claims_own_at_its_rate_or_refused(harness, people, session):
    # "approve 80 USD" under a claim paid in EUR approved 80 EUR: the code after the amount was read and dropped
    from skills.core import Context
    from skills.expenses.decisions import in_thread

    claim = make_claim(session, people.eva, "600", currency="GBP", code="training", merchant="Coursera")
    marta = session.get(Employee, people.marta.id)
    service.decide(session, actor=Actor(marta, "slack", NOW), claim=claim, approve=True, reason=None)
    session.commit()
    assert (claim.office_currency, claim.currency) == ("EUR", "GBP")
    for text in ("approve 80 USD: only the course", "approve $80: only the course", "aprobar 80 CHF: solo el curso"):
        with harness.database.session() as other:
            context = Context(other, other.get(Employee, people.fran.id), "en", "slack", "D:1", NOW)
            [answer] = in_thread(context, other.get(ExpenseClaim, claim.id), text) or []
            other.rollback()
        shown = unmarked(answer.text)
        assert "EUR" in shown and "GBP" in shown and claims(harness.database)[0].status == "pending", (text, shown)
    with harness.database.session() as other:
        context = Context(other, other.get(Employee, people.fran.id), "en", "slack", "D:1", NOW)
        [done] = in_thread(context, other.get(ExpenseClaim, claim.id), "approve £500: one module only") or []
        other.commit()
    [approved] = claims(harness.database)
    expected = (Decimal(500) * approved.rate).quantize(Decimal("0.01"))
    assert (approved.status, approved.payable, approved.decision_reason) == ("approved", expected, "one module only")
    assert "£500.00" in unmarked(done.text) and f"{expected}" in unmarked(done.text).replace(",", "")


def test_the_employee_withdraws_an_open_claim(harness, people, session):
    claim = make_claim(session, people.ana, "20", merchant="Cab")
    session.commit()
    with harness.database.session() as other:
        service.withdraw_claim(other, actor=Actor(other.get(Employee, people.ana.id), "slack", NOW),
                               claim=other.get(ExpenseClaim, claim.id))  # fmt: skip
    assert claims(harness.database)[0].status == "withdrawn"
    with harness.database.session() as other:
        assert other.scalars(select(Approval)).one().status == "withdrawn"


def test_withdraw_claim_n_asks_first_then_withdraws_and_tells_the_approver(harness, people, session):
    # "withdraw claim 2" / "retira el gasto 2" were read as nothing or as "my claims": an employee could not take back
    # a pending claim outside its thread, and "withdraw" there wrote at once, the manager told nothing
    mine = make_claim(session, people.ana, "20", merchant="Cab")
    decided = make_claim(session, people.ana, "30", merchant="Lyft", status="approved")
    theirs = make_claim(session, people.eva, "10", currency="EUR")
    session.commit()
    [card] = harness.say(people.ana, f"withdraw claim {mine.id}", "expense.withdraw")
    assert labels(OutboxMessage(blocks=card.blocks)) == [f"Withdraw #{mine.id}"] and f"#{mine.id}" in card.text
    assert claims(harness.database)[0].status == "pending"  # nothing written before the button
    for claim, refusal in ((decided, "approved"), (theirs, "not one of your claims")):
        [answer] = harness.say(people.ana, f"withdraw claim {claim.id}", "expense.withdraw")
        assert refusal in unmarked(answer.text) and not answer.blocks, answer.text
    [other] = harness.press(people.otto, card, f"Withdraw #{mine.id}")
    assert other.ephemeral and claims(harness.database)[0].status == "pending"
    [done] = harness.press(people.ana, card, f"Withdraw #{mine.id}")
    assert f"Claim #{mine.id} withdrawn" in done.text and "Mia" in done.text
    assert claims(harness.database)[0].status == "withdrawn"
    told = [m.text for m in outbox(harness.database, recipient_id=people.mia.id) if not m.blocks]
    assert any(f"Ana withdrew claim #{mine.id}" in text for text in told), told
    [manager_card] = [m for m in cards_for(harness.database, people.mia) if m.entity_id == str(mine.id)]
    updates = [m for m in outbox(harness.database, kind="update") if m.update_of == manager_card.id]
    assert updates and "withdrawn" in updates[-1].text
    [again] = harness.press(people.ana, card, f"Withdraw #{mine.id}")
    assert "withdrawn" in unmarked(again.text) and again.ephemeral
    [nothing] = harness.say(people.ana, "retira el gasto", "expense.withdraw")
    assert "no" in nothing.text.lower() and not nothing.blocks


def test_withdraw_in_the_claims_thread_asks_first(harness, people, session):
    from skills.core import Context
    from skills.expenses.thread_replies import on_reply

    claim = make_claim(session, people.eva, "10", currency="EUR")
    session.commit()
    with harness.database.session() as other:
        context = Context(other, other.get(Employee, people.eva.id), "es", "slack", "D:1", NOW)
        [card] = on_reply(expenses_deps(harness.home), context, str(claim.id), "retirar") or []
        other.commit()
    assert labels(OutboxMessage(blocks=card.blocks)) == [f"Retirar #{claim.id}"]
    assert claims(harness.database)[0].status == "pending"


def test_the_manager_who_approved_cannot_approve_the_finance_step_as_a_delegate(harness, people, session):
    # finance delegated to the claimant's manager while away: the manager approved level 1, then got the finance card
    # "on behalf of" and approved level 2 too, one person approving a policy exception twice
    from datetime import timedelta

    from skills.approvals import queries as approval_queries
    from skills.approvals import service as approvals

    fran, mia = session.get(Employee, people.fran.id), session.get(Employee, people.mia.id)
    approvals.set_delegate(session, actor=Actor(fran, "slack", NOW), delegator=fran, delegate=mia,
                           start=NOW.date(), end=NOW.date() + timedelta(days=10))  # fmt: skip
    claim = make_claim(session, people.ana, "650", code="training", merchant="Coursera")
    service.decide(session, actor=Actor(mia, "slack", NOW), claim=claim, approve=True, reason=None)
    session.commit()
    approval = approval_queries.approval_of(session, "expense_claim", claim.id)
    assert approval is not None and approval.current_level == 2
    refusal = approval_queries.can_decide(session, approval, mia, NOW.date()).refusal
    assert isinstance(refusal, DecidedEarlierLevel) and "Fran" in unmarked(refusal.message("en"))
    assert approval_queries.inbox(session, mia, NOW) == []
    finance_cards = [m for m in cards_for(harness.database, people.mia) if m.entity_id == str(claim.id)
                     and "Approve less" in labels(m)]  # fmt: skip
    assert finance_cards == []
    with pytest.raises(DomainError):
        service.decide(session, actor=Actor(mia, "slack", NOW), claim=claim, approve=True, reason=None)
    assert approval_queries.can_decide(session, approval, fran, NOW.date()).refusal is None


# --- who may decide -------------------------------------------------------------------------------------------

MATRIX = [
    # (who, level, may decide)
    ("ana", 1, False),  # the requester, never
    ("mia", 1, True),  # the manager, at the manager's step
    ("fran", 1, False),  # finance is not the manager's step
    ("otto", 1, False),  # someone else
    ("hugo", 1, True),  # HR: a recorded override
    ("adam", 1, True),  # an admin: a recorded override
    ("ana", 2, False),
    ("mia", 2, False),  # the manager already decided their step
    ("fran", 2, True),  # finance at finance's step
    ("otto", 2, False),
    ("hugo", 2, True),
    ("adam", 2, True),
]


@pytest.mark.parametrize(("who", "level", "allowed"), MATRIX, ids=[f"{w}-level{lv}" for w, lv, _ in MATRIX])
def test_the_authorisation_matrix(session, people, who, level, allowed):
    claim = make_claim(session, people.ana, "650", code="training", merchant="Coursera")
    if level == 2:
        service.decide(session, actor=Actor(session.get(Employee, people.mia.id), "slack", NOW), claim=claim,
                       approve=True, reason=None)  # fmt: skip
    actor = Actor(session.get(Employee, getattr(people, who).id), "slack", NOW)
    try:
        service.check_approver(session, actor, claim)
        may = True
    except DomainError as refusal:
        assert isinstance(refusal, NotAllowed) or refusal.key, refusal
        may = False
    assert may is allowed
    if allowed:
        service.decide(session, actor=actor, claim=claim, approve=False, reason="checked")
        session.refresh(claim)
        assert claim.status == "rejected"
        step = session.scalars(select(ApprovalStep).where(ApprovalStep.status == "rejected")).one()
        assert step.decided_by_id == actor.id
        # HR decides for the approver as a recorded override; an admin holds the finance role, so at finance's step
        # the admin is one of its approvers
        assert (step.decided_as == "override") is (who == "hugo" or (who == "adam" and level == 1))


def test_finance_extras_are_finance_only(session, people):
    claim = make_claim(session, people.ana, "650", code="training", merchant="Coursera")
    mia = Actor(session.get(Employee, people.mia.id), "slack", NOW)
    with pytest.raises(DomainError):
        service.approve_less(session, actor=mia, claim=claim, amount=Decimal("100"), reason="less")


# --- fifty at once --------------------------------------------------------------------------------------------


def race(database: Database, actions: list[Any]) -> list[Any]:
    barrier = threading.Barrier(len(actions))
    outcomes: list[Any] = [None] * len(actions)

    def run(index: int, action: Any) -> None:
        barrier.wait()
        try:
            with database.session() as session:
                outcomes[index] = action(session)
        except Exception as error:
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_fifty_concurrent_decisions_on_one_step_make_one(database, people):
    with database.session() as session:
        claim_id = make_claim(session, people.ana, "30", merchant="Cab").id
    deciders = [people.mia, people.hugo, people.adam]

    def decide(index: int) -> Any:
        def action(session: Any) -> Any:
            who = session.get(Employee, deciders[index % 3].id)
            service.decide(session, actor=Actor(who, "slack", NOW), claim=session.get(ExpenseClaim, claim_id),
                           approve=index % 2 == 0, reason=f"reason {index}")  # fmt: skip
            return "decided"

        return action

    outcomes = race(database, [decide(i) for i in range(50)])
    assert outcomes.count("decided") == 1, [o for o in outcomes if o != "decided"][:3]
    assert all(isinstance(o, DomainError) for o in outcomes if o != "decided"), [
        repr(o) for o in outcomes if o != "decided" and not isinstance(o, DomainError)
    ][:3]
    with database.session() as session:
        claim = session.get(ExpenseClaim, claim_id)
        decided = session.scalars(select(ApprovalStep).where(ApprovalStep.status.in_(("approved", "rejected")))).all()
        assert len(decided) == 1 and claim.status in ("approved", "rejected")
        told = [m for m in session.scalars(select(OutboxMessage)) if m.recipient_id == people.ana.id
                and ("was approved" in m.text or "was rejected" in m.text)]  # fmt: skip
        assert len(told) == 1
