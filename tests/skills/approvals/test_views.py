"""The engine's views draw objects that belong to no session: the step card with its trail and level-carrying
buttons, the settled card saying on whose behalf, the inbox in both languages with CLDR plurals."""

from __future__ import annotations

from datetime import UTC, datetime

from db.models import Employee
from skills.approvals import views
from skills.approvals.models import Approval, ApprovalStep

AT = datetime(2026, 11, 25, 15, 30, tzinfo=UTC)


def _people() -> tuple[Employee, Employee, Employee, Employee]:
    ana = Employee(id=1, name="Ana", email="ana@x", locale="en-US", timezone="America/New_York")
    maria = Employee(id=2, name="Maria", email="maria@x", locale="en-US", timezone="America/New_York")
    olga = Employee(id=3, name="Olga", email="olga@x", locale="es-ES", timezone="Europe/Madrid")
    fiona = Employee(id=4, name="Fiona", email="fiona@x", locale="en-US", timezone="America/New_York")
    return ana, maria, olga, fiona


def _approval() -> Approval:
    ana, maria, olga, fiona = _people()
    first = ApprovalStep(id=1, level=1, approver=maria, approver_id=2, rule="manager", status="approved",
                         decided_by=olga, on_behalf_of=maria, decided_as="delegate", decided_at=AT)  # fmt: skip
    second = ApprovalStep(id=2, level=2, approver=fiona, approver_id=4, rule="finance", status="pending")
    return Approval(id=9, requester=ana, requester_id=1, status="pending", current_level=2, steps=[first, second])


def test_the_step_card_shows_the_trail_and_buttons_carrying_the_level():
    approval = _approval()
    text, blocks = views.step_card(approval, "Taxi · $42.00", "Expense", approval.steps[1].approver)
    assert text == "Expense from Ana: Taxi · $42.00"
    shown = str(blocks)
    assert "✅ Approved by Olga on behalf of Maria (manager), Nov 25, 2026, 10:30 AM" in shown
    assert "⏳ Waiting for Fiona (finance)" in shown
    assert [e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]] == ["9:2", "9:2"]


def test_the_settled_card_in_spanish_says_en_nombre_de():
    approval = _approval()
    _, olga_viewer = approval.steps[0].approver, approval.steps[0].decided_by
    assert olga_viewer is not None
    text, blocks = views.settled_card(approval, "Taxi", "Gasto", olga_viewer)
    assert "✅ Aprobado por Olga en nombre de Maria (responsable), 25 nov 2026, 16:30" in text
    assert not views.has_buttons(blocks)


def test_the_inbox_counts_with_cldr_plurals_in_both_languages():
    entry = views.InboxEntry(9, 1, "Ana", "Leave", "Vacation · Dec 21", 1, AT, None)
    assert views.inbox_text([entry], "en").startswith("1 request is waiting for your decision")
    assert "_waiting 1 business day_" in views.inbox_text([entry], "en")
    two = [entry, views.InboxEntry(10, 1, "Eva", "Leave", "Vacation · Dec 22", 0, AT, "Maria")]
    spanish = views.inbox_text(two, "es")
    assert spanish.startswith("Tienes 2 solicitudes pendientes de tu decisión")
    assert "_desde hoy_ (en nombre de Maria)" in spanish
    assert len(views.inbox_blocks(two, "en")) == 5  # a title, then a line and its buttons each
