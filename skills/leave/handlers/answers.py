"""Leave questions: balance (and what if), status, history, the cancel list and its buttons, who is off, Home tab."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from babel.dates import format_date, format_skeleton
from babel.lists import format_list

from skills.approvals.queries import plan
from skills.approvals.words import asks_who_approves
from skills.blocks import context_block, section_block
from skills.clicks import entity_id, stale_click
from skills.common.extract import fold
from skills.common.extract.day_counts import extract_day_count
from skills.common.extract.periods import Period, report_period
from skills.core import Action, Blocks, Capability, Context, Reply, Request
from skills.errors import DomainError
from skills.forms import slot_dates
from skills.i18n import normalise_language, translate
from skills.leave import service
from skills.leave.allowance_questions import allowance_question, carry_over_question
from skills.leave.approval import LEAVE_APPROVAL
from skills.leave.forms import DEFAULT_TYPE, draft_from_slots
from skills.leave.holiday_questions import holiday_question
from skills.leave.messages import (
    available_count,
    day_count,
    format_span,
    holiday_names,
    short_span,
    working_day_count,
)
from skills.leave.models import LeaveStatus
from skills.leave.queries.balances import active_types, all_types, balance_for, balances, years_with_leave
from skills.leave.queries.calendar import count_working_days, holidays_between
from skills.leave.queries.facts import what_if
from skills.leave.queries.requests import (
    cancellable,
    get_request,
    pending,
    pending_or_upcoming,
    recent_and_coming,
    requests_between,
    upcoming,
)
from skills.leave.queries.team import holidays_off, people_named, visible_people, who_is_off
from skills.leave.rules import LeaveDraft
from skills.leave.views import allowances as allowance_views
from skills.leave.views import answers as views
from skills.leave.views import holidays as holiday_views


def answer_what_if(context: Context, draft: LeaveDraft) -> list[Reply]:
    """Simulate ``draft``: what it would cost and who would approve; a broken rule is said, never raised."""
    lang = context.lang
    try:
        result = what_if(context.session, context.employee, draft, context.today, context.lang)
    except DomainError as error:
        return [Reply(text=translate(lang, "leave.query.whatif_refused", reason=error.message(lang)))]
    type_name = result.leave_type.name(lang)
    return [
        Reply(
            text=views.what_if_text(result, type_name, draft.start, draft.end, lang),
            blocks=views.what_if_blocks(result, type_name, draft.start, draft.end, lang),
        )
    ]


TAKING = re.compile(
    r"\b(?:what if|if i|take|took|taking|use|using|used|spend|book|booking|request|go on"
    r"|y si|si me|si (?:pido|cojo|tomo|uso|gasto)|coger|cogiera|cojo|coja|tomar|tomara|tomo|pido|pidiera|pedir"
    r"|usar|uso|usara|gastar|gasto|gastara)\b"
)
"""Words that make a day count a days-off count ("if I take 5 days"), not a balance ("do I have 5 days?")."""


def counted_what_if(request: Request, today: date) -> tuple[Decimal, Period | None] | None:
    """ "What if I take 5 days in January?": the days counted and the month named (None: this year), when the
    question counts days off without giving their dates; else None."""
    days = extract_day_count(request.text)
    if days is None or not TAKING.search(fold(request.text)):
        return None
    month = report_period(request.text, today, ahead=True)
    return days, month if month is not None and month.unit == "month" else None


def answer_counted_what_if(context: Context, request: Request, days: Decimal, month: Period | None) -> list[Reply]:
    """The balance after ``days`` of the type asked (vacation by default) in ``month`` (or this year), the holidays
    of that month and the carry-over still to come; nothing is checked against dates nobody gave."""
    session, lang, today, employee = context.session, context.lang, context.today, context.employee
    code = request.slots.get("leave_type") or DEFAULT_TYPE
    leave_type = next((kind for kind in all_types(session) if kind.code == code and kind.active), None)
    if leave_type is None:
        return []
    year = month.start.year if month is not None else today.year
    period = (
        format_skeleton("yMMMM", month.start, locale=normalise_language(lang))
        if month is not None
        else translate(lang, "leave.query.count_whatif_year", year=year)
    )
    asked = {"days": day_count(days, lang), "type": leave_type.name(lang), "period": period, "year": year}
    balance = balance_for(session, employee, leave_type, year, today)
    if balance.available is None:
        lines = [translate(lang, "leave.query.count_whatif_unlimited", **asked)]
    elif balance.available < days:
        short = day_count(days - balance.available, lang)
        available = available_count(balance.available, lang)
        lines = [translate(lang, "leave.query.count_whatif_short", available=available, short=short, **asked)]
    else:
        left, available = day_count(balance.available - days, lang), available_count(balance.available, lang)
        lines = [translate(lang, "leave.query.count_whatif", left=left, available=available, **asked)]
    if month is not None:
        counted = count_working_days(session, employee.country or "", month.start, month.end, language=lang)
        if counted.holidays:
            holidays = holiday_names(counted.holidays, lang)
            lines.append(translate(lang, "leave.query.count_whatif_holidays", period=period, holidays=holidays))
        if counted.days < days:
            working = working_day_count(counted.days, lang)
            lines.append(translate(lang, "leave.query.count_whatif_month_short", period=period, working=working))
    if year > today.year and leave_type.carry_over_cap > 0:
        now = balance_for(session, employee, leave_type, today.year, today).available
        if now is not None and now > 0:
            carried = day_count(min(leave_type.carry_over_cap, now), lang)
            lines.append(
                translate(lang, "leave.query.count_whatif_carry", days=carried, last_year=today.year, year=year)
            )
    first = month.start if month is not None else today
    start = max(first, today + timedelta(days=7))
    start += timedelta(days=(7 - start.weekday()) % 7)  # a Monday
    span = short_span(start, start + timedelta(days=min(int(days), 5) - 1 if days >= 1 else 0), lang)
    lines.append(translate(lang, "leave.query.count_whatif_dates", span=span))
    text = "\n".join(lines)
    return [Reply(text=text, blocks=[section_block(text)])]


def answer_balance(context: Context, request: Request) -> list[Reply]:
    """Balance per leave type this year (and next, when leave is booked in it); with dates, the what-if instead;
    counting days off without dates ("what if I take 5 days in January?"), the balance they would leave."""
    draft = draft_from_slots(request.slots)
    if draft is not None:
        return answer_what_if(context, draft)
    counted = counted_what_if(request, context.today)
    if counted is not None and (replies := answer_counted_what_if(context, request, *counted)):
        return replies
    today, lang = context.today, context.lang
    # "how many days does Sam have left?": Sam's, for HR and Sam's manager (as who is off shows them); never the
    # asker's own under a question about someone else.
    subject, whose = context.employee, None
    named = people_named(context.session, context.employee, request.text)
    if named:
        shown_to_asker = visible_people(context.session, context.employee)[0]
        # Of two Marias, the one the asker may see (their own report) is the one meant; of two they may see, ask.
        seen = [person for person in named if person.id in shown_to_asker]
        names = format_list([person.name for person in seen or named], style="or", locale=normalise_language(lang))
        if not seen:
            return [Reply(text=translate(lang, "leave.query.balance_not_yours", name=names))]
        if len(seen) > 1:
            return [Reply(text=translate(lang, "leave.query.which_person", names=names))]
        subject, whose = seen[0], seen[0].name
    asked = request.slots.get("leave_type")
    shown = years_with_leave(context.session, subject, today)
    # A question about one type answers that type (every type stays one question away); an unknown one, all.
    years = [(year, balances(context.session, subject, year, today, only=asked)) for year in shown]
    if not asked or not any(found for _, found in years):
        asked = None
        years = [(year, balances(context.session, subject, year, today)) for year in shown]
    years = [(year, found) for year, found in years if found]
    text = "\n\n".join(views.balance_text(found, year, lang, whose) for year, found in years)
    blocks = [block for year, found in years for block in views.balance_blocks(found, year, lang, whose)]
    if asked and whose is None:  # "my balance" would show the asker's, not theirs
        more = translate(lang, "leave.query.balance_all_types")
        text, blocks = f"{text}\n{more}", [*blocks, context_block(more)]
    return [Reply(text=text, blocks=blocks)]


def answer_who_approves(context: Context) -> list[Reply]:
    """Who decides the asker's time off as the chain stands today (their manager, or who stands in), and the types
    nobody needs to approve."""
    lang = context.lang
    try:
        levels = plan(context.session, LEAVE_APPROVAL, context.employee, {}, context.today)
    except DomainError as error:
        return [Reply(text=error.message(lang))]
    first = ", ".join(dict.fromkeys(step.approver.name for step in levels[0])) if levels else "?"
    text = translate(lang, "leave.query.who_approves", name=first)
    free = [t.name(lang) for t in active_types(context.session) if not t.requires_approval]
    if free:
        text += " " + translate(
            lang, "leave.query.needs_no_approval", types=format_list(free, locale=normalise_language(lang))
        )
    return [Reply(text=text)]


NOT_LEAVE = re.compile(r"\b(?:expenses?|claims?|receipts?|reimburse\w*|gastos?|tickets?|reembolsos?|facturas?)\b")
"""Words of another request's approvers ("who approves my expenses?"): not a question for leave."""


def who_approves_asked(context: Context, request: Request) -> list[Reply] | None:
    """ "who approves my vacation?" / "¿a quién le pido las vacaciones?", however the router read it: who does."""
    if not asks_who_approves(request.text) or NOT_LEAVE.search(fold(request.text)):
        return None
    return answer_who_approves(context)


def answer_status(context: Context, request: Request) -> list[Reply]:
    """My pending and upcoming requests; with dates in the slots, the what-if simulation instead; "who approves my
    vacation?", who does."""
    if (who := who_approves_asked(context, request)) is not None:
        return who
    draft = draft_from_slots(request.slots)
    if draft is not None:
        return answer_what_if(context, draft)
    requests = recent_and_coming(context.session, context.employee, context.today)
    shown = pending_or_upcoming(requests, context.today)
    title = translate(context.lang, "leave.query.status_title")
    empty = translate(context.lang, "leave.query.status_empty")
    return [
        Reply(
            text=views.requests_text(title, shown, empty, context.lang),
            blocks=views.requests_blocks(title, shown, empty, context.lang),
        )
    ]


OWN_REQUESTS = re.compile(
    r"\b(?:my|mis|mi)\s+(?:\w+\s+)?(?:requests?|solicitud(?:es)?|peticion(?:es)?)\b"
    r"|\brequests?\s+(?:have|did)\s+i\b|\bi(?:'ve|\s+have)?\s+(?:made|sent|submitted|requested|asked\s+for)\b"
    r"|\b(?:he|hice)\s+(?:pedido|solicitado|enviado)\b|\b(?:pedi|solicite)\b"
)
"""Words about the asker's own requests: "show my requests", "what requests have I made?", "mis solicitudes"."""
FOR_AN_APPROVER = re.compile(
    r"approv|aprob|aprueb|sign[- ]?off|firma|visto bueno|decid|decision|waiting (?:for|on) me|esperando(?: por)? mi"
    r"|\b(?:para|por) mi\b|\bmy (?:team|reports|people)\b|\bmis? (?:equipo|empleados|colaboradores)\b|review|revis"
)
"""Words that make a question about requests an approver's ("requests waiting for my approval", "de mi equipo")."""


def answer_own_requests(context: Context, request: Request) -> list[Reply] | None:
    """ "Show my requests" / "mis solicitudes" routed as the approvals inbox: the asker's own leave requests and
    their status, since nothing in the words is an approver's; None lets the inbox answer."""
    words = fold(request.text)
    if not OWN_REQUESTS.search(words) or FOR_AN_APPROVER.search(words):
        return None
    return answer_status(context, Request(text=request.text, intent="leave.status", slots={}))


def history_period(request: Request, today: date) -> tuple[date, date]:
    """The days a history question asks about: the router's dates ("between March 3 and 10"), else a period named
    in words ("in February", "last month", "el trimestre pasado", "2025"), else this year."""
    asked_dates = slot_dates(request.slots)
    if asked_dates is not None:
        return asked_dates
    asked = report_period(request.text, today)
    return (asked.start, asked.end) if asked is not None else (date(today.year, 1, 1), date(today.year, 12, 31))


def answer_history(context: Context, request: Request) -> list[Reply]:
    """The requests of the period asked (this year by default), every status."""
    lang = context.lang
    first, last = history_period(request, context.today)
    requests = requests_between(context.session, context.employee, first, last)
    if first.year == last.year and (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        title = translate(lang, "leave.query.history_title", year=first.year)
        empty = translate(lang, "leave.query.history_empty", year=first.year)
    else:
        span = format_span(first, last, False, False, lang)
        title = translate(lang, "leave.query.history_period_title", period=span)
        empty = translate(lang, "leave.query.history_period_empty", period=span)
    return [
        Reply(
            text=views.requests_text(title, requests, empty, context.lang),
            blocks=views.requests_blocks(title, requests, empty, context.lang),
        )
    ]


def answer_cancel(context: Context, _request: Request) -> list[Reply]:
    """The requests that can still be called off, one confirming button each."""
    requests = cancellable(context.session, context.employee, context.today)
    return [Reply(text=views.cancel_text(requests, context.lang), blocks=views.cancel_blocks(requests, context.lang))]


def press_cancel(context: Context, action: Action) -> list[Reply]:
    """Withdraw or cancel the request of the pressed button and redraw the list; a refusal changes nothing."""
    request_id = entity_id(action.value)
    if request_id is None:
        return stale_click(context)
    try:
        was_pending = get_request(context.session, request_id).status == LeaveStatus.PENDING
        request = service.cancel(context.session, actor=context.actor, request_id=request_id)
    except DomainError as error:  # refused before anything was written: say why, to the clicker only
        return [Reply(text=error.message(context.lang), ephemeral=True)]
    outcome = views.cancel_outcome(request, was_pending, context.lang)
    remaining = cancellable(context.session, context.employee, context.today)
    return [
        Reply(
            text=views.cancel_text(remaining, context.lang, outcome),
            blocks=views.cancel_blocks(remaining, context.lang, outcome),
            replace_original=True,
        )
    ]


def periods(context: Context, request: Request) -> list[tuple[str, date, date]]:
    """The dates asked for, else the month named ("in January", "el mes que viene"), else this week and next
    (Monday to Sunday)."""
    lang = context.lang
    if (asked := slot_dates(request.slots)) is not None:
        start, end = asked
    elif (month := report_period(request.text, context.today, ahead=True)) is not None and month.unit == "month":
        start, end = month.start, month.end
    else:
        monday = context.today - timedelta(days=context.today.weekday())
        found = []
        for key, first in (("leave.query.this_week", monday), ("leave.query.next_week", monday + timedelta(days=7))):
            last = first + timedelta(days=6)
            found.append((translate(lang, key, span=short_span(first, last, lang)), first, last))
        return found
    return [(translate(lang, "leave.query.period", span=short_span(start, end, lang)), start, end)]


def answer_team(context: Context, request: Request) -> list[Reply]:
    """Who is off this week and next (or on the dates asked), on leave or on a holiday, as far as the viewer may see."""
    session, viewer = context.session, context.employee
    lang = context.lang  # the holidays are named in the conversation's language, not the profile's
    shown = [
        views.Period(
            title, who_is_off(session, viewer, start, end), holidays_off(session, viewer, start, end, lang=lang)
        )
        for title, start, end in periods(context, request)
    ]
    names = {leave_type.code: leave_type.name(context.lang) for leave_type in all_types(session)}
    return [
        Reply(text=views.team_text(shown, context.lang, names), blocks=views.team_blocks(shown, context.lang, names))
    ]


NEXT_HOLIDAYS = 8
"""How many holidays "when is the next holiday?" lists (from the coming year)."""


def answer_holiday_question(context: Context, request: Request) -> list[Reply] | None:
    """A policy question about when holidays fall, answered from the asker's office calendar (public holidays of
    their country and region, company closure days): one day, a period, or the next ones. None for any other."""
    asked = holiday_question(request.text, context.today, context.employee.locale or "en-US")
    if asked is None:
        return None
    lang, country = context.lang, context.employee.country or ""
    language = normalise_language(lang)
    if asked.day is not None:
        found = holidays_between(context.session, country, asked.day, asked.day, language=language)
        text = holiday_views.day_text(asked.day, found[0] if found else None, country, lang)
    elif asked.start is not None and asked.end is not None:
        found = holidays_between(context.session, country, asked.start, asked.end, language=language)
        title = translate(lang, "leave.holidays.title", country=country, span=short_span(asked.start, asked.end, lang))
        text = holiday_views.list_text(title, found, asked.start, asked.end, country, lang)
    else:
        last = context.today + timedelta(days=365)
        found = holidays_between(context.session, country, context.today, last, language=language)[:NEXT_HOLIDAYS]
        title = translate(lang, "leave.holidays.next_title", country=country)
        text = holiday_views.list_text(title, found, context.today, last, country, lang)
    return [Reply(text=text, blocks=holiday_views.answer_blocks(text, country, lang))]


def answer_allowance_question(context: Context, request: Request) -> list[Reply] | None:
    """A question about how many days a year a type of leave gives, answered from the company's leave types (the
    figures every request is checked against), with the asker's days this year. None for any other question."""
    asked = allowance_question(request.text, active_types(context.session))
    if asked is None:
        return None
    lang = context.lang
    found = balances(context.session, context.employee, context.today.year, context.today)
    text = allowance_views.allowance_text(asked, found, lang)
    return [Reply(text=text, blocks=allowance_views.allowance_blocks(text, lang))]


def answer_carry_over_question(context: Context, request: Request) -> list[Reply] | None:
    """ "can I carry over vacation days?" / "¿se pierden los días que no coja?": each type's carry-over into next
    year from the company's leave types, with the asker's days left this year. None for any other question."""
    asked = carry_over_question(request.text, active_types(context.session))
    if asked is None:
        return None
    lang, year = context.lang, context.today.year
    found = balances(context.session, context.employee, year, context.today)
    text = allowance_views.carry_over_text(asked, found, year, lang)
    return [Reply(text=text, blocks=allowance_views.allowance_blocks(text, lang))]


def open_items(context: Context) -> Blocks:
    """The Home tab's time off: available days, upcoming leave, requests waiting for approval."""
    today = context.today
    requests = recent_and_coming(context.session, context.employee, today)
    found = balances(context.session, context.employee, today.year, today)
    return views.home_blocks(found, upcoming(requests, today), pending(requests), context.lang)


def example_days(today: date) -> tuple[date, date]:
    """A Monday to Wednesday at least a week after ``today``, inside one month, for the help card's example."""
    start = today + timedelta(days=7 + (7 - today.weekday()) % 7)
    while (start + timedelta(days=2)).month != start.month:
        start += timedelta(days=7)
    return start, start + timedelta(days=2)


def example_request(today: date, lang: str) -> str:
    """The help card's example of asking for days off, for days after ``today``: ``I need Dec 7-9 off``."""
    start, end = example_days(today)
    month = format_date(start, "MMM" if lang == "en" else "MMMM", locale=normalise_language(lang))
    return translate(lang, "leave.query.capability_example", month=month, first=start.day, last=end.day)


def capability(context: Context) -> Capability:
    """How the help card announces time off, its example dates a few days after the asker's today."""
    return Capability(
        translate(context.lang, "leave.query.capability_title"), example_request(context.today, context.lang)
    )
