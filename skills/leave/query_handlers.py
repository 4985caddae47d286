"""Leave question handlers: balance (and what if), status, history, cancel buttons, who is off, Home tab items."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from skills.core import Action, Blocks, Capability, Context, Reply, Request, SkillRegistry
from skills.errors import DomainError
from skills.i18n import translate
from skills.leave import query_views as views
from skills.leave import service
from skills.leave.balances import balances
from skills.leave.models import LeaveRequest, LeaveStatus, LeaveType
from skills.leave.queries import my_requests, what_if, who_is_off
from skills.leave.request_handlers import refresh_cards
from skills.leave.rules import LeaveDraft

DEFAULT_TYPE = "vacation"


def today_of(context: Context) -> date:
    """Today in the employee's time zone."""
    return context.today


def draft_from_slots(slots: dict[str, Any]) -> LeaveDraft | None:
    """A draft from the router's slots when they carry dates (``half_day``: am/pm/half), else None."""
    if not slots.get("start_date"):
        return None
    start = date.fromisoformat(slots["start_date"])
    end = date.fromisoformat(slots.get("end_date") or slots["start_date"])
    half, end_half_day = slots.get("half_day"), slots.get("end_half_day")
    if start == end:
        start_half, end_half = half == "pm", half in ("am", "half")
    else:
        start_half, end_half = half == "pm", end_half_day in ("am", "half")
    return LeaveDraft(slots.get("leave_type") or DEFAULT_TYPE, start, end, start_half, end_half)


def _requests(context: Context, today: date) -> list[LeaveRequest]:
    """The employee's requests of this year and the next, each once, in date order."""
    found = {
        r.id: r for year in (today.year, today.year + 1) for r in my_requests(context.session, context.employee, year)
    }
    return sorted(found.values(), key=lambda r: (r.start_date, r.id))


def _pending(requests: list[LeaveRequest]) -> list[LeaveRequest]:
    return [r for r in requests if r.status == LeaveStatus.PENDING]


def _upcoming(requests: list[LeaveRequest], today: date) -> list[LeaveRequest]:
    return [r for r in requests if r.status == LeaveStatus.APPROVED and r.end_date >= today]


def cancellable(context: Context, today: date) -> list[LeaveRequest]:
    """Requests the employee may still call off: pending, or approved and not started."""
    requests = _requests(context, today)
    return [
        r
        for r in requests
        if r.status == LeaveStatus.PENDING or (r.status == LeaveStatus.APPROVED and r.start_date > today)
    ]


def answer_what_if(context: Context, draft: LeaveDraft) -> list[Reply]:
    """Simulate ``draft``: what it would cost and who would approve; a broken rule is said, never raised."""
    lang = context.lang
    try:
        result = what_if(context.session, context.employee, draft, today_of(context))
    except DomainError as error:
        return [Reply(text=translate(lang, "leave.query.whatif_refused", reason=error.message(lang)))]
    leave_type = context.session.get(LeaveType, draft.leave_type)
    type_name = leave_type.name(lang) if leave_type is not None else draft.leave_type
    return [
        Reply(
            text=views.what_if_text(result, type_name, draft.start, draft.end, lang),
            blocks=views.what_if_blocks(result, type_name, draft.start, draft.end, lang),
        )
    ]


def answer_balance(context: Context, request: Request) -> list[Reply]:
    """Balance per leave type this year; with dates in the slots, the what-if simulation instead."""
    draft = draft_from_slots(request.slots)
    if draft is not None:
        return answer_what_if(context, draft)
    today = today_of(context)
    found = balances(context.session, context.employee, today.year, today)
    return [
        Reply(
            text=views.balance_text(found, today.year, context.lang),
            blocks=views.balance_blocks(found, today.year, context.lang),
        )
    ]


def answer_status(context: Context, request: Request) -> list[Reply]:
    """My pending and upcoming requests; with dates in the slots, the what-if simulation instead."""
    draft = draft_from_slots(request.slots)
    if draft is not None:
        return answer_what_if(context, draft)
    today = today_of(context)
    requests = _requests(context, today)
    shown = [
        r
        for r in requests
        if r.status == LeaveStatus.PENDING or (r.status == LeaveStatus.APPROVED and r.end_date >= today)
    ]
    title = translate(context.lang, "leave.query.status_title")
    empty = translate(context.lang, "leave.query.status_empty")
    return [
        Reply(
            text=views.requests_text(title, shown, empty, context.lang),
            blocks=views.requests_blocks(title, shown, empty, context.lang),
        )
    ]


def answer_history(context: Context, _request: Request) -> list[Reply]:
    """This year's requests, every status."""
    year = today_of(context).year
    requests = my_requests(context.session, context.employee, year)
    title = translate(context.lang, "leave.query.history_title", year=year)
    empty = translate(context.lang, "leave.query.history_empty", year=year)
    return [
        Reply(
            text=views.requests_text(title, requests, empty, context.lang),
            blocks=views.requests_blocks(title, requests, empty, context.lang),
        )
    ]


def answer_cancel(context: Context, _request: Request) -> list[Reply]:
    """The requests that can still be called off, one confirming button each."""
    requests = cancellable(context, today_of(context))
    return [Reply(text=views.cancel_text(requests, context.lang), blocks=views.cancel_blocks(requests, context.lang))]


def press_cancel(context: Context, action: Action) -> list[Reply]:
    """Withdraw or cancel the request of the pressed button and redraw the list; a refusal changes nothing."""
    lang = context.lang
    today = today_of(context)
    try:
        request_id = int(action.value)
        previous = str(service.get_request(context.session, request_id).status)
        request = service.cancel(context.session, request_id, context.employee, context.via, today, context.now)
        refresh_cards(context.session, request)  # the approver's card loses its buttons
    except ValueError:
        return [Reply(text=translate(lang, "error.leave_not_found", id=action.value), ephemeral=True)]
    except DomainError as error:
        return [Reply(text=error.message(lang), ephemeral=True)]
    span = views.short_span(request.start_date, request.end_date, lang)
    type_name = request.type.name(lang).lower()
    if previous == LeaveStatus.PENDING:
        outcome = translate(lang, "leave.query.withdrawn", type=type_name, span=span)
    else:
        days = views.day_count(request.working_days, lang)
        outcome = translate(lang, "leave.query.cancelled", type=type_name, span=span, days=days)
    remaining = cancellable(context, today)
    return [
        Reply(
            text=views.cancel_text(remaining, lang, outcome),
            blocks=views.cancel_blocks(remaining, lang, outcome),
            replace_original=True,
        )
    ]


def _periods(context: Context, slots: dict[str, Any]) -> list[tuple[str, date, date]]:
    """The dates asked for, or this week and next (Monday to Sunday)."""
    lang = context.lang
    if slots.get("start_date"):
        start = date.fromisoformat(slots["start_date"])
        end = date.fromisoformat(slots.get("end_date") or slots["start_date"])
        return [(translate(lang, "leave.query.period", span=views.short_span(start, end, lang)), start, end)]
    monday = today_of(context) - timedelta(days=today_of(context).weekday())
    periods = []
    for key, first in (("leave.query.this_week", monday), ("leave.query.next_week", monday + timedelta(days=7))):
        last = first + timedelta(days=6)
        periods.append((translate(lang, key, span=views.short_span(first, last, lang)), first, last))
    return periods


def answer_team(context: Context, request: Request) -> list[Reply]:
    """Who is off this week and next (or on the dates asked), as much as the viewer may see."""
    periods = [
        (title, who_is_off(context.session, context.employee, start, end))
        for title, start, end in _periods(context, request.slots)
    ]
    names = {t.code: t.name(context.lang) for t in context.session.scalars(select(LeaveType))}
    return [
        Reply(
            text=views.team_text(periods, context.lang, names),
            blocks=views.team_blocks(periods, context.lang, names),
        )
    ]


def open_items(context: Context) -> Blocks:
    """The Home tab's time off: available days, upcoming leave, requests waiting for approval."""
    today = today_of(context)
    requests = _requests(context, today)
    found = balances(context.session, context.employee, today.year, today)
    return views.home_blocks(found, _upcoming(requests, today), _pending(requests), context.lang)


def capability(lang: str) -> Capability:
    """How the help card announces time off."""
    return Capability(
        translate(lang, "leave.query.capability_title"), translate(lang, "leave.query.capability_example")
    )


def register(registry: SkillRegistry) -> None:
    """Register the leave questions, the cancel button, the Home tab items and the help line."""
    registry.on_intent("leave.balance", answer_balance)
    registry.on_intent("leave.status", answer_status)
    registry.on_intent("leave.history", answer_history)
    registry.on_intent("leave.cancel", answer_cancel)
    registry.on_intent("leave.team", answer_team)
    registry.on_action(views.CANCEL_ACTION, press_cancel)
    registry.on_open_items(open_items)
    registry.on_capability(capability)
