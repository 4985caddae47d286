"""The leave question handlers: balance, what if, status, history, cancel buttons, who is off, Home tab items."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.assistant import Assistant, Origin
from db.engine import Database
from db.models import AuditEntry, Employee, OutboxMessage
from skills.approvals.handlers import register as register_approvals
from skills.core import Action, Blocks, Context, Reply, Request
from skills.leave.handlers import answers
from skills.leave.models import LeaveRequest, LeaveStatus
from skills.leave.queries.balances import balances
from skills.leave.service import allocate_year, submit

from .conftest import (
    NOW,
    TODAY,
    Company,
    IntentRouter,
    actor,
    approved,
    draft,
    leave_deps,
    leave_registry,
    make_company,
    person,
)


def ctx(session: Session, who: Employee) -> Context:
    """A context for ``who`` in their own language, on Slack, at the test's now."""
    return Context(session=session, employee=who, lang=who.language, via="slack", thread_key="D1:main", now=NOW)


def ask(session: Session, who: Employee, intent: str, text: str | None = None, **slots: Any) -> Reply:
    """Call the handler of ``intent`` directly (routing is not under test) and check Slack's limits."""
    handler = leave_registry().intent_handler(intent)
    assert handler is not None
    [reply] = handler(ctx(session, who), Request(text=text or intent, intent=intent, slots=slots))
    check_limits(reply.blocks or [])
    return reply


def press(session: Session, who: Employee, value: str) -> Reply:
    """Press a cancel button as ``who``."""
    [reply] = answers.press_cancel(ctx(session, who), Action(f"leave.cancel_request.{value}", value))
    check_limits(reply.blocks or [])
    return reply


def check_limits(blocks: Blocks) -> None:
    """Slack's published limits: 50 blocks, 3000 characters a text, 10 fields a section, 255 an action id."""
    assert len(blocks) <= 50
    for block in blocks:
        assert len(block.get("text", {}).get("text", "")) <= 3000
        assert len(block.get("fields", [])) <= 10
        accessory = block.get("accessory")
        if accessory:
            assert len(accessory["action_id"]) <= 255 and len(accessory["text"]["text"]) <= 75


def everything(blocks: Blocks | None) -> str:
    """All the text of some blocks, to search in."""
    return json.dumps(blocks or [], ensure_ascii=False)


def counts(session: Session) -> list[int]:
    """Rows of requests, audit entries and outbox messages."""
    return [session.scalar(select(func.count()).select_from(t)) or 0 for t in (LeaveRequest, AuditEntry, OutboxMessage)]


def buttons(reply: Reply) -> dict[str, dict[str, Any]]:
    """The reply's buttons by value."""
    return {b["accessory"]["value"]: b["accessory"] for b in reply.blocks or [] if "accessory" in b}


# --- balance --------------------------------------------------------------------------------------------------


def test_balance_in_english_per_type(session, company):
    allocate_year(session, company.ana, 2026)
    approved(session, company.ana, date(2026, 12, 14), date(2026, 12, 16))
    submit(session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2026, 12, 21), date(2026, 12, 22)))
    reply = ask(session, company.ana, "leave.balance")
    assert "Vacation: 17 days available" in reply.text and "Personal day: 3 days available" in reply.text
    vacation = next(b for b in reply.blocks or [] if b.get("text", {}).get("text") == "*Vacation*")
    assert [f["text"] for f in vacation["fields"]] == [
        "*Allocated*\n22",
        "*Taken*\n3",
        "*Pending*\n2",
        "*Available*\n17",
    ]
    assert "No yearly limit" in everything(reply.blocks)


def test_balance_in_spanish_with_half_days(session, company):
    submit(session, actor=actor(company.eva, "slack", NOW), draft=draft(date(2026, 12, 14), end_half=True))
    reply = ask(session, company.eva, "leave.balance")
    assert "Vacaciones: 21,5 días disponibles" in reply.text
    assert "*Pendientes*\\n0,5" in everything(reply.blocks)


@pytest.mark.parametrize(
    ("asker", "text", "expected"),
    [
        ("maria", "how many vacation days does Ana have left?", "Ana's time off in 2026\nVacation: 19 days available"),
        ("hana", "¿cuántos días de vacaciones le quedan a Ana?", "Ausencias de Ana en 2026\nVacaciones: 19 días"),
        ("olga", "how many vacation days does Ana have left?", "I can show you your own balance, and your team's"),
        ("eva", "¿cuántos días de vacaciones le quedan a Ana?", "Puedo enseñarte tu saldo, y el de tu equipo"),
    ],
)
def test_a_balance_question_about_someone_else_never_answers_with_the_askers_own(
    session, company, asker, text, expected
):
    """HR and Ana's manager see Ana's balance; a colleague is told they can't; nobody gets their own under her name."""
    company.hana.locale = "es-ES"
    approved(session, company.ana, date(2026, 12, 14), date(2026, 12, 16))
    reply = ask(session, getattr(company, asker), "leave.balance", text, leave_type="vacation")
    assert reply.text.startswith(expected), reply.text
    assert "my balance" not in reply.text and "mi saldo" not in reply.text  # that would be the asker's own


def test_a_first_name_two_people_share_answers_for_the_one_the_asker_may_see_or_asks_which(session, company):
    """ "Maria Lopez's balance" named Maria Lopez and María Sánchez (first name), so nobody was named and the asker
    got their own balance under a question about someone else."""
    other_ana = person("Ana Ruiz", company.oscar)
    session.add(other_ana)
    session.flush()

    def balance(who: Employee, text: str) -> str:
        return ask(session, who, "leave.balance", text).text

    assert balance(company.maria, "what is Ana's balance?").startswith("Ana's time off in 2026")  # her report
    assert balance(company.oscar, "what is Ana's balance?").startswith("Ana Ruiz's time off in 2026")
    assert balance(company.hana, "what is Ana's balance?") == (
        "Whose balance, Ana or Ana Ruiz? Ask me again with their full name."
    )
    assert balance(company.hana, "what is Ana Ruiz's balance?").startswith("Ana Ruiz's time off in 2026")
    company.hana.locale = "es-ES"
    assert balance(company.hana, "¿cuál es el saldo de Ana?") == (
        "¿El saldo de quién, Ana o Ana Ruiz? Pregúntamelo otra vez con su nombre completo."
    )
    assert balance(company.eva, "¿cuál es el saldo de Ana?").startswith("Puedo enseñarte tu saldo")
    assert balance(company.olga, "what is Ana Ruiz's balance?").startswith("I can show you your own balance")


@pytest.mark.parametrize(
    ("asker", "intent", "text", "expected"),
    [
        ("ana", "leave.status", "who approves my vacation?", "Your time off is approved by Maria."),
        ("eva", "leave.status", "¿quién aprueba mis vacaciones?", "Tus ausencias las aprueba Maria."),
        ("olga", "leave.team", "¿a quién le pido las vacaciones?", "Tus ausencias las aprueba Oscar."),
        ("ana", "leave.request", "who do I ask for time off?", "Your time off is approved by Maria."),
    ],
)
def test_who_approves_ones_time_off_is_answered_however_it_was_routed(session, company, asker, intent, text, expected):
    """ "who approves my vacation?" was "You have no pending or upcoming time off"; "¿a quién le pido las
    vacaciones?" was who is off this week."""
    company.olga.locale = "es-ES"
    who = getattr(company, asker)
    handler = leave_registry().intent_handler(intent)
    form = leave_registry().form(intent)
    if form is not None:
        replies = leave_registry().narrower_answer(ctx(session, who), Request(text=text, intent=intent))
    else:
        assert handler is not None
        replies = handler(ctx(session, who), Request(text=text, intent=intent))
    assert replies is not None and replies[0].text.startswith(expected), replies


# --- what if --------------------------------------------------------------------------------------------------


def test_what_if_shows_days_balance_approver_conflicts_and_writes_nothing(session, company):
    approved(session, company.eva, date(2026, 12, 21), date(2026, 12, 22))
    before = counts(session)
    reply = ask(session, company.ana, "leave.balance", start_date="2026-12-21", end_date="2026-12-24")
    assert counts(session) == before
    text = reply.text
    assert "Working days: 4" in text and "Available now: 22" in text and "Available after: 18" in text
    assert "Approver: Maria" in text and "Eva (Dec 21 – 22)" in text
    assert "nothing was requested" in text


def test_what_if_names_a_stand_in_approver_and_why(session, company):
    approved(session, company.maria, date(2026, 11, 24), date(2026, 11, 27), leave_type="sick")
    reply = ask(session, company.ana, "leave.status", start_date="2026-12-21", end_date="2026-12-21")
    assert "Approver: Carmen" in reply.text
    assert "Maria is on leave until Nov 27, 2026, so Carmen approves this request." in reply.text


def test_what_if_of_a_type_without_approval_or_limit(session, company):
    reply = ask(
        session, company.ana, "leave.balance", start_date="2026-12-21", end_date="2026-12-21", leave_type="sick"
    )
    assert "What if: Sick leave, Dec 21" in reply.text and "Approver: no approval needed" in reply.text
    assert "Available after: no yearly limit" in reply.text and "Working days: 1" in reply.text


def test_what_if_in_spanish_says_a_broken_rule_and_writes_nothing(session, company):
    before = counts(session)
    reply = ask(session, company.eva, "leave.balance", start_date="2026-12-01", end_date="2026-12-02")
    assert "preaviso" in reply.text and "No se ha pedido nada." in reply.text
    assert counts(session) == before
    ok = ask(session, company.eva, "leave.balance", start_date="2026-12-21", end_date="2026-12-22", half_day="pm")
    assert "Días laborables: 1,5" in ok.text and "no se ha pedido nada" in ok.text


def test_what_if_with_a_count_and_a_month_but_no_dates_answers_the_balance_after(session, company):
    # "what if I take 5 days of vacation in January?" answered the plain balance: the 5 days and January were lost
    allocate_year(session, company.ana, 2026)
    approved(session, company.ana, date(2026, 12, 14), date(2026, 12, 16))
    before = counts(session)
    text = "what if I take 5 days of vacation in January?"
    reply = ask(session, company.ana, "leave.balance", text, leave_type="vacation")
    assert counts(session) == before
    assert "If you take 5 days of Vacation in January 2027, you would have 17 days left in 2027" in reply.text
    assert "Jan 1 is New Year's Day" in reply.text  # the month's holidays, which are no days off to take
    assert "Up to 5 days of 2026 you leave unused carry over into 2027" in reply.text  # 19 left this year, cap 5
    assert "nothing was requested" in reply.text and "“what if I take Jan 4 – 8 off?”" in reply.text


def test_what_if_with_a_count_in_spanish_and_more_than_the_balance(session, company):
    reply = ask(session, company.eva, "leave.balance", "¿y si pido 3 días en febrero?")
    assert "Si te coges 3 días de Vacaciones en febrero de 2027, te quedarían 19 días en 2027" in reply.text
    short = ask(session, company.eva, "leave.balance", "si me cojo 25 días en agosto, ¿cuántos me quedan?")
    assert "25 días de Vacaciones en agosto de 2027 son más de los que tienes" in short.text
    assert "te faltarían 3 días" in short.text and "no se ha pedido nada" in short.text


def test_a_count_without_taking_words_is_still_the_plain_balance(session, company):
    reply = ask(session, company.ana, "leave.balance", "do I still have 5 days left?")
    assert "Vacation" in reply.text and "If you take" not in reply.text


def test_my_requests_routed_as_the_inbox_answer_the_askers_own(session, company):
    # "show my requests" from an employee (not an approver) was routed to the approvals inbox: "Nothing is waiting
    # for your decision", instead of their own requests and where each stands
    registry = leave_registry()
    register_approvals(registry, leave_deps())
    submit(session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2026, 12, 21), date(2026, 12, 22)))
    submit(session, actor=actor(company.eva, "slack", NOW), draft=draft(date(2026, 12, 21), date(2026, 12, 22)))
    inbox = registry.intent_handler("approvals.inbox")
    assert inbox is not None

    def asked(who: Employee, text: str) -> str:
        return inbox(ctx(session, who), Request(text=text, intent="approvals.inbox"))[0].text

    for text in ("show my requests", "what requests have I made?", "list my requests and their status"):
        mine = asked(company.ana, text)
        assert "Your pending and upcoming time off" in mine and "Dec 21, 2026 – Dec 22, 2026" in mine, text
        assert "pending" in mine and "waiting for your decision" not in mine
    assert "Tus ausencias pendientes y próximas" in asked(company.eva, "enséñame mis peticiones")
    # an approver's words still open the inbox, in either language
    assert "Ana" in asked(company.maria, "show requests awaiting my sign-off")
    assert "Eva" in asked(company.maria, "¿qué solicitudes de mi equipo están pendientes?")
    assert "Ana" in asked(company.maria, "what's waiting for me?")


# --- status and history ---------------------------------------------------------------------------------------


def test_status_lists_pending_and_upcoming_only(session, company):
    approved(session, company.ana, date(2026, 11, 23), leave_type="sick")  # past
    upcoming = approved(session, company.ana, date(2026, 12, 14), date(2026, 12, 16))
    waiting = submit(session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2027, 1, 11)))
    reply = ask(session, company.ana, "leave.status")
    assert "Dec 14, 2026 – Dec 16, 2026 · 3 days · approved" in reply.text
    assert "Jan 11, 2027 · 1 day · pending (approver: Maria)" in reply.text
    assert "Nov 23" not in reply.text and upcoming.id != waiting.id


def test_status_and_history_empty_states_in_both_languages(session, company):
    assert ask(session, company.ana, "leave.status").text == "You have no pending or upcoming time off."
    assert ask(session, company.eva, "leave.status").text == "No tienes ausencias pendientes ni próximas."
    assert ask(session, company.ana, "leave.history").text == "You have no leave requests in 2026."
    assert ask(session, company.eva, "leave.history").text == "No tienes solicitudes de ausencia en 2026."


def test_history_shows_every_status_this_year(session, company):
    approved(session, company.eva, date(2026, 11, 23), leave_type="sick")
    later = submit(session, actor=actor(company.eva, "slack", NOW), draft=draft(date(2026, 12, 21)))
    answers.press_cancel(ctx(session, company.eva), Action("leave.cancel_request", str(later.id)))
    submit(session, actor=actor(company.eva, "slack", NOW), draft=draft(date(2027, 1, 11)))  # next year: not history
    reply = ask(session, company.eva, "leave.history")
    assert reply.text.startswith("Tus ausencias en 2026")
    assert "Baja por enfermedad · 23 nov 2026 · 1 día · aprobada" in reply.text
    assert "Vacaciones · 21 dic 2026 · 1 día · retirada" in reply.text
    assert "2027" not in reply.text


def test_history_shows_the_period_asked_for(session, company):
    approved(session, company.eva, date(2026, 11, 23), leave_type="sick")
    approved(session, company.eva, date(2026, 12, 3), date(2026, 12, 9))
    november = ask(session, company.eva, "leave.history", "¿qué días falté en noviembre?")
    assert november.text.startswith("Tus ausencias, 1 nov 2026 – 30 nov 2026")
    assert "23 nov 2026" in november.text and "dic" not in november.text
    dated = ask(session, company.eva, "leave.history", "x", start_date="2026-12-01", end_date="2026-12-05")
    assert "3 dic 2026 – 9 dic 2026" in dated.text and "23 nov" not in dated.text
    inside = ask(session, company.eva, "leave.history", "x", start_date="2026-12-05", end_date="2026-12-06")
    assert "3 dic 2026 – 9 dic 2026" in inside.text  # a request spanning the whole period is in it
    assert ask(session, company.ana, "leave.history", "what leave did I take last month?").text == (
        "You have no leave requests for Oct 1, 2026 – Oct 31, 2026."
    )
    assert ask(session, company.eva, "leave.history", "mis ausencias de 2025").text == (
        "No tienes solicitudes de ausencia en 2025."
    )


# --- cancel ---------------------------------------------------------------------------------------------------


def test_cancel_lists_buttons_that_say_what_happens_with_a_confirm_dialog(session, company):
    started = approved(session, company.ana, date(2026, 11, 24), leave_type="sick")
    future = approved(session, company.ana, date(2026, 12, 14), date(2026, 12, 16))
    waiting = submit(
        session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2026, 12, 21), date(2026, 12, 22))
    )
    reply = ask(session, company.ana, "leave.cancel")
    found = buttons(reply)
    assert set(found) == {str(future.id), str(waiting.id)} and str(started.id) not in found
    assert found[str(waiting.id)]["text"]["text"] == "Withdraw Dec 21 – 22 vacation"
    assert found[str(future.id)]["text"]["text"] == "Cancel Dec 14 – 16 vacation"
    assert found[str(future.id)]["action_id"].startswith("leave.cancel_request")
    confirm = found[str(future.id)]["confirm"]
    assert {k: v["type"] for k, v in confirm.items()} == dict.fromkeys(
        ("title", "text", "confirm", "deny"), "plain_text"
    )
    assert "Maria" in confirm["text"]["text"]
    es = ask(session, company.eva, "leave.cancel")
    assert es.text.startswith("No tienes nada que cancelar") and buttons(es) == {}


def test_the_button_withdraws_a_pending_request_and_cancels_an_approved_one(session, company):
    future = approved(session, company.ana, date(2026, 12, 14), date(2026, 12, 16))
    waiting = submit(
        session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2026, 12, 21), date(2026, 12, 22))
    )
    withdrawn = press(session, company.ana, str(waiting.id))
    assert withdrawn.replace_original and not withdrawn.ephemeral
    assert withdrawn.text.startswith("Done: your vacation request for Dec 21 – 22 is withdrawn.")
    assert set(buttons(withdrawn)) == {str(future.id)}
    assert session.get(LeaveRequest, waiting.id).status == LeaveStatus.WITHDRAWN
    cancelled = press(session, company.ana, str(future.id))
    assert "3 days back in your balance" in cancelled.text and buttons(cancelled) == {}
    assert session.get(LeaveRequest, future.id).status == LeaveStatus.CANCELLED
    vacation = next(b for b in balances(session, company.ana, 2026, TODAY) if b.leave_type.code == "vacation")
    assert vacation.available == Decimal(22)


def test_cancelling_in_spanish(session, company):
    waiting = submit(
        session, actor=actor(company.eva, "slack", NOW), draft=draft(date(2026, 12, 14), date(2026, 12, 16))
    )
    assert (
        buttons(ask(session, company.eva, "leave.cancel"))[str(waiting.id)]["text"]["text"]
        == "Retirar vacaciones 14–16 dic"
    )
    reply = press(session, company.eva, str(waiting.id))
    assert reply.text.startswith("Hecho: he retirado tu solicitud de vacaciones para 14–16 dic.")


def test_cancelling_approved_leave_in_spanish_agrees_with_any_type(session, company):
    """Not "he cancelado tu vacaciones": the type's name follows "ausencia", so any type reads well."""
    future = approved(session, company.eva, date(2026, 12, 21), date(2026, 12, 22))
    reply = press(session, company.eva, str(future.id))
    assert reply.text.startswith("Hecho: he cancelado tu ausencia (vacaciones) del 21–22 dic;"), reply.text


def test_a_started_or_foreign_request_is_refused_and_unchanged(session, company):
    started = approved(session, company.ana, date(2026, 11, 24), leave_type="sick")
    before = counts(session)
    refused = press(session, company.ana, str(started.id))
    assert refused.ephemeral and not refused.replace_original
    assert refused.text == "This leave started on Nov 24, 2026, so it can't be cancelled any more. HR can adjust it."
    foreign = press(session, company.eva, str(started.id))
    assert foreign.ephemeral and foreign.text == "Solo Ana (o RR. HH.) puede cancelar esta solicitud."
    assert press(session, company.ana, "999999").text == "I can't find leave request #999999."
    assert session.get(LeaveRequest, started.id).status == LeaveStatus.APPROVED and counts(session) == before


# --- who is off -----------------------------------------------------------------------------------------------


def _team_off(session: Session, company: Company) -> None:
    approved(session, company.eva, date(2026, 12, 14), date(2026, 12, 15))
    submit(session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2026, 12, 17), leave_type="personal"))
    approved(session, company.olga, date(2026, 12, 16))  # another team


def test_a_manager_sees_types_and_an_employee_only_names_and_dates(session, company):
    _team_off(session, company)
    dates = {"start_date": "2026-12-14", "end_date": "2026-12-18"}
    manager = ask(session, company.maria, "leave.team", **dates).text
    assert "Eva · Dec 14, 2026 – Dec 15, 2026 · Vacation (approved)" in manager
    assert "Ana · Dec 17, 2026 · Personal day (pending)" in manager and "Olga" not in manager
    employee = ask(session, company.ana, "leave.team", **dates).text
    assert "Eva · Dec 14, 2026 – Dec 15, 2026\n" in employee + "\n" and "Vacation" not in employee
    spanish = ask(session, company.eva, "leave.team", **dates).text
    assert "Eva · 14 dic 2026 – 15 dic 2026 · Vacaciones (aprobada)" in spanish and "Ana" not in spanish


def test_team_defaults_to_this_week_and_next(session, company):
    approved(session, company.eva, date(2026, 12, 2), date(2026, 12, 3))
    reply = ask(session, company.ana, "leave.team")
    this_week, next_week = reply.text.split("Next week")
    assert "This week (Nov 23 – 29)" in this_week and "Nobody is off." in this_week
    assert "(Nov 30 – Dec 6)" in next_week and "Eva · Dec 2, 2026 – Dec 3, 2026" in next_week


def test_team_answers_the_month_named_looking_ahead(session, company):
    _team_off(session, company)
    december = ask(session, company.maria, "leave.team", "who is off in December?").text
    assert december.startswith("Who is off\nDec 1 – 31\n")
    assert "Eva · Dec 14, 2026 – Dec 15, 2026" in december and "Ana · Dec 17, 2026" in december
    january = ask(session, company.eva, "leave.team", "¿quién está fuera el mes que viene?").text
    assert "\n1–31 dic\n" in january  # today is Nov 25: next month is December
    assert "Eva · 14 dic 2026 – 15 dic 2026" in january
    assert "(Nov 30 – Dec 6)" in ask(session, company.ana, "leave.team", "who is off?").text  # no month: weeks


# --- Home tab and help ----------------------------------------------------------------------------------------


def test_open_items_show_balances_upcoming_and_pending(session, company):
    registry = leave_registry()
    empty = everything(registry.open_items(ctx(session, company.ana)))
    assert "Vacation 22" in empty and "No upcoming or pending time off." in empty
    approved(session, company.ana, date(2026, 12, 14), date(2026, 12, 16))
    submit(session, actor=actor(company.ana, "slack", NOW), draft=draft(date(2026, 12, 21)))
    items = registry.open_items(ctx(session, company.ana))
    check_limits(items)
    shown = everything(items)
    assert "Vacation 18" in shown and "Upcoming leave" in shown and "Waiting for approval" in shown
    assert "Dec 14, 2026 – Dec 16, 2026" in shown and "approver: Maria" in shown
    assert "Vacaciones 22" in everything(registry.open_items(ctx(session, company.eva)))


def test_capability_in_both_languages_suggests_days_ahead_of_the_askers_today(session, company):
    registry = leave_registry()  # today is Wednesday Nov 25: the Monday after next week's, to its Wednesday
    assert [(c.title, c.example) for c in registry.capabilities(ctx(session, company.ana))] == [
        ("Time off", "I need Dec 7-9 off")
    ]
    assert registry.capabilities(ctx(session, company.eva))[0].example == "quiero del 7 al 9 de diciembre libres"


@pytest.mark.parametrize(
    ("today", "days"),
    [
        (date(2026, 11, 25), (date(2026, 12, 7), date(2026, 12, 9))),
        (date(2026, 12, 14), (date(2026, 12, 21), date(2026, 12, 23))),  # a Monday: the next week's Monday
        (date(2027, 3, 17), (date(2027, 3, 29), date(2027, 3, 31))),  # the month's last three days still fit
        (date(2027, 5, 19), (date(2027, 6, 7), date(2027, 6, 9))),  # May 31 - Jun 2 would cross into June
    ],
)
def test_example_days_are_a_monday_to_wednesday_in_one_month_a_week_ahead(today, days):
    start, end = answers.example_days(today)
    assert (start, end) == days
    assert start.weekday() == 0 and start.month == end.month and start - today >= timedelta(days=7)


# --- through the assistant ------------------------------------------------------------------------------------


@pytest.fixture
def assistant_company(database: Database) -> Company:
    with database.session() as session:
        company = make_company(session)
        approved(session, company.ana, date(2026, 12, 14), date(2026, 12, 16))
        return company


def test_through_the_assistant_the_cancel_button_commits(database, clock, assistant_company):
    assistant = Assistant(database, leave_registry(), IntentRouter(), clock=clock)
    ana = assistant_company.ana
    origin = Origin("slack", "D1:main")
    listed = assistant.handle_message(ana.id, "leave.cancel", origin)[0]
    [(value, button)] = buttons(listed).items()
    pressed = assistant.handle_action(ana.id, Action(button["action_id"], value), origin)[0]
    assert pressed.replace_original and "3 days back" in pressed.text
    with database.session() as session:
        assert session.get(LeaveRequest, int(value)).status == LeaveStatus.CANCELLED
        assert session.scalar(select(func.count()).where(AuditEntry.action == "leave.cancelled")) == 1
    simulated = assistant.handle_message(ana.id, "leave.balance 2026-12-21 2026-12-24", origin)[0]
    assert "nothing was requested" in simulated.text
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(LeaveRequest)) == 1
