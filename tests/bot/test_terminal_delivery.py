"""The terminal's outbox delivery: each card gets a message ts no other chat session reuses, so a reply under it
reaches that card and not an older one that an earlier ``backoffice chat`` delivered."""

from __future__ import annotations

from bot.terminal.delivery import TerminalDelivery
from db.models import OutboxMessage
from db.outbox import Entity, card_posted_at, enqueue, enqueue_update


def post_card(database, entity_id: int) -> None:
    with database.session() as session:
        enqueue(session, text=f"Question #{entity_id}", channel="#hr", entity=Entity("hr_question", entity_id))


def test_cards_from_two_chat_sessions_keep_their_own_threads(database):
    post_card(database, 1)
    first = TerminalDelivery(database)  # one `backoffice chat` process
    first.deliver_all()
    post_card(database, 2)
    second = TerminalDelivery(database)  # a later process: the earlier card is there, as card 1
    second.deliver_all()
    [old], [earlier, new] = first.cards, second.cards
    assert (earlier.number, earlier.thread_key, new.number) == (1, old.thread_key, 2)
    assert old.thread_key != new.thread_key
    channel, _, ts = new.thread_key.rpartition(":")
    with database.session() as session:
        found = card_posted_at(session, channel, ts)
        assert found is not None and found.entity_id == "2"


def test_a_later_session_shows_an_earlier_card_as_it_stands_now(database):
    """HR answers tomorrow, in a new ``backoffice chat``, the question card delivered today; it shows its update."""
    post_card(database, 7)
    first = TerminalDelivery(database)
    first.deliver_all()
    [card] = first.cards
    with database.session() as session:
        original = session.get(OutboxMessage, card.message_id)
        assert original is not None
        enqueue_update(session, original, text="Question #7 · answered")
    first.deliver_all()
    later = TerminalDelivery(database)
    [seen] = later.cards
    assert (seen.number, seen.message_id, seen.where) == (1, card.message_id, "in #hr")
    assert seen.reply.text == "Question #7 · answered"


def test_on_an_install_slack_delivers_for_the_terminal_leaves_the_outbox_to_serve(database, monkeypatch):
    # `backoffice chat` on the production database marked the Slack channels' notifications sent: nobody got them.
    from bot.demo.tour import chat_delivers
    from bot.settings import Settings
    from db.models import OutboxStatus

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    assert not chat_delivers(Settings())
    monkeypatch.delenv("SLACK_BOT_TOKEN")
    assert chat_delivers(Settings())  # the demo, or a database no Slack app posts for
    post_card(database, 3)
    terminal = TerminalDelivery(database, claims=False)
    assert terminal.deliver_all() == 0 and terminal.cards == []
    with database.session() as session:
        [row] = session.query(OutboxMessage).all()
        assert row.status == OutboxStatus.PENDING and row.attempts == 0
