"""The expense.submit form: from a sentence (or the edit modal) to a preview card with the amount, its conversion,
the category, the date, the merchant, which limit applies and what is left of it, the receipt, who approves, and
the policy's clause behind every limit or receipt warning; Confirm checks every rule again and writes the claim."""

from __future__ import annotations

from collections.abc import Callable

from skills.approvals.queries import plan
from skills.base import SkillDeps
from skills.core import Context, Reply, SharedFile
from skills.expenses import service, views
from skills.expenses.approval import EXPENSE_APPROVAL, NEEDS_FINANCE
from skills.expenses.config import ExpensesConfig
from skills.expenses.drafts import MILEAGE_FROM, checked, draft_of, normalise
from skills.expenses.errors import CategoryUnknown, JustificationNeeded, ReceiptReasonNeeded
from skills.expenses.policy import Clause, clause_for
from skills.expenses.queries import categories_for
from skills.expenses.receipts import store
from skills.expenses.rules import Assessment, ClaimDraft
from skills.forms import Form, Preview, Slot, SlotKind, Slots
from skills.i18n import translate

SUBMIT = "expense.submit"
EXTRA = ("distance", "distance_unit", "nights", "mileage_rate", MILEAGE_FROM)

SLOTS = (
    Slot("money", SlotKind.MONEY, "expenses.ask.money", "expenses.label.money", extra_keys=EXTRA),
    Slot("category", SlotKind.TEXT, "expenses.ask.category", "expenses.label.category",
         extra_keys=("original_text",),  # the first sentence, for the company's own category names
         belongs=("merchant", "justification", "no_receipt_reason")),
    Slot("date", SlotKind.DATE, "expenses.ask.date", "expenses.label.date", required=False),
    Slot("merchant", SlotKind.TEXT, "expenses.ask.merchant", "expenses.label.merchant", required=False),
    Slot("description", SlotKind.TEXT, "expenses.ask.description", "expenses.label.description", required=False),
    Slot("justification", SlotKind.TEXT, "expenses.ask.justification", "expenses.label.justification",
         required=False),
    Slot("no_receipt_reason", SlotKind.TEXT, "expenses.ask.no_receipt_reason", "expenses.label.no_receipt_reason",
         required=False),
    Slot("receipt", SlotKind.TEXT, "expenses.ask.receipt", "expenses.label.receipt", required=False),
)  # fmt: skip

ClauseFinder = Callable[[str, str], "Clause | None"]


def clauses(deps: SkillDeps[ExpensesConfig], draft: ClaimDraft, assessment: Assessment, has_receipt: bool
            ) -> list[Clause]:  # fmt: skip
    """The policy's clauses behind the card's warnings: the category's limit when over it, the receipt rule when
    one is missing, the finance step when it applies; each quoted once."""
    assert draft.category is not None
    topics: list[str] = []
    if assessment.over_limit or (draft.category.code == "mileage" and draft.distance is not None):
        topics.append(draft.category.code)
    if assessment.receipt_required and not has_receipt:
        topics.append("receipt")
    found: list[Clause] = []
    for topic in topics:
        clause = clause_for(deps.knowledge, topic, draft.country)
        if clause is not None and clause not in found:
            found.append(clause)
    return found


def approvers(deps: SkillDeps[ExpensesConfig], context: Context, draft: ClaimDraft, assessment: Assessment) -> str:
    """Who approves, as the card says it: the manager, then finance when over the threshold or an exception."""
    lang = context.lang
    facts = {NEEDS_FINANCE: assessment.needs_finance}
    levels = plan(context.session, EXPENSE_APPROVAL, draft.employee, facts, context.today)
    first = ", ".join(step.approver.name for step in levels[0]) if levels else None
    stand_in = levels[0][0] if levels and levels[0] else None
    over = deps.config.finance_approval_over
    finance = views.finance_reason(assessment, over, lang) if len(levels) > 1 else None
    if stand_in is None:
        return views.approvers_text(first, finance, lang)
    return views.approvers_text(first, finance, lang, stand_in=stand_in.reason, params=stand_in.params)


def _draft(deps: SkillDeps[ExpensesConfig], context: Context, slots: Slots) -> tuple[ClaimDraft, Assessment]:
    draft = draft_of(deps.config, context.session, context.employee, slots)
    if draft.category is None:
        names = ", ".join(c.label(context.lang) for c in categories_for(context.session, context.employee.country))
        raise CategoryUnknown(names=names)
    try:
        return draft, checked(deps.config, context.session, draft, context.today)
    except (JustificationNeeded, ReceiptReasonNeeded) as warning:
        topic = "receipt" if isinstance(warning, ReceiptReasonNeeded) else draft.category.code
        clause = clause_for(deps.knowledge, topic, draft.country)
        if clause is not None:
            warning.params["clause"] = views.quote(clause, context.lang)
        raise


def preview(deps: SkillDeps[ExpensesConfig], context: Context, slots: Slots) -> Preview:
    """Check every rule and show what will be claimed, against which limit, approved by whom, and why."""
    lang = context.lang
    draft, assessment = _draft(deps, context, slots)
    assert draft.category is not None
    has_receipt = draft.receipt is not None
    fields = views.preview_fields(draft, assessment, approvers(deps, context, draft, assessment), lang,
                                  str(slots.get("mileage_rate") or "") or None)  # fmt: skip
    notes = views.warnings(assessment, clauses(deps, draft, assessment, has_receipt), lang, has_receipt)
    title = translate(lang, "expenses.preview.title", category=draft.category.label(lang))
    return Preview(title=title, fields=fields, note="\n".join(notes))


def commit(deps: SkillDeps[ExpensesConfig], context: Context, slots: Slots,
           on_submitted: Callable[..., None] | None = None) -> list[Reply]:  # fmt: skip
    """Check again and write the claim (pending approval); say so, with its number."""
    draft, assessment = _draft(deps, context, slots)
    claim = service.submit(context.session, actor=context.actor, draft=draft, assessment=assessment,
                           thread_key=context.thread_key, lang=context.lang)  # fmt: skip
    if on_submitted is not None:
        on_submitted(context, claim)
    return [Reply(text=views.submitted_text(claim, context.lang))]


def read_receipt(deps: SkillDeps[ExpensesConfig], context: Context, slots: Slots, file: SharedFile) -> Slots:
    """A file shared while claiming: checked, hashed and kept; it becomes the claim's receipt."""
    receipt = store(file.content, home=deps.config.backoffice_home, max_bytes=deps.config.receipt_max_bytes,
                    lang=context.lang, declared_type=file.mimetype or file.name)  # fmt: skip
    return {"receipt": receipt.path, "no_receipt_reason": ""}


def submit_form(deps: SkillDeps[ExpensesConfig], on_submitted: Callable[..., None] | None = None) -> Form:
    """The expense.submit form, bound to the skill's dependencies."""
    return Form(
        intent=SUBMIT,
        slots=SLOTS,
        preview=lambda context, slots: preview(deps, context, slots),
        commit=lambda context, slots: commit(deps, context, slots, on_submitted),
        on_file=lambda context, slots, file: read_receipt(deps, context, slots, file),
        normalise=lambda context, slots: normalise(
            deps.config, context.session, context.employee, context.today, slots
        ),
    )
