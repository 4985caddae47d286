"""The replies every skill gives to a refused click."""

from __future__ import annotations

from db.models import Employee
from skills.approvals.errors import NotInStep
from skills.clicks import refused_click
from skills.core import Context
from skills.errors import DomainError
from skills.i18n import add_messages
from tests.pinned import NOW

add_messages({"error.test_click_late": {"en": "Too late.", "es": "Demasiado tarde."}})


class TooLate(DomainError):
    key = "test_click_late"


def test_a_refusal_of_the_clicker_speaks_their_language_and_other_refusals_the_cards(session):
    pepe = Employee(email="pepe@x.example", name="Pepe Ruiz", locale="es-ES", timezone="Europe/Madrid")
    session.add(pepe)
    session.flush()
    on_an_english_card = Context(session, pepe, "en", "slack", "C1:1.0", NOW)
    [refused] = refused_click(on_an_english_card, NotInStep(approver="Fran Cole"))
    assert refused.text == "Solo Fran Cole (o RR. HH.) puede decidir esto ahora." and refused.ephemeral
    [late] = refused_click(Context(session, pepe, "en", "slack", "C1:1.0", NOW), TooLate())
    assert late.text == "Too late."
