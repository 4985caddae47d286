"""The other ways in, through the assistant: maintenance.update (a new priority, a note), meter readings by chat in
both languages, "any news on my ticket?", the card's buttons (Assign, Resolve's modal, Cancel) and answers in the
threads of the cards ("resuelto: …", "take", "cancel")."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.assistant import Origin
from db.models import OutboxMessage, OutboxStatus
from skills.common.reference import import_text
from skills.maintenance import views
from skills.maintenance.models import Asset, PreventivePlan, Status, Ticket, TicketEvent
from skills.maintenance.reference import PLANS

from .conftest import importer, outbox, text_of


def ticket_now(harness, ticket_id):
    with harness.database.session() as session:
        found = session.get(Ticket, ticket_id)
        session.expunge_all()
        return found


def test_a_new_priority_recomputes_the_due_time_and_tells_the_team(harness, people):
    ticket = harness.report(people.ana, "the fridge in the 2nd floor kitchen stopped cooling")
    replies = harness.say(people.ana, f"ticket #{ticket.id} is urgent now, food is spoiling", "maintenance.update",
                          Origin("slack", "D1:9.1"))  # fmt: skip
    shown = text_of(replies)
    assert "P3 → P1" in shown and "[Confirm]" in shown
    harness.press(people.ana, replies[-1], "Confirm", Origin("slack", "D1:9.1"))
    after = ticket_now(harness, ticket.id)
    assert after.priority == "P1" and after.resolution_due < ticket.resolution_due
    assert any("changed the priority: P3 → P1" in m.text for m in outbox(harness.database, channel="#facilities-ny"))


@pytest.mark.parametrize(
    ("who", "text", "origin"),
    [("ana", "#{id} can wait till next week", "D1:9.5"), ("eva", "la #{id} puede esperar", "D6:9.5")],
)
def test_a_ticket_that_can_wait_goes_down_to_p4(harness, people, who, text, origin):
    """ "can wait" / "puede esperar" said nothing about priority: the sentence became a note and P3 stayed."""
    reporter = getattr(people, who)
    ticket = harness.report(reporter, "the blinds in the 2nd floor kitchen are stuck")
    replies = harness.say(reporter, text.format(id=ticket.id), "maintenance.update", Origin("slack", origin))
    assert "P3 → P4" in text_of(replies), text_of(replies)


@pytest.mark.parametrize(
    ("who", "text", "origin", "expected"),
    [("ana", "set #{id} to P1", "D1:9.8", "P3 → P1"), ("eva", "pon la #{id} en P4", "D6:9.8", "P3 → P4"),
     ("ana", "change the priority of ticket {id} to P2", "D1:9.9", "P3 → P2")],
)  # fmt: skip
def test_a_priority_said_as_its_code_sets_it(harness, people, who, text, origin, expected):
    """ "set #5 to P1", the code the ticket's card shows, was not read as a priority: it became a note, P3 stayed."""
    reporter = getattr(people, who)
    ticket = harness.report(reporter, "the blinds in the 2nd floor kitchen are stuck")
    replies = harness.say(reporter, text.format(id=ticket.id), "maintenance.update", Origin("slack", origin))
    assert expected in text_of(replies), text_of(replies)


def test_an_update_that_changes_nothing_says_so_and_one_of_a_closed_ticket_is_refused(harness, people):
    """ "make #5 P3" of a P3 ticket showed a preview with nothing to confirm; an update of a closed ticket showed a
    preview that Confirm then refused."""
    ticket = harness.report(people.ana, "the blinds in the 2nd floor kitchen are stuck")
    same = harness.say(people.ana, f"make #{ticket.id} P3", "maintenance.update", Origin("slack", "D1:9.10"))
    assert text_of(same) == f"Ticket #{ticket.id} is already P3: nothing to change.", text_of(same)
    hers = harness.report(people.eva, "la persiana de la cocina de la planta 2 está atascada")
    spanish = harness.say(people.eva, f"pon la #{hers.id} en P3", "maintenance.update", Origin("slack", "D6:9.10"))
    assert text_of(spanish) == f"La incidencia #{hers.id} ya es P3: no hay nada que cambiar.", text_of(spanish)
    with harness.database.session() as session:
        session.get(Ticket, ticket.id).status = Status.CLOSED
    closed = harness.say(people.ana, f"set #{ticket.id} to P1", "maintenance.update", Origin("slack", "D1:9.11"))
    assert text_of(closed).startswith(f"Ticket #{ticket.id} is closed, so it can't be updated."), text_of(closed)
    assert "[Confirm]" not in text_of(closed) and ticket_now(harness, ticket.id).priority == "P3"


@pytest.mark.parametrize("intent", ["none", "maintenance.update", "maintenance.status", "maintenance.create"])
def test_the_team_works_a_ticket_by_its_number_from_anywhere(harness, people, intent):
    """ "take #12" in a DM was not understood and "#12 resolved: replaced the tap" became an update's note: the
    thread's words (take, on hold, resolved) now do the same with the ticket's number, however the router read them."""
    ticket = harness.report(people.ana, "the kitchen tap on the 2nd floor is leaking")
    taken = harness.say(people.felix, f"take #{ticket.id}", intent, Origin("slack", "D3:9.20"))
    assert (
        text_of(taken) == f"Done: #{ticket.id} is in progress."
        and ticket_now(harness, ticket.id).assignee_id == people.felix.id
    )
    harness.say(people.felix, f"#{ticket.id} on hold: waiting for the part", intent, Origin("slack", "D3:9.21"))
    assert ticket_now(harness, ticket.id).status == Status.ON_HOLD
    harness.say(people.felix, f"#{ticket.id} resolved: replaced the washer", intent, Origin("slack", "D3:9.22"))
    after = ticket_now(harness, ticket.id)
    assert after.status == Status.RESOLVED and after.resolution == "replaced the washer"
    told = [m.text for m in outbox(harness.database) if m.recipient_id == people.ana.id]
    assert any("waiting for the part" in text for text in told)


def test_the_madrid_team_works_a_ticket_by_its_number_in_spanish(harness, people):
    ticket = harness.report(people.eva, "la bombilla de la sala Goya está fundida")
    harness.say(people.marta, f"coge la #{ticket.id}", "none", Origin("slack", "D5:9.23"))
    assert ticket_now(harness, ticket.id).assignee_id == people.marta.id
    done = harness.say(people.marta, f"la #{ticket.id} está arreglada, cambiamos la bombilla", "maintenance.update",
                       Origin("slack", "D5:9.24"))  # fmt: skip
    assert ticket_now(harness, ticket.id).status == Status.RESOLVED, text_of(done)
    assert ticket_now(harness, ticket.id).resolution == "cambiamos la bombilla"


def test_someone_outside_the_team_taking_a_ticket_by_number_is_not_obeyed(harness, people):
    ticket = harness.report(people.ana, "the kitchen tap on the 2nd floor is leaking")
    harness.say(people.bob, f"take #{ticket.id}", "none", Origin("slack", "D2:9.25"))
    harness.say(people.ana, f"#{ticket.id} resolved: it stopped by itself", "none", Origin("slack", "D1:9.26"))
    after = ticket_now(harness, ticket.id)
    assert after.assignee_id is None and after.status == Status.REQUESTED


def test_a_ticket_named_by_number_that_the_router_left_out_is_offered_for_an_update(harness, people):
    """ "#3 can wait" went to "I'm not sure what you mean" although it names the asker's ticket: the bot asks whether
    to update that ticket, and Yes is the update's preview; someone the ticket is nothing to is not asked."""
    ticket = harness.report(people.ana, "the blinds in the 2nd floor kitchen are stuck")
    offered = harness.say(people.ana, f"#{ticket.id} can wait", "none", Origin("slack", "D1:9.6"))
    assert f"Do you want to update ticket #{ticket.id}" in text_of(offered), text_of(offered)
    preview = harness.press(people.ana, offered[-1], "Yes", Origin("slack", "D1:9.6"))
    assert "P3 → P4" in text_of(preview) and "[Confirm]" in text_of(preview)
    assert ticket_now(harness, ticket.id).priority == "P3"  # nothing written before Confirm
    stranger = harness.say(people.bob, f"#{ticket.id} can wait", "none", Origin("slack", "D2:9.6"))
    assert "update ticket" not in text_of(stranger)
    unknown = harness.say(people.ana, "#999 can wait", "none", Origin("slack", "D1:9.7"))
    assert "update ticket" not in text_of(unknown)


def test_a_note_for_the_team_and_a_stranger_cannot_touch_the_ticket(harness, people):
    ticket = harness.report(people.ana, "the dishwasher didn't drain")
    replies = harness.say(
        people.ana, "update on my ticket: it smells now", "maintenance.update", Origin("slack", "D1:9.2")
    )
    harness.press(people.ana, replies[-1], "Confirm", Origin("slack", "D1:9.2"))
    assert any("Ana: update on my ticket: it smells now" in m.text
               for m in outbox(harness.database, channel="#facilities-ny"))  # fmt: skip
    refused = harness.say(people.bob, f"#{ticket.id} is low priority", "maintenance.update", Origin("slack", "D2:9.3"))
    assert f"can't find ticket #{ticket.id} among" in text_of(refused)
    assert text_of(refused).endswith("Which ticket? (its number, e.g. #12)")  # not "send new dates"


def test_a_ticket_number_nobody_has_is_named_back_in_the_askers_language(harness, people):
    """Not "I can't find that ticket any more", as if it had been there: the number asked for, in both languages."""
    english = text_of(harness.say(people.ana, "status of ticket #999", "maintenance.status", Origin("slack", "D1:9.4")))
    assert "can't find ticket #999 among" in english and "any more" not in english
    spanish = text_of(
        harness.say(people.eva, "¿cómo va la incidencia #999?", "maintenance.status", Origin("slack", "D6:9.4"))
    )
    assert "No encuentro la incidencia #999 entre" in spanish


def test_meter_readings_by_chat_in_both_languages(harness, people, database):
    with database.session() as session:
        import_text(session, PLANS, "code,asset_tag,task,kind,every,unit,lead_days,next_due,checklist\n"
                    "PM-COMP,COMP-MAD-WH,Revisión del compresor,meter,500,h,0,,\n", importer("plans.csv"))  # fmt: skip
    replies = harness.say(people.marta, "el compresor marca 3.400 horas", "maintenance.meter")
    assert "3400 h" in text_of(replies) and "[Confirmar]" in text_of(replies)
    done = harness.press(people.marta, replies[-1], "Confirmar")
    assert "Compresor del almacén marca 3400 h" in text_of(done)
    assert "abierta la incidencia" in text_of(done)  # 3400 passed the plan's first 500 h
    back = harness.say(people.felix, "generator 1520 h", "maintenance.meter", Origin("slack", "D2:9.4"))
    assert "1520 h" in text_of(back)
    lower = harness.say(people.marta, "el compresor marca 3.000 horas", "maintenance.meter", Origin("slack", "D3:9.5"))
    assert "nunca baja" in text_of(lower)
    with database.session() as session:
        compressor = session.scalar(select(Asset).where(Asset.tag == "COMP-MAD-WH"))
        assert compressor.meter_value == Decimal(3400)
        plan = session.scalar(select(PreventivePlan))
        assert plan.open_ticket_id is not None and plan.next_meter == Decimal(1000)


def test_any_news_on_my_ticket_in_both_languages(harness, people):
    harness.report(people.ana, "the printer on the 3rd floor is jammed again")
    news = text_of(harness.say(people.ana, "any news on my ticket?", "maintenance.status", Origin("slack", "D1:9.6")))
    assert "Printer on the 3rd floor is jammed again".lower() in news.lower() and "requested" in news and "Due" in news
    harness.report(people.eva, "no funciona el aire acondicionado de la sala Goya")
    nuevas = text_of(
        harness.say(people.eva, "¿cómo va mi incidencia?", "maintenance.status", Origin("slack", "D6:9.7"))
    )
    assert "recibida" in nuevas and "Plazo" in nuevas
    nothing = text_of(
        harness.say(people.bob, "any news on my ticket?", "maintenance.status", Origin("slack", "D7:9.8"))
    )
    assert "no open tickets" in nothing


def test_buttons_assign_resolve_modal_and_cancel(harness, people):
    ticket = harness.report(people.ana, "the fridge in the 2nd floor kitchen stopped cooling")
    value = str(ticket.id)
    offered = harness.click(people.fran, views.ASSIGN, value)
    assert "Felix" in text_of(offered)
    harness.press(people.fran, offered[-1], "Felix")
    assert ticket_now(harness, ticket.id).assignee_id == people.felix.id
    asked = harness.click(people.felix, views.RESOLVE, value)
    assert asked[0].modal is not None
    errors, _ = harness.assistant.handle_view(people.felix.id, views.RESOLVE_VIEW, {views.NOTES: " "},
                                              {"ticket_id": ticket.id}, Origin("slack", "C1:1.1"))  # fmt: skip
    assert views.NOTES in errors and ticket_now(harness, ticket.id).status == Status.TRIAGED
    errors, _ = harness.assistant.handle_view(people.felix.id, views.RESOLVE_VIEW, {views.NOTES: "new seal"},
                                              {"ticket_id": ticket.id}, Origin("slack", "C1:1.1"))  # fmt: skip
    assert errors == {} and ticket_now(harness, ticket.id).status == Status.RESOLVED
    other = harness.report(people.ana, "the coffee machine in the kitchen is out of order")
    refused = harness.click(people.felix, views.CANCEL, str(other.id))
    assert refused[0].ephemeral and "Only the person who reported it" in refused[0].text
    harness.click(people.ana, views.CANCEL, str(other.id))
    assert ticket_now(harness, other.id).status == Status.CANCELLED


def sent_card(harness, ticket_id, **where):
    """Mark the ticket's card as sent (as the outbox worker would) and return its thread key."""
    card = next(m for m in outbox(harness.database, entity_id=str(ticket_id), kind="post") if m.blocks
                and all(getattr(m, k) == v for k, v in where.items()))  # fmt: skip
    channel = card.channel or f"D{card.recipient_id}"
    with harness.database.session() as session:
        stored = session.get(OutboxMessage, card.id)
        stored.sent_channel, stored.sent_ts = channel, f"{card.id}.0001"
    return f"{channel}:{card.id}.0001"


def test_answers_in_the_threads_take_resolve_in_spanish_and_cancel(harness, people):
    ticket = harness.report(people.eva, "no funciona el aire acondicionado de la sala Goya")
    team = sent_card(harness, ticket.id, channel="#facilities-madrid")
    taken = harness.assistant.handle_card_thread_message(people.marta.id, "me la quedo", Origin("slack", team))
    assert "en curso" in text_of(taken)
    done = harness.assistant.handle_card_thread_message(people.marta.id, "resuelto: limpiado el filtro",
                                                        Origin("slack", team))  # fmt: skip
    assert "resuelta" in text_of(done)
    after = ticket_now(harness, ticket.id)
    assert (after.status, after.resolution, after.assignee_id) == (Status.RESOLVED, "limpiado el filtro",
                                                                   people.marta.id)  # fmt: skip
    other = harness.report(people.ana, "the coffee machine in the kitchen is out of order")
    mine = sent_card(harness, other.id, recipient_id=people.ana.id)
    harness.assistant.handle_message(people.ana.id, "cancel", Origin("slack", mine))
    assert ticket_now(harness, other.id).status == Status.CANCELLED
    with harness.database.session() as session:
        kinds = [e.kind for e in session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id))]
    assert kinds.count("status") == 3


@pytest.mark.parametrize(
    ("said", "reason"),
    [
        ("en espera, falta una pieza", "falta una pieza"),
        ("On hold: waiting for the compressor", "waiting for the compressor"),
    ],
)
def test_a_hold_with_its_reason_in_the_teams_thread_holds_and_the_requester_reads_why(harness, people, said, reason):
    ticket = harness.report(people.eva, "no funciona el aire acondicionado de la sala Goya")
    team = sent_card(harness, ticket.id, channel="#facilities-madrid")
    harness.assistant.handle_card_thread_message(people.marta.id, "me la quedo", Origin("slack", team))
    held = harness.assistant.handle_card_thread_message(people.marta.id, said, Origin("slack", team))
    assert "en espera" in text_of(held)
    after = ticket_now(harness, ticket.id)
    assert after.status == Status.ON_HOLD and after.paused_at is not None  # the SLA clock stops
    told = [m.text for m in outbox(harness.database, recipient_id=people.eva.id)]
    assert any(reason in text and said not in text for text in told), told
    note = harness.assistant.handle_card_thread_message(people.marta.id, "hold on, checking the breaker",
                                                        Origin("slack", team))  # fmt: skip
    assert ticket_now(harness, ticket.id).status == Status.ON_HOLD and "en espera" not in text_of(note)


def test_status_of_what_the_question_names_and_the_teams_queue(harness, people):
    goya = harness.report(people.eva, "no funciona el aire acondicionado de la sala Goya")
    harness.report(people.ana, "the printer on the 3rd floor is jammed again")
    about = text_of(harness.say(people.bob, "has the air conditioning in Sala Goya been fixed?", "maintenance.status",
                                Origin("slack", "D7:9.9")))  # fmt: skip
    assert f"#{goya.id}" in about and "Printer" not in about
    queue = text_of(harness.say(people.marta, "¿qué hay en la cola del equipo?", "maintenance.status",
                                Origin("slack", "D3:9.10")))  # fmt: skip
    assert "En plazo (1)" in queue and f"#{goya.id}" in queue
    assert "· sin asignar · plazo " in queue and "· - ·" not in queue  # not a bare "-" and an unlabelled time
    harness.clock.advance(timedelta(days=10))
    late = text_of(harness.say(people.marta, "our queue please", "maintenance.status", Origin("slack", "D3:9.11")))
    assert "Fuera de plazo (1)" in late  # Marta's language, whatever the words


def test_the_team_asks_for_its_queue_in_a_few_words(harness, people):
    """ "my queue" / "mi cola" from facilities was "I'm not sure what you mean"; "open tickets for my team" and an
    empty queue answered "You have no open tickets" (the asker's own, as a requester)."""
    empty = text_of(harness.say(people.fran, "open tickets for my team", "maintenance.status", Origin("slack", "D8:1")))
    assert empty == "Nothing is open in your team's queue."
    ticket = harness.report(people.ana, "the fridge in the 2nd floor kitchen stopped cooling")
    mine = text_of(harness.say(people.fran, "my queue", "none", Origin("slack", "D8:2")))
    assert "On time (1)" in mine and f"#{ticket.id}" in mine, mine
    spanish = text_of(harness.say(people.marta, "mi cola", "none", Origin("slack", "D3:9.30")))
    assert spanish == "No hay incidencias abiertas en la cola de tu equipo."  # Madrid's team: New York's is not hers
    assert "queue" not in text_of(harness.say(people.bob, "my queue", "none", Origin("slack", "D7:9.31")))


def test_home_shows_the_queue_to_the_team_and_their_tickets_to_requesters(harness, people, database):
    from skills.core import Context
    from skills.maintenance.handlers import open_items

    ticket = harness.report(people.ana, "the fridge in the 2nd floor kitchen stopped cooling")
    with database.session() as session:
        for who, expected in ((people.fran, "On time (1)"), (people.ana, f"#{ticket.id}"), (people.bob, None)):
            employee = session.get(type(people.ana), who.id)
            context = Context(session, employee, "en", "slack", "home", harness.clock.now())
            shown = str(open_items(context))
            assert (expected in shown) if expected else shown == "[]"


def test_a_team_lead_asks_for_the_chart_in_either_language_and_others_get_their_status(harness, people):
    harness.report(people.ana, "the printer on the 3rd floor is jammed again")
    [chart] = harness.say(people.fran, "send me the tickets chart", "maintenance.status", Origin("slack", "D1:9.9"))
    assert chart.file is not None and chart.file.content.startswith(b"\x89PNG") and chart.file.saved_at is None
    assert chart.text.startswith("Tickets chart, Aug 27, 2026 – Nov 25, 2026")
    [grafico] = harness.say(people.marta, "pásame el gráfico de incidencias", "maintenance.status",
                            Origin("terminal", "t:1"))  # fmt: skip
    assert grafico.file is not None and grafico.file.saved_at is not None
    assert "Gráfico guardado en" in grafico.text and grafico.file.saved_at.endswith(".png")
    assert grafico.text.startswith("Gráfico de incidencias, 27 ago 2026 – 25 nov 2026")  # not ISO dates
    [plain] = harness.say(people.ana, "send me the tickets chart", "maintenance.status", Origin("slack", "D2:9.9"))
    assert plain.file is None  # not in a team: her own tickets instead
    assert "printer" in text_of([plain]).lower()


def give_up(harness, message_id: int) -> None:
    """What the outbox worker does when Slack refuses a row for good: mark it failed, hand it to its skill."""
    with harness.database.session() as session:
        message = session.get(OutboxMessage, message_id)
        assert message is not None
        message.status = OutboxStatus.FAILED
        harness.assistant.registry.undelivered(session, message)


def test_a_team_card_its_channel_refuses_goes_to_the_teams_people_and_the_ticket_is_worked_from_there(harness, people):
    ticket = harness.report(people.ana, "the coffee machine in the kitchen is out of order")
    [channel_card] = [m for m in outbox(harness.database, entity_id=str(ticket.id)) if m.channel]
    [requester_card] = outbox(harness.database, entity_id=str(ticket.id), recipient_id=people.ana.id)
    give_up(harness, requester_card.id)  # a DM refused: nobody else to send it to
    assert outbox(harness.database, recipient_id=people.fran.id) == []
    give_up(harness, channel_card.id)
    sent = {m.recipient_id: m for m in outbox(harness.database, entity_id=str(ticket.id)) if m.recipient_id}
    assert {people.fran.id, people.felix.id} <= set(sent)
    assert views.TAKE in str(sent[people.fran.id].blocks)
    before = len(outbox(harness.database, channel=channel_card.channel))
    harness.click(people.felix, views.TAKE, str(ticket.id))
    assert ticket_now(harness, ticket.id).assignee_id == people.felix.id
    assert len(outbox(harness.database, channel=channel_card.channel)) == before  # nothing more for the dead channel
    redrawn = [m for m in outbox(harness.database, kind="update") if m.update_of == sent[people.fran.id].id]
    assert redrawn, "the DM cards are the ticket's cards now"
