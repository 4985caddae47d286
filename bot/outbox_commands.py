"""``backoffice outbox``: see what waits or failed in the outbox, retry a row now, or drop it by hand."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from bot.settings import Settings
from db.engine import Database
from db.migrate import upgrade
from db.models import OutboxMessage, OutboxStatus
from db.outbox import DROPPED_BY_HAND, DropOutcome, drop, oldest_pending_age, retry_now
from db.types import utcnow

SHOWN = 50


def _database(settings: Settings) -> Database:
    settings.home.mkdir(parents=True, exist_ok=True)
    database = Database(settings.resolved_database_url)
    upgrade(database.engine)
    return database


def list_outbox(settings: Settings, *, everything: bool = False, console: Console | None = None) -> int:
    """Print the rows still waiting and the failed ones (all rows with ``everything``), newest first."""
    console = console or Console()
    database = _database(settings)
    now = utcnow()
    with database.session() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(SHOWN)
        if not everything:
            query = query.where(OutboxMessage.status != OutboxStatus.SENT)
        rows = session.scalars(query).all()
        waited = oldest_pending_age(session, now)
        table = Table(title="Outbox")
        for column in ("id", "status", "to", "tries", "next try (UTC)", "queued (UTC)", "last error", "text"):
            table.add_column(column)
        for row in rows:
            to = row.channel or f"employee {row.recipient_id}"
            table.add_row(
                str(row.id), row.status, to, str(row.attempts), f"{row.next_attempt_at:%Y-%m-%d %H:%M:%S}",
                f"{row.created_at:%Y-%m-%d %H:%M:%S}", (row.last_error or "")[:60], row.text[:50],
            )  # fmt: skip
    console.print(table)
    console.print("nothing waiting" if waited is None else f"the oldest waiting row was queued {waited:.0f} s ago")
    database.dispose()
    return 0


def retry_outbox(settings: Settings, message_id: int) -> int:
    """Make a failed or waiting row due now; exit code 1 when there is no such row to retry."""
    database = _database(settings)
    with database.session() as session:
        done = retry_now(session, message_id, utcnow())
    database.dispose()
    print(f"outbox {message_id}: " + ("due now" if done else "no failed or waiting row with that id"))
    return 0 if done else 1


def drop_outbox(settings: Settings, message_id: int) -> int:
    """Give up on a waiting row by hand; a row dropped, given up, sent or being sent is left as it is and the
    answer says so; exit code 1 when there is no such row or it is sent or being sent."""
    database = _database(settings)
    with database.session() as session:
        outcome = drop(session, message_id, f"{DROPPED_BY_HAND} (backoffice outbox drop)")
        error = session.scalar(select(OutboxMessage.last_error).where(OutboxMessage.id == message_id))
    database.dispose()
    said = {
        DropOutcome.DROPPED: "dropped",
        DropOutcome.ALREADY_DROPPED: "already dropped; nothing changed",
        DropOutcome.GIVEN_UP: f"already given up ({error}); nothing changed",
        DropOutcome.SENT: "already sent; nothing to drop",
        DropOutcome.SENDING: "being sent right now; nothing changed (look again with `outbox list`)",
        DropOutcome.UNKNOWN: "no failed or waiting row with that id",
    }
    print(f"outbox {message_id}: {said[outcome]}")
    return 0 if outcome in (DropOutcome.DROPPED, DropOutcome.ALREADY_DROPPED, DropOutcome.GIVEN_UP) else 1
