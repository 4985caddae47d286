"""Expense commands: submit a checked draft, attach a receipt, confirm "not a duplicate", ask for and give more
information (the claim returns to the same step), withdraw, the engine's final decision, export to payroll and
mark paid. Keyword-only arguments, an ``Actor``; each change is a conditional ``transition()`` with its audit row
and its notifications in the same transaction."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from db.audit import record
from db.models import Employee
from db.outbox import enqueue_update
from skills.approvals import queries as approval_queries
from skills.approvals import service as approvals
from skills.common.time import local_today
from skills.common.transition import transition
from skills.core import Actor
from skills.expenses import notifications
from skills.expenses.approval import EXPENSE_APPROVAL, NEEDS_FINANCE, at_finance
from skills.expenses.errors import (
    ApprovedAboveClaimed,
    ClaimNotFound,
    ClaimNotOpen,
    NotFinance,
    NotYourClaim,
    ReasonRequired,
)
from skills.expenses.models import ENTITY, OPEN_STATUSES, ClaimStatus, ExpenseClaim
from skills.expenses.queries import claims_waiting_for_answer, get_claim, info_asker, is_finance, possible_duplicates
from skills.expenses.rules import Assessment, ClaimDraft, Receipt
from skills.i18n import translate


def _audit(session: Session, actor: Actor, claim: ExpenseClaim, action: str, before: Mapping[str, object] | None,
           after: Mapping[str, object]) -> None:  # fmt: skip
    record(session, action=f"expense.{action}", entity_type=ENTITY, entity_id=claim.id,
           before=dict(before) if before is not None else None, after=dict(after),
           via=actor.via, actor=actor.employee, actor_label=actor.label)  # fmt: skip


def _claim(session: Session, claim_id: int) -> ExpenseClaim:
    claim = get_claim(session, claim_id)
    if claim is None:
        raise ClaimNotFound()
    return claim


def not_open(claim: ExpenseClaim, lang: str) -> ClaimNotOpen:
    """The error for a claim that moved on, naming where it is now."""
    return ClaimNotOpen(status=translate(lang, f"expenses.status.{claim.status}"))


def submit(
    session: Session, *, actor: Actor, draft: ClaimDraft, assessment: Assessment, thread_key: str, lang: str
) -> ExpenseClaim:
    """Write the claim as pending approval (rules already checked on ``draft``), with its audit row."""
    assert draft.category is not None
    conversion = assessment.conversion
    receipt = draft.receipt
    duplicate = assessment.duplicates[0].id if assessment.duplicates else None
    claim = ExpenseClaim(
        employee_id=draft.employee.id, category_id=draft.category.id, amount=draft.amount, currency=draft.currency,
        converted_amount=conversion.amount, office_currency=conversion.currency, rate=conversion.rate,
        rate_date=conversion.rate_date, rate_source=conversion.source, merchant=draft.merchant,
        expense_date=draft.expense_date, description=draft.description, country=draft.country,
        distance=draft.distance, distance_unit=draft.distance_unit,
        receipt_path=receipt.path if receipt else None, receipt_sha256=receipt.sha256 if receipt else None,
        receipt_type=receipt.content_type if receipt else None, receipt_size=receipt.size if receipt else None,
        no_receipt_reason="" if receipt else draft.no_receipt_reason, justification=draft.justification,
        over_limit=assessment.over_limit, needs_finance=assessment.needs_finance, duplicate_of_id=duplicate,
        status=ClaimStatus.PENDING, lang=lang, via=actor.via, thread_key=thread_key, created_at=actor.when,
    )  # fmt: skip
    session.add(claim)
    session.flush()
    _audit(session, actor, claim, "submitted", None, {
        "amount": str(claim.amount), "currency": claim.currency, "converted": str(claim.converted_amount),
        "office_currency": claim.office_currency, "rate": str(claim.rate), "category": draft.category.code,
        "over_limit": claim.over_limit, "duplicate_of": duplicate, "receipt": claim.receipt_sha256,
    })  # fmt: skip
    employee = actor.employee or draft.employee
    approval = approvals.open_approval(session, actor=actor, kind=EXPENSE_APPROVAL, entity_id=claim.id,
                                       requester=employee, facts={NEEDS_FINANCE: claim.needs_finance})  # fmt: skip
    transition(session, claim, approval_id=approval.id)
    if receipt is None and claim.status == ClaimStatus.PENDING:
        notifications.receipt_prompt(session, claim)
    return claim


def attach_receipt(session: Session, *, actor: Actor, claim_id: int, receipt: Receipt) -> ExpenseClaim:
    """Attach (or replace) the receipt of one's own live claim; the same file on another claim marks a duplicate."""
    claim = _claim(session, claim_id)
    if actor.employee is None or claim.employee_id != actor.employee.id:
        raise NotYourClaim()
    live = (*OPEN_STATUSES, ClaimStatus.APPROVED)
    before = {"receipt": claim.receipt_sha256}
    others = possible_duplicates(session, employee_id=claim.employee_id, amount=claim.amount, currency=claim.currency,
                                 merchant="", expense_date=claim.expense_date, receipt_sha256=receipt.sha256,
                                 exclude=claim.id)  # fmt: skip
    values: dict[str, object] = {"receipt_path": receipt.path, "receipt_sha256": receipt.sha256,
                                 "receipt_type": receipt.content_type, "receipt_size": receipt.size}  # fmt: skip
    if others and claim.duplicate_of_id is None:
        values["duplicate_of_id"] = others[0].id
    if not transition(session, claim, ExpenseClaim.status.in_(live), **values):
        raise not_open(claim, actor.employee.language)
    _audit(session, actor, claim, "receipt_attached", before, {"receipt": receipt.sha256, "type": receipt.content_type,
                                                               "size": receipt.size})  # fmt: skip
    return claim


def check_approver(session: Session, actor: Actor, claim: ExpenseClaim, *, finance: bool = False) -> None:
    """The actor may decide the claim's current step (the engine's rules: never the requester, the step's approver,
    their delegate, or HR/admin as a recorded override); ``finance``: and the step is finance's."""
    person = actor.employee
    approval = approval_queries.approval_of(session, ENTITY, claim.id)
    if person is None or approval is None:
        raise ClaimNotFound()
    if finance and not at_finance(approval):
        raise NotFinance()
    permission = approval_queries.can_decide(session, approval, person, local_today(person.timezone, actor.when))
    if permission.refusal is not None:
        raise permission.refusal


def redraw_cards(session: Session, claim: ExpenseClaim) -> int:
    """Redraw the approvers' cards that still have buttons (after a change to the claim they show); how many."""
    approval = approval_queries.approval_of(session, ENTITY, claim.id)
    if approval is None:
        return 0
    count = 0
    for message, viewer in approval_queries.cards_about(session, approval):
        if message.blocks and any(block.get("type") == "actions" for block in message.blocks):
            text, blocks = EXPENSE_APPROVAL.card(session, approval, viewer) if EXPENSE_APPROVAL.card else ("", [])
            enqueue_update(session, message, text=text, blocks=blocks)
            count += 1
    return count


def confirm_not_duplicate(session: Session, *, actor: Actor, claim: ExpenseClaim) -> bool:
    """Record that an approver checked the claim is not a duplicate (once); False when someone already did."""
    check_approver(session, actor, claim)
    assert actor.employee is not None
    done = transition(session, claim, ExpenseClaim.not_duplicate_by_id.is_(None),
                      ExpenseClaim.status.in_(OPEN_STATUSES), not_duplicate_by_id=actor.employee.id)  # fmt: skip
    if done:
        _audit(session, actor, claim, "not_duplicate", {"duplicate_of": claim.duplicate_of_id},
               {"confirmed_by": actor.label})  # fmt: skip
        redraw_cards(session, claim)
    return done


def request_info(session: Session, *, actor: Actor, claim: ExpenseClaim, question: str) -> ExpenseClaim:
    """An approver asks the employee for more information: pending → info requested (the step stays the same)."""
    check_approver(session, actor, claim)
    assert actor.employee is not None
    if not question.strip():
        raise ReasonRequired()
    if not transition(session, claim, ExpenseClaim.status == ClaimStatus.PENDING, status=ClaimStatus.INFO_REQUESTED):
        raise not_open(claim, actor.employee.language)
    _audit(session, actor, claim, "info_requested", {"status": ClaimStatus.PENDING},
           {"status": ClaimStatus.INFO_REQUESTED, "question": question[:1000]})  # fmt: skip
    notifications.tell_employee(session, claim, "expenses.info.asked", name=actor.employee.name,
                                question=question[:1000])  # fmt: skip
    return claim


def answer_info(session: Session, *, actor: Actor, claim: ExpenseClaim, answer: str, asker: Employee | None
                ) -> ExpenseClaim:  # fmt: skip
    """The employee answers: info requested → pending, back at the same step; the asker is told the answer."""
    if actor.employee is None or claim.employee_id != actor.employee.id:
        raise NotYourClaim()
    if not transition(session, claim, ExpenseClaim.status == ClaimStatus.INFO_REQUESTED, status=ClaimStatus.PENDING):
        raise not_open(claim, actor.employee.language)
    _audit(session, actor, claim, "info_given", {"status": ClaimStatus.INFO_REQUESTED},
           {"status": ClaimStatus.PENDING, "answer": answer[:1000]})  # fmt: skip
    if asker is not None:
        notifications.tell(session, asker, claim, "expenses.info.answered", name=claim.employee.name,
                           answer=answer[:1000])  # fmt: skip
    return claim


def set_approved_amount(session: Session, *, actor: Actor, claim: ExpenseClaim, amount: Decimal, reason: str) -> None:
    """Finance approves less than claimed (in the office's currency), with a reason; the decision follows."""
    check_approver(session, actor, claim, finance=True)
    assert actor.employee is not None
    if not reason.strip():
        raise ReasonRequired()
    if amount <= 0 or amount > claim.converted_amount:
        raise ApprovedAboveClaimed(claimed=f"{claim.converted_amount} {claim.office_currency}")
    if not transition(session, claim, ExpenseClaim.status == ClaimStatus.PENDING, approved_amount=amount,
                      decision_reason=reason[:1000]):  # fmt: skip
        raise not_open(claim, actor.employee.language)
    _audit(session, actor, claim, "amount_reduced", {"amount": str(claim.converted_amount)},
           {"approved_amount": str(amount), "reason": reason[:1000]})  # fmt: skip


def approve_less(session: Session, *, actor: Actor, claim: ExpenseClaim, amount: Decimal, reason: str) -> None:
    """Finance approves a lower amount with a reason: the amount is set, then the engine records the approval."""
    set_approved_amount(session, actor=actor, claim=claim, amount=amount, reason=reason)
    approvals.decide(session, actor=actor, kind=EXPENSE_APPROVAL, entity_id=claim.id, approve=True, reason=reason)


def decide(session: Session, *, actor: Actor, claim: ExpenseClaim, approve: bool, reason: str | None,
           overrides: bool = True) -> None:  # fmt: skip
    """Approve or reject the claim's current step through the engine (it re-checks who may)."""
    approvals.decide(session, actor=actor, kind=EXPENSE_APPROVAL, entity_id=claim.id, approve=approve, reason=reason,
                     overrides=overrides)  # fmt: skip


def settle(session: Session, *, actor: Actor, claim: ExpenseClaim, approved: bool, reason: str) -> None:
    """The approval's final outcome on the claim: pending → approved or rejected, and the employee told."""
    status = ClaimStatus.APPROVED if approved else ClaimStatus.REJECTED
    values: dict[str, object] = {"status": status, "decided_at": actor.when}
    if reason and not claim.decision_reason:
        values["decision_reason"] = reason[:1000]
    if not transition(session, claim, ExpenseClaim.status.in_(OPEN_STATUSES), **values):
        raise not_open(claim, claim.lang)
    _audit(session, actor, claim, str(status), {"status": ClaimStatus.PENDING},
           {"status": status, "reason": reason, "approved_amount": str(claim.payable)})  # fmt: skip
    notifications.decided(session, claim, approved=approved, reason=claim.decision_reason or reason)


def withdraw_claim(session: Session, *, actor: Actor, claim: ExpenseClaim) -> list[Employee]:
    """The employee takes back their open claim (the engine closes its approval first); its approvers' cards lose
    their buttons and whoever was to decide is told. Returns who was told."""
    if actor.employee is None or claim.employee_id != actor.employee.id:
        raise NotYourClaim()
    approval = approval_queries.approval_of(session, ENTITY, claim.id)
    deciders = approval_queries.deciders_waited_for(approval) if approval is not None else []
    before = {"status": claim.status}
    if not approvals.withdraw(session, actor=actor, kind=EXPENSE_APPROVAL, entity_id=claim.id):
        session.refresh(claim)
        raise not_open(claim, actor.employee.language)
    if not transition(session, claim, ExpenseClaim.status.in_(OPEN_STATUSES), status=ClaimStatus.WITHDRAWN,
                      decided_at=actor.when):  # fmt: skip
        raise not_open(claim, actor.employee.language)
    _audit(session, actor, claim, "withdrawn", before, {"status": ClaimStatus.WITHDRAWN})
    approvals.settle_cards(session, kind=EXPENSE_APPROVAL, entity_id=claim.id, now=actor.when)
    for person in deciders:
        what = EXPENSE_APPROVAL.describe(session, approval, person.language) if approval is not None else ""
        notifications.tell(session, person, claim, "expenses.told.withdrawn", name=claim.employee.name, what=what)
    return deciders


def export_claims(session: Session, *, actor: Actor, claims: Sequence[ExpenseClaim]) -> tuple[str, list[ExpenseClaim]]:
    """Mark ``claims`` exported (approved → exported) under one batch id; the ones this call exported."""
    batch = secrets.token_hex(6)
    done = [claim for claim in claims if transition(session, claim, ExpenseClaim.status == ClaimStatus.APPROVED,
                                                    status=ClaimStatus.EXPORTED, exported_at=actor.when,
                                                    export_batch=batch)]  # fmt: skip
    for claim in done:
        _audit(session, actor, claim, "exported", {"status": ClaimStatus.APPROVED},
               {"status": ClaimStatus.EXPORTED, "batch": batch})  # fmt: skip
    return batch, done


def mark_paid(session: Session, *, actor: Actor, claim_ids: Sequence[int]) -> list[ExpenseClaim]:
    """Exported → paid for these claims; each employee told once about all of theirs; the ones this call paid."""
    if actor.employee is not None and not is_finance(actor.employee):
        raise NotFinance()
    paid: list[ExpenseClaim] = []
    for claim_id in claim_ids:
        claim = get_claim(session, claim_id)
        if claim is not None and transition(session, claim, ExpenseClaim.status == ClaimStatus.EXPORTED,
                                            status=ClaimStatus.PAID, paid_at=actor.when):  # fmt: skip
            _audit(session, actor, claim, "paid", {"status": ClaimStatus.EXPORTED}, {"status": ClaimStatus.PAID})
            paid.append(claim)
    by_employee: dict[int, list[ExpenseClaim]] = defaultdict(list)
    for claim in paid:
        by_employee[claim.employee_id].append(claim)
    for claims in by_employee.values():
        notifications.paid(session, claims[0].employee, claims)
    return paid


def remind_receipts(session: Session, *, actor: Actor, claims: Sequence[ExpenseClaim], month: str) -> int:
    """Mark each claim reminded for ``month`` (conditionally) and tell each employee once; how many employees."""
    reminded: dict[int, list[ExpenseClaim]] = defaultdict(list)
    for claim in claims:
        fresh = ExpenseClaim.receipt_reminded.is_(None) | (ExpenseClaim.receipt_reminded != month)
        if transition(session, claim, fresh, ExpenseClaim.receipt_sha256.is_(None), receipt_reminded=month):
            reminded[claim.employee_id].append(claim)
    for owned in reminded.values():
        notifications.receipt_reminder(session, owned[0].employee, owned)
    return len(reminded)


def month_of(day: date) -> str:
    """``YYYY-MM`` of a day."""
    return f"{day.year:04d}-{day.month:02d}"


# --- leavers ----------------------------------------------------------------------------------------------------


def return_unanswered(session: Session, *, actor: Actor, claim: ExpenseClaim, source: str) -> bool:
    """A claim waiting for its leaver's answer goes back to its step (info requested → pending), audited as done by
    the directory file, and whoever asked hears that no answer will come; False when it moved on already."""
    if not transition(session, claim, ExpenseClaim.status == ClaimStatus.INFO_REQUESTED, status=ClaimStatus.PENDING):
        return False
    record(session, action="expense.info_unanswered", entity_type=ENTITY, entity_id=claim.id,
           before={"status": ClaimStatus.INFO_REQUESTED}, after={"status": ClaimStatus.PENDING,
           "why": "the employee left"}, via=actor.via, actor=actor.employee, actor_label=source)  # fmt: skip
    asker = info_asker(session, claim)
    if asker is not None and not asker.active:
        asker = approval_queries.stand_in_for(asker)
    if asker is not None:
        notifications.tell(session, asker, claim, "expenses.info.left", name=claim.employee.name)
    return True


def settle_leavers_claims(session: Session, leavers: Sequence[Employee], actor: Actor, source: str) -> None:
    """The ``on_employees_left`` hook: a leaver's claims stay in approval (what the company owes them is paid with
    their final settlement), but none keeps waiting for an answer they will not give."""
    for employee in leavers:
        for claim in claims_waiting_for_answer(session, employee.id):
            return_unanswered(session, actor=actor, claim=claim, source=source)
