"""A Slack request's reply journal: its replies written as outbox rows in the request's own transaction.

Each row is claimed by this process's outbox worker id, so no other worker touches it while this process posts the
reply right after the commit (``bot.slack.replies``). If the process dies in between, the claim's lease runs out
and any worker looks the reply up by its delivery key before posting it: the reply is neither lost nor doubled.
The event or click that asked is settled in that same transaction, so a process that dies after the commit leaves
nothing to handle again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from bot.outbox_worker import REPLY_KEY_PREFIX
from db.events import settle_in
from db.outbox import journal_reply
from skills.core import Reply


@dataclass(frozen=True)
class Claimant:
    """Who holds a journaled reply's row while it is posted: this process's outbox worker id, on its clock."""

    worker_id: str
    clock: Callable[[], datetime]


@dataclass(frozen=True)
class Journaled:
    """A reply written to the outbox: its row and the delivery key its post carries in Slack metadata."""

    row_id: int
    key: str


def new_reply_key() -> str:
    """A fresh delivery key for a direct reply."""
    return f"{REPLY_KEY_PREFIX}{uuid.uuid4().hex}"


def is_posted(reply: Reply, card_ts: str | None) -> bool:
    """Whether ``reply`` becomes a new message (not a whisper, an edit of the clicked card, or a modal)."""
    return not reply.ephemeral and reply.modal is None and not (reply.replace_original and card_ts)


@dataclass
class SlackReplyJournal:
    """Implements ``bot.assistant.ReplyJournal`` for one unit of work answering in ``channel`` / ``thread_ts``.

    ``settles``: the inbox key of the recorded event or click being handled, settled with the replies.
    """

    claimant: Claimant
    channel: str
    thread_ts: str | None = None
    card_ts: str | None = None
    settles: str | None = None
    entries: list[tuple[Reply, Journaled]] = field(default_factory=list)
    """Each reply written, with its row (the very reply objects the assistant returned)."""
    settled: bool = False

    def entry_for(self, reply: Reply) -> Journaled | None:
        """The row ``reply`` was written to, if it was."""
        return next((entry for written, entry in self.entries if written is reply), None)

    def write(self, session: Session, replies: list[Reply]) -> None:
        """Write each reply that becomes a message as a claimed row, and settle the request, in ``session``."""
        now = self.claimant.clock()
        for reply in replies:
            if not is_posted(reply, self.card_ts):
                continue
            key = new_reply_key()
            row = journal_reply(
                session, channel=self.channel, thread_ts=self.thread_ts, text=reply.text, blocks=reply.blocks,
                key=key, worker_id=self.claimant.worker_id, now=now,
            )  # fmt: skip
            self.entries.append((reply, Journaled(row.id, key)))
        if self.settles is not None and not any(reply.ask_privately for reply in replies):
            settle_in(session, self.settles)  # a request moved to private is settled by the unit of work answering it
            self.settled = True
