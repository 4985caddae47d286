"""Movements, the ledger, requests and alerts through the service, on the test company (both engines)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from db.models import AuditEntry, OutboxMessage
from skills.core import Actor
from skills.errors import NotAllowed
from skills.stock import service
from skills.stock.errors import (
    AlertAlreadyClaimed,
    AlreadyReversed,
    CountBelowReserved,
    CountReasonNeeded,
    DeclineReasonNeeded,
    DestinationNeeded,
    NotEnoughStock,
    NotReversible,
    QuantityNotPositive,
    RequestAlreadyDecided,
    SamePlace,
    SerializedInOnes,
    UndoExpired,
    UndoNotYours,
    WarehouseOnly,
)
from skills.stock.models import Movement, MovementKind, RequestStatus, StockAlert
from skills.stock.queries import ledger_sum, level_at
from skills.stock.rules import MovementDraft
from tests.pinned import NOW

from .conftest import CONFIG, actor, item, place


def post(session, who, action, sku, quantity, code, to=None, reason="", when=NOW):
    draft = MovementDraft(action, item(session, sku), quantity, place(session, code),
                          place(session, to) if to else None, reason)  # fmt: skip
    return service.post_movement(session, actor=actor(session, who, when=when), draft=draft, config=CONFIG)


def on_hand(session, sku, code):
    level = level_at(session, item(session, sku).id, place(session, code).id)
    return (level.on_hand, level.reserved, level.available) if level else None


def test_the_import_opened_every_level_with_a_movement(session, people):
    for sku, code, quantity in (("TON-HP26", "NY-WH", 9), ("PAP-A4", "MAD-WH", 80), ("CHR-ERG", "MAD-WH", 15)):
        assert on_hand(session, sku, code) == (quantity, 0, quantity)
        assert ledger_sum(session, item(session, sku).id, place(session, code).id) == quantity
    kinds = set(session.scalars(select(Movement.kind)))
    assert kinds == {MovementKind.OPENING}


def test_receive_issue_and_balance_after(session, people):
    received = post(session, people.wes, "receive", "PAP-A4", 20, "NY-WH", reason="delivery 4411")
    assert [m.balance_after for m in received.movements] == [140]
    issued = post(session, people.wes, "issue", "PAP-A4", 15, "NY-WH")
    assert issued.movements[0].quantity == -15 and issued.movements[0].balance_after == 125
    assert on_hand(session, "PAP-A4", "NY-WH") == (125, 0, 125)
    audit = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "stock.issue"))
    assert audit == 1


def test_transfer_moves_between_two_places_under_one_batch(session, people):
    posted = post(session, people.wanda, "transfer", "CHR-ERG", 5, "MAD-WH", to="BCN-STORE")
    kinds = [(m.kind, m.quantity, m.location.code) for m in posted.movements]
    assert kinds == [("transfer_out", -5, "MAD-WH"), ("transfer_in", 5, "BCN-STORE")]
    assert on_hand(session, "CHR-ERG", "MAD-WH")[0] == 10 and on_hand(session, "CHR-ERG", "BCN-STORE")[0] == 5


@pytest.mark.parametrize(
    ("action", "sku", "quantity", "code", "to", "reason", "error"),
    [
        ("issue", "PAP-A4", 0, "NY-WH", None, "", QuantityNotPositive),
        ("receive", "PAP-A4", -3, "NY-WH", None, "", QuantityNotPositive),
        ("issue", "TON-HP26", 10, "NY-WH", None, "", NotEnoughStock),
        ("transfer", "CHR-ERG", 2, "MAD-WH", None, "", DestinationNeeded),
        ("transfer", "CHR-ERG", 2, "MAD-WH", "MAD-WH", "", SamePlace),
        ("issue", "LAP-DELL", 2, "NY-WH", None, "", SerializedInOnes),
        ("receive", "LAP-DELL", 3, "NY-WH", None, "", SerializedInOnes),
        ("count", "PAP-A4", 100, "NY-WH", None, "", CountReasonNeeded),
    ],
)
def test_every_movement_rule_refuses_and_writes_nothing(session, people, action, sku, quantity, code, to, reason,
                                                         error):  # fmt: skip
    before = session.scalar(select(func.count()).select_from(Movement))
    with pytest.raises(error):
        post(session, people.wes, action, sku, quantity, code, to=to, reason=reason)
    assert session.scalar(select(func.count()).select_from(Movement)) == before


def test_a_small_count_needs_no_reason_a_big_one_does(session, people):
    counted = post(session, people.wes, "count", "PAP-A4", 117, "NY-WH")
    assert counted.movements[0].kind == "count" and counted.movements[0].quantity == -3
    with pytest.raises(CountReasonNeeded) as refused:
        post(session, people.wes, "count", "PAP-A4", 100, "NY-WH")
    assert refused.value.params["difference"] == "-17"
    assert (
        post(session, people.wes, "count", "PAP-A4", 100, "NY-WH", reason="water damage").movements[0].quantity == -17
    )
    assert post(session, people.wes, "count", "PAP-A4", 100, "NY-WH").movements == ()  # the same count: no row


def test_a_count_cannot_go_below_what_is_reserved(session, people):
    service.create_request(session, actor=actor(session, people.ana), item=item(session, "TON-HP26"),
                           location=place(session, "NY-WH"), quantity=3, note="", thread_key="t", lang="en",
                           config=CONFIG)  # fmt: skip
    with pytest.raises(CountBelowReserved):
        post(session, people.wes, "count", "TON-HP26", 2, "NY-WH", reason="lost")


def test_only_warehouse_staff_move_stock_and_the_refusal_names_them(session, people):
    with pytest.raises(WarehouseOnly) as refused:
        post(session, people.ana, "issue", "PAP-A4", 1, "NY-WH")
    assert "Wanda" in refused.value.message("en") and "Wes" in refused.value.message("en")
    assert isinstance(refused.value, NotAllowed)
    assert "personal del almacén" in refused.value.message("es")
    post(session, people.adam, "issue", "PAP-A4", 1, "NY-WH")  # an admin holds every role
    with pytest.raises(NotAllowed):
        service.post_movement(session, actor=Actor(None, "job", NOW), config=CONFIG,
                              draft=MovementDraft("issue", item(session, "PAP-A4"), 1, place(session, "NY-WH")))  # fmt: skip


def test_the_ledger_is_append_only(session, people):
    movement = post(session, people.wes, "receive", "PAP-A4", 5, "NY-WH").movements[0]
    movement.quantity = 500
    with pytest.raises(ValueError, match="cannot be changed"):
        session.flush()
    session.rollback()
    movement = session.scalars(select(Movement)).first()
    session.delete(movement)
    with pytest.raises(ValueError, match="cannot be changed"):
        session.flush()
    session.rollback()


def test_undo_posts_a_reversal_pointing_at_the_original_once(session, people):
    posted = post(session, people.wanda, "transfer", "CHR-ERG", 5, "MAD-WH", to="BCN-STORE")
    with pytest.raises(UndoNotYours):
        service.undo(session, actor=actor(session, people.wes), batch=posted.batch, config=CONFIG)
    undone = service.undo(session, actor=actor(session, people.wanda, when=NOW + timedelta(minutes=5)),
                          batch=posted.batch, config=CONFIG)  # fmt: skip
    assert {m.reverses_id for m in undone.movements} == {m.id for m in posted.movements}
    assert on_hand(session, "CHR-ERG", "MAD-WH")[0] == 15 and on_hand(session, "CHR-ERG", "BCN-STORE")[0] == 0
    with pytest.raises(AlreadyReversed):
        service.undo(session, actor=actor(session, people.wanda), batch=posted.batch, config=CONFIG)
    with pytest.raises(NotReversible):
        service.undo(session, actor=actor(session, people.wanda), batch=undone.batch, config=CONFIG)


def test_undo_is_only_for_a_while_and_never_takes_stock_below_zero(session, people):
    late = post(session, people.wes, "receive", "PAP-A4", 5, "NY-WH")
    with pytest.raises(UndoExpired):
        service.undo(session, actor=actor(session, people.wes, when=NOW + timedelta(minutes=16)), batch=late.batch,
                     config=CONFIG)  # fmt: skip
    received = post(session, people.wes, "receive", "TON-HP26", 3, "NY-WH")
    post(session, people.wes, "issue", "TON-HP26", 12, "NY-WH")
    with pytest.raises(NotEnoughStock):
        service.undo(session, actor=actor(session, people.wes), batch=received.batch, config=CONFIG)


def test_a_request_reserves_fulfil_issues_and_releases_once(session, people):
    request = service.create_request(session, actor=actor(session, people.ana), item=item(session, "ADP-HDMI"),
                                     location=place(session, "NY-WH"), quantity=2, note="for the demo room",
                                     thread_key="D0ANA:1.0", lang="en", config=CONFIG)  # fmt: skip
    assert request.reserved == 2 and on_hand(session, "ADP-HDMI", "NY-WH") == (14, 2, 12)
    with pytest.raises(WarehouseOnly):
        service.fulfil(session, actor=actor(session, people.ana), request_id=request.id, config=CONFIG)
    fulfilled, movement = service.fulfil(session, actor=actor(session, people.wes), request_id=request.id,
                                         config=CONFIG)  # fmt: skip
    assert fulfilled.status == RequestStatus.FULFILLED and movement.request_id == request.id
    assert on_hand(session, "ADP-HDMI", "NY-WH") == (12, 0, 12)
    with pytest.raises(RequestAlreadyDecided) as again:
        service.fulfil(session, actor=actor(session, people.adam), request_id=request.id, config=CONFIG)
    assert again.value.message("en") == "Already done: fulfilled by Wes."
    with pytest.raises(RequestAlreadyDecided):
        service.decline(session, actor=actor(session, people.wes), request_id=request.id, reason="x", config=CONFIG)
    assert on_hand(session, "ADP-HDMI", "NY-WH") == (12, 0, 12)


def test_decline_needs_a_reason_and_releases_the_reservation(session, people):
    request = service.create_request(session, actor=actor(session, people.eva), item=item(session, "PAP-A4"),
                                     location=place(session, "MAD-WH"), quantity=3, note="", thread_key="t",
                                     lang="es", config=CONFIG)  # fmt: skip
    with pytest.raises(DeclineReasonNeeded):
        service.decline(session, actor=actor(session, people.wanda), request_id=request.id, reason=" ",
                        config=CONFIG)  # fmt: skip
    service.decline(session, actor=actor(session, people.wanda), request_id=request.id, reason="Sin existencias",
                    config=CONFIG)  # fmt: skip
    assert on_hand(session, "PAP-A4", "MAD-WH") == (80, 0, 80)
    told = session.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == people.eva.id)).all()
    assert len(told) == 1 and "Sin existencias" in told[0].text and "rechazado" in told[0].text


def test_a_request_for_more_than_is_there_reserves_nothing_and_says_so(session, people):
    request = service.create_request(session, actor=actor(session, people.ana), item=item(session, "TON-HP26"),
                                     location=place(session, "NY-WH"), quantity=12, note="", thread_key="t",
                                     lang="en", config=CONFIG)  # fmt: skip
    assert request.reserved == 0 and on_hand(session, "TON-HP26", "NY-WH") == (9, 0, 9)
    card = session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "#warehouse-ny")).one()
    assert "Not enough available to reserve it" in card.text
    with pytest.raises(NotEnoughStock):
        service.fulfil(session, actor=actor(session, people.wes), request_id=request.id, config=CONFIG)


def alerts(session):
    return list(session.scalars(select(StockAlert).order_by(StockAlert.id)))


def channel_posts(session, channel):
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.channel == channel,
                                                             OutboxMessage.kind == "post")))  # fmt: skip


def test_one_alert_per_crossing_resolved_when_back_above_the_level(session, people):
    post(session, people.wes, "issue", "TON-HP26", 4, "NY-WH")  # 9 -> 5: not under 4
    assert alerts(session) == []
    post(session, people.wes, "issue", "TON-HP26", 2, "NY-WH")  # 5 -> 3: crosses under 4
    post(session, people.wes, "issue", "TON-HP26", 1, "NY-WH")  # still under: no second alert
    assert len(alerts(session)) == 1
    card = channel_posts(session, "#warehouse-ny")[0]
    assert "Low stock: HP 26A toner cartridge at New York warehouse" in card.text
    assert "On hand *3* · reserved *0* · available *3* units" in card.text and "reorder quantity *12*" in card.text
    shown = str(card.blocks)
    assert "I'm ordering" in shown and "Snooze until…" in shown and shown.count("issued -") == 2
    post(session, people.wes, "receive", "TON-HP26", 12, "NY-WH")  # 2 -> 14: back above
    assert alerts(session)[0].resolved_at == NOW
    said = [m.text for m in session.scalars(select(OutboxMessage).where(OutboxMessage.thread_ts.is_(None),
                                                                         OutboxMessage.channel == "#warehouse-ny"))]  # fmt: skip
    assert any("back to 14 available" in text for text in said)
    post(session, people.wes, "issue", "TON-HP26", 11, "NY-WH")  # crosses again: a new alert
    assert [a.crossing for a in alerts(session)] == [1, 2]


def test_a_reservation_can_cross_the_level_too_and_the_alert_goes_to_the_places_channel(session, people):
    service.create_request(session, actor=actor(session, people.eva), item=item(session, "TON-HP26"),
                           location=place(session, "MAD-WH"), quantity=3, note="", thread_key="t", lang="es",
                           config=CONFIG)  # fmt: skip
    [alert] = alerts(session)
    assert alert.channel == "#almacen-madrid"
    card = [m for m in channel_posts(session, "#almacen-madrid") if "Stock bajo" in m.text]
    assert len(card) == 1 and "reservado *3*" in card[0].text


def test_a_place_without_a_channel_falls_back_to_the_warehouse_channel(session, people):
    post(session, people.wanda, "transfer", "CHR-ERG", 5, "MAD-WH", to="BCN-STORE")
    level = level_at(session, item(session, "CHR-ERG").id, place(session, "BCN-STORE").id)
    assert level is not None
    level.reorder_level = 3
    session.flush()
    post(session, people.wanda, "issue", "CHR-ERG", 3, "BCN-STORE")
    assert alerts(session)[0].channel == "#warehouse-all"


def test_im_ordering_claims_once_and_snooze_sets_the_time(session, people):
    post(session, people.wes, "issue", "TON-HP26", 6, "NY-WH")
    [alert] = alerts(session)
    service.claim_alert(session, actor=actor(session, people.wes), alert_id=alert.id, config=CONFIG)
    with pytest.raises(AlertAlreadyClaimed) as again:
        service.claim_alert(session, actor=actor(session, people.adam), alert_id=alert.id, config=CONFIG)
    assert again.value.message("en") == "Wes is already ordering it."
    service.snooze_alert(session, actor=actor(session, people.adam), alert_id=alert.id,
                         until=NOW + timedelta(days=3), config=CONFIG)  # fmt: skip
    updates = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "update")).all()
    assert any("Wes is ordering it" in m.text for m in updates)
    assert any("Snoozed until" in m.text for m in updates)


def test_an_alert_on_a_place_without_a_time_zone_shows_its_peoples_local_time(session, people):
    """The locations CSV of DESIGN §3 has no time zone column: the alert's movements were shown in UTC ("10:00 AM"),
    an hour or more off for everyone in the office; they are in the zone of the place's country's people."""
    for code in ("NY", "NY-WH"):
        place(session, code).timezone = None
    session.flush()
    post(session, people.wes, "issue", "TON-HP26", 6, "NY-WH")  # 9 -> 3: under 4
    card = channel_posts(session, "#warehouse-ny")[0]
    shown = str(card.blocks)
    assert "5:00 AM" in shown and "10:00 AM" not in shown, shown


def test_the_alert_names_an_imports_movement_in_words_not_cli(session, people):
    """The opening balance from `backoffice import items` read "(cli)" on the warehouse's alert."""
    service.create_request(session, actor=actor(session, people.eva), item=item(session, "TON-HP26"),
                           location=place(session, "MAD-WH"), quantity=3, note="", thread_key="t", lang="es",
                           config=CONFIG)  # fmt: skip
    shown = str([m.blocks for m in channel_posts(session, "#almacen-madrid") if "Stock bajo" in m.text])
    assert "(importación de datos)" in shown and "(cli)" not in shown, shown
