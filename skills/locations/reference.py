"""The ``locations`` reference data (DESIGN §3): ``code,name,parent_code,country,alert_channel`` (then optionally
``timezone`` and ``aliases``), one tree of places.

A parent may come after its children in the file, or already be stored. ``country`` (ISO 3166-1 or a region like
``ES-MD``: the public holidays of the place), ``timezone`` and ``alert_channel`` (a Slack channel id or ``#name``:
where low-stock alerts for the place go) are inherited from the parent when empty. ``aliases`` are other names
people use for the place, in any language, separated by ``;`` ("almacén de Madrid;Madrid warehouse").
Locations missing from the file are left alone.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator
from sqlalchemy import select
from sqlalchemy.orm import Session

from skills.common.reference.cells import Items, OptionalCountry, bounded_text
from skills.common.reference.kind import ImportContext, Parsed, ReferenceKind, repeats
from skills.common.reference.problems import ImportSummary, RowProblem
from skills.locations.models import Location

_CODE = re.compile(r"[A-Z0-9][A-Z0-9._-]{0,31}")
_CHANNEL = re.compile(r"(?:[CG][A-Z0-9]{2,31}|#[a-z0-9][a-z0-9._-]{0,79})")


def _code(column: str, required: bool) -> BeforeValidator:
    def check(raw: str) -> str | None:
        code = raw.strip().upper()
        if not code:
            if required:
                raise ValueError(f"missing {column}")
            return None
        if not _CODE.fullmatch(code):
            raise ValueError(f"bad {column} {raw!r}: expected letters, digits, '.', '_' or '-' (at most 32)")
        return code

    return BeforeValidator(check)


def _channel(raw: str) -> str | None:
    channel = raw.strip()
    if not channel:
        return None
    if not _CHANNEL.fullmatch(channel):
        raise ValueError(f"bad alert_channel {raw!r}: expected a channel id like C012AB3CD or a name like #warehouse")
    return channel


def _timezone(raw: str) -> str | None:
    if not raw:
        return None
    if raw not in zoneinfo.available_timezones():
        raise ValueError(f"unknown timezone {raw!r}: expected an IANA name like Europe/Madrid")
    return raw


class LocationRow(BaseModel):
    """One place of the tree as the file writes it."""

    code: Annotated[str, _code("code", required=True)]
    name: Annotated[str, bounded_text("name", 200, required=True)]
    parent_code: Annotated[str | None, _code("parent_code", required=False)]
    country: OptionalCountry
    alert_channel: Annotated[str | None, BeforeValidator(_channel)]
    timezone: Annotated[str | None, BeforeValidator(_timezone)] = None
    aliases: Items = ()


def _stored(session: Session) -> dict[str, Location]:
    return {location.code: location for location in session.scalars(select(Location))}


def check(session: Session, rows: Sequence[Parsed[LocationRow]]) -> list[RowProblem]:
    """Codes once each; every parent known (in the file or stored); no place inside itself."""
    stored = _stored(session)
    problems = repeats(rows, lambda row: row.code, "code {value}")
    known = {parsed.row.code for parsed in rows if parsed.row.code} | stored.keys()
    for parsed in rows:
        parent = parsed.row.parent_code
        if parent is not None and parent not in known:
            problems.append(
                RowProblem(parsed.line, parsed.label, f"unknown parent_code {parent}: not in the file or stored")
            )
    parent_of = {code: (location.parent.code if location.parent else None) for code, location in stored.items()}
    parent_of.update({parsed.row.code: parsed.row.parent_code for parsed in rows if parsed.row.code})
    line_of = {parsed.row.code: parsed.line for parsed in rows if parsed.row.code}
    for code in line_of:
        seen, node = [code], parent_of.get(code)
        while node is not None and node not in seen:
            seen.append(node)
            node = parent_of.get(node)
        if node == code:
            problems.append(RowProblem(line_of[code], code, f"a place inside itself: {' -> '.join([*seen, code])}"))
    return problems


def _state(location: Location) -> dict[str, Any]:
    return {
        "name": location.name,
        "parent_code": location.parent.code if location.parent else None,
        "country": location.country,
        "alert_channel": location.alert_channel,
        "timezone": location.timezone,
        "aliases": list(location.aliases or []),
    }


def _wanted(row: LocationRow) -> dict[str, Any]:
    return {
        "name": row.name,
        "parent_code": row.parent_code,
        "country": row.country,
        "alert_channel": row.alert_channel,
        "timezone": row.timezone,
        "aliases": list(row.aliases),
    }


def apply(session: Session, rows: Sequence[Parsed[LocationRow]], context: ImportContext) -> ImportSummary:
    """Create or update every place, then link each to its parent once all exist; each change audited."""
    stored = _stored(session)
    changed: list[tuple[Location, dict[str, Any] | None, dict[str, Any]]] = []
    for parsed in rows:
        current = stored.get(parsed.row.code)
        before = _state(current) if current is not None else None
        wanted = _wanted(parsed.row)
        if before == wanted:
            continue
        location = current or Location(code=parsed.row.code)
        if current is None:
            session.add(location)
            stored[location.code] = location
        for key in ("name", "country", "alert_channel", "timezone", "aliases"):
            setattr(location, key, wanted[key])
        location.active = True
        changed.append((location, before, wanted))
    session.flush()
    _link_parents(session, changed, stored)
    for location, before, after in changed:
        action = "location.created" if before is None else "location.updated"
        context.audit(session, action=action, entity=("location", location.id), before=before, after=after)
    created = sum(1 for _, before, _ in changed if before is None)
    return ImportSummary(created, len(changed) - created, len(rows) - len(changed))


def _link_parents(
    session: Session, changed: Sequence[tuple[Location, Any, dict[str, Any]]], stored: Mapping[str, Location]
) -> None:
    for location, _, wanted in changed:
        parent = wanted["parent_code"]
        location.parent_id = stored[parent].id if parent else None
        session.expire(location, ["parent"])
    session.flush()


def export(session: Session) -> list[dict[str, str]]:
    """Every place, parents before their children, siblings by code."""
    stored = sorted(_stored(session).values(), key=lambda location: (len(location.lineage()), location.code))
    return [
        {
            "code": location.code,
            "name": location.name,
            "parent_code": location.parent.code if location.parent else "",
            "country": location.country or "",
            "alert_channel": location.alert_channel or "",
            "timezone": location.timezone or "",
            "aliases": ";".join(location.aliases or []),
        }
        for location in stored
    ]


LOCATIONS: ReferenceKind[LocationRow] = ReferenceKind(
    name="locations",
    columns=("code", "name", "parent_code", "country", "alert_channel"),
    optional=("timezone", "aliases"),
    row=LocationRow,
    label_column="code",
    check=check,
    apply=apply,
    export=export,
    description="places as one tree: sites, buildings, floors, rooms, warehouses and shelves",
)
