"""A passage cut into quotable units (sentences, bullets, table rows), and what a unit needs beside it or points to."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from knowledge.keywords import fold

_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
_ABBREVIATION = re.compile(r"\b(?:Jr|Sr|Mr|Mrs|Ms|Dr|St|vs|etc|e\.g|i\.e|EE|UU|Sra?|Dña?|núm|p\.ej)\.$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z¿¡\"“(0-9ÁÉÍÓÚÑ])")


@dataclass(frozen=True)
class Sentence:
    """One quotable unit of a passage: a sentence of prose or a bullet, or a table row read with its header."""

    text: str
    position: int
    table: int | None = None
    """For a table row, which table of the passage it belongs to (counted from 0); None for prose."""
    key: str = ""
    """For a table row, its first cell: what the row is about (a city, a priority, a destination)."""
    block: int = 0
    """Which paragraph, bullet or table row of the passage it comes from (counted from 0)."""
    bullet: bool = False
    """Whether it comes from a list item (a bullet or a numbered step)."""


class _Block(NamedTuple):
    kind: str
    """``prose`` (a paragraph or a bullet) or ``row`` (a table row read with its header)."""
    text: str
    table: int | None = None
    key: str = ""


def _table_cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _blocks(text: str) -> list[_Block]:
    """The passage as blocks: ``prose`` paragraphs, ``bullet`` list items, ``row`` table rows with their header."""
    blocks: list[_Block] = []
    current: list[str] = []
    header: list[str] | None = None
    tables = 0

    bullet = False

    def flush() -> None:
        if current:
            blocks.append(_Block("bullet" if bullet else "prose", " ".join(part.strip() for part in current)))
            current.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("|"):
            flush()
            if _TABLE_RULE.match(stripped):
                continue
            cells = _table_cells(stripped)
            if header is None:
                header = cells
                tables += 1
                continue
            pairs = [f"{name}: {value}" if name else value for name, value in zip(header, cells, strict=False)]
            blocks.append(_Block("row", " — ".join(pairs), tables - 1, cells[0]))
            continue
        header = None
        if not stripped or stripped.startswith("#"):
            flush()
        elif _BULLET.match(line):
            flush()
            bullet = True
            current.append(_BULLET.sub("", line))
        else:
            if not current:
                bullet = False
            current.append(stripped)
    flush()
    return blocks


def _sentences(block: str) -> list[str]:
    """A prose block cut at sentence ends, except after an abbreviation ("Jr.", "e.g.", "EE. UU.")."""
    parts: list[str] = []
    for part in _SENTENCE_END.split(block):
        if parts and _ABBREVIATION.search(parts[-1]):
            parts[-1] = f"{parts[-1]} {part}"
        else:
            parts.append(part)
    return parts


def split_sentences(text: str) -> list[Sentence]:
    """The quotable units of a passage, in order: prose split at sentence ends, bullets, and table rows."""
    units: list[Sentence] = []
    for number, block in enumerate(_blocks(text)):
        parts = [block.text] if block.kind == "row" else _sentences(block.text)
        for part in parts:
            part = part.strip()
            if part:
                units.append(
                    Sentence(
                        part, len(units), table=block.table, key=block.key, block=number, bullet=block.kind == "bullet"
                    )
                )
    return units


_REFERS_BACK = re.compile(
    r"^(?:(?:because of|due to|as a result of|thanks to|despite|for|in|on|with|after|during|under|by|from|of|"
    r"por|con|en|de|para|a|debido a|gracias a|tras|durante|ademas de)\s+)?"
    r"(?:this|that|these|those|such|they|them|their|the above|the same|"
    r"este|esta|estos|estas|esto|ese|esa|esos|esas|eso|dich[oa]s?|ello|aquel|aquell[oa]s?|tales?)\b"
    r"|^(?:therefore|thus|otherwise|in that case|if so|por (?:lo )?tanto|de lo contrario|en ese caso|si es asi)\b"
)
"""A unit that opens by pointing back ("Because of this contribution", "those days", "Therefore", "Dichos días")."""

_POINTER = re.compile(r"\b(?:see|ver|consulta|consultar|refer to)\s+([\w.-]+\.(?:md|markdown|txt|html?|pdf))\b", re.I)


def introduces_list(units: Sequence[Sentence], position: int) -> bool:
    """Whether the unit at ``position`` ends with a colon and list items follow it ("The note should include:")."""
    unit = units[position]
    following = units[position + 1] if position + 1 < len(units) else None
    return unit.text.rstrip().endswith(":") and following is not None and following.bullet and not unit.bullet


def list_items(units: Sequence[Sentence], position: int, limit: int) -> list[Sentence]:
    """The list items right after the unit at ``position`` (at most ``limit``, one sentence each)."""
    items: list[Sentence] = []
    for unit in units[position + 1 :]:
        if not unit.bullet or len(items) >= limit:
            break
        if not items or unit.block != items[-1].block:
            items.append(unit)
    return items


def list_intro(units: Sequence[Sentence], position: int) -> Sentence | None:
    """For a list item, the sentence ending with a colon that introduces its list, if the passage has it."""
    if not units[position].bullet:
        return None
    for unit in reversed(units[:position]):
        if not unit.bullet:
            return unit if unit.text.rstrip().endswith(":") and unit.table is None else None
    return None


def refers_back(text: str) -> bool:
    """Whether ``text`` opens with a reference to what came before, so it reads wrongly quoted on its own."""
    return _REFERS_BACK.match(fold(text).lstrip('-*•¿¡"“( ')) is not None


def points_to(text: str) -> str | None:
    """The document file a unit sends the reader to ("see gastos-espana.md" -> "gastos-espana.md"), if any."""
    match = _POINTER.search(text)
    return match.group(1) if match else None
