"""\"Can I expense this?\" in both languages: the limit check, the policy's clause and the approval it would need,
writing nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from db.models import AuditEntry, Conversation
from skills.expenses.models import ExpenseClaim

from .conftest import make_claim, text_of


def nothing_written(database):
    with database.session() as session:
        return (session.scalar(select(func.count()).select_from(ExpenseClaim)),
                session.scalar(select(func.count()).select_from(AuditEntry)),
                session.scalar(select(func.count()).select_from(Conversation)))  # fmt: skip


def test_a_team_dinner_over_the_limit_in_english(cited, people):
    before = nothing_written(cited.database)
    [answer] = cited.say(people.ana, "can I expense a 300 € team dinner for 6?", "expense.check")
    shown = text_of([answer])
    assert "Over the limit" in shown and "For 6 people that is" in shown
    assert "then finance (policy exception)" in shown and "expenses.md › Meals" in shown
    assert "Nothing was saved" in shown and nothing_written(cited.database) == before


def test_a_taxi_in_dollars_in_spanish(cited, people):
    [answer] = cited.say(people.eva, "¿puedo pasar un taxi de 80 dólares?", "expense.check")
    shown = text_of([answer])
    assert "Sí:" in shown and "US$" in shown and "Quién aprueba: tu responsable (Marta)" in shown
    assert "gastos-espana.md" in shown and "No he guardado nada" in shown


def test_what_is_already_spent_counts(harness, people, session):
    make_claim(session, people.ana, "60", code="meals", merchant="Diner")
    session.commit()
    [answer] = harness.say(people.ana, "can I expense a $30 lunch yesterday?", "expense.check")
    assert "Over the limit: $30.00 against $15.00 left" in text_of([answer])


def test_without_an_amount_it_asks_for_one(harness, people):
    [answer] = harness.say(people.eva, "¿puedo pasar la cena?", "expense.check")
    assert "Dime el importe" in answer.text
