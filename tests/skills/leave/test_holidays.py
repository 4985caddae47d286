"""Holidays that match the policies: a region's public holidays and the company's closure days count nowhere (working
days, balances, what if, who is off, reminders), and the preview names the holidays in the user's language."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bot.assistant import Assistant, Origin
from bot.dialogue.cards import CONFIRM
from bot.terminal.render import render_blocks
from db.engine import Database
from db.models import Employee
from skills.common.time import FixedClock
from skills.core import Request, SkillRegistry
from skills.jobs import JobContext
from skills.leave.handlers import answers
from skills.leave.jobs import remind_approvers
from skills.leave.queries.balances import balance_for
from skills.leave.queries.calendar import count_working_days, public_holidays, working_calendar
from skills.leave.queries.facts import what_if
from skills.leave.queries.team import holidays_off
from skills.leave.service import submit

from .conftest import TODAY, Company, LeaveRouter, actor, approved, closure, context_for, draft, leave_deps

CHRISTMAS_WEEK = (date(2026, 12, 21), date(2026, 12, 24))


def test_the_holidays_package_gives_madrid_its_regional_days():
    madrid = public_holidays("ES-MD", 2026, "en")
    assert madrid[date(2026, 12, 7)] == "Monday following Constitution Day"  # the Comunidad de Madrid's
    assert madrid[date(2026, 12, 8)] == "Immaculate Conception"  # national
    assert date(2026, 12, 7) not in public_holidays("ES", 2026, "en")
    assert public_holidays("ES-MD", 2026, "es")[date(2026, 12, 8)] == "Inmaculada Concepción"


def test_an_unknown_region_keeps_its_countrys_holidays():
    assert public_holidays("ES-ZZ", 2026, "en") == public_holidays("ES", 2026, "en")
    assert public_holidays("XX-YY", 2026, "en") == {}


@pytest.mark.parametrize(
    ("country", "expected"),
    [("ES-MD", "3"), ("ES", "4"), ("ES-CT", "4"), ("US", "4")],
)
def test_a_closure_day_counts_for_its_region_only(session, country, expected):
    closure(session, date(2026, 12, 24), "Nochebuena", "ES-MD")
    assert count_working_days(session, country, *CHRISTMAS_WEEK).days == Decimal(expected)


def test_a_closure_day_of_every_office_counts_everywhere_and_a_region_names_it_first(session):
    closure(session, date(2026, 12, 31), "Year-end closure", None)
    closure(session, date(2026, 12, 30), "Cierre", "ES")
    closure(session, date(2026, 12, 30), "Cierre de Madrid", "ES-MD")
    assert count_working_days(session, "US", date(2026, 12, 28), date(2026, 12, 31)).days == 3
    calendar = working_calendar(session, "ES-MD", date(2026, 12, 28), date(2026, 12, 31))
    assert calendar.holidays == {date(2026, 12, 30): "Cierre de Madrid", date(2026, 12, 31): "Year-end closure"}
    assert not calendar.is_working_day(date(2026, 12, 31)) and calendar.is_working_day(date(2026, 12, 29))


def test_a_closure_day_is_not_deducted_from_the_balance(session, company):
    closure(session, date(2026, 12, 24), "Nochebuena", "ES-MD")
    request = approved(session, company.eva, *CHRISTMAS_WEEK)
    assert request.working_days == 3
    vacation = balance_for(session, company.eva, request.type, 2026, TODAY)
    assert (vacation.taken, vacation.available) == (Decimal(3), Decimal(19))


def test_what_if_counts_and_names_the_closure_day_in_spanish(session, company):
    closure(session, date(2026, 12, 24), "Nochebuena", "ES-MD")
    result = what_if(session, company.eva, draft(*CHRISTMAS_WEEK), TODAY)
    assert (result.working_days, result.available_after) == (Decimal(3), Decimal(19))
    assert result.holidays == {date(2026, 12, 24): "Nochebuena"}
    slots = {"start_date": "2026-12-21", "end_date": "2026-12-24"}
    [reply] = answers.answer_balance(context_for(session, company.eva), Request("x", "leave.balance", slots))
    assert "Días laborables: 3" in reply.text and "Disponibles después: 19" in reply.text
    assert "No se cuentan: el 24 dic es festivo: Nochebuena." in reply.text


def test_who_is_off_shows_the_holidays_of_the_people_you_see(session, company):
    closure(session, date(2026, 12, 24), "Nochebuena", "ES-MD")
    found = {
        (h.day, h.name): h.names for h in holidays_off(session, company.maria, date(2026, 12, 21), date(2026, 12, 27))
    }
    assert found[(date(2026, 12, 24), "Nochebuena")] == ("Eva",)
    assert {"Ana", "Eva", "Maria"} <= set(found[(date(2026, 12, 25), "Christmas Day")])
    slots = {"start_date": "2026-12-21", "end_date": "2026-12-25"}
    [reply] = answers.answer_team(context_for(session, company.maria), Request("x", "leave.team", slots))
    assert "Holidays\n• Dec 24 · Nochebuena: Eva\n• Dec 25 · Christmas Day: Adam, Ana, Eva, Hana, Maria and 1 more" in (
        reply.text
    )
    [spanish] = answers.answer_team(context_for(session, company.eva), Request("x", "leave.team", slots))
    assert "Festivos\n• 24 dic · Nochebuena: Eva" in spanish.text


def test_the_weekly_team_view_shows_a_regional_holiday(session, company):
    [reply] = answers.answer_team(
        context_for(session, company.ana, now=datetime(2026, 12, 7, 12, tzinfo=UTC)), Request("x", "leave.team", {})
    )
    assert "Dec 7 · Monday following Constitution Day: Eva" in reply.text
    assert "Dec 8 · Immaculate Conception: Eva" in reply.text
    asked_in_spanish = context_for(session, company.ana, now=datetime(2026, 12, 7, 12, tzinfo=UTC))
    asked_in_spanish.lang = "es"  # Ana's profile says English: the answer, holidays included, is in Spanish
    [spanish] = answers.answer_team(asked_in_spanish, Request("x", "leave.team", {}))
    assert "8 dic · Inmaculada Concepción: Eva" in spanish.text and "Immaculate" not in spanish.text


def test_reminders_skip_the_approvers_holidays_and_closure_days(session, company):
    submit(session, actor=actor(company.ana), draft=draft(date(2026, 12, 14)))  # Wednesday Nov 25, 10:00 UTC
    closure(session, date(2026, 11, 27), "Company day", None)  # Friday; Thursday is Thanksgiving for Maria (US)

    def run(now: datetime) -> int:
        return remind_approvers(JobContext(session=session, now=now, deps=leave_deps(FixedClock(now))))

    assert run(datetime(2026, 11, 27, 11, tzinfo=UTC)) == 0  # no business day yet
    assert run(datetime(2026, 11, 30, 11, tzinfo=UTC)) == 1  # Monday


# --- through the assistant: a Madrid employee asks for Dec 7-9 -------------------------------------------------


SLACK = Origin("slack", "D1:holidays")


@pytest.fixture
def assistant(database: Database, clock: FixedClock, registry: SkillRegistry) -> Assistant:
    return Assistant(database, registry, LeaveRouter(), clock=clock)


def _preview_lines(assistant: Assistant, who: Employee, text: str) -> list[str]:
    card = assistant.handle_message(who.id, text, SLACK)[-1]
    _, choices = render_blocks(card.blocks or [])
    assert CONFIRM in {choice.action_id for choice in choices}, card.text
    return card.text.splitlines()


def _speaks_english(database: Database, employee: Employee) -> Employee:
    with database.session() as session:
        stored = session.get(Employee, employee.id)
        assert stored is not None
        stored.locale = "en-GB"
        session.flush()
        session.expunge(stored)
        return stored


def test_a_madrid_employee_asking_for_dec_7_to_9_takes_one_working_day_in_spanish(
    assistant: Assistant, committed_company: Company
):
    lines = _preview_lines(assistant, committed_company.eva, "quiero vacaciones del 7 al 9 de diciembre")
    assert "Fechas: 7 dic 2026 – 9 dic 2026" in lines
    assert "Días laborables: 1" in lines
    assert "Saldo después: 21 días" in lines
    assert (
        "Festivos (no se cuentan): el 7 dic es festivo: Lunes siguiente a Día de la Constitución Española, "
        "el 8 dic es festivo: Inmaculada Concepción"
    ) in lines


def test_a_madrid_employee_asking_for_dec_7_to_9_takes_one_working_day_in_english(
    assistant: Assistant, database: Database, committed_company: Company
):
    eva = _speaks_english(database, committed_company.eva)
    lines = _preview_lines(assistant, eva, "I'd like vacation Dec 7-9")
    assert "Working days: 1" in lines and "Balance after: 21 days" in lines
    assert "Holidays (not counted): Dec 7 is Monday following Constitution Day, Dec 8 is Immaculate Conception" in lines


def test_a_new_york_employee_asking_for_the_same_days_takes_three(assistant: Assistant, committed_company: Company):
    lines = _preview_lines(assistant, committed_company.ana, "vacation Dec 7-9")
    assert "Working days: 3" in lines
    assert not any(line.startswith("Holidays") for line in lines)


def test_only_a_holiday_is_refused_naming_it(assistant: Assistant, committed_company: Company):
    [reply] = assistant.handle_message(committed_company.eva.id, "quiero vacaciones el 8 de diciembre", SLACK)
    assert "no tienen días laborables que pedir: 8 dic 2026 (Inmaculada Concepción)" in reply.text
