"""Every rule of the checklist, in order, as a named error with its message in English and Spanish; the assessment
(limit in force and what is left, receipt threshold, finance step) that the card and "can I expense this?" share."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from skills.expenses.config import ExpensesConfig
from skills.expenses.errors import (
    AmountImplausible,
    AmountNotPositive,
    CategoryUnknown,
    CurrencyUnknown,
    DateInFuture,
    DateTooOld,
    JustificationNeeded,
    ReceiptReasonNeeded,
)
from skills.expenses.queries import category_for
from skills.expenses.rules import ClaimDraft, Receipt, assess, validate
from tests.pinned import TODAY

CONFIG = ExpensesConfig()


def draft(session, who, code="travel", amount="45.20", currency="USD", day=TODAY - timedelta(days=1), **extra):
    return ClaimDraft(employee=who, amount=Decimal(amount), currency=currency, expense_date=day,
                      category=category_for(session, code, who.country) if code else None, country=who.country,
                      **extra)  # fmt: skip


def check(session, who, **values):
    office = "EUR" if who.country.startswith("ES") else "USD"
    return validate(draft(session, who, **values), today=TODAY, office_currency=office, used=Decimal(0),
                    duplicates=[], config=CONFIG)  # fmt: skip


CASES = [
    ({"amount": "0"}, AmountNotPositive, "more than zero", "mayor que cero"),
    ({"amount": "-5"}, AmountNotPositive, "more than zero", "mayor que cero"),
    ({"amount": "900000"}, AmountImplausible, "typo", "errata"),
    ({"currency": "XAU"}, CurrencyUnknown, "currency XAU", "moneda XAU"),
    ({"day": TODAY + timedelta(days=1)}, DateInFuture, "hasn't happened yet", "todavía no ha llegado"),
    ({"day": TODAY - timedelta(days=120)}, DateTooOld, "more than 90 days ago", "hace más de 90 días"),
    ({"code": None}, CategoryUnknown, "what kind of expense", "qué tipo de gasto"),
    ({"code": "meals", "amount": "80"}, JustificationNeeded, "over the limit", "Supera el límite"),
    ({"code": "meals", "amount": "30"}, ReceiptReasonNeeded, "a receipt is required", "hace falta el ticket"),
]


@pytest.mark.parametrize(("values", "error", "english", "spanish"), CASES, ids=[c[1].__name__ + str(i) for i, c in enumerate(CASES)])  # fmt: skip
def test_each_rule_is_a_named_error_in_both_languages(session, people, values, error, english, spanish):
    ana = session.get(type(people.ana), people.ana.id)
    with pytest.raises(error) as raised:
        check(session, ana, **values)
    assert english in raised.value.message("en")
    assert spanish in raised.value.message("es")


def test_the_rules_run_in_order(session, people):
    ana = session.get(type(people.ana), people.ana.id)
    with pytest.raises(AmountNotPositive):  # the amount before the date and the category
        check(session, ana, amount="0", code=None, day=TODAY + timedelta(days=3))
    with pytest.raises(DateInFuture):  # the date before the category
        check(session, ana, code=None, day=TODAY + timedelta(days=3))


def test_a_justification_and_a_declared_reason_let_it_through_flagged(session, people):
    ana = session.get(type(people.ana), people.ana.id)
    assessment = check(session, ana, code="meals", amount="80", justification="client dinner",
                       no_receipt_reason="lost it")  # fmt: skip
    assert assessment.over_limit and assessment.needs_finance and assessment.receipt_required


def test_a_receipt_file_needs_no_reason(session, people):
    ana = session.get(type(people.ana), people.ana.id)
    receipt = Receipt("/tmp/x.png", "ab" * 32, "image/png", 100)
    assessment = check(session, ana, code="meals", amount="30", receipt=receipt)
    assert assessment.receipt_required and not assessment.over_limit


def test_the_limit_in_force_and_what_is_left(session, people):
    eva = session.get(type(people.eva), people.eva.id)
    hotel = draft(session, eva, code="lodging", amount="420", currency="EUR", nights=3)
    assessment = assess(hotel, office_currency="EUR", used=Decimal(0), duplicates=[], config=CONFIG)
    assert assessment.limit is not None and assessment.limit.allowed == Decimal(450)
    assert not assessment.over_limit and not assessment.needs_finance
    used = assess(hotel, office_currency="EUR", used=Decimal(100), duplicates=[], config=CONFIG)
    assert used.limit is not None and used.limit.left == Decimal(350) and used.over_limit and used.needs_finance


def test_finance_approves_over_the_threshold(session, people):
    ana = session.get(type(people.ana), people.ana.id)
    small = assess(draft(session, ana, code="training", amount="400"), office_currency="USD", used=Decimal(0),
                   duplicates=[], config=CONFIG)  # fmt: skip
    big = assess(draft(session, ana, code="training", amount="600"), office_currency="USD", used=Decimal(0),
                 duplicates=[], config=CONFIG)  # fmt: skip
    assert (small.needs_finance, big.needs_finance) == (False, True)


def test_a_limit_set_in_another_currency_is_converted(session, people):
    eva = session.get(type(people.eva), people.eva.id)
    software = draft(session, eva, code="software", amount="100", currency="EUR", day=date(2026, 10, 29))
    assessment = assess(software, office_currency="EUR", used=Decimal(0), duplicates=[], config=CONFIG)
    assert assessment.limit is not None and Decimal(400) < assessment.limit.limit < Decimal(500)  # 500 USD in EUR


def test_refused_amounts_and_dates_are_written_as_the_reader_writes_them(session, people):
    """A Spanish reader sees "1.250.000,00 €" and "50.000", and neither language sees an ISO date."""
    eva = session.get(type(people.eva), people.eva.id)
    with pytest.raises(AmountImplausible) as huge:
        check(session, eva, amount="1250000", currency="EUR")
    assert "1.250.000,00 €" in huge.value.message("es") and "50.000" in huge.value.message("es")
    assert "€1,250,000.00" in huge.value.message("en") and "50,000" in huge.value.message("en")
    tomorrow = TODAY + timedelta(days=1)
    with pytest.raises(DateInFuture) as future:
        check(session, eva, day=tomorrow)
    with pytest.raises(DateTooOld) as old:
        check(session, eva, day=TODAY - timedelta(days=120))
    for raised, day in ((future, tomorrow), (old, TODAY - timedelta(days=120))):
        assert day.isoformat() not in raised.value.message("es") + raised.value.message("en")
        assert day.strftime("%b") in raised.value.message("en") and str(day.year) in raised.value.message("es")


def colombian(session, people):
    """Sofía, in Bogotá: her office's currency (COP) is one the ECB publishes no rate for."""
    from .conftest import person

    sofia = person("Sofia", country="CO", locale="es-CO", manager=session.get(type(people.mia), people.mia.id))
    session.add(sofia)
    session.flush()
    return sofia


def test_a_claim_in_the_office_currency_needs_no_ecb_rate(session, people):
    sofia = colombian(session, people)
    assessment = validate(draft(session, sofia, code="travel", amount="35000", currency="COP", justification="x",
                                no_receipt_reason="taxi"),
                          today=TODAY, office_currency="COP", used=Decimal(0), duplicates=[], config=CONFIG)  # fmt: skip
    assert assessment.conversion.amount == Decimal("35000") and assessment.conversion.currency == "COP"


def test_a_limit_in_a_currency_without_a_rate_is_not_read_as_pesos(session, people):
    # The every-office meals limit is 75 USD: no ECB rate links USD and COP, so it cannot be placed. Read as 75 COP
    # (what it was), every meal was over the limit; and its receipt threshold (25 USD) asks for every receipt.
    sofia = colombian(session, people)
    assessment = assess(draft(session, sofia, code="meals", amount="60000", currency="COP"), office_currency="COP",
                        used=Decimal(0), duplicates=[], config=CONFIG)  # fmt: skip
    assert assessment.limit is None and not assessment.over_limit
    assert assessment.receipt_required


def test_a_claim_no_rate_can_convert_names_both_currencies(session, people):
    from skills.expenses.errors import RateMissing

    ana = session.get(type(people.ana), people.ana.id)
    with pytest.raises(RateMissing) as raised:
        check(session, ana, currency="COP", amount="35000")
    assert "COP and USD" in raised.value.message("en") and "claim it in USD" in raised.value.message("en")
    assert "entre COP y USD" in raised.value.message("es")


def test_the_plausibility_cap_is_one_amount_in_one_currency_for_every_office(session, people):
    # 50,000 was read in the office's currency: 180,000 pesos (a team dinner in Bogotá) was "a typo".
    sofia = colombian(session, people)
    dinner = validate(draft(session, sofia, code="meals", amount="180000", currency="COP", justification="team",
                            no_receipt_reason="lost"),
                      today=TODAY, office_currency="COP", used=Decimal(0), duplicates=[], config=CONFIG)  # fmt: skip
    assert dinner.conversion.amount == Decimal("180000")
    with pytest.raises(AmountImplausible) as huge:
        validate(draft(session, sofia, amount="90000", currency="USD"), today=TODAY, office_currency="COP",
                 used=Decimal(0), duplicates=[], config=CONFIG)  # fmt: skip
    assert "50,000" in huge.value.message("en")


def test_a_per_expense_limit_does_not_count_the_days_other_claims(session, people):
    # equipment's $1,000 is per expense: a $400 monitor the day of a $700 laptop was "over the limit by $100", asked
    # for a justification and sent to finance as a policy exception, its card saying "$300.00 left"
    from skills.expenses.drafts import checked

    from .conftest import make_claim

    make_claim(session, people.ana, "700", code="equipment", merchant="Dell")
    ana = session.get(type(people.ana), people.ana.id)
    second = draft(session, ana, code="equipment", amount="400", merchant="Dell outlet", no_receipt_reason="lost")
    assessment = checked(CONFIG, session, second, TODAY)
    assert assessment.limit is not None and assessment.limit.left == Decimal(1000)
    assert not assessment.over_limit and not assessment.needs_finance
