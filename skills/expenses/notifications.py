"""Who is told what, as outbox rows in the caller's transaction: the employee at each step (in their language),
the asker when information comes back, each employee once when their claims are paid, and the monthly receipt
reminder. Approvers' cards are the approval engine's; the claim's own extras ride on them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from db.models import Employee
from db.outbox import Entity, enqueue
from skills.expenses.messages import money, payable_text
from skills.expenses.models import ENTITY, ExpenseClaim
from skills.i18n import translate, translate_count


def about(claim: ExpenseClaim) -> Entity:
    """The outbox entity of a claim (replies in its messages' threads come back to the skill)."""
    return Entity(ENTITY, claim.id)


def tell_employee(session: Session, claim: ExpenseClaim, key: str, **params: object) -> None:
    """Tell the claim's owner ``key`` in their language, in a message about the claim (so they can answer in it)."""
    text = translate(claim.lang, key, id=claim.id, **params)
    enqueue(session, text=text, recipient=claim.employee, entity=about(claim))


def receipt_prompt(session: Session, claim: ExpenseClaim) -> None:
    """After a claim without a receipt: a message about the claim in the employee's DM, under which the receipt can
    be shared later (Slack) or its path given (terminal)."""
    tell_employee(session, claim, "expenses.receipt_later")


def tell(session: Session, person: Employee, claim: ExpenseClaim, key: str, **params: object) -> None:
    """Tell ``person`` ``key`` about ``claim`` in their language."""
    text = translate(person.language, key, id=claim.id, **params)
    enqueue(session, text=text, recipient=person, entity=about(claim))


def decided(session: Session, claim: ExpenseClaim, *, approved: bool, reason: str) -> None:
    """The final decision, told to the employee (a lower approved amount says how much and why)."""
    lang = claim.lang
    amount = money(claim.amount, claim.currency, lang)
    if not approved:
        tell_employee(session, claim, "expenses.told.rejected", amount=amount, reason=reason or "-")
    elif claim.approved_amount is not None and claim.approved_amount < claim.converted_amount:
        tell_employee(session, claim, "expenses.told.approved_less", reason=reason or "-",
                      approved=money(claim.approved_amount, claim.office_currency, lang),
                      claimed=money(claim.converted_amount, claim.office_currency, lang))  # fmt: skip
    else:
        tell_employee(session, claim, "expenses.told.approved", amount=amount)


def paid(session: Session, employee: Employee, claims: Sequence[ExpenseClaim]) -> None:
    """One message per employee for all their claims paid in one go."""
    lang = employee.language
    amount = payable_text(claims, lang, " + ")
    ids = ", ".join(f"#{claim.id}" for claim in claims)
    text = translate_count(lang, "expenses.told.paid", len(claims), amount=amount, ids=ids)
    enqueue(session, text=text, recipient=employee, entity=Entity(ENTITY, claims[0].id))


def receipt_reminder(session: Session, employee: Employee, claims: Sequence[ExpenseClaim]) -> None:
    """The monthly reminder of an employee's claims still without a receipt."""
    ids = ", ".join(f"#{claim.id}" for claim in claims)
    text = translate_count(employee.language, "expenses.told.receipt_reminder", len(claims), ids=ids)
    enqueue(session, text=text, recipient=employee, entity=Entity(ENTITY, claims[0].id))
