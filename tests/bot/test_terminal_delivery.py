"""The terminal's outbox delivery: each card gets a message ts no other chat session reuses, so a reply under it
reaches that card and not an older one that an earlier ``backoffice chat`` delivered."""

from __future__ import annotations

from bot.terminal.delivery import TerminalDelivery
from db.outbox import Entity, card_posted_at, enqueue


def post_card(database, entity_id: int) -> None:
    with database.session() as session:
        enqueue(session, text=f"Question #{entity_id}", channel="#hr", entity=Entity("hr_question", entity_id))


def test_cards_from_two_chat_sessions_keep_their_own_threads(database):
    post_card(database, 1)
    first = TerminalDelivery(database)  # one `backoffice chat` process
    first.deliver_all()
    post_card(database, 2)
    second = TerminalDelivery(database)  # a later process, with its own numbering from 1
    second.deliver_all()
    [old], [new] = first.cards, second.cards
    assert old.thread_key != new.thread_key
    channel, _, ts = new.thread_key.rpartition(":")
    with database.session() as session:
        found = card_posted_at(session, channel, ts)
        assert found is not None and found.entity_id == "2"
