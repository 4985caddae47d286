"""Priority words in English and Spanish -> ``urgent``, ``high``, ``normal`` or ``low`` (None when unsaid)."""

from __future__ import annotations

import re

from ._text import KeywordTable, Lang, fold, squash

PRIORITIES = ("urgent", "high", "normal", "low")
"""The codes ``extract_priority`` returns; None means nothing was said (treat as normal)."""

PRIORITY_WORDS: dict[Lang, dict[str, str]] = {
    "en": {
        "urgent": "urgent", "urgently": "urgent", "asap": "urgent", "a.s.a.p": "urgent", "emergency": "urgent",
        "critical": "urgent", "right now": "urgent", "right away": "urgent", "immediately": "urgent",
        "straight away": "urgent", "as soon as possible": "urgent", "as soon as you can": "urgent", "top priority": "urgent",
        "high priority": "high", "priority high": "high", "important": "high", "priority: high": "high",
        "medium priority": "normal", "normal priority": "normal", "priority: normal": "normal",
        "low priority": "low", "priority low": "low", "priority: low": "low", "whenever": "low",
        "no rush": "low", "no hurry": "low", "not urgent": "low", "when you get a chance": "low",
        "when you can": "low", "not important": "low", "isn't urgent": "low", "is not urgent": "low",
        "can wait": "low", "it can wait": "low", "no longer urgent": "low", "not urgent anymore": "low",
    },
    "es": {
        "urgente": "urgent", "urgentemente": "urgent", "urgencia": "urgent", "cuanto antes": "urgent",
        "lo antes posible": "urgent", "lo mas pronto posible": "urgent", "lo antes que puedas": "urgent", "ya mismo": "urgent",
        "ahora mismo": "urgent", "emergencia": "urgent", "critico": "urgent", "critica": "urgent",
        "de inmediato": "urgent", "inmediatamente": "urgent", "maxima prioridad": "urgent",
        "prioridad alta": "high", "alta prioridad": "high", "importante": "high",
        "prioridad media": "normal", "prioridad normal": "normal",
        "prioridad baja": "low", "baja prioridad": "low", "no corre prisa": "low", "no hay prisa": "low",
        "sin prisa": "low", "cuando puedas": "low", "no es urgente": "low", "nada urgente": "low",
        "cuando se pueda": "low", "no urge": "low", "puede esperar": "low", "ya no es urgente": "low",
    },
}  # fmt: skip

# A one-word answer to "what priority?" ("high", "alta").
ANSWERS: dict[str, str] = {
    "urgent": "urgent", "urgente": "urgent", "high": "high", "alta": "high", "medium": "normal",
    "normal": "normal", "media": "normal", "low": "low", "baja": "low",
}  # fmt: skip

_TABLE = KeywordTable(PRIORITY_WORDS)
_RANKING = ("low", "urgent", "high", "normal")  # a negation ("not urgent") outranks the word it negates

# "priority" named first and its level a few words later after "to"/"a"/"en": "change ticket 204's priority to
# low", "cambia la prioridad de la incidencia 87 a baja", "priority from high to low" (the last level is the new one).
# Only after such a word, so "low priority, it is not urgent" is not read as urgent.
_PRIORITY_THEN_LEVEL = re.compile(r"\b(?:priority|prioridad)\b((?:\W+\w+){1,8})")
_LEVEL = re.compile(rf"\b(?:to|a|en|as|como)\s+(?:la\s+|el\s+)?({'|'.join(sorted(ANSWERS, key=len, reverse=True))})\b")


def _level_after_priority_word(folded: str) -> str | None:
    found = _PRIORITY_THEN_LEVEL.search(folded)
    levels = _LEVEL.findall(found.group(1)) if found else []
    return ANSWERS[levels[-1]] if levels else None


# A ticket's own code, as its card shows it: "make #12 P1", "ponla en P3", "priority 2"; not a place called P1
# ("parking P1", "planta P2").
_CODE = re.compile(
    r"(?<!parking )(?<!garage )(?<!garaje )(?<!level )(?<!nivel )(?<!planta )(?<!floor )(?<!room )(?<!sala )"
    r"(?<!sotano )(?<!basement )\b(?:p|priority\s+|prioridad\s+)([1-4])\b"
)
_CODE_LEVELS = {"1": "urgent", "2": "high", "3": "normal", "4": "low"}


def extract_priority(text: str) -> str | None:
    """``urgent``/``high``/``normal``/``low`` from ``text`` (P1-P4 read as those); None when it says nothing about
    priority."""
    folded = fold(text)
    answer = squash(re.sub(r"[^\w\s]", " ", folded))
    if answer in ANSWERS:
        return ANSWERS[answer]
    codes = _CODE.findall(folded)
    if codes:
        return _CODE_LEVELS[codes[-1]]  # "from P3 to P1": the last one is the new one
    return _level_after_priority_word(folded) or _TABLE.best(text, _RANKING)
