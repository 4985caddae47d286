"""The expenses skill's registration: thin adapters from expense.submit (a form), "can I expense this?"
(expense.check), my claims / the finance queue (expense.status) and totals / team spend (expense.report) to the
queries, the service and the views."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import partial

from db.models import Role
from skills.approvals.queries import plan
from skills.approvals.words import asks_who_approves
from skills.base import SkillDeps
from skills.clicks import on_entity, refused_click
from skills.common.extract import fold
from skills.common.extract.periods import report_period
from skills.core import Action, Blocks, Capability, Context, Reply, Request, SkillRegistry
from skills.errors import DomainError
from skills.expenses import decisions, queries, reports, thread_replies, views, withdrawal
from skills.expenses.approval import EXPENSE_APPROVAL, NEEDS_FINANCE
from skills.expenses.config import ExpensesConfig
from skills.expenses.drafts import assessed, draft_of, normalise
from skills.expenses.errors import CategoryUnknown
from skills.expenses.forms import approvers, clauses, submit_form
from skills.expenses.messages import day, money, round_money
from skills.expenses.models import OPEN_STATUSES
from skills.expenses.policy import clause_for
from skills.expenses.rates import about
from skills.i18n import translate

Deps = SkillDeps[ExpensesConfig]

QUEUE_WORDS = re.compile(r"\b(?:queue|cola)\b")
"""A queue named in a few words ("my queue", "la cola"): finance's, when finance asks."""
QUEUE_CUES = re.compile(r"\b(?:queue|cola|finance|finanzas|waiting for finance|pendientes de finanzas)\b")
TEAM_CUES = re.compile(r"\b(?:team|equipo|department|departamento|we|our|nuestro|nuestra)\b")
QUARTER_CUES = re.compile(r"\b(?:quarter|trimestre|q[1-4])\b")
MONEY_LESS = re.compile(r"\bfor (\d{1,3})\b|\bpara (\d{1,3})\b|\b(\d{1,3}) (?:people|personas)\b")


# --- can I expense this? ----------------------------------------------------------------------------------------


def check(deps: Deps, context: Context, request: Request) -> list[Reply]:
    """The limit check and the policy's clause for a spend someone is thinking of, with the approval it would need;
    nothing is written."""
    lang = context.lang
    slots = dict(request.slots)
    if not slots.get("amount") and not slots.get("distance"):
        return [Reply(text=translate(lang, "expenses.check.need_amount"))]
    try:
        slots = normalise(deps.config, context.session, context.employee, context.today, slots)
        draft = draft_of(deps.config, context.session, context.employee, slots)
        if draft.category is None:
            raise CategoryUnknown(names=", ".join(c.label(lang) for c in queries.categories_for(
                context.session, context.employee.country)))  # fmt: skip
        assessment = assessed(deps.config, context.session, draft)
    except DomainError as error:
        return [Reply(text=error.message(lang))]
    assert draft.category is not None
    currency = assessment.conversion.currency
    amount = money(draft.amount, draft.currency, lang)
    if assessment.over_limit and assessment.limit is not None:
        verdict = translate(
            lang, "expenses.check.over", amount=amount, left=money(assessment.limit.left, currency, lang)
        )
    else:
        verdict = translate(lang, "expenses.check.ok", amount=amount, category=draft.category.label(lang))
    people = _people(request.text, slots)
    if people > 1:
        each = money((assessment.conversion.amount / people).quantize(Decimal("0.01")), currency, lang)
        verdict += " " + translate(lang, "expenses.check.people", people=people, each=each)
    found = clauses(deps, draft, assessment, has_receipt=False)
    topic = draft.category.code
    if not found and (clause := clause_for(deps.knowledge, topic, draft.country)) is not None:
        found = [clause]
    fields = [
        (translate(lang, "expenses.label.limit"), views.limit_text(assessment, draft.category, lang)),
        (
            translate(lang, "expenses.label.approvers"),
            approvers(deps, context, draft, assessment),
        ),
    ]
    notes = [*views.warnings(assessment, found, lang, has_receipt=False),
             translate(lang, "expenses.check.nothing_written")]  # fmt: skip
    card = views.check_card(translate(lang, "expenses.check.title", category=draft.category.label(lang)), verdict,
                            notes, fields)  # fmt: skip
    return [Reply(text=card.text, blocks=card.blocks)]


def _people(text: str, slots: dict[str, object]) -> int:
    match = MONEY_LESS.search(fold(text))
    if match is None:
        return 1
    value = next(group for group in match.groups() if group)
    return int(value) if 1 < int(value) <= 200 else 1


# --- status and reports -----------------------------------------------------------------------------------------


def _finance_queue(context: Context) -> list[Reply]:
    lang = context.lang
    claims = queries.finance_queue(context.session)
    card = views.claims_card(translate(lang, "expenses.queue.title"), claims, lang,
                             translate(lang, "expenses.queue.none"))  # fmt: skip
    return [Reply(text=card.text, blocks=card.blocks)]


def finance_queue_asked(context: Context, request: Request) -> list[Reply] | None:
    """Finance asking for "my queue" / "la cola" in words the router reads as nothing, or as the maintenance queue
    when they are not in facilities: the finance queue; None for anyone else (routed as it was)."""
    person = context.employee
    if not queries.is_finance(person) or not QUEUE_WORDS.search(fold(request.text)):
        return None
    if request.intent != "none" and person.has_role(Role.FACILITIES):
        return None
    return _finance_queue(context)


HOW_TO_CLAIM = re.compile(
    r"\b(?:how (?:do|can|should) (?:i|we) (?:submit|claim|file|make|log|enter|send|add|put in|get reimbursed|expense)"
    r"|how to (?:submit|claim|file|expense|get reimbursed)"
    r"|como (?:presento|pido|hago|registro|meto|envio|reclamo|paso|cobro|se (?:presenta|reclama|registra|pide|pasa|hace)))\b"
)


PAYROLL_WORDS = re.compile(r"\b(?:payroll|nomina|export(?:ar|a|o)?)\b")
"""The payroll file asked for, in a message routed as an expense report or status ("export payroll")."""
PAYROLL_NOUNS = re.compile(r"\b(?:payroll|nomina)\b")
EXPORT_WORDS = re.compile(
    r"\b(?:export\w*|generat\w*|genera\w*|download\w*|descarga\w*|file|fichero|csv|run|lanza\w*)\b"
)
"""With a payroll noun, the file asked for in a message routed as nothing ("exporta la nómina"; not "¿cuándo
cobramos la nómina?")."""
PAID_WORDS = re.compile(r"\b(?:paid|pagad[oa]s?|pagaron)\b")
MARK_WORDS = re.compile(r"\b(?:mark(?:ed)?|marca\w*|payroll|nomina|export\w*)\b")
"""With a paid word, payroll said to have paid ("mark payroll paid", "la nómina está pagada")."""


def payroll_asked(context: Context, request: Request, *, routed: bool = True) -> list[Reply] | None:
    """Finance asking for the payroll file ("export payroll", "exporta la nómina"): the approved claims waiting and
    an Export button; saying payroll has paid ("mark payroll paid", "la nómina está pagada"): the exports not marked
    paid yet, each with its Mark paid button. Not ``routed`` (the router read nothing), the file needs a payroll
    word and an export word. None for anyone else, or any other question."""
    if not queries.is_finance(context.employee):
        return None
    folded = fold(request.text)
    if PAID_WORDS.search(folded) and MARK_WORDS.search(folded):
        return reports.unpaid_offer(context)
    if routed:
        return reports.payroll_offer(context) if PAYROLL_WORDS.search(folded) else None
    return reports.payroll_offer(context) if PAYROLL_NOUNS.search(folded) and EXPORT_WORDS.search(folded) else None


def explain_claims(deps: Deps, context: Context, request: Request) -> list[Reply] | None:
    """ "who approves my expenses?": who decides the asker's claims, and when finance does too; "how do I submit an
    expense?": how to claim, with an example. None for any other question about claims."""
    folded, lang = fold(request.text), context.lang
    if asks_who_approves(request.text):
        try:
            levels = plan(context.session, EXPENSE_APPROVAL, context.employee, {NEEDS_FINANCE: True}, context.today)
        except DomainError as error:
            return [Reply(text=error.message(lang))]
        names = [", ".join(dict.fromkeys(step.approver.name for step in level)) for level in levels]
        over = money(deps.config.finance_approval_over, queries.office_currency(context.employee.country or ""), lang)
        key = "expenses.explain.approvers" if len(names) > 1 else "expenses.explain.approver"
        return [Reply(text=translate(lang, key, first=names[0] if names else "?", finance=names[-1], over=over))]
    if HOW_TO_CLAIM.search(folded):
        currency = queries.office_currency(context.employee.country or "")
        taxi = round_money(about(EXAMPLE_TAXI_EUR, currency, context.today), currency, lang)
        return [Reply(text=translate(lang, "expenses.explain.how", taxi=taxi))]
    return None


def status(deps: Deps, context: Context, request: Request) -> list[Reply]:
    """My claims and where each stands; for finance asking about "the queue", what waits for finance; who approves
    and how to claim, when that is the question."""
    lang = context.lang
    if (explained := explain_claims(deps, context, request)) is not None:
        return explained
    if queries.is_finance(context.employee) and QUEUE_CUES.search(fold(request.text)):
        return _finance_queue(context)
    claims = queries.claims_of(context.session, context.employee.id)
    card = views.claims_card(translate(lang, "expenses.mine.title"), claims, lang,
                             translate(lang, "expenses.mine.none"))  # fmt: skip
    return [Reply(text=card.text, blocks=card.blocks)]


def report(deps: Deps, context: Context, request: Request) -> list[Reply]:
    """Totals by category for the period asked (default: this month); for a team (managers, finance) the spend as a
    table and a chart (default: this quarter)."""
    lang = context.lang
    folded = fold(request.text)
    labels = {c.code: c.label(lang) for c in queries.categories_for(context.session, context.employee.country)}
    asked = report_period(request.text, context.today)
    if TEAM_CUES.search(folded) or QUARTER_CUES.search(folded):
        start, end = (asked.start, asked.end) if asked else queries.quarter_bounds(context.today)
        return reports.team_spend(
            context, labels, team=bool(TEAM_CUES.search(folded)), home=deps.config.backoffice_home, start=start, end=end
        )
    start, end = (asked.start, asked.end) if asked else queries.month_bounds(context.today)
    rows = queries.totals_by_category(context.session, [context.employee.id], start, end)
    period = f"{day(start, lang)} – {day(end, lang)}"
    card = views.totals_card(translate(lang, "expenses.totals.title", period=period), rows, labels, lang,
                             translate(lang, "expenses.totals.none", period=period))  # fmt: skip
    return [Reply(text=card.text, blocks=card.blocks)]


# --- Home -------------------------------------------------------------------------------------------------------


def open_claims(context: Context) -> Blocks:
    """The Home tab's "my open items": the employee's claims still waiting."""
    claims = [c for c in queries.claims_of(context.session, context.employee.id, limit=20) if c.status in OPEN_STATUSES]
    if not claims:
        return []
    return views.claims_card(translate(context.lang, "expenses.home.title"), claims[:5], context.lang, "").blocks


EXAMPLE_TAXI_EUR = Decimal("32.50")
EXAMPLE_DINNER_EUR = Decimal(300)


def export_pressed(deps: Deps, context: Context, _action: Action) -> list[Reply]:
    """The payroll card's Export button (finance only: anyone else is refused privately)."""
    try:
        return reports.payroll_export_pressed(deps.config.backoffice_home, context)
    except DomainError as error:
        return refused_click(context, error)


def mark_paid_pressed(context: Context, action: Action) -> list[Reply]:
    """A payroll export's Mark paid button (finance only: anyone else is refused privately)."""
    try:
        return reports.mark_paid_pressed(context, action.value)
    except DomainError as error:
        return refused_click(context, error)


def capability(context: Context) -> Capability:
    """The help card's expenses line, its example amounts in the asker's office currency (about the same value)."""
    currency = queries.office_currency(context.employee.country or "")
    taxi, dinner = (about(amount, currency, context.today) for amount in (EXAMPLE_TAXI_EUR, EXAMPLE_DINNER_EUR))
    return views.capability(context.lang, taxi, dinner, currency)


def finance_capability(context: Context) -> Capability | None:
    """The help card's line of finance's own work (their queue, the payroll file), for finance only."""
    if not queries.is_finance(context.employee):
        return None
    lang = context.lang
    return Capability(
        translate(lang, "expenses.capability.finance_title"), translate(lang, "expenses.capability.finance")
    )


def register(registry: SkillRegistry, deps: Deps) -> None:
    """Register the form, the read intents, Home and the help line."""
    registry.on_form(submit_form(deps))
    registry.on_intent("expense.check", partial(check, deps))
    registry.on_intent("expense.status", partial(status, deps))
    registry.on_fallback(finance_queue_asked, narrow=True)
    registry.on_intent_first("maintenance.status", finance_queue_asked)
    registry.on_intent("expense.report", partial(report, deps))
    for intent in ("expense.report", "expense.status"):  # "export payroll", "exporta la nómina de gastos"
        registry.on_intent_first(intent, payroll_asked)
    registry.on_action(views.EXPORT_PAYROLL, partial(export_pressed, deps))
    registry.on_action(views.MARK_PAID, mark_paid_pressed)
    registry.on_fallback(partial(payroll_asked, routed=False), narrow=True)
    registry.on_intent("expense.withdraw", withdrawal.withdraw)
    registry.on_action(views.WITHDRAW, on_entity(withdrawal.withdraw_pressed))
    registry.on_action(views.NOT_DUPLICATE, on_entity(decisions.not_duplicate))
    registry.on_action(views.APPROVE_LESS, on_entity(decisions.approve_less))
    registry.on_action(views.ASK_INFO, on_entity(decisions.ask_info))
    registry.on_view(views.APPROVE_LESS_VIEW, decisions.submit_approve_less)
    registry.on_view(views.ASK_INFO_VIEW, decisions.submit_ask_info)
    thread_replies.register(registry, deps)
    registry.on_open_items(open_claims)
    registry.on_capability(capability)
    registry.on_capability(finance_capability)
