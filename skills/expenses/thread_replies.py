"""Answering in the thread of a message about a claim, as people do in Slack: a receipt shared there (a file in
Slack, a file path in the terminal) is attached to the claim; under an "information requested" message, the
employee's answer sends the claim back to the same step."""

from __future__ import annotations

import re
from functools import partial

from skills.base import SkillDeps
from skills.clicks import entity_id, refused_click
from skills.core import Context, Reply, SharedFile, SkillRegistry
from skills.errors import DomainError
from skills.expenses import decisions, service
from skills.expenses.config import ExpensesConfig
from skills.expenses.drafts import PATH
from skills.expenses.models import ENTITY, ClaimStatus
from skills.expenses.queries import get_claim, info_asker
from skills.expenses.receipts import store, store_path
from skills.expenses.rules import Receipt
from skills.expenses.withdrawal import withdraw_offer
from skills.i18n import translate

WITHDRAW = re.compile(r"^\s*(?:withdraw|withdraw it|cancel it|retirar|ret[ií]rala|anular)\s*[.!]?\s*$", re.I)


def _attached(context: Context, claim_id: int, receipt: Receipt) -> list[Reply]:
    claim = service.attach_receipt(context.session, actor=context.actor, claim_id=claim_id, receipt=receipt)
    replies = [Reply(text=translate(context.lang, "expenses.receipt_added", name=receipt.path.rsplit("/", 1)[-1][:16],
                                    id=claim.id))]  # fmt: skip
    if claim.duplicate_of_id is not None and claim.receipt_sha256 == receipt.sha256:
        replies.append(Reply(text=translate(context.lang, "expenses.receipt_duplicate", other=claim.duplicate_of_id)))
    return replies


def on_file(deps: SkillDeps[ExpensesConfig], context: Context, card_entity: str, file: SharedFile
            ) -> list[Reply] | None:  # fmt: skip
    """A file shared under a message about a claim is its receipt."""
    claim_id = entity_id(card_entity)
    if claim_id is None:
        return None
    try:
        receipt = store(file.content, home=deps.config.backoffice_home, max_bytes=deps.config.receipt_max_bytes,
                        lang=context.lang, declared_type=file.mimetype or file.name)  # fmt: skip
        return _attached(context, claim_id, receipt)
    except DomainError as error:
        return refused_click(context, error)


def on_reply(deps: SkillDeps[ExpensesConfig], context: Context, card_entity: str, text: str) -> list[Reply] | None:
    """A file path (the terminal's receipt), or the employee's answer while information is requested."""
    claim_id = entity_id(card_entity)
    claim = get_claim(context.session, claim_id) if claim_id is not None else None
    if claim is None:
        return None
    try:
        if PATH.fullmatch(text.strip()):
            receipt = store_path(text, home=deps.config.backoffice_home, max_bytes=deps.config.receipt_max_bytes,
                                 lang=context.lang)  # fmt: skip
            return _attached(context, claim.id, receipt)
        if claim.employee_id != context.employee.id:
            return decisions.in_thread(context, claim, text)
        if WITHDRAW.match(text):  # the claim with its Withdraw button: the button writes
            return withdraw_offer(context, claim)
        if claim.status == ClaimStatus.INFO_REQUESTED:
            asker = info_asker(context.session, claim)
            service.answer_info(context.session, actor=context.actor, claim=claim, answer=text.strip(), asker=asker)
            name = asker.name if asker is not None else "-"
            return [Reply(text=translate(context.lang, "expenses.info.back", id=claim.id, name=name))]
    except DomainError as error:
        return refused_click(context, error)
    return None


def register(registry: SkillRegistry, deps: SkillDeps[ExpensesConfig]) -> None:
    """Take receipts and answers in the threads of messages about claims."""
    registry.on_thread_file(ENTITY, partial(on_file, deps))
    registry.on_thread_reply(ENTITY, partial(on_reply, deps))
