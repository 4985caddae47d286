"""The audit log: one row per change, written in the same transaction as the change itself."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from db.models import AuditEntry, Employee


def record(
    session: Session,
    *,
    action: str,
    entity_type: str,
    entity_id: int | str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    via: str,
    actor: Employee | None = None,
    actor_label: str = "",
) -> AuditEntry:
    """Add an audit entry for a change to ``session``; it is written when the caller's transaction commits."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        actor_label=actor_label,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        before=before,
        after=after,
        via=via,
    )
    session.add(entry)
    return entry
