"""The outbox worker against the Slack emulator: delivery, retries, permanent failures, card updates, two workers."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from bot.outbox_worker import OutboxWorker, delivery_key
from bot.slack.delivery import SlackDelivery
from db.models import Employee, OutboxMessage, OutboxStatus
from db.outbox import enqueue, enqueue_update
from db.types import utcnow
from tests.fakes.slack_emulator import SlackEmulator


@pytest.fixture
def emulator():
    with SlackEmulator() as emulated:
        yield emulated


@pytest.fixture
def ana(database, emulator):
    emulator.add_user("U0ANA0001", "ana@x.example", "Ana Ruiz")
    with database.session() as session:
        employee = Employee(email="ana@x.example", name="Ana Ruiz", slack_id="U0ANA0001")
        session.add(employee)
    return employee


def worker(database, emulator, name="w1") -> OutboxWorker:
    client = WebClient(token=emulator.bot_token, base_url=emulator.api_url, retry_handlers=[])
    return OutboxWorker(database, SlackDelivery(client), worker_id=name)


def row(database, message_id) -> OutboxMessage:
    with database.session() as session:
        found = session.get(OutboxMessage, message_id)
        assert found is not None
        return found


def queue(database, ana, text="Your leave was approved") -> int:
    with database.session() as session:
        return enqueue(session, text=text, recipient=session.get(Employee, ana.id)).id


def make_due(database, message_id) -> None:
    with database.session() as session:
        message = session.get(OutboxMessage, message_id)
        assert message is not None
        message.next_attempt_at = utcnow() - timedelta(seconds=1)


def test_a_row_is_posted_to_the_dm_and_its_ts_recorded(database, emulator, ana):
    message_id = queue(database, ana)
    assert worker(database, emulator).deliver_due() == 1
    sent = row(database, message_id)
    posted = emulator.dm_messages("U0ANA0001")
    assert [m["text"] for m in posted] == ["Your leave was approved"]
    assert (sent.status, sent.sent_ts, sent.sent_channel) == (
        OutboxStatus.SENT,
        posted[0]["ts"],
        emulator.dm_channel_for("U0ANA0001"),
    )
    emulator.assert_all_calls_valid()


def test_429_waits_for_retry_after_then_delivers(database, emulator, ana):
    message_id = queue(database, ana)
    emulator.fail_next("chat.postMessage", status=429, retry_after=7)
    now = [utcnow()]
    deliver = worker(database, emulator)
    deliver.clock = lambda: now[0]
    assert deliver.deliver_due() == 0
    waiting = row(database, message_id)
    assert waiting.status == OutboxStatus.PENDING and waiting.attempts == 1
    assert waiting.next_attempt_at - now[0] == timedelta(seconds=7)
    now[0] += timedelta(seconds=6)
    assert deliver.deliver_due() == 0  # not due yet
    now[0] += timedelta(seconds=1)
    assert deliver.deliver_due() == 1
    assert len(emulator.dm_messages("U0ANA0001")) == 1


def test_server_errors_back_off_and_permanent_errors_are_recorded(database, emulator, ana):
    flaky = queue(database, ana, "flaky")
    emulator.fail_next("chat.postMessage", status=503)
    deliver = worker(database, emulator)
    deliver.deliver_due()
    assert row(database, flaky).status == OutboxStatus.PENDING
    make_due(database, flaky)
    deliver.deliver_due()
    assert row(database, flaky).status == OutboxStatus.SENT

    doomed = queue(database, ana, "doomed")
    emulator.fail_next("chat.postMessage", error="channel_not_found")
    deliver.deliver_due()
    failed = row(database, doomed)
    assert (failed.status, failed.last_error) == (OutboxStatus.FAILED, "channel_not_found")


def test_repeated_failures_give_up_only_after_the_ceiling_in_hours(database, emulator, ana):
    message_id = queue(database, ana)
    emulator.fail_next("chat.postMessage", status=500, times=30)
    now = [utcnow()]
    deliver = OutboxWorker(
        database,
        SlackDelivery(WebClient(token=emulator.bot_token, base_url=emulator.api_url, retry_handlers=[])),
        worker_id="w1",
        clock=lambda: now[0],
        give_up_after=timedelta(hours=6),
    )
    for _ in range(20):  # 20 failures over 5 hours: still waiting
        deliver.deliver_due()
        now[0] += timedelta(minutes=15)
    assert row(database, message_id).status == OutboxStatus.PENDING
    now[0] += timedelta(hours=2)
    deliver.deliver_due()
    given_up = row(database, message_id)
    assert given_up.status == OutboxStatus.FAILED and given_up.attempts == 21
    assert "gave up after 6:00:00" in (given_up.last_error or "")
    assert emulator.dm_messages("U0ANA0001") == []  # every lookup found nothing, so nothing was posted


def test_an_unlinked_recipient_is_found_by_email_and_linked(database, emulator):
    emulator.add_user("U0MAR0001", "maria@x.example", "Maria Lopez")
    with database.session() as session:
        maria = Employee(email="maria@x.example", name="Maria Lopez")  # imported without a Slack id
        session.add(maria)
        session.flush()
        message_id = enqueue(session, text="Ana asks for Dec 14-16", recipient=maria).id
    worker(database, emulator).deliver_due()
    assert row(database, message_id).status == OutboxStatus.SENT
    assert [m["text"] for m in emulator.dm_messages("U0MAR0001")] == ["Ana asks for Dec 14-16"]
    with database.session() as session:
        assert session.get(Employee, maria.id).slack_id == "U0MAR0001"


def test_a_recipient_slack_does_not_know_is_a_permanent_failure(database, emulator):
    with database.session() as session:
        nobody = Employee(email="n@x.example", name="N")
        session.add(nobody)
        session.flush()
        message_id = enqueue(session, text="hi", recipient=nobody).id
    worker(database, emulator).deliver_due()
    failed = row(database, message_id)
    assert failed.status == OutboxStatus.FAILED
    assert failed.last_error == "nobody in the Slack workspace has the e-mail n@x.example"


def test_a_card_is_updated_in_place_once_it_was_sent(database, emulator, ana):
    with database.session() as session:
        card = enqueue(session, text="Approve?", recipient=session.get(Employee, ana.id))
        edit = enqueue_update(session, card, text="Approved by Maria")
        card_id, edit_id = card.id, edit.id
    deliver = worker(database, emulator)
    deliver.deliver_due()
    if row(database, edit_id).status != OutboxStatus.SENT:  # the edit may have been tried before the card was out
        make_due(database, edit_id)
        deliver.deliver_due()
    messages = emulator.dm_messages("U0ANA0001")
    assert [m["text"] for m in messages] == ["Approved by Maria"]
    assert messages[0]["ts"] == row(database, card_id).sent_ts
    emulator.assert_all_calls_valid()


def test_two_workers_deliver_each_row_exactly_once(database, emulator, ana):
    ids = [queue(database, ana, f"note {i}") for i in range(20)]
    workers = [worker(database, emulator, name) for name in ("a", "b")]
    barrier = threading.Barrier(2)

    def run(one: OutboxWorker) -> None:
        barrier.wait()
        for _ in range(5):
            one.deliver_due()

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    texts = sorted(m["text"] for m in emulator.dm_messages("U0ANA0001"))
    assert texts == sorted(f"note {i}" for i in range(20))
    with database.session() as session:
        statuses = set(session.scalars(select(OutboxMessage.status).where(OutboxMessage.id.in_(ids))))
    assert statuses == {OutboxStatus.SENT}


def test_a_notification_carries_a_key_no_other_message_can_have(database, ana):
    with database.session() as session:
        first = enqueue(session, text="one", recipient=session.get(Employee, ana.id))
        second = enqueue(session, text="two", recipient=session.get(Employee, ana.id))
        keyed = enqueue(session, text="digest", channel="#ops", dedupe_key="stock.digest:#ops:2026-12-06")
        keys = [delivery_key(first), delivery_key(second), delivery_key(keyed)]
    # random, not the row id: ids repeat in another install or after a restore, and a lookup by key must never
    # take another install's message for this one
    assert keys[0].startswith("post:") and keys[1].startswith("post:") and keys[0] != keys[1]
    assert keys[2] == f"outbox:{keyed.id}"  # a key of the caller's own stays the caller's (it dedupes)


def _clocked(database, emulator, now: list) -> OutboxWorker:
    deliver = worker(database, emulator)
    deliver.clock = lambda: now[0]
    return deliver


@pytest.mark.parametrize("code", ["account_inactive", "invalid_auth", "token_revoked"])
def test_a_refused_token_keeps_every_row_waiting_and_asks_slack_once(database, emulator, ana, code):
    """Slack refuses the bot token itself: no row is given up for it (an admin fixes the token), the other rows are
    not tried against Slack meanwhile, and once it is fixed each is delivered once."""
    first, second = queue(database, ana, "one"), queue(database, ana, "two")
    emulator.fail_next("chat.postMessage", error=code)
    now = [utcnow()]
    deliver = _clocked(database, emulator, now)
    assert deliver.deliver_due() == 0
    assert [row(database, i).status for i in (first, second)] == [OutboxStatus.PENDING, OutboxStatus.PENDING]
    assert code in (row(database, first).last_error or "")
    assert len([c for c in emulator.calls if c.method == "chat.postMessage"]) == 1  # the second waited untried
    now[0] += timedelta(minutes=5)
    assert deliver.deliver_due() == 2
    assert [m["text"] for m in emulator.dm_messages("U0ANA0001")] == ["one", "two"]


def test_blocks_slack_refuses_still_deliver_the_words_once(database, emulator, ana):
    with database.session() as session:
        blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "Approve?"}}]
        message_id = enqueue(session, text="Ana asks for Dec 14-16", blocks=blocks,
                             recipient=session.get(Employee, ana.id)).id  # fmt: skip
    emulator.fail_next("chat.postMessage", error="invalid_blocks")
    assert worker(database, emulator).deliver_due() == 1
    sent = row(database, message_id)
    assert sent.status == OutboxStatus.SENT and "invalid_blocks" in (sent.last_error or "")
    [posted] = emulator.dm_messages("U0ANA0001")
    assert posted["text"] == "Ana asks for Dec 14-16" and not posted.get("blocks")


def test_a_deactivated_slack_user_fails_at_once_instead_of_for_a_day(database, emulator, ana):
    message_id = queue(database, ana)
    emulator.fail_next("conversations.open", error="user_disabled")
    worker(database, emulator).deliver_due()
    failed = row(database, message_id)
    assert (failed.status, failed.last_error, failed.attempts) == (OutboxStatus.FAILED, "user_disabled", 1)


def test_rate_limited_in_the_body_pauses_the_channel_like_a_429(database, emulator, ana):
    first, second = queue(database, ana, "one"), queue(database, ana, "two")
    emulator.fail_next("chat.postMessage", error="rate_limited")
    now = [utcnow()]
    deliver = _clocked(database, emulator, now)
    assert deliver.deliver_due() == 0
    assert len([c for c in emulator.calls if c.method == "chat.postMessage"]) == 1
    now[0] += timedelta(seconds=1)
    assert deliver.deliver_due() == 2
    assert [row(database, i).status for i in (first, second)] == [OutboxStatus.SENT, OutboxStatus.SENT]


def test_an_edit_of_a_card_that_was_given_up_fails_at_once_instead_of_waiting_a_day(database, emulator, ana):
    card = queue(database, ana, "Approve?")
    emulator.fail_next("chat.postMessage", error="channel_not_found")
    deliver = worker(database, emulator)
    deliver.deliver_due()
    assert row(database, card).status == OutboxStatus.FAILED
    with database.session() as session:
        original = session.get(OutboxMessage, card)
        assert original is not None
        edit = enqueue_update(session, original, text="Approved").id
    deliver.deliver_due()
    failed = row(database, edit)
    assert failed.status == OutboxStatus.FAILED and "never delivered (channel_not_found)" in (failed.last_error or "")
    assert emulator.calls_to("chat.update") == []


def test_a_row_given_up_is_handed_to_on_failed_in_its_transaction_and_a_failing_hook_keeps_the_give_up(
    database, emulator, ana
):
    told: list[tuple[int, str | None]] = []

    def on_failed(session, message) -> None:
        told.append((message.id, message.entity_type))
        enqueue(session, text=f"row {message.id} never arrived", recipient=session.get(Employee, ana.id))
        if message.text == "explodes":
            raise RuntimeError("the hook broke")

    client = WebClient(token=emulator.bot_token, base_url=emulator.api_url, retry_handlers=[])
    deliver = OutboxWorker(database, SlackDelivery(client), worker_id="w1", on_failed=on_failed)
    doomed, explodes = queue(database, ana, "doomed"), queue(database, ana, "explodes")
    emulator.fail_next("chat.postMessage", error="channel_not_found", times=2)
    deliver.deliver_due()
    assert [message_id for message_id, _ in told] == [doomed, explodes]
    assert row(database, doomed).status == row(database, explodes).status == OutboxStatus.FAILED
    with database.session() as session:
        notes = list(session.scalars(select(OutboxMessage.text).where(OutboxMessage.text.like("row % never arrived"))))
    assert notes == [f"row {doomed} never arrived"]  # the broken hook's own write was rolled back, not the give-up
    deliver.deliver_due()
    assert len(told) == 2  # a row given up is not handed over again
