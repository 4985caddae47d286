"""The two write intents through the dialogue: stock.adjust for the warehouse (preview with the balance before and
after, Confirm, Undo), the request offered to everyone else, stock.request with Fulfil / Decline, and every rule
asking again for the slot it blames (both languages)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.terminal.render import render_blocks
from db.models import Conversation, ConversationStatus, OutboxMessage
from skills.core import Reply
from skills.i18n import unmarked
from skills.stock.models import Movement, RequestStatus, StockAlert, StockRequest
from skills.stock.queries import level_at

from .conftest import CONFIG, Origin, item, outbox, place, text_of

TERMINAL = Origin("terminal", "terminal")


def labels(reply: Any) -> list[str]:
    return [choice.label for choice in render_blocks(reply.blocks or [])[1]]


def levels(database, sku, code):
    with database.session() as session:
        level = level_at(session, item(session, sku).id, place(session, code).id)
        return (level.on_hand, level.reserved) if level else None


def test_the_warehouse_receives_with_a_preview_then_undoes(harness, people):
    [preview] = harness.say(people.wes, "received 20 reams of A4 paper at the NY warehouse", "stock.adjust")
    shown = text_of([preview])
    assert "Receive A4 paper" in shown and "On hand at New York warehouse: 120 → 140 reams" in shown
    replies = harness.press(people.wes, preview, "Confirm")
    assert levels(harness.database, "PAP-A4", "NY-WH") == (140, 0)
    done = replies[-1]
    assert "Done: 20 reams of A4 paper in at New York warehouse." in done.text and labels(done) == ["Undo"]
    assert "New York warehouse: 140" in done.text
    [refused] = harness.press(people.ana, done, "Undo")
    assert refused.ephemeral and "Only the person who posted" in refused.text
    [undone] = harness.press(people.wes, done, "Undo")
    assert undone.text.startswith("Undone:") and levels(harness.database, "PAP-A4", "NY-WH") == (120, 0)


def test_spanish_transfer_with_balances_at_both_places(harness, people):
    [preview] = harness.say(people.wanda, "pasa 5 sillas de Madrid a Barcelona", "stock.adjust")
    shown = text_of([preview])
    assert "Traslado de Silla de oficina ergonómica" in shown
    assert "En Almacén de Madrid: 15 → 10 unidades" in shown and "En Barcelona storeroom: 0 → 5 unidades" in shown
    harness.press(people.wanda, preview, "Confirmar")
    assert levels(harness.database, "CHR-ERG", "MAD-WH") == (10, 0)
    assert levels(harness.database, "CHR-ERG", "BCN-STORE") == (5, 0)


def test_a_transfer_without_destination_asks_where_to(harness, people):
    [asked] = harness.say(people.wes, "move 2 HDMI cables", "stock.adjust")
    assert asked.text == "Moving it where to? Where to?"
    [preview] = harness.say(people.wes, "Madrid", "stock.adjust")
    assert "On hand at Almacén de Madrid: 0 → 2 units" in text_of([preview])


def test_an_unknown_warehouse_is_named_back_with_the_places_that_keep_stock(harness, people):
    """ "out of the Valencia warehouse" was not read as a place, so the movement came out of New York unsaid."""
    [asked] = harness.say(people.wes, "take 2 toner out of the Valencia warehouse", "stock.adjust")
    assert "I don't know a place called" in asked.text and "Valencia warehouse" in asked.text
    assert "Places with stock: Almacén de Madrid, New York warehouse." in asked.text and "[Confirm]" not in asked.text
    [preview] = harness.say(people.wes, "the NY warehouse", "stock.adjust")
    assert "On hand at New York warehouse: 9 → 7 units" in text_of([preview])
    assert levels(harness.database, "TON-HP26", "NY-WH") == (9, 0)
    [spanish] = harness.say(people.wanda, "saca 2 tóner del almacén de Valencia", "stock.adjust",
                            Origin("slack", "D0WANDA:1"))  # fmt: skip
    assert "Lugares con existencias: Almacén de Madrid, New York warehouse." in spanish.text


def test_a_negative_quantity_is_refused_clearly_and_asked_again(harness, people):
    [asked] = harness.say(people.wes, "take -5 HDMI cables from the NY warehouse", "stock.adjust")
    assert "above zero" in asked.text and "How many?" in asked.text
    [preview] = harness.say(people.wes, "2", "stock.adjust")
    assert "HDMI" in text_of([preview]) and "[Confirm]" in text_of([preview])


def test_a_count_in_another_unit_than_the_items_is_asked_again_in_its_own(harness, people):
    """ "20 boxes" of paper counted in reams became 20 reams: a box holds several, so the ledger was wrong."""
    [asked] = harness.say(people.wes, "received 20 boxes of A4 paper at the NY warehouse", "stock.adjust")
    assert asked.text == "A4 paper is counted in reams, not boxes. How many?"
    [again] = harness.say(people.wes, "3 kg", "stock.adjust")
    assert again.text == "A4 paper is counted in reams, not kg. How many?"
    [preview] = harness.say(people.wes, "100", "stock.adjust")
    assert "Quantity: 100 reams" in text_of([preview]) and "120 → 220 reams" in text_of([preview])
    assert levels(harness.database, "PAP-A4", "NY-WH") == (120, 0)  # nothing written before Confirm
    [spanish] = harness.say(people.wanda, "recibimos 2 cajas de papel A4 en Madrid", "stock.adjust",
                            Origin("slack", "D0WANDA:1"))  # fmt: skip
    assert spanish.text == "Papel A4 se cuenta en paquetes, no en cajas. ¿Cuántos?"
    [preview] = harness.say(people.wanda, "10 paquetes", "stock.adjust", Origin("slack", "D0WANDA:1"))
    assert "Cantidad: 10 paquetes" in text_of([preview])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("received 5 units of A4 paper at the NY warehouse", "Quantity: 5 reams"),  # no packaging named
        ("received 5 reams of A4 paper at the NY warehouse", "Quantity: 5 reams"),
        ("recibimos 4 paquetes de folios en Madrid", "Quantity: 4 reams"),  # a "paquete" of paper is a ream
        ("received 3 pieces of HDMI cable at the NY warehouse", "Quantity: 3 units"),
    ],
)
def test_a_count_in_the_items_own_unit_or_none_is_taken(harness, people, text, expected):
    [preview] = harness.say(people.wes, text, "stock.adjust")
    assert expected in text_of([preview]), text_of([preview])


def test_an_item_request_in_another_unit_is_asked_again(harness, people):
    [asked] = harness.say(people.ana, "I need 2 boxes of HDMI cables", "stock.request")
    assert asked.text.endswith("is counted in units, not boxes. How many?"), asked.text
    [preview] = harness.say(people.ana, "2", "stock.request")
    assert "Quantity: 2 units" in text_of([preview])


def test_a_big_count_asks_for_a_reason(harness, people):
    [asked] = harness.say(people.wes, "count: 100 reams of A4 paper in the NY warehouse", "stock.adjust")
    assert "changes stock by -20 (more than 5); I need a reason" in asked.text and "What's the reason?" in asked.text
    [preview] = harness.say(people.wes, "water damage in aisle 3", "stock.adjust")
    shown = text_of([preview])
    assert "Count of A4 paper" in shown and "120 → 100 reams" in shown and "water damage in aisle 3" in shown


def test_serialized_items_move_one_at_a_time_and_stock_never_goes_negative(harness, people):
    [asked] = harness.say(people.wes, "issue 2 laptops from the NY warehouse", "stock.adjust")
    assert "tracked one by one" in asked.text and "How many?" in asked.text
    harness.say(people.wes, "cancel")
    [asked] = harness.say(people.wes, "issue 30 toner cartridges from the NY warehouse", "stock.adjust")
    assert "Only 9 units of HP 26A toner cartridge available at New York warehouse" in asked.text


def test_someone_outside_the_warehouse_is_offered_a_request_instead(harness, people):
    [preview] = harness.say(people.ana, "took 2 toner cartridges from the NY warehouse", "stock.adjust")
    shown = text_of([preview])
    assert "Ask the warehouse for HP 26A toner cartridge" in shown
    assert "Only warehouse staff record stock movements (Wanda, Wes)" in shown
    harness.press(people.ana, preview, "Confirm")
    with harness.database.session() as session:
        assert session.scalar(select(Movement).where(Movement.kind == "issue")) is None
        request = session.scalars(select(StockRequest)).one()
        assert (request.quantity, request.reserved, request.status) == (2, 2, RequestStatus.OPEN)


def test_the_warehouse_asks_for_its_queue_in_words_and_fulfils_from_the_list(harness, people):
    """ "my queue" / "¿qué solicitudes de material hay pendientes?" from warehouse staff was "I'm not sure what you
    mean", the approvals inbox or an item called "waiting warehouse": the open requests had no typed way in."""
    [empty] = harness.say(people.wes, "my queue", "none")
    assert empty.text == "No item requests are waiting for the warehouse."
    [preview] = harness.say(people.ana, "I need 2 HDMI adapters", "stock.request")
    harness.press(people.ana, preview, "Confirm")
    [queue] = harness.say(people.wes, "my queue", "none")
    assert queue.text.startswith("Item requests waiting for the warehouse, oldest first (1):")
    assert "*Ana* asks for *2 units* of *USB-C to HDMI adapter*" in queue.text and labels(queue) == [
        "Fulfil",
        "Decline",
    ]
    [spanish] = harness.say(people.wanda, "¿qué solicitudes de material hay pendientes?", "stock.lookup",
                            Origin("slack", "D0WANDA:2"))  # fmt: skip
    assert spanish.text.startswith("Solicitudes de material pendientes del almacén")
    harness.press(people.wes, queue, "Fulfil")
    with harness.database.session() as session:
        assert session.scalars(select(StockRequest)).one().status == RequestStatus.FULFILLED
    [not_theirs] = harness.say(people.ana, "my queue", "none")
    assert "waiting for the warehouse" not in not_theirs.text
    [approvals] = harness.say(people.wes, "what requests are pending for me to approve?", "stock.lookup")
    assert "waiting for the warehouse" not in approvals.text  # the approvals inbox's words, not the warehouse's


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("received 20 toner cartridges at the NY warehouse", "Only warehouse staff record stock coming in"),
        ("count: 14 toner cartridges at the NY warehouse", "Only warehouse staff record stock coming in"),
        ("recibidos 20 cartuchos de tóner en el almacén de Nueva York", "Solo el personal del almacén registra"),
    ],
)
def test_a_delivery_or_count_from_outside_the_warehouse_is_not_turned_into_a_request(harness, people, text, expected):
    """Someone who says stock arrived must not be offered to take that much out of it: they are told who records it."""
    who = people.eva if "almacén" in text else people.ana
    replies = harness.say(who, text, "stock.adjust")
    shown = text_of(replies)
    assert expected in shown and "Wanda" in shown
    assert "Ask the warehouse" not in shown and "Pedir" not in shown and "[Confirm" not in shown
    assert "change" not in shown and "cambiar" not in shown  # nothing to edit: the conversation is over
    with harness.database.session() as session:
        assert session.scalar(select(StockRequest)) is None and session.scalar(select(Movement)) is not None
        assert session.scalar(select(Conversation).where(Conversation.status == ConversationStatus.OPEN)) is None


def test_a_request_in_the_terminal_is_declined_with_a_canned_reason(harness, people):
    [preview] = harness.say(people.ana, "I need 2 HDMI adapters", "stock.request", TERMINAL)
    shown = text_of([preview])
    assert "From: New York warehouse" in shown and "Available there now: 14 units" in shown
    sent = harness.press(people.ana, preview, "Confirm", TERMINAL)
    assert "Sent to the warehouse (#warehouse-ny)" in sent[-1].text
    [card] = outbox(harness.database, channel="#warehouse-ny")
    assert "Ana asks for 2 units of USB-C to HDMI adapter" in card.text.replace("*", "")
    reply = type(sent[0])(text=card.text, blocks=card.blocks)
    [refused] = harness.press(people.ana, reply, "Decline", TERMINAL)
    assert "Only warehouse staff" in refused.text
    [reasons] = harness.press(people.wes, reply, "Decline", TERMINAL)
    assert labels(reasons) == ["Out of stock", "Needs your manager's OK first", "Please use the shared ones"]
    [done] = harness.press(people.wes, reasons, "Out of stock", TERMINAL)
    assert done.text == "Declined; Ana has been told why."
    told = outbox(harness.database, recipient_id=people.ana.id)
    assert unmarked(told[-1].text) == "❌ Wes declined your request for 2 units of USB-C to HDMI adapter: Out of stock"
    assert levels(harness.database, "ADP-HDMI", "NY-WH") == (14, 0)


def test_a_spanish_request_is_fulfilled_in_slack_and_the_requester_told_in_their_thread(harness, people):
    origin = Origin("slack", "D0EVA:1700000000.000100")
    [preview] = harness.say(people.eva, "necesito 3 paquetes de folios", "stock.request", origin)
    assert "Pedir Papel A4 al almacén" in text_of([preview]) and "Desde: Almacén de Madrid" in text_of([preview])
    harness.press(people.eva, preview, "Confirmar", origin)
    [card] = outbox(harness.database, channel="#almacen-madrid")
    assert "Eva pide 3 paquetes de Papel A4" in card.text.replace("*", "")
    reply = type(preview)(text=card.text, blocks=card.blocks)
    replies = harness.press(people.wanda, reply, "Entregar")
    assert replies[0].replace_original and "Entregado por Wanda" in text_of(replies[:1])
    assert levels(harness.database, "PAP-A4", "MAD-WH") == (77, 0)
    with harness.database.session() as session:
        told = session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "D0EVA")).all()
        assert len(told) == 1 and told[0].thread_ts == "1700000000.000100"
        assert told[0].text.startswith("✅ Tu solicitud de 3 paquetes de Papel A4 está lista")
    [again] = harness.press(people.wanda, reply, "Entregar")
    assert again.ephemeral and "Ya está hecho: entregada por Wanda." in again.text


def test_decline_in_slack_opens_a_modal_and_an_empty_reason_is_a_field_error(harness, people):
    [asked] = harness.say(people.ana, "I need a webcam", "stock.request")
    assert asked.text == "How many?"
    [asked] = harness.say(people.ana, "1", "stock.request")
    assert unmarked(asked.text).startswith("I don't know an item called “webcam”.") and "Which item?" in asked.text
    harness.say(people.ana, "cancel")
    [preview] = harness.say(people.ana, "I need 2 HDMI adapters", "stock.request")
    harness.press(people.ana, preview, "Confirm")
    [card] = outbox(harness.database, channel="#warehouse-ny")
    [opened] = harness.press(people.wes, type(preview)(text=card.text, blocks=card.blocks), "Decline")
    assert opened.modal is not None and opened.modal["callback_id"] == "stock.decline_view"
    request_id = card.entity_id
    errors, replies = harness.assistant.handle_view(people.wes.id, "stock.decline_view", {"reason": " "},
                                                    {"request_id": request_id}, Origin("slack", "C1:1"))  # fmt: skip
    assert errors == {"reason": "Please say why; the requester will read it."} and replies == []
    errors, replies = harness.assistant.handle_view(people.wes.id, "stock.decline_view", {"reason": "Use the spare one"},
                                                    {"request_id": request_id}, Origin("slack", "C1:1"))  # fmt: skip
    assert errors == {} and replies[0].text == "Declined; Ana has been told why."


def test_pick_cards_and_alerts_are_answered_in_their_threads(harness, people):
    [preview] = harness.say(people.ana, "I need 2 HDMI adapters", "stock.request")
    harness.press(people.ana, preview, "Confirm")
    [card] = outbox(harness.database, channel="#warehouse-ny")
    with harness.database.session() as session:
        stored = session.get(OutboxMessage, card.id)
        stored.status, stored.sent_channel, stored.sent_ts = "sent", "C0WH", "1700000001.000200"
    thread = Origin("slack", "C0WH:1700000001.000200")
    [refused] = harness.assistant.handle_card_thread_message(people.ana.id, "done", thread)
    assert "Only warehouse staff" in refused.text
    [done] = harness.assistant.handle_card_thread_message(people.wes.id, "done", thread)
    assert done.text == "Fulfilled: 2 units of USB-C to HDMI adapter issued to Ana."
    [hint] = harness.assistant.handle_card_thread_message(people.wes.id, "thanks!", thread)
    assert hint.ephemeral and "nothing left to decide" in hint.text  # nothing said under a card is dropped


def test_typed_undo_offers_the_last_movement_with_its_undo_button_and_changes_nothing(harness, people):
    [nothing] = harness.say(people.wes, "undo", "help")  # the router reads a bare "undo" as help
    assert nothing.text.startswith("There is nothing of yours to undo.") and not nothing.blocks
    [preview] = harness.say(people.wes, "received 20 reams of A4 paper at the NY warehouse", "stock.adjust")
    harness.press(people.wes, preview, "Confirm")
    [offer] = harness.say(people.wes, "Undo!", "help")
    assert offer.text.startswith("Your last stock movement: 20 reams of A4 paper in at New York warehouse.")
    assert labels(offer) == ["Undo"] and "Undo is available until" in text_of([offer])
    assert levels(harness.database, "PAP-A4", "NY-WH") == (140, 0)  # offering it wrote nothing
    [others] = harness.say(people.ana, "undo", "help")  # only the author's own movements are offered
    assert others.text.startswith("There is nothing of yours to undo.")
    [undone] = harness.press(people.wes, offer, "Undo")
    assert undone.text.startswith("Undone:") and levels(harness.database, "PAP-A4", "NY-WH") == (120, 0)
    [again] = harness.say(people.wes, "undo", "help")  # reversed once: nothing left to offer
    assert again.text.startswith("There is nothing of yours to undo.")


def test_typed_deshacer_answers_in_spanish_and_nothing_past_the_window(harness, people):
    [preview] = harness.say(people.wanda, "pasa 5 sillas de Madrid a Barcelona", "stock.adjust")
    harness.press(people.wanda, preview, "Confirmar")
    [offer] = harness.say(people.wanda, "deshacer", "help")
    assert offer.text.startswith("Tu último movimiento de existencias:") and labels(offer) == ["Deshacer"]
    harness.clock.set(harness.clock.now() + timedelta(minutes=CONFIG.undo_minutes, seconds=1))
    [late] = harness.say(people.wanda, "Deshazlo, por favor", "help")
    assert late.text.startswith("No tienes nada que deshacer.") and "15 minutos" in late.text
    assert levels(harness.database, "CHR-ERG", "MAD-WH") == (10, 0)


def test_typed_undo_in_the_middle_of_a_form_answers_then_asks_the_form_again(harness, people):
    [asked] = harness.say(people.wes, "move 2 HDMI cables", "stock.adjust")
    nothing, again = harness.say(people.wes, "undo", "help")
    assert nothing.text.startswith("There is nothing of yours to undo.")
    assert again.text.endswith("Where to?") and asked.text.endswith("Where to?")  # the form still waits on it


@pytest.mark.parametrize("answer", ["HDMI cable", "cable HDMI", "CAB-HDMI", "the HDMI cable 2 m"])
def test_which_item_is_answered_by_a_bare_name_or_sku(harness, people, answer):
    # A bare name has no "how many" or "received" for the item extractor to start from: every answer to "Which
    # item?" was "Sorry, I didn't get that", so a request naming an unknown item could never go on.
    replies = harness.say(people.wes, "received 3 webcams at the NY warehouse", "stock.adjust")
    assert "I don't know an item called “webcams”" in unmarked(text_of(replies)) and "Which item?" in text_of(replies)
    [preview] = harness.say(people.wes, answer, "stock.adjust")  # a bare name: the router is unsure of anything else
    assert "Receive HDMI cable 2 m" in text_of([preview]) and "30 → 33" in text_of([preview])


def test_a_whole_request_given_as_the_answer_changes_what_it_says(harness, people):
    # To "¿Qué artículo?", "saca 5 sillas de Madrid" is a sentence, not only a name: it was an entry of 3.
    harness.say(people.wanda, "recibimos 3 webcams en Madrid", "stock.adjust")
    [preview] = harness.say(people.wanda, "saca 5 sillas del almacén de Madrid", "stock.adjust")
    shown = text_of([preview])
    assert "Salida de Silla de oficina ergonómica" in shown and "15 → 10 unidades" in shown


def test_a_packaging_word_that_is_the_items_name_is_the_item(harness, people):
    with harness.database.session() as session:
        from skills.common.reference import import_text
        from skills.stock.reference import ITEMS

        from .conftest import importer

        rows = "sku,name,aliases,unit,location_code,quantity,reorder_level,reorder_qty\n"
        import_text(
            session, ITEMS, rows + "CAJ-01,Cajas de cartón,cajas;boxes,caja,MAD-WH,40,10,50\n", importer("i.csv")
        )
    [preview] = harness.say(people.wanda, "recibimos 50 cajas de cartón en Madrid", "stock.adjust")
    assert "Entrada de Cajas de cartón" in text_of([preview]) and "40 → 90 cajas" in text_of([preview])


def test_a_whole_new_sentence_at_the_preview_changes_what_it_says_it_does(harness, people):
    """ "received 5 HDMI cables" at the preview of taking 2 out set the count to 5 and kept "Take out": only the
    shared extractors read a correction, and the stock action is stock.adjust's own."""
    [taken] = harness.say(people.wes, "take 2 HDMI cables from the NY warehouse", "stock.adjust")
    assert text_of([taken]).startswith("Take out")
    [received] = harness.say(people.wes, "received 5 HDMI cables at the NY warehouse", "stock.adjust")
    shown = text_of([received])
    assert shown.startswith("Receive") and "Quantity: 5 units" in shown and "30 → 35 units" in shown, shown
    [spanish] = harness.say(people.wanda, "saca 2 cartuchos de tóner del almacén de Madrid", "stock.adjust",
                            Origin("slack", "D0WANDA:1"))  # fmt: skip
    [received] = harness.say(people.wanda, "recibidos 5 cartuchos de tóner en el almacén de Madrid", "stock.adjust",
                             Origin("slack", "D0WANDA:1"))  # fmt: skip
    assert text_of([spanish]).startswith("Salida") and text_of([received]).startswith("Entrada"), text_of([received])


def test_only_warehouse_staff_claim_or_snooze_a_low_stock_alert(harness, people):
    """Anyone in the warehouse channel could press I'm ordering or Snooze (or write "lo pido yo") on an alert:
    someone outside the warehouse staff is told who can, in private, and the alert stays as it was."""
    [preview] = harness.say(people.wes, "issue 6 toner cartridges at the NY warehouse", "stock.adjust")
    harness.press(people.wes, preview, "Confirm")  # 9 -> 3: under the level of 4
    with harness.database.session() as session:
        [alert] = session.scalars(select(StockAlert)).all()
        alert_id = alert.id
        card = session.scalars(select(OutboxMessage).where(OutboxMessage.entity_type == "stock_alert")).first()
        card.status, card.sent_channel, card.sent_ts = "sent", "C0WH", "1700000009.000100"
    for who, lang_word in ((people.ana, "Only warehouse staff"), (people.eva, "Solo el personal del almacén")):
        [claimed] = harness.click(who, "stock.alert.ordering", str(alert_id))
        [snoozing] = harness.click(who, "stock.alert.snooze", str(alert_id))
        [snoozed] = harness.click(who, "stock.alert.snooze_for.3", f"{alert_id}:3")
        for reply in (claimed, snoozing, snoozed):
            assert reply.ephemeral and lang_word in reply.text and "Wes" in reply.text, reply.text
            assert not reply.blocks
    thread = Origin("slack", "C0WH:1700000009.000100")
    [said] = harness.assistant.handle_card_thread_message(people.eva.id, "lo pido yo", thread)
    assert "Solo el personal del almacén" in said.text
    with harness.database.session() as session:
        alert = session.get(StockAlert, alert_id)
        assert alert.claimed_by_id is None and alert.snoozed_until is None
    [mine] = harness.click(people.wes, "stock.alert.ordering", str(alert_id))
    assert mine.ephemeral and "Wes" not in mine.text
    with harness.database.session() as session:
        assert session.get(StockAlert, alert_id).claimed_by_id == people.wes.id


def test_a_requester_sees_their_requests_and_withdraws_an_open_one(harness, people):
    """ "mis solicitudes de material" got the leave, "¿cuándo llega mi pedido?" the approvals inbox and "cancela mi
    solicitud de material" the leave's cancel menu: a requester could neither follow nor withdraw what they asked
    the warehouse for."""
    harness.assistant.registry.on_intent("leave.cancel", lambda context, request: [Reply(text="Cancel leave")])
    [none] = harness.say(people.ana, "my item requests", "leave.status")
    assert none.text == "You have asked the warehouse for nothing yet."
    [preview] = harness.say(people.ana, "I need 2 HDMI adapters", "stock.request")
    harness.press(people.ana, preview, "Confirm")
    assert levels(harness.database, "ADP-HDMI", "NY-WH") == (14, 2)  # reserved for Ana
    for text, intent in (("my item requests", "leave.status"), ("when does my order to the warehouse arrive?",
                         "approvals.inbox"), ("cancel my item request", "leave.cancel")):  # fmt: skip
        [mine] = harness.say(people.ana, text, intent)
        assert mine.text.startswith("*Your requests to the warehouse*\n#") or "waiting" in mine.text, (text, mine.text)
        assert labels(mine) == ["Withdraw"], text
    [refused] = harness.press(people.wes, mine, "Withdraw")
    assert refused.ephemeral and refused.text == "Only the person who asked for these items can withdraw the request."
    assert levels(harness.database, "ADP-HDMI", "NY-WH") == (14, 2)
    redrawn, done = harness.press(people.ana, mine, "Withdraw")
    assert redrawn.replace_original and "withdrawn" in redrawn.text and labels(redrawn) == []
    assert done.text.startswith("Withdrawn: request #")
    assert levels(harness.database, "ADP-HDMI", "NY-WH") == (14, 0)  # back on the shelf
    [card] = outbox(harness.database, kind="update")  # the pick card in #warehouse-ny, redrawn
    assert "Withdrawn by Ana: nothing to pick." in card.text
    [again] = harness.press(people.ana, mine, "Withdraw")
    assert again.ephemeral and "Already done: withdrawn by Ana." in again.text
    [spanish] = harness.say(people.eva, "mis solicitudes de material", "leave.status")
    assert spanish.text == "Todavía no has pedido nada al almacén."
