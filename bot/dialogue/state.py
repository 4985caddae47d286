"""Conversation state per thread in the database: open, continue, expire and close it with conditional updates."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from db.models import Conversation, ConversationStatus

OPEN_IN_THREAD = (
    select(Conversation)
    .where(
        Conversation.thread_key == bindparam("thread_key"),
        Conversation.employee_id == bindparam("employee_id"),
        Conversation.status == ConversationStatus.OPEN,
    )
    .order_by(Conversation.id.desc())
    .limit(1)
)
"""Asked for every message, so built once: SQLAlchemy then skips rebuilding and re-keying it each time."""


def current(session: Session, thread_key: str, employee_id: int, now: datetime) -> Conversation | None:
    """The open conversation of ``employee_id`` in this thread; one idle past its expiry is closed as expired."""
    conversation = session.scalar(OPEN_IN_THREAD, {"thread_key": thread_key, "employee_id": employee_id})
    if conversation is None:
        return None
    if conversation.expires_at <= now:
        close(session, conversation, ConversationStatus.EXPIRED)
        return None
    return conversation


def start(
    session: Session,
    *,
    thread_key: str,
    employee_id: int,
    skill: str,
    intent: str,
    slots: dict[str, Any],
    lang: str,
    now: datetime,
    idle: timedelta,
) -> Conversation:
    """Open a new conversation for a write intent."""
    conversation = Conversation(
        thread_key=thread_key,
        employee_id=employee_id,
        skill=skill,
        intent=intent,
        slots=dict(slots),
        lang=lang,
        status=ConversationStatus.OPEN,
        version=1,
        expires_at=now + idle,
    )
    session.add(conversation)
    session.flush()
    return conversation


def save(
    conversation: Conversation, *, slots: dict[str, Any], awaiting: str | None, now: datetime, idle: timedelta
) -> None:
    """Store new slots and what the bot waits for; every change bumps the version so older cards go stale."""
    conversation.slots = dict(slots)
    conversation.awaiting = awaiting
    conversation.version += 1
    conversation.expires_at = now + idle


def close(session: Session, conversation: Conversation, status: ConversationStatus, version: int | None = None) -> bool:
    """Move an open conversation (at ``version``, if given) to ``status``; False if someone else already did."""
    conditions = [Conversation.id == conversation.id, Conversation.status == ConversationStatus.OPEN]
    if version is not None:
        conditions.append(Conversation.version == version)
    result = session.execute(
        update(Conversation)
        .where(*conditions)
        .values(status=status, version=Conversation.version + 1)
        .execution_options(synchronize_session=False)
    )
    session.refresh(conversation)
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]
