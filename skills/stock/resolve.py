"""From what people write to rows: the item they mean (``matching``) and the stock place they mean (the locations
tree: a place named by any of its names, then the place under it that keeps the stock)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from db.models import Employee
from skills.common.extract import fold
from skills.common.extract.places import place_phrases
from skills.locations.models import Location
from skills.locations.queries import active_locations, match_locations
from skills.stock.errors import ItemAmbiguous, ItemUnknown, PlaceNeeded, PlaceUnknown
from skills.stock.matching import Candidate, Catalog, ItemMatches, phrase_of
from skills.stock.models import Item, StockLevel
from skills.stock.queries import active_items, catalog_version, levels_of, places_holding_stock, stock_places_under

STORE_WORDS = ("warehouse", "almacen", "store", "storeroom", "trastero", "deposito", "stock")
"""Words in a place's code, name or aliases that mark it as somewhere stock is kept."""


class CatalogCache:
    """The catalog of active items, built once and kept while :func:`catalog_version` stays the same (checked on
    every use): one per registered stock skill, handed to its handlers and forms, never a module global."""

    def __init__(self) -> None:
        self._kept: tuple[tuple[int | None, int | None], Catalog] | None = None  # one tuple: threads swap it whole

    def get(self, session: Session) -> Catalog:
        """The catalog as ``session`` sees the items now."""
        version = catalog_version(session)
        kept = self._kept
        if kept is not None and kept[0] == version:
            return kept[1]
        built = Catalog.of(active_items(session))
        self._kept = (version, built)
        return built


def catalog(session: Session, catalogs: CatalogCache | None = None) -> Catalog:
    """Every active item's names, ready to match (from ``catalogs`` when given, else read now)."""
    return catalogs.get(session) if catalogs is not None else Catalog.of(active_items(session))


def match_text(
    session: Session, text: str, *, phrase: str | None = None, catalogs: CatalogCache | None = None
) -> ItemMatches:
    """The items a sentence (or an already extracted phrase) names, best first."""
    return catalog(session, catalogs).match(text, phrase=phrase)


def lookup_matches(
    session: Session, text: str, slots: Mapping[str, Any], catalogs: CatalogCache | None = None
) -> ItemMatches:
    """The items a stock question names: by a SKU anywhere in it, else by its item phrase (the router's, or read
    again with the places it names left out)."""
    phrase = slots.get("item")
    if not phrase:
        phrase = phrase_of(text, skip=place_phrases(text).spans)
    return catalog(session, catalogs).match(text, phrase=str(phrase))


def _named(session: Session, candidates: Sequence[Candidate], lang: str) -> list[str]:
    items = [session.get(Item, candidate.item_id) for candidate in candidates]
    return [f"{item.label(lang)} ({item.sku})" for item in items if item is not None]


def resolve_item(session: Session, phrase: str, lang: str, catalogs: CatalogCache | None = None) -> Item:
    """The one item ``phrase`` names; ItemUnknown (with suggestions) or ItemAmbiguous (naming the candidates)."""
    found = match_text(session, phrase, phrase=phrase, catalogs=catalogs)
    best = found.best
    item = session.get(Item, best.item_id) if best is not None else None
    if item is not None:
        return item
    if found.matched:
        raise ItemAmbiguous(phrase=phrase, names=_named(session, found.matched, lang))
    raise ItemUnknown(phrase=phrase, suggestions=_named(session, found.suggestions, lang))


def _store_like(location: Location) -> bool:
    names = " ".join(fold(label) for label in (location.code, location.name, *(location.aliases or [])))
    return any(word in names for word in STORE_WORDS)


def match_place(session: Session, phrase: str) -> Location | None:
    """The place ``phrase`` names ("Madrid", "NY warehouse", "almacén de Madrid, shelf A"): of several parts, the
    most specific one that matched; None when no part names a place."""
    found: list[Location] = []
    for part in (p.strip() for p in phrase.split(",")):
        matches = match_locations(session, part, limit=3) if part else []
        if matches:
            top = matches[0]
            tied = [m for m in matches if m.score >= top.score - 0.5]
            found.append(min(tied, key=lambda m: (not _store_like(m.location), len(m.location.lineage()))).location)
    if not found:
        return None
    return max(found, key=lambda location: len(location.lineage()))


def place_named(session: Session, phrase: str, slot: str = "place") -> Location:
    """The place ``phrase`` names, or PlaceUnknown blaming ``slot``."""
    place = match_place(session, phrase)
    if place is None:
        raise PlaceUnknown(phrase=phrase, slot=slot, places=stock_place_names(session))
    return place


def stock_place_names(session: Session) -> list[str]:
    """The places to offer someone who named an unknown one: those holding stock, else those named like a store,
    else every place; by name."""
    places = active_locations(session)
    holding = places_holding_stock(session)
    for pool in ([p for p in places if p.id in holding], [p for p in places if _store_like(p)], places):
        if pool:
            return sorted(location.name for location in pool)
    return ["-"]


def stock_place(session: Session, item: Item, root: Location, *, outgoing: bool) -> Location:
    """Where under ``root`` the item is kept: a place holding it (most available when taking), else a place that
    keeps stock (a warehouse or storeroom), else ``root`` itself."""
    under = stock_places_under(session, root)
    levels = {level.location_id: level for level in levels_of(session, item.id, under)}
    if levels:
        chosen = max(levels.values(), key=lambda level: (level.available if outgoing else level.on_hand, -level.id))
        return chosen.location
    holding = places_holding_stock(session)
    ranked = sorted(under, key=lambda p: (p.id not in holding, not _store_like(p), len(p.lineage()), p.code))
    return ranked[0] if ranked else root


def _in_country(level: StockLevel, employee: Employee) -> bool:
    return str(level.location.inherited("country") or "")[:2] == (employee.country or "")[:2]


def default_place(session: Session, item: Item, employee: Employee, quantity: int, lang: str) -> Location:
    """No place was said: where the item is kept in the person's country (enough of it first), else the one place
    it is kept; PlaceNeeded naming the places when that is still a guess."""
    levels = levels_of(session, item.id)
    local = [level for level in levels if _in_country(level, employee)]
    for pool in (local, levels):
        enough = [level for level in pool if level.available >= quantity]
        if len(pool) == 1:
            return pool[0].location
        if len(enough) == 1:
            return enough[0].location
    if local:
        return max(local, key=lambda level: (level.available, -level.id)).location
    raise PlaceNeeded(item=item.label(lang), places=[level.location.name for level in levels] or ["-"])


def place_for(
    session: Session,
    item: Item,
    phrase: str | None,
    employee: Employee,
    *,
    quantity: int,
    outgoing: bool,
    lang: str,
    slot: str = "place",
) -> Location:
    """The stock place a movement or request is about: the named one (resolved to where the stock is kept under
    it), or the default for the person."""
    if phrase:
        return stock_place(session, item, place_named(session, phrase, slot), outgoing=outgoing)
    return default_place(session, item, employee, quantity, lang)


def names(locations: Sequence[Location]) -> list[str]:
    """The places' names."""
    return [location.name for location in locations]
