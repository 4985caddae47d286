"""Questions about how many days a year a type of leave gives are answered from the company's leave types (the
figures every request is checked against), in the asker's language; a balance, or what changes the allowance
(seniority, part-time, pay, carrying over, an occasion no type names), still goes to its own answer."""

from __future__ import annotations

from decimal import Decimal

import pytest

from skills.leave.allowance_questions import allowance_question, carry_over_question
from skills.leave.models import Accrual, LeaveType
from skills.leave.queries.balances import active_types

from .conftest import ask_before_the_policies as ask


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("how many vacation days do we get?", ["vacation"]),
        ("How many vacation days do we get each year?", ["vacation"]),
        ("how much PTO do employees get?", ["vacation"]),
        ("how many vacation days do I get?", ["vacation"]),
        ("¿cuántos días de vacaciones tenemos?", ["vacation"]),
        ("¿cuántas vacaciones tenemos al año?", ["vacation"]),
        ("cuantos dias de vacaciones tengo al año", ["vacation"]),
        ("¿cuántos días de asuntos propios nos corresponden al año?", ["personal"]),
        ("how many days do we get for a funeral?", ["bereavement"]),
        ("¿cuántos días de permiso por fallecimiento nos dan?", ["bereavement"]),
        ("how many sick days do we get?", ["sick"]),
        ("how many days off do we get per year?", ["bereavement", "personal", "vacation"]),
        ("¿cuántos días libres tenemos por año?", ["bereavement", "personal", "vacation"]),
        ("how many vacation days do I have left?", None),
        ("¿cuántos días me quedan?", None),
        ("how many vacation days have I used?", None),
        ("how many vacation days do we get after 5 years?", None),
        ("¿cuántos días de vacaciones tenemos con media jornada?", None),
        ("how many days can I carry over?", None),
        ("how many days off do we get for moving house?", None),
        ("¿cuántos días de permiso hay por matrimonio?", None),
        ("how many public holidays does the NY office get", None),
        ("how many holidays are there in December?", None),
        ("what is the vacation policy?", None),
    ],
)  # fmt: skip
def test_what_an_allowance_question_asks(session, company, text, codes):
    asked = allowance_question(text, active_types(session))
    assert ([kind.code for kind in asked] if asked is not None else None) == codes


def test_the_allowance_is_the_leave_types_with_the_askers_days_this_year(session, company):
    text, asked_policies = ask(session, company.eva, "¿cuántos días de vacaciones tenemos?")
    assert text == (
        "*Vacaciones*: 22 días al año. Hasta 5 días sin disfrutar pasan al año siguiente. "
        "Pídelo con al menos 7 días de antelación. Tienes 22 días disponibles en 2026."
    )
    assert not asked_policies
    english, _ = ask(session, company.ana, "how many sick days do we get?")
    assert english == "*Sick leave*: no yearly limit."


def test_an_installs_own_leave_type_is_named_by_its_name_and_earned_monthly(session, company):
    session.add(
        LeaveType(
            code="ANNUAL", name_en="Annual leave", name_es="Permiso anual", allowance_days=Decimal(25),
            accrual=Accrual.MONTHLY, carry_over_cap=Decimal(0), min_notice_days=0,
        )
    )  # fmt: skip
    session.flush()
    text, _ = ask(session, company.ana, "how many days of annual leave do we get a year?")
    assert text.startswith("*Annual leave*: 25 days a year. They are earned month by month. You have ")


def test_a_question_the_leave_types_cannot_answer_reaches_the_policies(session, company):
    text, asked_policies = ask(session, company.ana, "how many vacation days do we get after 5 years?")
    assert text == "from the policies" and asked_policies == ["how many vacation days do we get after 5 years?"]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("can I carry over vacation days?", ["vacation"]),
        ("do unused personal days roll over?", ["personal"]),
        ("¿se pierden los días de vacaciones que no coja?", ["vacation"]),
        ("what happens to my unused vacation at the end of the year?", ["vacation"]),
        ("¿qué pasa con los días sin disfrutar a final de año?", ["bereavement", "personal", "vacation"]),
        ("how many days can I carry over?", ["bereavement", "personal", "vacation"]),
        ("how many vacation days do I have left?", None),
        ("can I take vacation next year?", None),
        ("carry the boxes over to the Madrid warehouse", None),
    ],
)  # fmt: skip
def test_what_a_carry_over_question_asks(session, company, text, codes):
    asked = carry_over_question(text, active_types(session))
    assert ([kind.code for kind in asked] if asked is not None else None) == codes


def test_carry_over_read_as_a_balance_is_answered_from_the_leave_types(session, company):
    """ "can I carry over vacation days?" routed to leave.balance got the plain balance: the leave types the bot
    applies say it. Read as a policy question it stays the policies' (a handbook says more: "by 31 March")."""
    text, _ = ask(session, company.ana, "can I carry over vacation days?", "leave.balance")
    assert text == (
        "*Vacation*: up to 5 days not taken this year carry over into 2027. You have 22 days available in 2026."
    )
    spanish, _ = ask(session, company.eva, "¿se pierden los días de asuntos propios que no coja?", "leave.balance")
    assert spanish.startswith("*Asuntos propios*: los días sin disfrutar a final de año no pasan al siguiente.")
    policy, asked_policies = ask(session, company.ana, "do unused personal days roll over?", "policy.ask")
    assert policy == "from the policies" and asked_policies == ["do unused personal days roll over?"]
