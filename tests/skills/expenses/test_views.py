"""The views are pure: called on objects that belong to no session, in both languages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from db.models import Employee
from skills.expenses import views
from skills.expenses.models import ExpenseCategory, ExpenseClaim
from skills.expenses.policy import Clause
from skills.expenses.rates import Conversion
from skills.expenses.rules import Assessment, ClaimDraft, LimitCheck

MEALS = ExpenseCategory(code="meals", name_en="Meals", name_es="Comidas", limit=Decimal(50), currency="EUR",
                        per="day", receipt_over=Decimal(25), country="ES", active=True)  # fmt: skip
EVA = Employee(id=3, email="eva@corp.example", name="Eva", country="ES-MD", locale="es-ES")


def assessment(amount: str = "80", used: str = "0") -> Assessment:
    conversion = Conversion(Decimal(amount), "EUR", Decimal(1), None, "", date(2026, 11, 24))
    check = LimitCheck(Decimal(50), "day", Decimal(used), 1)
    return Assessment(conversion, check, Decimal(amount) > check.left, Decimal(25), True, [], True)


def test_the_preview_fields_in_spanish():
    draft = ClaimDraft(employee=EVA, amount=Decimal("80"), currency="EUR", expense_date=date(2026, 11, 24),
                       category=MEALS, merchant="Casa Lucio", justification="cliente")  # fmt: skip
    fields = dict(views.preview_fields(draft, assessment(), "tu responsable (Marta)", "es"))
    assert fields["Importe"] == "80,00 €" and fields["Categoría"] == "Comidas" and fields["Comercio"] == "Casa Lucio"
    assert fields["Límite"] == "50,00 € por día; quedan 50,00 € antes de este gasto"
    assert fields["Ticket"] == "ninguno" and fields["Justificación"] == "cliente"


def test_warnings_quote_the_clause_with_its_citation():
    clause = Clause("Madrid: 50 €", "gastos-espana.md", "Límites de comidas")
    notes = views.warnings(assessment(), [clause], "en", has_receipt=False)
    assert notes[0] == ":warning: Over the limit by €30.00: flagged to the approver."
    assert notes[1] == "A receipt is required above €25.00."
    assert notes[2] == "> Madrid: 50 €\n_gastos-espana.md › Límites de comidas_"


def test_a_claim_line_and_the_approver_summary():
    claim = ExpenseClaim(id=7, amount=Decimal("20"), currency="USD", converted_amount=Decimal("18.40"),
                         office_currency="EUR", expense_date=date(2026, 11, 24), merchant="Uber", status="pending",
                         description="", over_limit=True, justification="late flight", no_receipt_reason="lost",
                         receipt_sha256=None, duplicate_of_id=3, not_duplicate_by=None)  # fmt: skip
    claim.category = MEALS
    claim.employee = EVA
    assert views.claim_line(claim, "en") == "#7 · Nov 24, 2026 · Meals · $20.00 · Uber — *pending approval*"
    lines = views.approval_summary(claim, "es")
    assert lines[0] == "Eva reclama 20,00 US$ ≈ 18,40 € de Comidas"
    assert any("Justificación: late flight" in line for line in lines)
    assert any("Posible duplicado de la nota #3" in line for line in lines)


def test_approvers_text():
    assert views.approvers_text("Mia", None, "en") == "your manager (Mia)"
    assert (
        views.approvers_text(None, "over $500.00", "en") == "nobody (no manager on file), then finance (over $500.00)"
    )


def test_a_long_justification_does_not_push_the_duplicate_warning_off_the_approvers_card():
    claim = ExpenseClaim(id=8, amount=Decimal("90"), currency="EUR", converted_amount=Decimal("90"),
                         office_currency="EUR", expense_date=date(2026, 11, 24), merchant="", status="pending",
                         description="", over_limit=True, justification="x" * 3900, no_receipt_reason="y" * 3900,
                         receipt_sha256=None, duplicate_of_id=3, not_duplicate_by=None)  # fmt: skip
    claim.category = MEALS
    claim.employee = EVA
    [section] = views.approval_blocks(claim, "en", finance_step=False)[:1]
    text = section["text"]["text"]
    assert "Possible duplicate of claim #3" in text and "x" * 299 + "…" in text and "x" * 300 not in text
    assert len(text) < 3000
