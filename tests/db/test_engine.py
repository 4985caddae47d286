"""The engine's connection settings: PostgreSQL gives up on an unreachable host in seconds, not minutes."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from db.engine import PG_CONNECT_TIMEOUT, make_engine


class Refused(Exception):
    """Raised by the test's connect hook so nothing dials out."""


def connect_params(url: str) -> dict[str, Any]:
    """The keyword arguments the driver would be called with for ``url`` (captured, then the connect is refused)."""
    engine = make_engine(url)
    seen: dict[str, Any] = {}

    @event.listens_for(engine, "do_connect")
    def capture(dialect: Any, record: Any, cargs: Any, cparams: dict[str, Any]) -> None:
        seen.update(cparams)
        raise Refused

    with pytest.raises((Refused, OperationalError)):
        engine.connect()
    engine.dispose()
    return seen


def test_postgresql_waits_a_bounded_time_for_a_connection() -> None:
    assert (
        connect_params("postgresql+psycopg://app@db.invalid:5432/backoffice")["connect_timeout"] == PG_CONNECT_TIMEOUT
    )


def test_a_timeout_in_the_url_is_kept() -> None:
    params = connect_params("postgresql+psycopg://app@db.invalid:5432/backoffice?connect_timeout=3")
    assert str(params["connect_timeout"]) == "3"
