"""stock.lookup in both languages: by name, alias, typo, SKU, across languages; buttons when several match,
suggestions when none does; per-place breakdown, stock by place, what is low, who moved an item."""

from __future__ import annotations

import pytest

from bot.terminal.render import render_blocks
from skills.core import Reply
from skills.i18n import unmarked
from tests.pinned import NOW

from .conftest import Origin, text_of


@pytest.mark.parametrize(
    ("who", "text", "expected"),
    [
        ("ana", "how many toner cartridges are left in Madrid?", ["HP 26A toner cartridge", "Almacén de Madrid: 7 units on hand, 0 reserved, 7 available"]),
        ("eva", "¿quedan cartuchos de tóner en el almacén de Madrid?", ["Cartucho de tóner HP 26A", "Almacén de Madrid: 7 unidades en stock, reservado 0, disponible 7"]),
        ("ana", "do we have HDMI adapters?", ["USB-C to HDMI adapter (`ADP-HDMI`)", "New York warehouse: 14 units"]),
        ("ana", "any HDMI adaptors?", ["USB-C to HDMI adapter"]),  # typo
        ("eva", "¿tenemos adaptadores HDMI?", ["Adaptador USB-C a HDMI", "14 unidades"]),  # Spanish alias
        ("ana", "how many portátiles do we have", ["Dell Latitude 5440 laptop"]),  # cross-lingual
        ("eva", "¿cuántos laptops hay?", ["Portátil Dell Latitude 5440"]),  # cross-lingual
        ("ana", "stock level of lap-dell", ["Dell Latitude 5440 laptop (`LAP-DELL`)"]),  # SKU, any case
        ("ana", "how much printer paper is there", ["A4 paper", "Total available: 200 reams"]),
        ("eva", "¿queda papel de impresora en Madrid?", ["Papel A4", "Almacén de Madrid: 80 paquetes"]),
    ],
)  # fmt: skip
def test_lookups_in_both_languages(harness, people, who, text, expected):
    shown = text_of(harness.say(getattr(people, who), text))
    for needle in expected:
        assert needle in shown, shown


def test_several_matches_offer_a_button_each_and_the_button_shows_the_item(harness, people):
    [reply] = harness.say(people.ana, "do we have any HDMI?")
    _, choices = render_blocks(reply.blocks or [])
    assert [c.label for c in choices] == ["USB-C to HDMI adapter (ADP-HDMI)", "HDMI cable 2 m (CAB-HDMI)"]
    shown = text_of(harness.press(people.ana, reply, "HDMI cable 2 m (CAB-HDMI)"))
    assert "HDMI cable 2 m (`CAB-HDMI`)" in shown and "30 units" in shown


def test_no_match_suggests_the_closest_and_never_guesses(harness, people):
    shown = text_of(harness.say(people.ana, "do we have any tonr catridge thingies?"))
    assert "HP 26A toner cartridge" in shown
    shown = text_of(harness.say(people.ana, "do we have any pizza?"))
    assert "I don't know an item called “pizza”." in shown
    shown = text_of(harness.say(people.eva, "¿hay pizza?"))
    assert "No conozco ningún artículo llamado «pizza»." in shown


def test_stock_by_place_and_what_is_low(harness, people):
    shown = text_of(harness.say(people.ana, "what's in stock in the Madrid warehouse?"))
    assert "Stock at Almacén de Madrid" in shown and "Ergonomic office chair (`CHR-ERG`): 15 of 15 units" in shown
    harness.say(people.wes, "issue 6 toner cartridges from the NY warehouse", "stock.adjust")
    harness.click(people.wes, "dialogue.confirm", _confirm_value(harness, people))
    shown = text_of(harness.say(people.ana, "what is running low?"))
    assert "Under their reorder level" in shown and "TON-HP26" in shown and "⚠️" in shown


def _confirm_value(harness, people):
    from sqlalchemy import select

    from db.models import Conversation

    with harness.database.session() as session:
        conversation = session.scalars(select(Conversation).order_by(Conversation.id.desc())).first()
        return f"{conversation.id}:{conversation.version}"


def test_who_took_an_item_this_month(harness, people):
    harness.say(people.wes, "issue 1 projector", "stock.adjust")  # not in the catalog: asked again, nothing written
    harness.say(people.wes, "cancel", "stock.adjust")
    harness.say(people.wes, "took 2 HDMI adapters from the NY warehouse", "stock.adjust")
    harness.click(people.wes, "dialogue.confirm", _confirm_value(harness, people))
    shown = text_of(harness.say(people.ana, "who took the HDMI adapters this month?"))
    assert "Movements of USB-C to HDMI adapter" in shown and "Wes · issued -2 at New York warehouse (→ 12)" in shown
    shown = text_of(harness.say(people.eva, "¿quién se llevó los adaptadores HDMI este mes?"))
    assert "Movimientos de Adaptador USB-C a HDMI" in shown and "Wes · salida -2 en New York warehouse (→ 12)" in shown
    assert NOW.month == 11


@pytest.mark.parametrize(
    ("who", "text", "expected"),
    [
        ("ana", "who took the chairs this month?", "Movements of Ergonomic office chair (this month)"),
        ("eva", "¿quién se llevó las sillas este mes?", "Movimientos de Silla de oficina ergonómica (este mes)"),
        ("eva", "¿quién ha sacado sillas esta semana?", "Movimientos de Silla de oficina ergonómica (últimos 30 días)"),
    ],
)
def test_who_moved_an_item_is_read_past_the_words_of_the_question(harness, people, who, text, expected):
    """ "who took the chairs this month?" looked for an item called "who took chairs month" and suggested the chair."""
    shown = text_of(harness.say(getattr(people, who), text))
    assert shown.startswith(expected), shown


def test_who_took_an_item_read_as_who_is_off_is_the_items_movements(harness, people):
    """ "who took toner this week?" was routed to who is off ("this week") and answered with the team's leave."""
    harness.assistant.registry.on_intent("leave.team", lambda context, request: [Reply(text="Who is off")])
    shown = text_of(harness.say(people.ana, "who took the chairs this week?", "leave.team"))
    assert shown.startswith("Movements of Ergonomic office chair"), shown
    assert text_of(harness.say(people.ana, "who took time off this week?", "leave.team")) == "Who is off"
    assert text_of(harness.say(people.ana, "who is off this week?", "leave.team")) == "Who is off"


@pytest.mark.parametrize(
    ("who", "text", "expected"),
    [("eva", "¿qué hay en la oficina de Madrid?", "Stock en Madrid office"),
     ("ana", "what's in the Madrid office?", "Stock at Madrid office")],
)  # fmt: skip
def test_what_a_place_holds_is_not_read_as_an_item(harness, people, who, text, expected):
    """ "¿qué hay en la oficina de Madrid?" looked for an item called "oficina madrid" and offered an office chair:
    the words of the place named are not an item's."""
    shown = text_of(harness.say(getattr(people, who), text))
    assert shown.startswith(expected) and "(`CHR-ERG`)" in shown, shown


def test_a_lookup_in_the_terminal_works_the_same(harness, people):
    shown = text_of(harness.say(people.ana, "how many A4 paper in New York", origin=Origin("terminal", "terminal")))
    assert "New York warehouse: 120 reams on hand" in shown


def test_a_button_without_a_readable_id_is_stale_and_a_gone_item_says_so(harness, people):
    [stale] = harness.click(people.ana, "stock.show.0", "not-an-id")
    assert stale.ephemeral
    [gone] = harness.click(people.ana, "stock.show.0", "9999")
    assert gone.ephemeral and gone.text == "I can't find that any more."


@pytest.mark.parametrize(
    ("who", "text", "heading"),
    [
        ("ana", "what do we need to reorder?", "Under their reorder level"),
        ("ana", "which items need reordering?", "Under their reorder level"),
        ("ana", "what should we restock?", "Under their reorder level"),
        ("eva", "¿qué hay que reponer?", "Bajo su mínimo"),
        ("eva", "¿qué tenemos que volver a pedir?", "Bajo su mínimo"),
    ],
)
def test_what_to_reorder_lists_the_low_items(harness, people, who, text, heading):
    """ "what do we need to reorder?" / "¿qué hay que reponer?" said they knew no item called "reorder"/"reponer":
    asking what to order again is asking what is under its level."""
    harness.say(people.wes, "issue 6 toner cartridges from the NY warehouse", "stock.adjust")
    harness.click(people.wes, "dialogue.confirm", _confirm_value(harness, people))
    shown = text_of(harness.say(getattr(people, who), text))
    assert heading in shown and "TON-HP26" in shown, shown


def test_a_place_nobody_knows_is_said_not_dropped(harness, people):
    """ "¿hay sillas en la oficina de Bilbao?" answered with Madrid's chairs as if Bilbao had not been said."""
    shown = unmarked(text_of(harness.say(people.eva, "¿hay sillas en la oficina de Bilbao?")))
    assert "No conozco ningún lugar llamado «oficina de Bilbao»." in shown, shown
    assert "Silla de oficina ergonómica" in shown and "Almacén de Madrid: 15 unidades" in shown
    shown = text_of(harness.say(people.ana, "how many chairs are left in storage"))  # no particular place: no note
    assert "I don't know a place" not in shown and "Ergonomic office chair" in shown, shown


def test_a_stock_report_is_every_place_with_the_stock_file(harness, people):
    """ "stock report" looked for an item called "report" and suggested a laptop: it is now each place's count and
    the file of `backoffice export stock`."""
    [reply] = harness.say(people.ana, "stock report")
    assert reply.text.startswith("*Stock report* · Nov 25, 2026\n• Almacén de Madrid: "), reply.text
    assert "• New York warehouse: 5 items\n" in reply.text
    assert reply.file is not None and reply.file.saved_at is None  # in Slack the upload is the file
    lines = reply.file.content.decode().splitlines()
    assert lines[0].startswith("sku,name,location_code,location,unit,on_hand,reserved,available")
    assert any(line.startswith("PAP-A4,A4 paper,MAD-WH,") for line in lines)


def test_a_stock_report_counts_what_is_under_its_reorder_level(harness, people, session):
    from sqlalchemy import select

    from skills.stock.models import Item, StockLevel

    paper = session.scalar(select(StockLevel).join(StockLevel.item).where(Item.sku == "PAP-A4").limit(1))
    paper.on_hand = 1
    session.commit()
    [reply] = harness.say(people.ana, "inventory overview")
    assert f"• {paper.location.name}: " in reply.text and ", 1 under its reorder level" in reply.text, reply.text
    assert ",1,0,1," in reply.file.content.decode() and ",yes" in reply.file.content.decode()


def test_a_stock_report_for_a_place_has_only_that_place(harness, people):
    [reply] = harness.say(people.eva, "informe de stock de Madrid")
    assert reply.text.startswith("*Informe de stock: Madrid office* · 25 nov 2026\n• Almacén de Madrid: ")
    assert "New York" not in reply.text and reply.file is not None
    assert all(",MAD-WH," in line for line in reply.file.content.decode().splitlines()[1:])
    unknown, everywhere = harness.say(people.ana, "stock report for Narnia")
    assert unknown.text.startswith("I don't know a place called “\u2068Narnia\u2069”")
    assert "New York warehouse" in everywhere.text and "Almacén de Madrid" in everywhere.text
