"""expense.submit through the dialogue, both languages: a sentence becomes a preview card (amount, converted amount,
category, date, merchant, the limit in force and what is left, the receipt, who approves), rules ask again for what
they blame, warnings quote the indexed policy, duplicates are shown, and Confirm writes the claim."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from .conftest import PNG, TERMINAL, claims, outbox, text_of


def confirm(harness, who, preview, label="Confirm"):
    return harness.press(who, preview, label)


def test_taxi_yesterday_in_dollars(harness, people):
    [asked] = harness.say(people.ana, "taxi to the airport yesterday $45.20")
    assert "Above $25.00 a receipt is required" in asked.text and "Why is there no receipt?" in asked.text
    [preview] = harness.say(people.ana, "the driver's card machine printed nothing")
    shown = text_of([preview])
    for expected in ("Expense: Travel", "Amount: $45.20", "Date: Nov 24, 2026", "Limit: no limit",
                     "Receipt: none", "Who approves: your manager (Mia)", "[Confirm]", "[Edit]", "[Cancel]"):  # fmt: skip
        assert expected in shown, expected
    [*_, done] = confirm(harness, people.ana, preview)
    assert "Claim #" in done.text and "sent for approval ($45.20)" in done.text
    [claim] = claims(harness.database)
    assert (claim.amount, claim.currency, claim.converted_amount, claim.status) == (
        Decimal("45.20"), "USD", Decimal("45.20"), "pending")  # fmt: skip
    assert claim.no_receipt_reason == "the driver's card machine printed nothing" and claim.category.code == "travel"


def test_gaste_en_un_taxi_el_martes(harness, people):
    [asked] = harness.say(people.eva, "gasté 32,50 € en un taxi el martes")
    assert "Por encima de 25,00 € hace falta el ticket" in asked.text
    [preview] = harness.say(people.eva, "el taxista no tenía ticket")
    shown = text_of([preview])
    for expected in ("Gasto: Viajes", "Importe: 32,50 €", "Fecha: 24 nov 2026", "Quién aprueba: tu responsable (Marta)"):  # fmt: skip
        assert expected in shown, expected
    assert "Comercio" not in shown  # "en un taxi" is a kind of expense, not a shop
    confirm(harness, people.eva, preview, "Confirmar")
    [claim] = claims(harness.database)
    assert claim.lang == "es" and claim.expense_date.isoformat() == "2026-11-24"


def test_hotel_three_nights_against_three_nightly_caps(harness, people):
    [asked] = harness.say(people.ana, "hotel in Madrid 3 nights 420 EUR")
    assert asked.text.startswith("This kind of expense always needs a receipt.")
    [preview] = harness.say(people.ana, "the hotel emails the invoice")
    shown = text_of([preview])
    assert "Amount: €420.00" in shown and "In USD:" in shown and "ECB rate" in shown
    assert "Limit: $300.00 per day × 3 = $900.00; $900.00 left before this claim" in shown


def test_mileage_is_the_distance_times_the_country_rate(harness, people):
    [preview] = harness.say(people.eva, "120 km al cliente en Toledo ayer")
    shown = text_of([preview])
    assert "Gasto: Kilometraje" in shown and "Importe: 31,20 €" in shown and "120 km × 0.26 EUR/km" in shown
    confirm(harness, people.eva, preview, "Confirmar")
    [claim] = claims(harness.database)
    assert claim.distance == Decimal("120") and claim.distance_unit == "km" and claim.amount == Decimal("31.20")


def test_a_new_distance_works_the_mileage_out_again_and_a_typed_amount_is_kept(harness, people):
    """ "mejor 150 km" at a 120 km preview changed nothing (the distance is read by the claim's own extractor, which a
    few words at a preview did not reach), and the amount stayed what 120 km pay."""
    harness.say(people.eva, "120 km al cliente en Toledo ayer")
    [preview] = harness.say(people.eva, "mejor 150 km", "none")
    shown = text_of([preview])
    assert "Importe: 39,00 €" in shown and "150 km × 0.26 EUR/km" in shown, shown
    assert shown.count("Distancia:") == 1  # the distance was on the card twice, with and without its rate
    [kept] = harness.say(people.eva, "make it 35 €", "none")
    assert "Importe: 35,00 €" in text_of([kept]) and "150 km" in text_of([kept])


def test_a_claim_that_becomes_mileage_is_paid_by_its_distance(harness, people):
    """ "en realidad era kilometraje, 120 km" at a dinner of 85,50 € made a mileage claim of 85,50 € without its
    distance."""
    harness.say(people.eva, "cena con cliente ayer 85,50 € en Casa Lucio")
    [preview] = harness.say(people.eva, "en realidad era kilometraje, 120 km", "none")  # a correction of the claim
    shown = text_of([preview])
    assert "Gasto: Kilometraje" in shown and "Importe: 31,20 €" in shown and "120 km × 0.26 EUR/km" in shown, shown


def test_a_new_kind_of_expense_drops_what_held_only_for_the_old_one(harness, people):
    """A dinner at Casa Lucio corrected to mileage kept the restaurant, the reason for being over the meal limit and
    the reason for the missing receipt on the mileage claim."""
    harness.say(people.eva, "cena con cliente ayer 85,50 € en Casa Lucio")
    harness.say(people.eva, "reunión con Acme para la renovación")
    [preview] = harness.say(people.eva, "el restaurante no da factura")
    assert "Casa Lucio" in text_of([preview]) and "reunión con Acme" in text_of([preview])
    [mileage] = harness.say(people.eva, "en realidad era kilometraje, 120 km", "none")
    shown = text_of([mileage])
    assert "Gasto: Kilometraje" in shown and "Importe: 31,20 €" in shown, shown
    assert "Casa Lucio" not in shown and "Acme" not in shown and "no da factura" not in shown, shown


def test_a_first_kind_of_expense_keeps_what_was_said_with_it(harness, people):
    [asked] = harness.say(people.eva, "85 € en Casa Lucio ayer")
    assert "?" in asked.text  # which kind of expense
    harness.say(people.eva, "comida", "none")  # then why over the meal limit, and why no receipt
    harness.say(people.eva, "reunión con Acme para la renovación", "none")
    [preview] = harness.say(people.eva, "el restaurante no da factura", "none")
    assert "Comercio: Casa Lucio" in text_of([preview]), text_of([preview])


def test_a_reason_needs_words_and_a_bare_number_changes_nothing(harness, people):
    """ "3" typed to "why is there no receipt?" became the reason the approver read ("Motivo sin ticket: 3")."""
    [asked] = harness.say(people.ana, "dinner with a client yesterday $45 at Nobu")
    assert asked.text.endswith("Why is there no receipt?"), asked.text
    [again] = harness.say(people.ana, "3", "none")
    assert again.text == "I need a few words for that, not only a number or a sign. Why is there no receipt?"
    [still] = harness.say(people.ana, "?", "none")
    assert still.text == again.text
    [asked] = harness.say(people.ana, "$40", "none")  # an amount with its sign is a correction, not a reason
    assert asked.text.endswith("Why is there no receipt?")
    [preview] = harness.say(people.ana, "the restaurant's card machine was down", "none")
    shown = text_of([preview])
    assert "Amount: $40.00" in shown and "Why no receipt: the restaurant's card machine was down" in shown, shown


def test_the_english_mileage_sentence(harness, people):
    [preview] = harness.say(people.eva, "120 km to the client in Toledo")
    assert "31,20 €" in text_of([preview])


def test_over_the_limit_asks_for_a_justification_and_finance_approves_too(cited, people):
    [asked] = cited.say(people.eva, "cena con cliente ayer 80 € en Casa Lucio")
    assert "Supera el límite (quedan 50,00 €)" in asked.text and "¿Por qué supera el límite?" in asked.text
    assert "gastos-espana.md › Límites de comidas" in asked.text and "Madrid | 50 €" in asked.text.replace(
        " — Límite de comidas por día: ", " | "
    )
    [asked] = cited.say(people.eva, "cena con el cliente de Toledo, 2 personas")
    assert "¿Por qué no hay ticket?" in asked.text and "gastos-espana.md › Tickets y facturas" in asked.text
    [preview] = cited.say(people.eva, "se quedó en el restaurante")
    shown = text_of([preview])
    assert "Supera el límite en 30,00 €" in shown and "después Finanzas (excepción a la política)" in shown
    assert "gastos-espana.md" in shown
    cited.press(people.eva, preview, "Confirmar")
    [claim] = claims(cited.database)
    assert claim.over_limit and claim.needs_finance and claim.justification.startswith("cena con el cliente")


def test_a_new_claim_typed_while_a_reason_is_asked_is_that_claim_not_the_reason(harness, people):
    """ "taxi al aeropuerto hoy 35 €" while a dinner of 80 € waited for its justification became the justification;
    a reason that names the same claim's figures ("la cena de 80 € de ayer…") is still the reason."""
    [asked] = harness.say(people.eva, "cena con cliente ayer 80 € en Casa Lucio")
    assert "¿Por qué supera el límite?" in asked.text
    replies = harness.say(people.eva, "taxi al aeropuerto hoy 35 €")
    shown = text_of(replies)
    assert "He dejado a un lado lo que no habíamos terminado: una nota de gastos" in shown, shown
    assert "35,00 €" in shown or "¿Por qué no hay ticket?" in shown, shown
    assert "¿Por qué supera el límite?" not in shown
    harness.say(people.eva, "cancelar")
    harness.say(people.eva, "cena con cliente ayer 80 € en Casa Lucio")
    [asked] = harness.say(people.eva, "la cena de 80 € de ayer con el cliente se alargó")
    assert "¿Por qué no hay ticket?" in asked.text and "He dejado a un lado" not in asked.text, asked.text
    assert claims(harness.database) == []  # nothing written without Confirm


def test_an_english_receipt_warning_quotes_the_handbook(cited, people):
    [asked] = cited.say(people.ana, "lunch at Nando's yesterday $32")
    assert "expenses.md › Receipts" in asked.text and "A receipt is required for every expense above $25" in asked.text


def test_a_possible_duplicate_is_shown_with_the_earlier_claim(harness, people):
    [preview] = harness.say(people.ana, "Uber to the office yesterday $22.40 at Uber")
    harness.press(people.ana, preview, "Confirm")
    [preview] = harness.say(people.ana, "Uber ride yesterday $22.40 at Uber")
    shown = text_of([preview])
    earlier = claims(harness.database)[0].id
    assert f"Possible duplicate of claim #{earlier} (Nov 24, 2026, $22.40, Uber)" in shown
    harness.press(people.ana, preview, "Confirm")
    assert claims(harness.database)[1].duplicate_of_id == earlier


def test_another_merchant_or_day_is_no_duplicate(harness, people):
    [preview] = harness.say(people.ana, "Uber yesterday $22.40 at Uber")
    harness.press(people.ana, preview, "Confirm")
    [preview] = harness.say(people.ana, "Lyft yesterday $22.40 at Lyft")
    assert "duplicate" not in text_of([preview])
    [preview] = harness.say(people.ana, "cancel")
    [preview] = harness.say(people.eva, "Uber ayer 22,40 € en Uber")
    assert "duplicado" not in text_of([preview])


def test_a_receipt_path_in_the_terminal_is_read_hashed_and_kept(harness, people, tmp_path: Path):
    receipt = tmp_path / "ticket.png"
    receipt.write_bytes(PNG)
    [asked] = harness.say(people.ana, "lunch at Joe's yesterday $30", origin=TERMINAL)
    assert "Why is there no receipt?" in asked.text
    [preview] = harness.say(people.ana, str(receipt), origin=TERMINAL)
    shown = text_of([preview])
    # not the stored file's hash and "(0 KB)", which read as an empty file
    assert "Receipt: attached (PNG, 1 KB)" in shown and "A receipt is required" not in shown
    [*_, done] = harness.press(people.ana, preview, "Confirm", origin=TERMINAL)
    assert "with its receipt" in done.text
    [claim] = claims(harness.database)
    stored = Path(claim.receipt_path or "")
    assert stored.parent == harness.home / "receipts" and stored.read_bytes() == PNG
    assert (claim.receipt_type, claim.receipt_size, len(claim.receipt_sha256 or "")) == ("image/png", len(PNG), 64)


def test_the_same_receipt_file_is_a_duplicate_whatever_the_amount(harness, people, tmp_path: Path):
    receipt = tmp_path / "ticket.png"
    receipt.write_bytes(PNG)
    harness.say(people.ana, "lunch at Joe's yesterday $30", origin=TERMINAL)
    [preview] = harness.say(people.ana, str(receipt), origin=TERMINAL)
    harness.press(people.ana, preview, "Confirm", origin=TERMINAL)
    harness.say(people.ana, "parking yesterday $40", origin=TERMINAL)
    [preview] = harness.say(people.ana, str(receipt), origin=TERMINAL)
    first = claims(harness.database)[0].id
    assert f"Possible duplicate of claim #{first}" in text_of([preview])


def test_a_file_that_is_no_receipt_is_refused_and_asked_again(harness, people, tmp_path: Path):
    text = tmp_path / "notes.txt"
    text.write_text("not a receipt")
    harness.say(people.eva, "comida ayer 30 € en Casa Pepe", origin=TERMINAL)
    [asked] = harness.say(people.eva, str(text), origin=TERMINAL)
    assert "No puedo usar ese ticket: es .txt, no una imagen ni un PDF" in asked.text
    [asked] = harness.say(people.eva, str(tmp_path / "missing.pdf"), origin=TERMINAL)
    assert "no hay ningún fichero en" in asked.text
    assert claims(harness.database) == []


def test_the_expense_form_declares_what_its_amount_carries():
    from skills.expenses.forms import SLOTS, SUBMIT

    assert SUBMIT == "expense.submit"
    assert {key for slot in SLOTS for key in slot.extra_keys} == {"distance", "distance_unit", "nights", "mileage_rate", "mileage_from",
                                                                  "original_text"}  # fmt: skip


def test_a_date_without_a_year_is_the_last_one_not_next_years(harness, people):
    """On Nov 25, "el 3 de noviembre" and "Monday" are days already paid for, not Nov 3 or Nov 30 of next year."""
    [asked] = harness.say(people.eva, "cena con cliente 40 € el 3 de noviembre")
    assert "todavía no ha llegado" not in asked.text and "¿Por qué" in asked.text
    shown = text_of(harness.say(people.eva, "el restaurante no daba ticket"))
    assert "Fecha: 3 nov 2026" in shown, shown
    harness.say(people.ana, "cancel")
    [asked] = harness.say(people.ana, "taxi $20 on Monday")
    shown = text_of([asked, *harness.say(people.ana, "no receipt from the driver")])
    assert "Date: Nov 23, 2026" in shown and "hasn't happened yet" not in shown, shown


def test_a_year_less_date_given_as_the_answer_is_also_the_last_one(harness, people):
    harness.say(people.eva, "taxi 20 €")
    shown = text_of(harness.say(people.eva, "el 20 de noviembre"))
    assert "todavía no ha llegado" not in shown and "20 nov 2026" in shown, shown


def test_someone_with_no_manager_is_told_who_stands_in_and_why(harness, people):
    """Otto has no manager on file: the card named HR's stand-in "your manager", which they are not."""
    [preview] = harness.say(people.otto, "taxi to the airport yesterday $12")
    shown = text_of([preview])
    assert "(HR: you have no manager on file)" in shown and "your manager (" not in shown, shown


def test_a_stand_in_for_a_manager_away_says_until_when_in_spanish():
    from skills.expenses import views

    text = views.approvers_text("Marta", None, "es", stand_in="manager_on_leave",
                                params={"manager": "Pablo", "until": "2026-12-11"})  # fmt: skip
    assert text == "Marta (tu responsable, Pablo, está fuera hasta el 11 dic 2026)"


def test_the_companys_own_category_named_in_the_sentence_wins(harness, people):
    """A company that imports "Taxi" and "Material de oficina" got Viajes for "taxi al aeropuerto" (the extractor's
    travel) and "¿Qué tipo de gasto es?" for "material de oficina" (the extractor's office_supplies, a code it does not
    have); a correction afterwards still changes it."""
    from skills.common.reference import import_text
    from skills.expenses.reference import CATEGORIES

    from .conftest import CATEGORIES_CSV, importer

    with harness.database.session() as session:
        rows = (
            CATEGORIES_CSV
            + "taxi,Taxi,Taxi,60,EUR,item,10,ES\noffice,Office supplies,Material de oficina,200,EUR,month,25,ES\n"
        )
        import_text(session, CATEGORIES, rows, importer("categories.csv"))
    [taxi] = harness.say(people.eva, "taxi al aeropuerto ayer 8,00 €")
    assert "Categoría: Taxi" in text_of([taxi]), text_of([taxi])
    [fixed] = harness.say(people.eva, "categoría: comidas")
    assert "Categoría: Comidas" in text_of([fixed]), text_of([fixed])
    harness.say(people.eva, "cancelar")
    [office] = harness.say(people.eva, "gasté 20 € en material de oficina ayer")
    assert "Categoría: Material de oficina" in text_of([office]), text_of([office])


def test_the_top_of_a_company_without_hr_claims_through_finance(harness, people):
    from db.models import Employee

    with harness.database.session() as session:
        for someone in (people.hugo, people.adam):  # no HR, no admin, and Otto has no manager; Fran is finance
            employee = session.get(Employee, someone.id)
            assert employee is not None
            employee.set_roles(set())
    [preview] = harness.say(people.otto, "taxi to the airport yesterday $20 at Cabify")
    shown = text_of([preview])
    assert "Who approves: Fran (finance: you have no manager on file and there is no HR)" in shown, shown
    harness.press(people.otto, preview, "Confirm")
    [card] = [message for message in outbox(harness.database) if "approvals.approve" in str(message.blocks)]
    assert card.recipient_id == people.fran.id and card.text == "Otto claims $20.00 for Travel"  # Fran decides


def test_a_claim_nobody_can_approve_is_said_so_and_not_asked_to_be_changed(harness, people):
    from db.models import Conversation, ConversationStatus, Employee

    with harness.database.session() as session:
        for someone in (people.hugo, people.adam, people.fran):  # no HR, no admin, no finance; Otto has no manager
            employee = session.get(Employee, someone.id)
            assert employee is not None
            employee.set_roles(set())
    [answer] = harness.say(people.otto, "taxi to the airport yesterday $20 at Cabify")
    assert "There is nobody who can approve this yet" in answer.text
    assert "change" not in answer.text.split("Ask an admin.")[-1]  # no change of the claim could help
    with harness.database.session() as session:
        conversation = session.scalars(select(Conversation)).one()
        assert conversation.status == ConversationStatus.CANCELLED
