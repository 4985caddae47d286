"""Pure functions from loaded claims, assessments and policy clauses to Block Kit and text: the preview's fields and
notes, the claim card approvers see, claim lists, totals tables and the finance queue. No session, no query."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from skills.blocks import button, context_block, section_block
from skills.core import Blocks, Capability
from skills.expenses.messages import day, money, payable_text, rate, round_money
from skills.expenses.models import ExpenseCategory, ExpenseClaim
from skills.expenses.policy import Clause
from skills.expenses.rules import Assessment, ClaimDraft
from skills.i18n import translate, translate_count

NOT_DUPLICATE = "expenses.not_duplicate"
APPROVE_LESS = "expenses.approve_less"
ASK_INFO = "expenses.ask_info"
WITHDRAW = "expenses.withdraw"
EXPORT_PAYROLL = "expenses.export_payroll"
MARK_PAID = "expenses.mark_paid"
MAX_BATCHES = 5
APPROVE_LESS_VIEW = "expenses.approve_less_view"
ASK_INFO_VIEW = "expenses.ask_info_view"
AMOUNT, REASON, QUESTION = "amount", "reason", "question"
MAX_LINES = 20


@dataclass(frozen=True)
class Card:
    """A message: its plain text (notifications, screen readers) and its blocks."""

    text: str
    blocks: Blocks


def capability(lang: str, taxi: Decimal, dinner: Decimal, currency: str) -> Capability:
    """The help card's line for expenses, its examples in the asker's office currency."""
    example = translate(
        lang,
        "expenses.capability.example",
        taxi=round_money(taxi, currency, lang),
        dinner=round_money(dinner, currency, lang),
    )
    return Capability(translate(lang, "expenses.capability.title"), example)


def converted_text(assessment: Assessment, lang: str) -> str:
    """The converted amount with the ECB rate and its day (saying so when it is an earlier day's)."""
    conversion = assessment.conversion
    amount = money(conversion.amount, conversion.currency, lang)
    if conversion.rate_date is None:
        return amount
    key = "expenses.converted_earlier" if conversion.earlier_day else "expenses.converted"
    return translate(lang, key, amount=amount, rate=rate(conversion.rate, lang), day=day(conversion.rate_date, lang))


def limit_text(assessment: Assessment, category: ExpenseCategory, lang: str) -> str:
    """Which limit applies and what is left of it, in the office's currency."""
    check = assessment.limit
    if check is None:
        return translate(lang, "expenses.no_limit")
    currency = assessment.conversion.currency
    per = translate(lang, f"expenses.per.{category.per}")
    values = {"limit": money(check.limit, currency, lang), "per": per, "left": money(check.left, currency, lang),
              "days": check.days, "allowed": money(check.allowed, currency, lang)}  # fmt: skip
    return translate(lang, "expenses.limit_nights" if check.days > 1 else "expenses.limit_line", **values)


STAND_IN_REASONS = ("no_manager", "no_manager_finance", "manager_on_leave", "manager_inactive")


def receipt_kind(path: str) -> str:
    """What kind of file a stored receipt is, as its reader names it: ``PNG``, ``PDF`` (its stored name is a hash)."""
    return Path(path).suffix.lstrip(".").upper() or "?"


def approvers_text(
    manager: str | None,
    finance_why: str | None,
    lang: str,
    *,
    stand_in: str | None = None,
    params: dict[str, str] | None = None,
) -> str:
    """Who approves: the manager (or who stands in, and why: no manager on file, the manager away or gone), then
    finance and why."""
    if manager is None:
        first = translate(lang, "expenses.approvers.none")
    elif stand_in in STAND_IN_REASONS:
        values = params or {}
        until = day(date.fromisoformat(values["until"]), lang) if values.get("until") else ""
        first = translate(lang, f"expenses.approvers.{stand_in}", name=manager, manager=values.get("manager", ""),
                          until=until)  # fmt: skip
    else:
        first = translate(lang, "expenses.approvers.manager", name=manager)
    if finance_why is None:
        return first
    return f"{first}, {translate(lang, 'expenses.approvers.finance', why=finance_why)}"


def finance_reason(assessment: Assessment, over: Decimal, lang: str) -> str | None:
    """Why finance approves after the manager (over the threshold, a policy exception), or None."""
    if not assessment.needs_finance:
        return None
    if assessment.over_limit:
        return translate(lang, "expenses.approvers.finance_exception")
    return translate(lang, "expenses.approvers.finance_over", amount=money(over, assessment.conversion.currency, lang))


def quote(clause: Clause, lang: str) -> str:
    """A clause of the policy, quoted with its citation."""
    return translate(lang, "expenses.policy_quote", quote=clause.quote, citation=clause.citation)


def preview_fields(draft: ClaimDraft, assessment: Assessment, approvers: str, lang: str,
                   mileage_rate: str | None = None) -> list[tuple[str, str]]:  # fmt: skip
    """The labelled values of the preview card; a distance paid at ``mileage_rate`` says how, beside the amount."""
    category = draft.category
    assert category is not None
    fields = [(translate(lang, "expenses.label.money"), money(draft.amount, draft.currency, lang))]
    if mileage_rate and draft.distance is not None:
        fields.append((translate(lang, "expenses.label.distance"),
                       translate(lang, "expenses.mileage_detail", distance=draft.distance,
                                 unit=draft.distance_unit or "", rate=mileage_rate)))  # fmt: skip
    if draft.currency != assessment.conversion.currency:
        label = translate(lang, "expenses.label.converted", currency=assessment.conversion.currency)
        fields.append((label, converted_text(assessment, lang)))
    fields += [
        (translate(lang, "expenses.label.category"), category.label(lang)),
        (translate(lang, "expenses.label.date"), day(draft.expense_date, lang)),
    ]
    if draft.distance is not None and not mileage_rate:
        fields.append((translate(lang, "expenses.label.distance"), f"{draft.distance} {draft.distance_unit or ''}"))
    if draft.merchant:
        fields.append((translate(lang, "expenses.label.merchant"), draft.merchant))
    if draft.description:
        fields.append((translate(lang, "expenses.label.description"), draft.description[:300]))
    fields.append((translate(lang, "expenses.label.limit"), limit_text(assessment, category, lang)))
    receipt = draft.receipt
    shown = (translate(lang, "expenses.receipt_attached", kind=receipt_kind(receipt.path),
                       size=max(1, -(-receipt.size // 1024)))  # KB rounded up: a small photo is not "0 KB"
             if receipt else translate(lang, "expenses.receipt_missing"))  # fmt: skip
    fields.append((translate(lang, "expenses.label.receipt"), shown))
    if draft.justification:
        fields.append((translate(lang, "expenses.label.justification"), draft.justification[:300]))
    if draft.no_receipt_reason and receipt is None:
        fields.append((translate(lang, "expenses.label.no_receipt_reason"), draft.no_receipt_reason[:300]))
    fields.append((translate(lang, "expenses.label.approvers"), approvers))
    return fields


def warnings(assessment: Assessment, clauses: Sequence[Clause], lang: str, has_receipt: bool) -> list[str]:
    """The card's notes: over the limit, receipt required, possible duplicates, each limit or receipt warning with
    the clause of the policy behind it."""
    notes: list[str] = []
    currency = assessment.conversion.currency
    if assessment.over_limit and assessment.limit is not None:
        over = assessment.conversion.amount - assessment.limit.left
        notes.append(translate(lang, "expenses.over_limit", over=money(over, currency, lang)))
    if assessment.receipt_required and not has_receipt and assessment.receipt_over is not None:
        over = assessment.receipt_over
        notes.append(translate(lang, "expenses.receipt_required", over=money(over, currency, lang)) if over
                     else translate(lang, "expenses.receipt_always"))  # fmt: skip
    notes += [quote(clause, lang) for clause in clauses]
    for other in assessment.duplicates[:3]:
        what = f"{day(other.expense_date, lang)}, {money(other.amount, other.currency, lang)}"
        notes.append(translate(lang, "expenses.duplicate", id=other.id, what=f"{what}, {other.merchant}".strip(", ")))
    return notes


def claim_line(claim: ExpenseClaim, lang: str) -> str:
    """One claim in a list: id, day, category, amount, merchant and status."""
    merchant = f" · {claim.merchant}" if claim.merchant else ""
    return translate(lang, "expenses.claim_line", id=claim.id, day=day(claim.expense_date, lang),
                     category=claim.category.label(lang), amount=money(claim.amount, claim.currency, lang),
                     merchant=merchant, status=translate(lang, f"expenses.status.{claim.status}"))  # fmt: skip


def claims_card(title: str, claims: Sequence[ExpenseClaim], lang: str, empty: str) -> Card:
    """A titled list of claims (or the empty message)."""
    if not claims:
        return Card(empty, [section_block(empty)])
    lines = [claim_line(claim, lang) for claim in claims[:MAX_LINES]]
    text = "\n".join([f"*{title}*", *lines])
    return Card(text, [section_block(text)])


def withdraw_card(claims: Sequence[ExpenseClaim], lang: str) -> Card:
    """The employee's open claims, each with a Withdraw button (Slack asks "are you sure?" first); at most five."""
    shown = claims[:5]
    title = translate(lang, "expenses.withdraw.title")
    text = "\n".join([f"*{title}*", *(claim_line(claim, lang) for claim in shown)])
    buttons = [withdraw_button(claim, lang) for claim in shown]
    return Card(text, [section_block(text), {"type": "actions", "block_id": "expenses.withdraw", "elements": buttons}])


def payroll_card(claims: Sequence[ExpenseClaim], lang: str) -> Card:
    """The approved claims waiting for payroll, with the button that exports them (Slack asks "are you sure?")."""
    count = len(claims)
    text = translate_count(lang, "expenses.payroll.offer", count, total=payable_text(claims, lang))
    built = button(translate(lang, "expenses.payroll.button"), EXPORT_PAYROLL, str(count), "primary")
    built["confirm"] = {
        "title": {"type": "plain_text", "text": translate(lang, "expenses.payroll.confirm_title")[:100]},
        "text": {"type": "plain_text", "text": translate(lang, "expenses.payroll.confirm_text")[:300]},
        "confirm": {"type": "plain_text", "text": translate(lang, "expenses.payroll.button")[:30]},
        "deny": {"type": "plain_text", "text": translate(lang, "expenses.payroll.confirm_no")[:30]},
    }
    return Card(text, [section_block(text), {"type": "actions", "block_id": EXPORT_PAYROLL, "elements": [built]}])


def mark_paid_button(batch: str, count: int, lang: str) -> dict[str, Any]:
    """The button that marks one payroll export's claims paid, with Slack's "are you sure?" naming how many."""
    built = button(translate(lang, "expenses.button.mark_paid"), f"{MARK_PAID}.{batch}", batch, "primary")
    built["confirm"] = {
        "title": {"type": "plain_text", "text": translate(lang, "expenses.paid.confirm_title")[:100]},
        "text": {"type": "plain_text", "text": translate_count(lang, "expenses.paid.confirm_text", count)[:300]},
        "confirm": {"type": "plain_text", "text": translate(lang, "expenses.button.mark_paid")[:30]},
        "deny": {"type": "plain_text", "text": translate(lang, "expenses.payroll.confirm_no")[:30]},
    }
    return built


def exported_card(text: str, batch: str, count: int, lang: str) -> Card:
    """The answer to the Export press: what went into the file, and the button to mark it paid once payroll ran."""
    return Card(text, [section_block(text), {"type": "actions", "block_id": MARK_PAID,
                                             "elements": [mark_paid_button(batch, count, lang)]}])  # fmt: skip


def batch_line(claims: Sequence[ExpenseClaim], lang: str) -> str:
    """One payroll export waiting to be marked paid: when, how many claims, what they pay, and their ids."""
    exported = claims[0].exported_at
    when = day(exported.date(), lang) if exported is not None else "?"
    ids = ", ".join(f"#{claim.id}" for claim in claims[:MAX_LINES]) + (" …" if len(claims) > MAX_LINES else "")
    return translate_count(lang, "expenses.paid.batch_line", len(claims), day=when, total=payable_text(claims, lang),
                           ids=ids)  # fmt: skip


def unpaid_card(lead: str, batches: dict[str, list[ExpenseClaim]], lang: str) -> Card:
    """``lead`` (a result, or the title) above the payroll exports not marked paid yet, each with its Mark paid
    button (the oldest first, at most five)."""
    shown = list(batches.items())[:MAX_BATCHES]
    blocks: Blocks = [section_block(lead)]
    lines = [lead]
    for batch, claims in shown:
        line = batch_line(claims, lang)
        lines.append(line)
        block = section_block(line)
        block["accessory"] = mark_paid_button(batch, len(claims), lang)
        blocks.append(block)
    if len(batches) > MAX_BATCHES:
        more = translate(lang, "expenses.paid.more", count=len(batches) - MAX_BATCHES)
        lines.append(more)
        blocks.append(context_block(more))
    return Card("\n".join(lines), blocks)


def withdraw_button(claim: ExpenseClaim, lang: str) -> dict[str, Any]:
    """The button that withdraws ``claim``, with Slack's confirmation dialog naming it."""
    built = button(translate(lang, "expenses.withdraw.button", id=claim.id), f"{WITHDRAW}.{claim.id}", str(claim.id),
                   "danger")  # fmt: skip
    built["confirm"] = {
        "title": {"type": "plain_text", "text": translate(lang, "expenses.withdraw.confirm_title")[:100]},
        "text": {"type": "plain_text", "text": claim_line(claim, lang)[:300]},
        "confirm": {"type": "plain_text", "text": translate(lang, "expenses.withdraw.confirm_yes")[:30]},
        "deny": {"type": "plain_text", "text": translate(lang, "expenses.withdraw.confirm_no")[:30]},
    }
    return built


def totals_table(rows: Sequence[tuple[str, str, Decimal]], labels: dict[str, str], lang: str) -> str:
    """A monospaced table: category, total; a total line per currency."""
    width = max([len(labels.get(code, code)) for code, _, _ in rows] + [10])
    lines = [f"{labels.get(code, code):<{width}}  {money(total, currency, lang):>14}" for code, currency, total in rows]
    sums: dict[str, Decimal] = {}
    for _, currency, total in rows:
        sums[currency] = sums.get(currency, Decimal(0)) + total
    lines.append("-" * (width + 16))
    name = translate(lang, "expenses.totals.total")
    lines += [f"{name:<{width}}  {money(total, currency, lang):>14}" for currency, total in sorted(sums.items())]
    return "```\n" + "\n".join(lines) + "\n```"


def totals_card(title: str, rows: Sequence[tuple[str, str, Decimal]], labels: dict[str, str], lang: str,
                empty: str) -> Card:  # fmt: skip
    """Totals by category under a title (or the empty message)."""
    if not rows:
        return Card(empty, [section_block(empty)])
    text = f"*{title}*\n{totals_table(rows, labels, lang)}"
    return Card(text, [section_block(text)])


def duplicate_line(other: ExpenseClaim, lang: str) -> str:
    """The earlier claim a claim may duplicate, as an approver reads it: who, when, how much."""
    return f"{other.employee.name}, {day(other.expense_date, lang)}, {money(other.amount, other.currency, lang)}"


QUOTED_CHARS = 300
"""How much of a person's justification or reason an approver's card quotes (the claim keeps it all): a long one
filled the card's 3000 characters and cut off the lines after it, a possible duplicate among them."""


def _quoted(text: str) -> str:
    return text if len(text) <= QUOTED_CHARS else text[: QUOTED_CHARS - 1].rstrip() + "…"


def approval_summary(claim: ExpenseClaim, lang: str) -> list[str]:
    """The lines an approver reads about a claim: who, how much (and converted), what, when, flags, duplicates."""
    amount = money(claim.amount, claim.currency, lang)
    if claim.currency != claim.office_currency:
        amount += f" ≈ {money(claim.converted_amount, claim.office_currency, lang)}"
    lines = [translate(lang, "expenses.card.title", name=claim.employee.name, amount=amount,
                       category=claim.category.label(lang))]  # fmt: skip
    details = [f"#{claim.id}", day(claim.expense_date, lang), claim.merchant, claim.description[:200]]
    lines.append(" · ".join(part for part in details if part))
    if claim.over_limit:
        lines.append(translate(lang, "expenses.card.flag_over", why=_quoted(claim.justification) or "-"))
    if not claim.has_receipt and claim.no_receipt_reason:
        lines.append(translate(lang, "expenses.card.flag_no_receipt", why=_quoted(claim.no_receipt_reason)))
    if claim.duplicate_of_id is not None:
        if claim.not_duplicate_by is not None:
            lines.append(translate(lang, "expenses.card.not_duplicate_by", name=claim.not_duplicate_by.name))
        else:
            other = claim.duplicate_of
            what = "" if other is None else f" ({duplicate_line(other, lang)})"
            lines.append(translate(lang, "expenses.card.duplicate", id=claim.duplicate_of_id, what=what))
    return lines


def approval_blocks(claim: ExpenseClaim, lang: str, *, finance_step: bool) -> Blocks:
    """The claim's own buttons on an approver's card: "Not a duplicate" while unconfirmed, and for finance "Approve
    less" and "Ask for info"."""
    elements: list[dict[str, Any]] = []
    if claim.duplicate_of_id is not None and claim.not_duplicate_by_id is None:
        elements.append(button(translate(lang, "expenses.button.not_duplicate"), NOT_DUPLICATE, str(claim.id)))
    if finance_step:
        elements.append(button(translate(lang, "expenses.button.approve_less"), APPROVE_LESS, str(claim.id)))
        elements.append(button(translate(lang, "expenses.button.ask_info"), ASK_INFO, str(claim.id)))
    blocks: Blocks = [section_block("\n".join(approval_summary(claim, lang)))]
    if elements:
        blocks.append({"type": "actions", "block_id": f"expenses.claim.{claim.id}", "elements": elements})
    return blocks


def submitted_text(claim: ExpenseClaim, lang: str) -> str:
    """What the employee is told after Confirm."""
    key = "expenses.submitted_with_receipt" if claim.has_receipt else "expenses.submitted"
    return translate(lang, key, id=claim.id, amount=money(claim.amount, claim.currency, lang))


def check_card(title: str, verdict: str, notes: Sequence[str], fields: Sequence[tuple[str, str]]) -> Card:
    """The answer to "can I expense this?": the verdict, the facts and the clauses; nothing to confirm."""
    body = "\n".join(f"*{label}*: {value}" for label, value in fields)
    blocks: Blocks = [section_block(f"*{title}*\n{verdict}"), section_block(body)]
    blocks += [context_block(note) for note in notes]
    return Card("\n".join([title, verdict, body, *notes]), blocks)


def chart_caption(start: date, end: date, lang: str) -> str:
    """The title of the team-spend table and chart."""
    return translate(lang, "expenses.team.title", start=day(start, lang), end=day(end, lang))


TEXT_LIMIT = 1000
"""The most a modal's text input takes: what the service keeps of a reason, a question or an answer."""


def _input(block_id: str, label: str, multiline: bool = False) -> dict[str, Any]:
    return {"type": "input", "block_id": block_id, "label": {"type": "plain_text", "text": label[:2000]},
            "element": {"type": "plain_text_input", "action_id": block_id, "multiline": multiline,
                        "max_length": TEXT_LIMIT}}  # fmt: skip


def _modal(callback_id: str, title: str, claim_id: int, lang: str, blocks: Blocks) -> dict[str, Any]:
    return {
        "type": "modal", "callback_id": callback_id,
        "title": {"type": "plain_text", "text": title[:24]},
        "submit": {"type": "plain_text", "text": translate(lang, "expenses.modal.send")[:24]},
        "close": {"type": "plain_text", "text": translate(lang, "expenses.modal.cancel")[:24]},
        "private_metadata": f'{{"claim_id": {claim_id}}}', "blocks": blocks,
    }  # fmt: skip


def approve_less_modal(claim: ExpenseClaim, lang: str) -> dict[str, Any]:
    """Finance's modal: the amount approved (in the office's currency, at most the claimed one) and why."""
    claimed = money(claim.converted_amount, claim.office_currency, lang)
    return _modal(APPROVE_LESS_VIEW, translate(lang, "expenses.button.approve_less"), claim.id, lang, [
        section_block("\n".join(approval_summary(claim, lang))),
        _input(AMOUNT, translate(lang, "expenses.modal.amount", claimed=claimed)),
        _input(REASON, translate(lang, "expenses.modal.reason"), multiline=True),
    ])  # fmt: skip


def ask_info_modal(claim: ExpenseClaim, lang: str) -> dict[str, Any]:
    """An approver's modal: what to ask the employee."""
    return _modal(ASK_INFO_VIEW, translate(lang, "expenses.button.ask_info"), claim.id, lang, [
        section_block("\n".join(approval_summary(claim, lang))),
        _input(QUESTION, translate(lang, "expenses.modal.question"), multiline=True),
    ])  # fmt: skip
