"""My claims and their status, totals this month by category, the finance queue, team spend (managers and finance
only), and the Home tab's open claims."""

from __future__ import annotations

import pytest

from bot.terminal.render import render_blocks
from skills.core import Reply

from .conftest import TERMINAL, make_claim, text_of


def test_my_claims_and_their_status(harness, people, session):
    make_claim(session, people.ana, "20", status="approved")
    mine = make_claim(session, people.ana, "30", merchant="Lyft")
    theirs = make_claim(session, people.eva, "10", currency="EUR")
    session.commit()
    shown = text_of(harness.say(people.ana, "my expense claims", "expense.status"))
    assert "Your expense claims" in shown and f"#{mine.id}" in shown and "pending approval" in shown
    assert "approved" in shown and f"#{theirs.id}" not in shown
    assert "Tus notas de gastos" in text_of(harness.say(people.eva, "mis gastos", "expense.status"))
    assert "You have no expense claims yet." in text_of(harness.say(people.otto, "my claims", "expense.status"))


@pytest.mark.parametrize(
    ("who", "text", "expected"),
    [
        ("ana", "who approves my expenses?", "Your expense claims go to Mia first. A claim over $500.00, over its "
         "category's limit or outside the policy then goes to finance as well (Fran, Adam)."),
        ("eva", "¿quién aprueba mis gastos?", "Tus notas de gastos las aprueba primero Marta. Si un gasto pasa de "
         "500,00 €"),
        ("ana", "how do I submit an expense?", "Tell me what you spent, when and how much, in one message (“taxi to "
         "the airport yesterday $"),
        ("eva", "¿cómo paso una nota de gastos?", "Dime qué gastaste, cuándo y cuánto en un mensaje (“taxi al "
         "aeropuerto ayer "),
    ],
)  # fmt: skip
def test_who_approves_and_how_to_claim_are_answered_not_the_claims_list(harness, people, who, text, expected):
    """ "who approves my expenses?" and "how do I submit an expense?" were answered "You have no expense claims yet"."""
    [reply] = harness.say(getattr(people, who), text, "expense.status")
    assert reply.text.startswith(expected), reply.text


def test_finance_exports_the_payroll_file_in_slack_once(harness, people, session):
    """The payroll CSV was only a CLI command: finance asking for it in Slack got the month's totals."""
    assert text_of(harness.say(people.fran, "export payroll", "expense.report")) == (
        "No approved claims wait for payroll."
    )
    first = make_claim(session, people.ana, "20", status="approved")
    second = make_claim(session, people.eva, "10", currency="EUR", status="approved")
    make_claim(session, people.ana, "30", merchant="Lyft")  # pending: not for payroll
    session.commit()
    [offer] = harness.say(people.fran, "export payroll", "expense.report")
    assert offer.text.startswith("2 approved claims wait for payroll (€10.00, $20.00). Export them")
    assert {c.status for c in claims_of(session, first.id, second.id)} == {"approved"}  # asking exports nothing
    [refused] = harness.press(people.ana, offer, "Export")
    assert refused.ephemeral and "finance" in refused.text.lower()
    [exported] = harness.press(people.fran, offer, "Export")
    assert exported.text.startswith("Exported 2 claims to payroll-") and exported.file is not None
    lines = exported.file.content.decode().splitlines()
    assert lines[0].startswith("claim_id,employee,email") and len(lines) == 3
    assert {line.split(",")[0] for line in lines[1:]} == {str(first.id), str(second.id)}
    session.expire_all()
    assert {c.status for c in claims_of(session, first.id, second.id)} == {"exported"}
    [again] = harness.press(people.fran, offer, "Export")
    assert again.text == "Nothing left to export: those claims were exported already." and again.file is None
    spanish = text_of(harness.say(people.ana, "exporta la nómina de gastos", "expense.report"))
    assert "payroll" not in spanish and "nómina" not in spanish  # not finance: the report, as before


@pytest.mark.parametrize("text", ["exporta la nómina", "export the payroll file", "genera el fichero de nómina"])
def test_finance_asking_for_the_payroll_file_in_words_the_router_reads_as_nothing(harness, people, session, text):
    """The router reads "exporta la nómina", the example the docs gave, as nothing: "I'm not sure what you mean"."""
    make_claim(session, people.ana, "20", status="approved")
    session.commit()
    assert text_of(harness.say(people.fran, text, "none")).startswith("1 approved claim waits for payroll ($20.00).")
    assert "payroll" not in text_of(harness.say(people.ana, text, "none"))
    assert "payroll" not in text_of(harness.say(people.fran, "¿cuándo cobramos la nómina?", "none"))


def test_finance_marks_the_exported_claims_paid_from_the_export_message(harness, people, session):
    """Marking claims paid after payroll was a CLI command only (`backoffice expenses mark-paid FILE`)."""
    first = make_claim(session, people.ana, "20", status="approved")
    second = make_claim(session, people.eva, "10", currency="EUR", status="approved")
    session.commit()
    [offer] = harness.say(people.fran, "export payroll", "expense.report")
    [exported] = harness.press(people.fran, offer, "Export", TERMINAL)
    assert "press Mark paid" in exported.text and "[Mark paid]" in text_of([exported])
    assert "\nFile saved to " in exported.text and "Chart" not in exported.text  # in the terminal, a CSV, not a chart
    [refused] = harness.press(people.ana, exported, "Mark paid")
    assert refused.ephemeral and "finance" in refused.text.lower()
    session.expire_all()
    assert {c.status for c in claims_of(session, first.id, second.id)} == {"exported"}
    notices = outbox_texts(session)
    [paid] = harness.press(people.fran, exported, "Mark paid")
    assert paid.replace_original
    assert paid.text == "Marked 2 claims paid (€10.00, $20.00) and told Ana and Eva.", paid.text
    session.expire_all()
    assert {c.status for c in claims_of(session, first.id, second.id)} == {"paid"}
    told = outbox_texts(session)[len(notices) :]
    assert sorted(told) == [f"Pagada con la nómina: tu nota de gastos #{second.id}, 10,00 €.",
                            f"Paid with payroll: your expense claim #{first.id}, $20.00."]  # fmt: skip
    [again] = harness.press(people.fran, exported, "Mark paid")
    assert again.text == "Nothing left to mark: those claims were marked paid already."
    assert outbox_texts(session)[len(notices) :] == told  # nobody told twice


def test_finance_saying_payroll_has_paid_gets_each_export_with_its_own_button(harness, people, session):
    from datetime import timedelta

    from skills.core import Actor
    from skills.expenses import service, views

    from .conftest import NOW

    assert text_of(harness.say(people.fran, "mark payroll paid", "none")) == "Nothing exported waits to be marked paid."
    older = make_claim(session, people.ana, "20", status="approved")
    service.export_claims(session, actor=Actor(people.fran, "cli", NOW - timedelta(days=3)), claims=[older])
    newer = [make_claim(session, people.ana, "30", status="approved"),
             make_claim(session, people.eva, "15", currency="EUR", status="approved")]  # fmt: skip
    service.export_claims(session, actor=Actor(people.fran, "cli", NOW), claims=newer)
    session.commit()
    [card] = harness.say(people.fran, "payroll has been paid, mark them", "expense.status")
    lines = text_of([card]).splitlines()
    assert lines[1].startswith("Exported ") and f"1 claim, $20.00 (#{older.id})" in lines[1]
    assert f"2 claims, €15.00, $30.00 (#{newer[0].id}, #{newer[1].id})" in lines[2]
    assert lines[3:] == ["[Mark paid]", "[Mark paid]"]
    _, choices = render_blocks(card.blocks or [])
    [paid] = harness.click(people.fran, choices[1].action_id, choices[1].value)  # the newer export only
    assert paid.text.startswith("Marked 2 claims paid (€15.00, $30.00)")
    assert f"1 claim, $20.00 (#{older.id})" in paid.text  # what is left, still with its button
    session.expire_all()
    assert [c.status for c in claims_of(session, older.id, *(c.id for c in newer))] == ["exported", "paid", "paid"]
    routed_to_nothing = text_of(harness.say(people.fran, "la nómina está pagada", "none"))  # in Fran's language
    assert f"1 claim, $20.00 (#{older.id})" in routed_to_nothing and "[Mark paid]" in routed_to_nothing
    spanish = views.unpaid_card("*Pendiente*", {"a" * 12: claims_of(session, older.id)}, "es")
    assert f"Exportado el 22 nov 2026: 1 gasto, 20,00 US$ (#{older.id})" in spanish.text, spanish.text
    assert spanish.blocks[1]["accessory"]["text"]["text"] == "Marcar pagado"
    assert "Mark paid" not in text_of(harness.say(people.ana, "mark payroll paid", "none"))


@pytest.mark.parametrize("value", ["", "x" * 3000, "'; DROP TABLE expense_claims; --", "0123456789ab"])
def test_a_forged_mark_paid_value_marks_nothing(harness, people, session, value):
    claim = make_claim(session, people.ana, "20", status="approved")
    session.commit()
    [offer] = harness.say(people.fran, "export payroll", "expense.report")
    harness.press(people.fran, offer, "Export")
    [reply] = harness.click(people.fran, f"expenses.mark_paid.{value[:40]}", value)
    assert reply.text.startswith("Nothing left to mark: those claims were marked paid already.")
    session.expire_all()
    assert claims_of(session, claim.id)[0].status == "exported"


def outbox_texts(session):
    from sqlalchemy import select

    from db.models import OutboxMessage

    session.expire_all()
    return [row.text for row in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]


def claims_of(session, *ids):
    from skills.expenses.models import ExpenseClaim

    return [session.get(ExpenseClaim, claim_id) for claim_id in ids]


def test_the_finance_queue_is_for_finance(harness, people, session):
    big = make_claim(session, people.ana, "600", code="training", merchant="Udemy")
    approved = make_claim(session, people.ana, "20", status="approved")
    small = make_claim(session, people.ana, "30", merchant="Lyft")
    session.commit()
    shown = text_of(harness.say(people.fran, "what's in the finance queue", "expense.status"))
    assert "Finance queue" in shown and f"#{big.id} " in shown and f"#{approved.id} " in shown
    assert f"#{small.id} " not in shown
    assert "You have no expense claims yet." in text_of(harness.say(people.otto, "the finance queue", "expense.status"))


def test_finance_asking_for_their_queue_in_a_few_words_gets_the_finance_queue(harness, people, session):
    # "my queue" and "la cola" were routed to nothing ("not sure what you mean"), "what's in my queue?" to the
    # maintenance tickets: only "the finance queue" in full reached it
    big = make_claim(session, people.ana, "600", code="training", merchant="Udemy")
    session.commit()
    harness.assistant.registry.on_intent("maintenance.status", lambda context, request: [Reply(text="Open tickets")])
    for text, intent in (("my queue", "none"), ("la cola", "none"), ("what's in my queue?", "maintenance.status"),
                         ("¿qué hay en mi cola?", "maintenance.status")):  # fmt: skip
        shown = text_of(harness.say(people.fran, text, intent))  # in Fran's language: the stub router reads English
        assert "Finance queue" in shown and f"#{big.id} " in shown, (text, shown)
    assert "Open tickets" in text_of(harness.say(people.otto, "what's in my queue?", "maintenance.status"))
    assert "Finance queue" not in text_of(harness.say(people.otto, "my queue", "none"))


def test_totals_this_month_by_category(harness, people, session):
    make_claim(session, people.ana, "20")
    make_claim(session, people.ana, "30", code="meals", merchant="Diner")
    make_claim(session, people.ana, "15", merchant="Bus", status="rejected")
    session.commit()
    shown = text_of(harness.say(people.ana, "how much have I spent this month", "expense.report"))
    assert "Meals" in shown and "$30.00" in shown and "Travel" in shown and "$20.00" in shown and "$50.00" in shown


def test_totals_for_the_period_asked_not_always_this_month(harness, people, session):
    from datetime import date

    make_claim(session, people.ana, "20", day=date(2026, 10, 14))
    make_claim(session, people.ana, "30", code="meals", merchant="Diner")  # yesterday, in November
    session.commit()
    october = text_of(harness.say(people.ana, "how much did I spend last month", "expense.report"))
    assert "Oct 1, 2026 – Oct 31, 2026" in october and "$20.00" in october and "$30.00" not in october
    named = text_of(harness.say(people.eva, "¿cuánto gasté en octubre?", "expense.report"))
    assert "1 oct 2026 – 31 oct 2026" in named
    quarter = text_of(harness.say(people.mia, "team spend last quarter", "expense.report", origin=TERMINAL))
    assert "Jul 1, 2026" in quarter and "Sep 30, 2026" in quarter


def test_team_spend_is_a_table_and_a_chart_saved_for_the_terminal(harness, people, session):
    make_claim(session, people.ana, "20")
    make_claim(session, people.eva, "10", currency="EUR")
    session.commit()
    [reply] = harness.say(people.mia, "team spend this quarter by category", "expense.report", origin=TERMINAL)
    assert reply.file is not None and reply.file.saved_at is not None and "Chart saved to" in reply.text
    assert "$20.00" in reply.text and "€" not in reply.text  # Mia's team is Ana (and Mia)
    [everyone] = harness.say(people.fran, "team spend this quarter", "expense.report", origin=TERMINAL)
    assert "$20.00" in everyone.text and "€10.00" in everyone.text
    [refused] = harness.say(people.otto, "team spend this quarter", "expense.report")
    assert "Only finance" in refused.text


def test_a_team_with_no_spend_gets_a_plain_sentence_in_both_languages(harness, people):
    """Not "No expenses in Team spend by category, Oct 1, 2026 – …": the empty answer names only the period."""
    [english] = harness.say(people.mia, "team spend last month", "expense.report", origin=TERMINAL)
    assert english.text == "No expenses in Oct 1, 2026 – Oct 31, 2026."
    [spanish] = harness.say(people.marta, "gasto del equipo el mes pasado", "expense.report", origin=TERMINAL)
    assert spanish.text == "No hay gastos en 1 oct 2026 – 31 oct 2026."


def test_the_home_tab_lists_open_claims(people, session):
    from db.models import Employee
    from skills.core import Context
    from skills.expenses.handlers import open_claims
    from tests.pinned import NOW

    open_one = make_claim(session, people.ana, "20")
    done = make_claim(session, people.ana, "25", merchant="Cab", status="approved")
    ana = session.get(Employee, people.ana.id)
    blocks = open_claims(Context(session, ana, "en", "slack", "D:main", NOW))
    shown = text_of([Reply(text="", blocks=blocks)])
    assert "Your open expense claims" in shown and f"#{open_one.id} " in shown and f"#{done.id} " not in shown
    assert blocks[0]["text"]["text"].startswith("*Your open expense claims*\n")  # bold; "**…**" shows its stars
    spanish = open_claims(Context(session, ana, "es", "slack", "D:main", NOW))
    assert spanish[0]["text"]["text"].startswith("*Tus notas de gastos abiertas*\n")
    otto = session.get(Employee, people.otto.id)
    assert open_claims(Context(session, otto, "en", "slack", "D:main", NOW)) == []
