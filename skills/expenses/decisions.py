"""Approvers acting on a claim beyond the engine's Approve / Reject: "Not a duplicate", finance's "Approve less"
(an amount and a reason) and "Ask for info" (the employee answers in the thread and the claim returns to the same
step) — as buttons with a modal in Slack, or written in the card's thread ("approve 80: only the taxi",
"info: who attended?", "aprobar 80: …", "pregunta: …"); decision words there go to the engine."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from skills.approvals.words import read_decision
from skills.clicks import refused_click, stale_click
from skills.common.extract import Money, find_money, parse_amount
from skills.core import Action, Context, Reply
from skills.errors import DomainError
from skills.expenses import service, views
from skills.expenses.errors import ApprovedAboveClaimed, ApproveInOtherCurrency, ClaimNotFound, ReasonRequired
from skills.expenses.messages import money
from skills.expenses.models import ClaimStatus, ExpenseClaim
from skills.expenses.queries import get_claim
from skills.expenses.rates import CENT
from skills.i18n import translate

APPROVE_LESS = re.compile(r"^\s*(?:approve|aprobar|apruebo|aprueba)\s+(?P<amount>[-−+]?\s*(?P<before>[€$£])?\s*[-−+]?"
                          r"\d[\d.,]*)\s*(?P<after>[€$£]|(?-i:[A-Z]{3})\b)?\s*(?:[:,-]\s*)?(?P<reason>.*)$",
                          re.I | re.S)  # fmt: skip
"""An approve word with an amount: approving less, whatever follows ("approve 80", "approve -5: x", "approve €80
only the taxi"), so a written amount never approves the whole claim by falling through to the decision words."""
ASK_INFO = re.compile(r"^\s*(?:info|information|question|pregunta|informaci[oó]n)\s*[:,-]\s*(?P<question>.+)$",
                      re.I | re.S)  # fmt: skip


def _claim(context: Context, claim_id: int) -> ExpenseClaim:
    claim = get_claim(context.session, claim_id)
    if claim is None:
        raise ClaimNotFound()
    return claim


def amount_of(raw: str, claim: ExpenseClaim) -> Decimal:
    """An approved amount as written (either decimal convention), or ApprovedAboveClaimed when it is unreadable."""
    number = re.sub(r"[\s€$£+]", "", raw)
    try:
        value = None if "-" in number or "−" in number else parse_amount(number)
    except InvalidOperation:
        value = None
    if value is None:
        raise ApprovedAboveClaimed(claimed=f"{claim.converted_amount} {claim.office_currency}")
    return value


def currency_written(mark: str | None, claim: ExpenseClaim) -> str:
    """The ISO code of the symbol or code written next to an approved amount (none: the office's currency; "$" is
    the dollar of the office's currency family first, as everywhere else)."""
    if not mark:
        return claim.office_currency
    found = [m for m in find_money(f"{mark}1" if mark in "€$£" else f"1 {mark}",
                                   default_currency=claim.office_currency) if isinstance(m, Money)]  # fmt: skip
    return found[0].currency if found else mark.upper()


def in_office_currency(value: Decimal, currency: str, claim: ExpenseClaim) -> Decimal:
    """An approved amount written in the office's currency as it is, or in the claim's own currency at the claim's
    rate (the one its card shows, so "approve £500" of a £600 claim pays five sixths of it); any other currency is
    refused (ApproveInOtherCurrency) rather than converted at some other day's rate."""
    if currency == claim.office_currency:
        return value
    if currency == claim.currency and claim.rate:
        if value == claim.amount:  # the whole claim: its converted amount to the cent, whatever the rate's rounding
            return claim.converted_amount
        return (value * claim.rate).quantize(CENT, rounding=ROUND_HALF_UP)
    raise ApproveInOtherCurrency(written=currency, office=claim.office_currency, claimed=claim.currency)


# --- buttons ----------------------------------------------------------------------------------------------------


def not_duplicate(context: Context, action: Action, claim_id: int) -> list[Reply]:
    """An approver confirms the claim is not a duplicate (recorded); the cards get their Approve button."""
    claim = _claim(context, claim_id)
    service.confirm_not_duplicate(context.session, actor=context.actor, claim=claim)
    return [Reply(text=translate(context.lang, "expenses.not_duplicate_ack", id=claim.id), ephemeral=True)]


def approve_less(context: Context, action: Action, claim_id: int) -> list[Reply]:
    """Finance: the modal for the amount and the reason (Slack), or how to write it in the thread."""
    claim = _claim(context, claim_id)
    service.check_approver(context.session, context.actor, claim, finance=True)
    if context.via == "slack":
        return [Reply(text=translate(context.lang, "expenses.approve_less.prompt"),
                      modal=views.approve_less_modal(claim, context.lang), ephemeral=True)]  # fmt: skip
    return [Reply(text=translate(context.lang, "expenses.approve_less.prompt"))]


def ask_info(context: Context, action: Action, claim_id: int) -> list[Reply]:
    """An approver: the modal for the question (Slack), or how to write it in the thread."""
    claim = _claim(context, claim_id)
    service.check_approver(context.session, context.actor, claim)
    if context.via == "slack":
        return [Reply(text=translate(context.lang, "expenses.info.prompt"),
                      modal=views.ask_info_modal(claim, context.lang), ephemeral=True)]  # fmt: skip
    return [Reply(text=translate(context.lang, "expenses.info.prompt"))]


# --- what they say ------------------------------------------------------------------------------------------------


def _approved_less(context: Context, claim: ExpenseClaim, raw: str, reason: str, mark: str | None = None
                   ) -> list[Reply]:  # fmt: skip
    written = amount_of(raw, claim)
    currency = currency_written(mark, claim)
    amount = in_office_currency(written, currency, claim)
    service.approve_less(context.session, actor=context.actor, claim=claim, amount=amount, reason=reason.strip())
    shown = money(amount, claim.office_currency, context.lang)
    if currency != claim.office_currency:
        shown = f"{money(written, currency, context.lang)} → {shown}"
    return [Reply(text=translate(context.lang, "expenses.approve_less.done", amount=shown, id=claim.id))]


def _asked(context: Context, claim: ExpenseClaim, question: str) -> list[Reply]:
    service.request_info(context.session, actor=context.actor, claim=claim, question=question.strip())
    return [Reply(text=translate(context.lang, "expenses.info.sent", name=claim.employee.name, id=claim.id))]


def _decided(context: Context, claim: ExpenseClaim, approve: bool, reason: str | None) -> list[Reply]:
    service.decide(context.session, actor=context.actor, claim=claim, approve=approve, reason=reason,
                   overrides=False)  # fmt: skip
    if claim.status == ClaimStatus.PENDING:
        return [Reply(text=translate(context.lang, "expenses.decided.next", id=claim.id))]
    key = "expenses.decided.approved" if claim.status == ClaimStatus.APPROVED else "expenses.decided.rejected"
    return [Reply(text=translate(context.lang, key, id=claim.id))]


def in_thread(context: Context, claim: ExpenseClaim, text: str) -> list[Reply] | None:
    """An approver writing under the claim's card: approve less, ask for information, or a decision word."""
    try:
        less = APPROVE_LESS.match(text)
        if less is not None:
            return _approved_less(context, claim, less["amount"], less["reason"], less["before"] or less["after"])
        asked = ASK_INFO.match(text)
        if asked is not None:
            return _asked(context, claim, asked["question"])
        verdict = read_decision(text)
        if verdict is None:
            return None
        return _decided(context, claim, verdict.approve, verdict.reason)
    except DomainError as error:
        return refused_click(context, error)


# --- modals -----------------------------------------------------------------------------------------------------


def _modal_claim(context: Context, metadata: dict[str, Any]) -> ExpenseClaim | None:
    try:
        return get_claim(context.session, int(metadata.get("claim_id", 0)))
    except (TypeError, ValueError):
        return None


def submit_approve_less(context: Context, values: dict[str, str], metadata: dict[str, Any]
                        ) -> tuple[dict[str, str], list[Reply]]:  # fmt: skip
    """The approve-less modal: a bad amount or no reason are field errors; else approved."""
    claim = _modal_claim(context, metadata)
    if claim is None:
        return {}, stale_click(context)
    try:
        return {}, _approved_less(context, claim, values.get(views.AMOUNT, ""), values.get(views.REASON, ""))
    except ApprovedAboveClaimed as error:
        context.session.rollback()
        return {views.AMOUNT: error.message(context.lang)}, []
    except ReasonRequired as error:
        context.session.rollback()
        return {views.REASON: error.message(context.lang)}, []
    except DomainError as error:
        return {}, refused_click(context, error)


def submit_ask_info(context: Context, values: dict[str, str], metadata: dict[str, Any]
                    ) -> tuple[dict[str, str], list[Reply]]:  # fmt: skip
    """The ask-for-info modal: an empty question is a field error; else the employee is asked."""
    claim = _modal_claim(context, metadata)
    if claim is None:
        return {}, stale_click(context)
    try:
        return {}, _asked(context, claim, values.get(views.QUESTION, ""))
    except ReasonRequired as error:
        context.session.rollback()
        return {views.QUESTION: error.message(context.lang)}, []
    except DomainError as error:
        return {}, refused_click(context, error)
