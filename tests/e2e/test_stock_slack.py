"""Item requests through Slack with the real router: a request in a DM, its pick card in the warehouse channel,
Fulfil (the issue posted, the requester told in their DM, the card settled), and a Spanish request declined with
the modal's reason."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from db.engine import Database
from db.models import Employee, Role
from skills.common.reference import import_text
from skills.locations.reference import LOCATIONS
from skills.stock.models import Movement, StockLevel
from skills.stock.reference import ITEMS
from tests.e2e.conftest import add_person
from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_emulator import SlackEmulator
from tests.skills.stock.conftest import ITEMS_CSV, PLACES, importer

NY_CHANNEL, MADRID_CHANNEL = "C0WHNY0001", "C0ALMMAD01"


@pytest.fixture
def stocked(database: Database, emulator: SlackEmulator) -> None:
    """The test places and items, and the two warehouse channels in the workspace."""
    emulator.add_channel(NY_CHANNEL, "warehouse-ny")
    emulator.add_channel(MADRID_CHANNEL, "almacen-madrid")
    with database.session() as session:
        import_text(session, LOCATIONS, PLACES, importer("places.csv"))
        import_text(session, ITEMS, ITEMS_CSV, importer("items.csv"))


def newest(emulator: SlackEmulator, channel: str, needle: str) -> dict[str, Any]:
    def found() -> list[dict[str, Any]]:
        return [m for m in emulator.messages(channel) if m.get("bot_id") and needle in emulator.render_text(m)][-1:]

    return emulator.wait_for(found, timeout=15)[0]


def spanish(database: Database, person_id: int) -> None:
    with database.session() as session:
        employee = session.get(Employee, person_id)
        assert employee is not None
        employee.country, employee.timezone = "ES-MD", "Europe/Madrid"


def test_a_request_is_fulfilled_from_the_channel_and_the_requester_told(slack: SlackDriver, emulator, database,
                                                                        stocked):  # fmt: skip
    ana = add_person(database, emulator, "Ana Ruiz")
    wes = add_person(database, emulator, "Wes Stone", roles={Role.WAREHOUSE})
    dm = emulator.dm_channel_for(ana.slack_id)
    slack.send_dm(ana.slack_id, "I need 2 HDMI adapters")
    preview = newest(emulator, dm, "[Confirm]")
    shown = emulator.render_text(preview)
    assert "Ask the warehouse for USB-C to HDMI adapter" in shown and "*Available there now*\n14 units" in shown
    slack.click(ana.slack_id, "dialogue.confirm", message=preview)
    newest(emulator, dm, "Sent to the warehouse")
    card = newest(emulator, NY_CHANNEL, "[Fulfil]")
    assert "Ana Ruiz asks for 2 units of USB-C to HDMI adapter" in emulator.render_text(card).replace("*", "")
    slack.click(ana.slack_id, "stock.pick.fulfil", message=card, channel=NY_CHANNEL)  # not warehouse: refused
    whisper = emulator.wait_for(lambda: emulator.ephemerals(ana.slack_id), timeout=10)
    assert "Only warehouse staff" in whisper[-1]["text"]
    slack.click(wes.slack_id, "stock.pick.fulfil", message=card, channel=NY_CHANNEL)
    told = newest(emulator, dm, "is ready")
    assert "Wes Stone issued it at New York warehouse" in emulator.render_text(told)
    emulator.wait_for(lambda: [m for m in emulator.messages(NY_CHANNEL) if m["ts"] == card["ts"]
                               and "Fulfilled by Wes Stone" in emulator.render_text(m)], timeout=10)  # fmt: skip
    with database.session() as session:
        issued = session.scalars(select(Movement).where(Movement.request_id.is_not(None))).one()
        level = session.scalars(select(StockLevel).where(StockLevel.id.is_not(None))).all()
        assert issued.quantity == -2 and issued.balance_after == 12
        assert any(lv.on_hand == 12 and lv.reserved == 0 for lv in level)


def test_a_spanish_request_is_declined_with_a_reason_from_the_modal(slack: SlackDriver, emulator, database,
                                                                    stocked):  # fmt: skip
    eva = add_person(database, emulator, "Eva Martín", locale="es-ES")
    wanda = add_person(database, emulator, "Wanda Gil", locale="es-ES", roles={Role.WAREHOUSE})
    spanish(database, eva.employee_id)
    dm = emulator.dm_channel_for(eva.slack_id)
    slack.send_dm(eva.slack_id, "necesito 3 paquetes de folios")
    preview = newest(emulator, dm, "[Confirmar]")
    assert "*Desde*\nAlmacén de Madrid" in emulator.render_text(preview)
    slack.click(eva.slack_id, "dialogue.confirm", message=preview)
    card = newest(emulator, MADRID_CHANNEL, "[Rechazar]")
    slack.click(wanda.slack_id, "stock.pick.decline", message=card, channel=MADRID_CHANNEL)
    opened = emulator.wait_for(lambda: [v for v in emulator.views.values() if v["user"] == wanda.slack_id])
    view = opened[0]["view"]
    status, body = slack.submit_view(wanda.slack_id, view, {"reason": ""})
    assert status == 200 and '"errors"' in body
    status, _ = slack.submit_view(wanda.slack_id, view, {"reason": "Usa el papel de la planta 2"})
    assert status == 200
    told = newest(emulator, dm, "ha rechazado")
    assert "Usa el papel de la planta 2" in emulator.render_text(told)
