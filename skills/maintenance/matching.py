"""Reading a problem report against the registry, with no database: its category, priority, place and asset.

The registry is plain data (:class:`Registry`, loaded by ``resolve.py``). A place is found by its names and
aliases (whole words, or a close rapidfuzz match for typos) or by the normalised label of the common locations
extractor ("3rd floor" and "tercera planta" are both ``floor 3``); the most specific one wins, inside the site the
sentence names, else the reporter's office. An asset is found by its names and aliases, narrowed by the place; it
is *sure* when one asset is left by what the sentence says, and only a guess when the reporter's office decided.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz

from skills.common.extract import extract_priority, fold
from skills.common.extract.locations import extract_location

FUZZY_SCORE = 90.0
"""Lowest rapidfuzz partial score for a name of five letters or more to count as mentioned (typos)."""

CATEGORY_WORDS: dict[str, dict[str, int]] = {
    "hvac": {
        "air conditioning": 3,
        "air conditioner": 3,
        "aircon": 3,
        "air con": 3,
        "a/c": 3,
        "ac": 2,
        "heating": 3,
        "heater": 3,
        "radiator": 3,
        "boiler": 3,
        "thermostat": 3,
        "ventilation": 3,
        "warm air": 2,
        "freezing": 1,
        "too hot": 1,
        "too cold": 1,
        "aire acondicionado": 3,
        "el aire": 2,
        "calefaccion": 3,
        "caldera": 3,
        "radiador": 3,
        "termostato": 3,
        "ventilacion": 3,
        "climatizacion": 3,
        "calor": 1,
        "frio": 1,
    },
    "plumbing": {
        "leak": 1,
        "leaking": 1,
        "water": 1,
        "sink": 3,
        "tap": 3,
        "faucet": 3,
        "toilet": 3,
        "restroom": 3,
        "bathroom": 3,
        "drain": 2,
        "clogged": 1,
        "pipe": 3,
        "flood": 2,
        "flooding": 2,
        "dripping": 1,
        "fuga": 1,
        "agua": 1,
        "fregadero": 3,
        "grifo": 3,
        "bano": 3,
        "aseo": 3,
        "inodoro": 3,
        "vater": 3,
        "tuberia": 3,
        "inundado": 2,
        "inundacion": 2,
        "gotea": 1,
        "desague": 2,
    },
    "electrical": {
        "light": 2,
        "lights": 2,
        "bulb": 3,
        "socket": 3,
        "outlet": 3,
        "plug": 2,
        "power": 2,
        "sparking": 1,
        "sparks": 1,
        "wire": 3,
        "fuse": 3,
        "generator": 3,
        "compressor": 3,
        "fire alarm": 3,
        "flickering": 1,
        "luz": 2,
        "luces": 2,
        "bombilla": 3,
        "enchufe": 3,
        "chispas": 1,
        "cable": 2,
        "corriente": 2,
        "generador": 3,
        "compresor": 3,
        "alarma de incendios": 3,
        "parpadean": 1,
        "fundida": 1,
    },
    "it": {
        "printer": 3,
        "wifi": 3,
        "wi-fi": 3,
        "internet": 3,
        "network": 3,
        "projector": 3,
        "screen": 2,
        "monitor": 3,
        "tv": 2,
        "computer": 3,
        "laptop": 3,
        "no signal": 2,
        "impresora": 3,
        "red": 1,
        "proyector": 3,
        "pantalla": 2,
        "ordenador": 3,
        "portatil": 3,
        "senal": 2,
        "paper jam": 3,
        "keyboard": 3,
        "mouse": 3,
        "headset": 3,
        "webcam": 3,
        "docking station": 3,
        "charger": 2,
        "teclado": 3,
        "raton": 3,
        "auriculares": 3,
        "cascos": 2,
        "cargador": 2,
    },
    "appliance": {
        "fridge": 3,
        "refrigerator": 3,
        "dishwasher": 3,
        "coffee machine": 3,
        "microwave": 3,
        "kettle": 3,
        "nevera": 3,
        "frigorifico": 3,
        "lavavajillas": 3,
        "cafetera": 3,
        "maquina de cafe": 3,
        "microondas": 3,
        "cooker": 3,
        "oven": 3,
        "horno": 3,
        "vitro": 3,
    },
    "furniture": {
        "chair": 3,
        "desk": 2,
        "table": 2,
        "cabinet": 3,
        "drawer": 3,
        "shelf": 2,
        "silla": 3,
        "mesa": 2,
        "armario": 3,
        "cajon": 3,
        "estanteria": 2,
        "wobbly": 1,
        "cojea": 1,
    },
    "building": {
        "door": 3,
        "window": 3,
        "lock": 2,
        "elevator": 3,
        "lift": 3,
        "ceiling": 1,
        "ceiling tile": 3,
        "wall": 2,
        "roof": 3,
        "blinds": 3,
        "badge reader": 3,
        "shutter": 3,
        "puerta": 3,
        "ventana": 3,
        "cerradura": 3,
        "ascensor": 3,
        "techo": 1,
        "pared": 2,
        "tejado": 3,
        "persiana": 3,
        "lector de tarjetas": 3,
        "placa del techo": 3,
    },
    "cleaning": {"dirty": 3, "spill": 3, "trash": 3, "garbage": 3, "sucio": 3, "basura": 3, "mancha": 2},
}
"""Words that point at a category (folded), with how strongly: a thing (3) outweighs a symptom (1)."""

HAZARD = (
    "fire",
    "smoke",
    "burning",
    "gas",
    "spark",
    "sparks",
    "sparking",
    "flood",
    "flooding",
    "trapped",
    "someone inside",
    "people inside",
    "injured",
    "hurt",
    "exposed wire",
    "electric shock",
    "fire alarm",
    "fuego",
    "incendio",
    "humo",
    "quemado",
    "chispas",
    "inundado",
    "inundacion",
    "se ha inundado",
    "atrapado",
    "gente dentro",
    "alguien dentro",
    "herido",
    "cable pelado",
    "alarma de incendios",
    "peligroso",
    "dangerous",
    "cae agua",
    "coming through the ceiling",
)
"""Safety, fire and flooding: the ticket is P1."""
WATER = (
    "leak",
    "leaking",
    "dripping",
    "drip",
    "water",
    "won't lock",
    "wont lock",
    "stuck open",
    "nobody can work",
    "no one can work",
    "fuga",
    "gotea",
    "pierde agua",
    "agua",
    "no cierra",
    "nadie puede trabajar",
    "toda la",
    "todo el",
)
"""Water, a door that no longer secures a place, a whole floor down: the ticket is P2."""
LOW = (
    "no rush",
    "when you can",
    "whenever",
    "squeaky",
    "squeaks",
    "wobbly",
    "cosmetic",
    "bulb is out",
    "smells bad",
    "no corre prisa",
    "cuando podais",
    "cuando puedas",
    "chirria",
    "cojea",
    "fundida",
    "huele fatal",
)
"""Nothing is at stake: the ticket is P4 (unless something above says otherwise)."""


def _has(folded: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(phrase)}(?![\w])", folded) is not None


_LINK_WORDS = re.compile(r"(?<![\w])(?:de|del|la|el|los|las|of|the)(?![\w])")
"""Words that join a place's name or not as the writer likes: "la oficina de Monterrey" names "Oficina Monterrey"."""


def _without_links(text: str) -> str:
    return " ".join(_LINK_WORDS.sub(" ", text).split())


def mentions(folded: str, name: str) -> bool:
    """Whether the folded sentence names ``name``: as whole words (with or without "de", "of", "the" between them),
    or (five letters or more) a near miss."""
    wanted = fold(name)
    if len(wanted) < 2:
        return False
    if _has(folded, wanted):
        return True
    linked = _without_links(wanted)
    if " " in linked and _has(_without_links(folded), linked):
        return True
    return len(wanted) >= 5 and fuzz.partial_ratio(wanted, folded) >= FUZZY_SCORE and _near_words(folded, wanted)


def _near_words(folded: str, wanted: str) -> bool:
    """A fuzzy hit must line up with the sentence's words (so "floor 2" never matches "floor 3")."""
    words = wanted.split()
    found = folded.split()
    for start in range(len(found) - len(words) + 1):
        window = " ".join(found[start : start + len(words)])
        if fuzz.ratio(window, wanted) >= FUZZY_SCORE:
            return True
    return False


@dataclass(frozen=True)
class Place:
    """A place as matching needs it: code, every name, parent, and the site it belongs to."""

    code: str
    names: tuple[str, ...]
    parent: str | None
    site: str

    @cached_property
    def labels(self) -> frozenset[str]:
        """The normalised labels of its names (``floor 2, kitchen``), as the locations extractor writes them."""
        return frozenset(label for name in self.names if (label := extract_location(name)))


@dataclass(frozen=True)
class AssetEntry:
    """An asset as matching needs it."""

    tag: str
    names: tuple[str, ...]
    category: str
    location: str | None


@dataclass(frozen=True)
class Registry:
    """Every place and asset, as plain data."""

    places: tuple[Place, ...]
    assets: tuple[AssetEntry, ...]

    @cached_property
    def by_code(self) -> dict[str, Place]:
        """Places by code."""
        return {place.code: place for place in self.places}

    def lineage(self, code: str | None) -> list[str]:
        """``code`` and its ancestors' codes, nearest first."""
        chain: list[str] = []
        while code is not None and code in self.by_code and code not in chain:
            chain.append(code)
            code = self.by_code[code].parent
        return chain

    def within(self, code: str | None, ancestor: str) -> bool:
        """Whether place ``code`` is ``ancestor`` or under it."""
        return ancestor in self.lineage(code)

    def site_of(self, code: str | None) -> str | None:
        """The root place of ``code``."""
        chain = self.lineage(code)
        return chain[-1] if chain else None


@dataclass(frozen=True)
class Reading:
    """What a report says: category, priority, place and asset (sure, or a guess to confirm), and the candidates."""

    category: str
    priority: str
    location: str | None
    asset: str | None
    sure: bool = True
    candidates: tuple[str, ...] = field(default_factory=tuple)


def category_of(folded: str) -> str | None:
    """The category whose words weigh most in the sentence (None when no word points anywhere)."""
    scores = {
        category: sum(weight for word, weight in words.items() if _has(folded, word))
        for category, words in CATEGORY_WORDS.items()
    }
    best = max(scores.items(), key=lambda pair: pair[1])
    return best[0] if best[1] > 0 else None


def priority_of(text: str) -> str:
    """P1 for safety, fire or flooding; P2 for water or a place left unsecured; P4 when nothing is at stake;
    P3 otherwise; "urgent" raises it one step (never above P1), an explicit "high"/"low" sets it."""
    folded = fold(text)
    said = extract_priority(text)
    if any(_has(folded, word) for word in HAZARD):
        level = 1
    elif any(_has(folded, word) for word in WATER):
        level = 2
    elif said == "low" or any(_has(folded, word) for word in LOW):
        level = 4
    elif said == "high":
        level = 2
    else:
        level = 3
    if said == "urgent":
        level = max(1, level - 1)
    return f"P{level}"


def _sites_named(folded: str, registry: Registry) -> set[str]:
    return {place.code for place in registry.places if place.parent is None and _named(folded, place)}


def _named(folded: str, place: Place) -> bool:
    return any(mentions(folded, name) for name in place.names if len(fold(name)) >= 3)


def place_of(text: str, registry: Registry, *, office: str | None) -> tuple[str | None, bool]:
    """The most specific place the sentence names, inside the site it names (else the reporter's office first),
    and whether only the reporter's office decided between places of several sites."""
    folded = fold(text)
    label = extract_location(text)
    parts = set(label.split(", ")) if label else set()
    sites = _sites_named(folded, registry)
    scored: list[tuple[int, int, str]] = []
    for place in registry.places:
        if place.parent is None:
            continue
        score = 0
        if _named(folded, place):
            score = 3
        for place_label in place.labels:
            wanted = set(place_label.split(", "))
            if wanted <= parts:
                score = max(score, 1 + len(wanted))
        if score:
            scored.append((score, len(registry.lineage(place.code)), place.code))
    if sites:
        inside = [row for row in scored if registry.site_of(row[2]) in sites]
        if not inside:
            return sorted(sites)[0], False
        scored = inside
    guessed = False
    if not sites and office is not None:
        mine = [row for row in scored if registry.site_of(row[2]) == office]
        guessed = bool(mine) and len(mine) < len(scored)
        scored = mine or scored
    if not scored:
        return None, False
    return max(scored)[2], guessed


def _near(registry: Registry, asset: AssetEntry, location: str) -> bool:
    return registry.within(asset.location, location) or registry.within(location, asset.location or "")


def assets_named(folded: str, registry: Registry) -> list[AssetEntry]:
    """The assets whose tag, name or an alias the sentence mentions."""
    return [asset for asset in registry.assets if any(mentions(folded, name) for name in asset.names)]


PROBLEM_CUES = re.compile(
    r"\b(?:problems?|issues?|wrong|faulty|fault|acting up|playing up|not right|weird|strange|odd"
    r"|something(?:'s| is)? off"
    r"|problemas?|fallos?|falla|averia|averiad[oa]s?|pasa algo|le pasa|raro|rara|extrano|extrana|no va bien)\b"
)
"""Words of a vague problem report ("the boiler has a problem", "algo le pasa al ascensor"), folded."""


def says_a_problem(text: str) -> bool:
    """Whether ``text`` uses a word of a vague problem report (cheap: no registry needed)."""
    return PROBLEM_CUES.search(fold(text)) is not None


def vague_report_subject(text: str, registry: Registry) -> str | None:
    """What a sentence the router left out reports a vague problem with: the one asset it names, else a thing of a
    maintenance category ("the dishwasher"), as the sentence says it; None when it names no problem or no such
    thing (a problem with a payslip is not maintenance)."""
    if not says_a_problem(text):
        return None
    folded = fold(text)
    named = assets_named(without_own_things(folded), registry)
    if len(named) == 1:
        return named[0].names[1] if len(named[0].names) > 1 else named[0].tag  # its name (names[0] is the tag)
    return "" if named or category_of(folded) is not None else None


OWN_THINGS = (
    "laptop|computer|pc|monitor|screen|keyboard|mouse|headset|headphones|webcam|camera|docking station|dock|charger"
    "|phone|chair|portatil|ordenador|pantalla|teclado|raton|cascos|auriculares|camara|cargador|telefono|movil|silla"
)
OWN_THING = re.compile(
    rf"(?:\b(?:(?:the|la|el)\s+)?[a-z-]+\s+(?:of|on|in|de|del)\s+)?"
    rf"\b(?:my|mi|mis)\s+(?:[a-z-]+\s+){{0,2}}?(?:{OWN_THINGS})(?:e?s)?\b(?:\s+(?:{OWN_THINGS})(?:e?s)?\b)*"
)
"""Someone's own equipment, with the part of it that fails ("my laptop screen", "the webcam on my laptop", "la
pantalla de mi portátil"), folded: not a shared asset that happens to have that word as an alias (a meeting room's
"screen")."""


def without_own_things(folded: str) -> str:
    """``folded`` with the reporter's own equipment blanked out, so only shared assets are looked for in it."""
    return OWN_THING.sub(lambda match: " " * len(match.group()), folded)


def read_report(text: str, registry: Registry, *, office: str | None = None) -> Reading:
    """Category, priority, place and asset of a problem report; ``office`` is the reporter's site (a soft hint)."""
    folded = fold(text)
    location, guessed = place_of(text, registry, office=office)
    candidates = assets_named(without_own_things(folded), registry)
    sure = True
    if (location is not None and office is not None and registry.site_of(location) != office
            and not _named(folded, registry.by_code[location]) and not _sites_named(folded, registry)):  # fmt: skip
        sure = False  # "the meeting room" of another office (the reporter's has none), by its kind only: a guess
    if location is not None:
        near = [a for a in candidates if _near(registry, a, location)]
        if near or not (guessed and len(candidates) == 1):
            candidates = near
        else:  # the one asset named wins over a place only the reporter's office chose
            location = None
    if len(candidates) > 1 and office is not None and location is None:
        mine = [a for a in candidates if registry.site_of(a.location) == office]
        if len(mine) == 1:
            candidates, sure = mine, False
    asset = candidates[0] if len(candidates) == 1 else None
    if (
        asset is not None
        and asset.location is not None
        and (location is None or registry.within(asset.location, location))
    ):
        location = asset.location
    category = (asset.category if asset is not None else None) or category_of(folded) or "other"
    return Reading(
        category=category,
        priority=priority_of(text),
        location=location,
        asset=asset.tag if asset is not None else None,
        sure=sure and (asset is not None or not candidates),
        candidates=tuple(a.tag for a in candidates) if asset is None else (),
    )


def tags(entries: Iterable[AssetEntry]) -> Sequence[str]:
    """The tags of ``entries``."""
    return [entry.tag for entry in entries]
