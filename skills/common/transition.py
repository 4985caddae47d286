"""The one way state changes: ``UPDATE ... WHERE <id> AND <what the caller saw>``, then check the row count.

Two clicks, a thread reply racing a button, two processes running the same job: each runs the same conditional
update and exactly one of them changes the row. The loser learns it from the return value and says what happened
instead (``already approved by …``). Works the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, inspect, update
from sqlalchemy.orm import Session


def transition(session: Session, row: Any, *conditions: ColumnElement[bool], **values: Any) -> bool:
    """Set ``values`` on ``row`` only if ``conditions`` still hold in the database; True when this call did it.

    ``row`` is refreshed either way, so the caller sees the winner's state when it lost.
    """
    mapper = inspect(type(row))
    keys = [column == getattr(row, column.key) for column in mapper.primary_key]
    result = session.execute(
        update(type(row)).where(*keys, *conditions).values(**values).execution_options(synchronize_session=False)
    )
    session.refresh(row)
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]
