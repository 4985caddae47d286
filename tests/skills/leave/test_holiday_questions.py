"""Questions about when holidays fall are answered from the asker's office calendar (public holidays of their country
and region, company closure days) before the policies are searched; other holiday questions still reach the policies."""

from __future__ import annotations

from datetime import date

import pytest

from skills.leave.holiday_questions import HolidayQuestion, holiday_question

from .conftest import TODAY, closure
from .conftest import ask_before_the_policies as ask

MONDAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("is Monday a holiday?", HolidayQuestion(day=MONDAY)),
        ("¿el lunes es festivo?", HolidayQuestion(day=MONDAY)),
        ("is tomorrow a bank holiday for us?", HolidayQuestion(day=date(2026, 11, 26))),
        ("¿qué festivos hay en enero?", HolidayQuestion(start=date(2027, 1, 1), end=date(2027, 1, 31))),
        ("which public holidays are there in December?", HolidayQuestion(start=date(2026, 12, 1), end=date(2026, 12, 31))),
        ("when is the next holiday?", HolidayQuestion()),
        ("¿cuándo es el próximo festivo?", HolidayQuestion()),
        ("do we get paid for public holidays?", None),
        ("¿nos pagan los festivos?", None),
        ("how do holidays work for part-time staff", None),
        ("what holiday do I have left?", None),
        ("any holiday left for me in 2027?", None),  # British "holiday": a balance question
        ("how many public holidays does the NY office get", None),
        ("is there a budget for the holiday party?", None),
        ("What are the local public holidays of the city of Madrid?", None),  # the handbook's, not the country's
        ("what is the remote work policy?", None),
    ],
)  # fmt: skip
def test_what_a_holiday_question_asks(text, asked):
    assert holiday_question(text, TODAY) == asked


def test_a_day_is_named_as_a_holiday_of_the_askers_region_in_their_language(session, company):
    text, asked_policies = ask(session, company.eva, "¿el 7 de diciembre es festivo?")
    assert text.startswith("El lun, 7 dic 2026 es festivo en tu oficina (ES-MD):") and not asked_policies
    english, _ = ask(session, company.ana, "is December 7 a holiday?")
    assert english == "Mon, Dec 7, 2026 is not a holiday: it is a working day for your office (US)."
    weekend, _ = ask(session, company.ana, "is Saturday a holiday?")
    assert "falls on a weekend" in weekend


def test_a_period_lists_public_holidays_and_closure_days(session, company):
    closure(session, date(2026, 12, 24), "Christmas Eve closure", None)
    closure(session, date(2026, 12, 31), "Cierre de fin de año", "ES")
    text, _ = ask(session, company.eva, "¿qué festivos hay en diciembre?")
    lines = text.splitlines()
    assert lines[0] == "Festivos de tu oficina (ES-MD), 1–31 dic"
    assert [line.split(" · ")[0] for line in lines[1:]] == [
        "• lun, 7 dic", "• mar, 8 dic", "• jue, 24 dic", "• vie, 25 dic", "• jue, 31 dic"
    ]  # fmt: skip
    assert lines[3].endswith("(cierre de la empresa)") and lines[5].endswith("(cierre de la empresa)")
    us, _ = ask(session, company.ana, "which holidays are there in December?")
    assert "Dec 31" not in us and "Christmas Eve closure (company closure)" in us


def test_the_next_holidays_start_today(session, company):
    text, _ = ask(session, company.ana, "when is the next holiday?")
    assert text.splitlines()[1] == "• Thu, Nov 26 · Thanksgiving Day"


def test_other_holiday_questions_reach_the_policies(session, company):
    text, asked_policies = ask(session, company.ana, "do we get paid for public holidays?")
    assert text == "from the policies" and asked_policies == ["do we get paid for public holidays?"]


def test_a_balance_question_naming_a_day_that_is_a_holiday_gets_the_calendar(session, company):
    text, _ = ask(session, company.ana, "is Dec 25 a holiday?", intent="leave.balance")
    assert text.startswith("Fri, Dec 25, 2026 is a public holiday for your office (US): Christmas Day")
