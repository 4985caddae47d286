from datetime import date
from decimal import Decimal

import pytest

from skills.errors import DomainError
from skills.i18n import missing_translations
from skills.leave import (
    errors,
    messages,  # noqa: F401  (registers the texts)
)
from skills.leave.models import LeaveAllocation
from skills.leave.rules import validate
from skills.leave.service import cancel, submit

from .conftest import TODAY, actor, approved, draft

# (case, draft, slot, the rule's error, English fragment, Spanish fragment)
CASES = [
    ("unknown type", draft(date(2026, 12, 14), leave_type="holidayz"), "leave_type", errors.UnknownLeaveType,
     "I don't know the leave type “holidayz”", "No conozco el tipo de permiso «holidayz»"),
    ("end before start", draft(date(2026, 12, 10), date(2026, 12, 8)), "dates", errors.EndBeforeStart,
     "The end date (Dec 8, 2026) is before the start date (Dec 10, 2026)",
     "La fecha de fin (8 dic 2026) es anterior a la de inicio (10 dic 2026)"),
    ("in the past", draft(date(2026, 11, 20)), "dates", errors.InThePast,
     "Nov 20, 2026 is in the past, and Vacation can't be requested", "El 20 nov 2026 ya pasó y las ausencias de tipo Vacaciones no se pueden pedir"),
    ("backdated too far", draft(date(2026, 11, 20), leave_type="sick"), "dates", errors.BackdatedTooFar,
     "up to 3 days back (from Nov 22, 2026)", "como mucho 3 días hacia atrás (desde el 22 nov 2026)"),
    ("half day not allowed", draft(date(2026, 12, 14), leave_type="unpaid", end_half=True), "half_day",
     errors.HalfDayNotAllowed, "Unpaid leave can't be taken in half days", "Las ausencias de tipo Permiso sin sueldo no se pueden tomar por medios días"),
    ("both halves of one day", draft(date(2026, 12, 14), start_half=True, end_half=True), "half_day",
     errors.HalfDayAmbiguous, "a morning or an afternoon off, not both", "de mañana o de tarde, no las dos"),
    ("only a weekend", draft(date(2026, 12, 5), date(2026, 12, 6)), "dates", errors.NoWorkingDays,
     "no working days to take: Dec 5, 2026 (weekend), Dec 6, 2026 (weekend)",
     "no tienen días laborables que pedir: 5 dic 2026 (fin de semana), 6 dic 2026 (fin de semana)"),
    ("overlap", draft(date(2026, 12, 16), date(2026, 12, 18)), "dates", errors.Overlaps,
     "You already have Vacation (approved) for Dec 14, 2026 – Dec 16, 2026",
     "Ya tienes una solicitud de Vacaciones (aprobada) para 14 dic 2026 – 16 dic 2026"),
    ("short notice", draft(date(2026, 11, 30)), "dates", errors.ShortNotice,
     "Vacation needs 7 days' notice, so the earliest start is Dec 2, 2026",
     "Las ausencias de tipo Vacaciones requieren 7 días de preaviso, así que lo antes que pueden empezar es el 2 dic 2026"),
    ("not enough balance", draft(date(2026, 12, 21), date(2026, 12, 23)), "dates", errors.InsufficientBalance,
     "you have 2.5 days available and asked for 3", "tienes 2,5 días disponibles y pides 3"),
]  # fmt: skip


def _arrange(session, company, case, employee):
    if case == "overlap":
        approved(session, employee, date(2026, 12, 14), date(2026, 12, 16))
    if case == "not enough balance":
        session.add(
            LeaveAllocation(employee_id=employee.id, leave_type="vacation", year=2026, allocated_days=Decimal("2.5"))
        )
        session.flush()


@pytest.mark.parametrize(("lang", "writer"), [("en", "ana"), ("es", "eva"), ("es", "ana")])
@pytest.mark.parametrize(
    ("case", "request_draft", "slot", "rule", "english", "spanish"), CASES, ids=[c[0] for c in CASES]
)
def test_each_rule_is_a_named_error_in_both_languages(
    session, company, lang, writer, case, request_draft, slot, rule, english, spanish
):
    """Ana's profile is English, Eva's Spanish (and she lives in Madrid); Ana writing in Spanish gets the refusal's
    dates and type names in Spanish too, not "Las ausencias de tipo Sick leave … desde el Nov 22, 2026"."""
    employee = getattr(company, writer)
    _arrange(session, company, case, employee)
    with pytest.raises(DomainError) as caught:
        validate(session, employee, request_draft, TODAY, lang=lang if writer == "ana" else None)
    assert type(caught.value) is rule
    assert caught.value.blamed_slot == slot
    assert (english if lang == "en" else spanish) in caught.value.message(lang)


def test_a_holiday_only_request_names_the_holiday(session, company):
    with pytest.raises(errors.NoWorkingDays) as caught:
        validate(session, company.eva, draft(date(2026, 12, 7), date(2026, 12, 8)), TODAY)
    assert "8 dic 2026 (Inmaculada Concepción)" in caught.value.message("es")
    with pytest.raises(errors.NoWorkingDays) as thanksgiving:
        validate(session, company.ana, draft(date(2026, 11, 26), leave_type="sick"), TODAY)
    assert "Nov 26, 2026 (Thanksgiving" in thanksgiving.value.message("en")


def test_a_good_request_passes_with_its_days_and_balance_after(session, company):
    check = validate(session, company.eva, draft(date(2026, 12, 7), date(2026, 12, 11), end_half=True), TODAY)
    assert check.working_days == Decimal("2.5")  # Mon 7 and Tue 8 are holidays in Madrid; Fri is a morning
    assert check.balance.available == Decimal(22)
    assert check.available_after == Decimal("19.5")


def test_sick_leave_may_be_backdated_and_has_no_notice_or_limit(session, company):
    check = validate(session, company.ana, draft(date(2026, 11, 23), date(2026, 11, 24), leave_type="sick"), TODAY)
    assert check.working_days == 2
    assert check.available_after is None


def test_a_morning_and_an_afternoon_of_the_same_day_do_not_overlap(session, company):
    submit(session, actor=actor(company.ana), draft=draft(date(2026, 12, 14), leave_type="personal", end_half=True))
    check = validate(session, company.ana, draft(date(2026, 12, 14), leave_type="personal", start_half=True), TODAY)
    assert check.working_days == Decimal("0.5")
    with pytest.raises(errors.Overlaps):
        validate(session, company.ana, draft(date(2026, 12, 14), leave_type="personal"), TODAY)


def test_cancelled_requests_do_not_block(session, company):
    first = approved(session, company.ana, date(2026, 12, 14))
    cancel(session, actor=actor(company.ana), request_id=first.id)
    assert validate(session, company.ana, draft(date(2026, 12, 14)), TODAY).working_days == 1


def test_every_leave_message_has_both_languages():
    missing = missing_translations()
    assert [key for key in missing["es"] if key.startswith(("leave.", "error.leave"))] == []
