"""Reading the places: by code, every place under one, and the best matches for what someone wrote."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Employee
from skills.common.extract import fold
from skills.locations.models import Location

MATCH_THRESHOLD = 80.0
"""Lowest rapidfuzz score (0-100) for a name or alias to count as the place someone meant."""
KIND_WORDS = frozenset(
    """warehouse warehouses store storeroom office offices building site the of de del la el los las almacen
    almacenes oficina oficinas edificio sede""".split()
)
"""Words that say what kind of place, not which one: "Valencia warehouse" must not pass for "NY warehouse" on its
shared "warehouse"."""


KIND_IN_OTHER_LANGUAGE = {
    "almacen": "warehouse", "almacenes": "warehouses", "oficina": "office", "oficinas": "offices",
    "edificio": "building", "sede": "office", "warehouse": "almacen", "warehouses": "almacenes", "office": "oficina",
    "offices": "oficinas", "building": "edificio",
}  # fmt: skip
"""A kind of place in the other language, so "almacén de Barcelona" finds a tree that only says "Barcelona
warehouse" (DESIGN §3's locations file has no aliases column) and "Madrid warehouse" finds "Almacén de Madrid"."""
_JOINING = frozenset(("de", "del", "of", "the", "el", "la"))


def _in_other_language(wanted: str) -> str:
    """``wanted`` (folded) with its kind words in the other language and the joining words dropped."""
    words = wanted.split()
    if not any(word in KIND_IN_OTHER_LANGUAGE for word in words):
        return wanted
    return " ".join(KIND_IN_OTHER_LANGUAGE.get(word, word) for word in words if word not in _JOINING)


def _which(label: str) -> str:
    """The words of a folded label that say which place it is ("" when they only say what kind)."""
    return " ".join(word for word in label.split() if word not in KIND_WORDS)


def _same_place(wanted: str, label: str) -> bool:
    """Whether the words saying which place agree too: "Valencia warehouse" is not "NY warehouse" nor the bare alias
    "almacén", while "the warehouse" may be any of them."""
    mine, theirs = _which(wanted), _which(label)
    if not mine:
        return True
    return bool(theirs) and fuzz.WRatio(mine, theirs) >= MATCH_THRESHOLD


@dataclass(frozen=True)
class LocationMatch:
    """A place and how well (0-100) the text matched its code, name or one of its aliases."""

    location: Location
    score: float


def by_code(session: Session, code: str) -> Location | None:
    """The place with ``code`` (case-insensitive), if any."""
    return session.scalar(select(Location).where(Location.code == code.strip().upper()))


def active_locations(session: Session) -> list[Location]:
    """Every place in use, by code."""
    return list(session.scalars(select(Location).where(Location.active.is_(True)).order_by(Location.code)))


def subtree(session: Session, root: Location) -> list[Location]:
    """``root`` and every place under it (a breadth-first walk)."""
    children: dict[int | None, list[Location]] = {}
    for location in session.scalars(select(Location)):
        children.setdefault(location.parent_id, []).append(location)
    found, queue = [], [root]
    while queue:
        node = queue.pop(0)
        if node in found:
            continue
        found.append(node)
        queue.extend(children.get(node.id, []))
    return found


def match_locations(session: Session, text: str, *, limit: int = 5) -> list[LocationMatch]:
    """The places whose code, name or alias best match ``text`` (accents and case ignored), best first."""
    wanted = fold(text)
    if not wanted:
        return []
    names: dict[str, Location] = {}
    for location in active_locations(session):
        for label in (location.code, location.name, *location.aliases):
            names.setdefault(fold(label), location)
    best: dict[int, LocationMatch] = {}
    for query in dict.fromkeys((wanted, _in_other_language(wanted))):
        for label, score, _ in process.extract(query, list(names), scorer=fuzz.WRatio, limit=limit * 3):
            location = names[label]
            if not (score >= MATCH_THRESHOLD and _same_place(wanted, label)):
                continue
            if location.id not in best or best[location.id].score < score:
                best[location.id] = LocationMatch(location, float(score))
    return sorted(best.values(), key=lambda match: (-match.score, match.location.code))[:limit]


def place_timezone(session: Session, location: Location | None) -> str:
    """The time zone a place's times are shown and counted in: its own (or its parents'), else the one most of the
    active people of its country have (the locations CSV of DESIGN §3 has no time zone column), else UTC."""
    if location is None:
        return "UTC"
    own = location.inherited("timezone")
    if own:
        return str(own)
    country = str(location.inherited("country") or "").upper()
    for wanted in (Employee.country == country, Employee.country.like(f"{country[:2]}%")) if country else ():
        found = session.execute(
            select(Employee.timezone, func.count())
            .where(Employee.active.is_(True), Employee.timezone != "", wanted)
            .group_by(Employee.timezone)
            .order_by(func.count().desc(), Employee.timezone)
        ).first()
        if found is not None and found[0]:
            return str(found[0])
    return "UTC"
