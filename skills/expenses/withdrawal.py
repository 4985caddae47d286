"""An employee takes back a claim still waiting for a decision: "withdraw claim 2", "retira el gasto 2" or "withdraw"
in the claim's thread show the claim with a Withdraw button (Slack asks "are you sure?"); only the button writes, and
whoever was to decide is told."""

from __future__ import annotations

import re

from skills.core import Action, Context, Reply, Request
from skills.expenses import queries, service, views
from skills.expenses.errors import ClaimNotFound
from skills.expenses.models import OPEN_STATUSES, ExpenseClaim
from skills.i18n import translate, translate_count

CLAIM_NUMBER = re.compile(r"(?:#|\b(?:claim|expense|nota|gasto|reclamaci[oó]n|n\.?º|number|n[uú]mero)\s*#?\s*)"
                          r"(\d{1,9})\b", re.I)  # fmt: skip
"""A claim named by its number: "#2", "claim 2", "el gasto 2", "la nota nº 2"."""


def withdraw_offer(context: Context, claim: ExpenseClaim | None, number: int | None = None) -> list[Reply]:
    """The claim (or, with none named, every open claim of the asker) with a Withdraw button each, or why not."""
    lang = context.lang
    person = context.employee
    if claim is None and number is not None:
        return [Reply(text=translate(lang, "expenses.withdraw.not_yours", id=number))]
    if claim is not None and claim.employee_id != person.id:
        return [Reply(text=translate(lang, "expenses.withdraw.not_yours", id=claim.id))]
    if claim is not None and claim.status not in OPEN_STATUSES:
        status = translate(lang, f"expenses.status.{claim.status}")
        return [Reply(text=translate(lang, "expenses.withdraw.closed", id=claim.id, status=status))]
    claims = [claim] if claim is not None else [
        c for c in queries.claims_of(context.session, person.id, limit=20) if c.status in OPEN_STATUSES]  # fmt: skip
    if not claims:
        return [Reply(text=translate(lang, "expenses.withdraw.none"))]
    card = views.withdraw_card(claims, lang)
    return [Reply(text=card.text, blocks=card.blocks)]


def withdraw(context: Context, request: Request) -> list[Reply]:
    """ "withdraw claim 2": that claim with its Withdraw button (nothing is written before it is pressed)."""
    named = CLAIM_NUMBER.search(request.text)
    number = int(named.group(1)) if named is not None else None
    claim = queries.get_claim(context.session, number) if number is not None else None
    return withdraw_offer(context, claim, number)


def withdraw_pressed(context: Context, action: Action, claim_id: int) -> list[Reply]:
    """The Withdraw button: the claim is withdrawn, its approvers' cards settled and the approvers told."""
    claim = queries.get_claim(context.session, claim_id)
    if claim is None:
        raise ClaimNotFound()
    told = service.withdraw_claim(context.session, actor=context.actor, claim=claim)
    lang = context.lang
    if not told:
        return [Reply(text=translate(lang, "expenses.withdrawn", id=claim.id))]
    names = ", ".join(person.name for person in told)
    return [Reply(text=translate_count(lang, "expenses.withdrawn_told", len(told), id=claim.id, names=names))]
