"""Outbox delivery for the terminal: notifications land in an in-memory inbox per employee."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from db.engine import Database
from db.models import OutboxMessage, OutboxStatus
from db.outbox import card_as_it_stands, claim_due, mark_sent
from skills.core import Reply

WORKER_ID = "terminal"


@dataclass
class Card:
    """A card the outbox posted (about an entity), numbered in the order it arrived, as it stands now."""

    number: int
    message_id: int
    thread_key: str
    recipient_id: int | None
    """The employee whose DM it is in; None for a channel card (everyone in the terminal sees those)."""
    where: str
    reply: Reply

    def visible_to(self, employee_id: int) -> bool:
        """Whether ``employee_id`` can see (and answer under) this card."""
        return self.recipient_id in (None, employee_id)


class TerminalDelivery:
    """Claims outbox rows like the Slack worker does and keeps them for the recipient to read."""

    def __init__(self, database: Database, *, claims: bool = True) -> None:
        self.database = database
        self.claims = claims
        """False on an install Slack delivers for: the rows are ``serve``'s to post, and a terminal that claimed them
        would mark them sent and nobody in Slack would ever see them."""
        self._inbox: dict[int, list[Reply]] = defaultdict(list)
        self._channel_posts: list[tuple[str, Reply]] = []
        self.cards: list[Card] = []
        """Every card delivered, numbered from 1, kept current as the outbox updates them (``/cards``)."""
        self._load_earlier()

    def _load_earlier(self) -> None:
        """The cards earlier chat sessions delivered, as they stand now: HR answers a question asked yesterday."""
        with self.database.session() as session:
            posts = session.scalars(
                select(OutboxMessage)
                .where(
                    OutboxMessage.kind == "post",
                    OutboxMessage.entity_type.is_not(None),
                    OutboxMessage.status == OutboxStatus.SENT,
                    OutboxMessage.sent_channel.startswith(f"{WORKER_ID}:"),
                )
                .order_by(OutboxMessage.id)
            ).all()
            for post in posts:
                current = card_as_it_stands(session, post)
                reply = Reply(text=current.text, blocks=current.blocks)
                where = "DM" if post.recipient_id is not None else f"in {post.channel or 'a channel'}"
                thread_key = f"{post.sent_channel}:{post.sent_ts}"
                self.cards.append(Card(len(self.cards) + 1, post.id, thread_key, post.recipient_id, where, reply))

    def deliver_all(self) -> int:
        """Move every due outbox row into its recipient's inbox; return how many were delivered."""
        if not self.claims:
            return 0
        delivered = 0
        with self.database.session() as session:
            for message_id in claim_due(session, WORKER_ID, limit=1000):
                message = session.get(OutboxMessage, message_id)
                if message is None:
                    continue
                reply = Reply(text=message.text, blocks=message.blocks, replace_original=message.kind == "update")
                if message.recipient_id is None:
                    original = session.get(OutboxMessage, message.update_of) if message.update_of else None
                    name = message.channel or (original.channel if original is not None else None) or "a channel"
                    self._channel_posts.append((name, reply))
                    channel = f"terminal:{name}"
                else:
                    self._inbox[message.recipient_id].append(reply)
                    channel = f"terminal:{message.recipient_id}"
                ts = self._ts_of(message_id)
                mark_sent(session, message_id, WORKER_ID, channel=channel, ts=ts)
                if message.kind == "post" and message.entity_type is not None:
                    where = "DM" if message.recipient_id is not None else f"in {name}"
                    number = len(self.cards) + 1
                    card = Card(number, message.id, f"{channel}:{ts}", message.recipient_id, where, reply)
                    self.cards.append(card)
                elif message.update_of is not None:
                    for card in self.cards:
                        if card.message_id == message.update_of:
                            card.reply = reply
                delivered += 1
        return delivered

    def cards_of(self, employee_id: int) -> list[Card]:
        """The cards ``employee_id`` can see, oldest first."""
        return [card for card in self.cards if card.visible_to(employee_id)]

    def card(self, employee_id: int, number: int) -> Card | None:
        """Card ``number`` if ``employee_id`` can see it."""
        found = next((card for card in self.cards if card.number == number), None)
        return found if found is not None and found.visible_to(employee_id) else None

    def card_of_message(self, reply: Reply) -> Card | None:
        """The card a delivered notice is (or updates), to show its number."""
        return next((card for card in self.cards if card.reply is reply), None)

    def take(self, employee_id: int) -> list[tuple[str | None, Reply]]:
        """Everything posted to channels, then delivered to ``employee_id``, since they last looked.

        Each item names its channel (None for the employee's DM): the terminal has no channel list, so whoever
        looks next sees channel posts, labelled with where they were posted.
        """
        posts, self._channel_posts = self._channel_posts, []
        found: list[tuple[str | None, Reply]] = [(channel, reply) for channel, reply in posts]
        return found + [(None, reply) for reply in self._inbox.pop(employee_id, [])]

    @staticmethod
    def _ts_of(message_id: int) -> str:
        """A message ts no other chat session reuses (the outbox row's id): Slack's ts is unique in a channel, and a
        counter from 1 in each process gave a later session's cards the threads of an earlier one's."""
        return f"{message_id}.000000"
