"""Reading a reference-data CSV as people save it: UTF-8 with or without a BOM, comma or semicolon, any column order,
and columns the kind does not use (an HR tool's ``phone``, a spreadsheet's notes) ignored, as DESIGN §3 lets files
carry more columns after the agreed header.

Every record keeps the line it starts on (blank lines and multi-line quoted cells count), so a problem can always
be named by its line. A file that cannot be read at all (not UTF-8, broken quoting, a bad header) is one problem.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from skills.common.reference.problems import RowProblem

DELIMITERS = (",", ";")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


class UnreadableFile(Exception):
    """The file cannot be read as a table; ``problem`` says where and why."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.problem = RowProblem(line=line, label="", reason=reason)


@dataclass(frozen=True)
class Record:
    """One data row: the line it starts on and its cells by column name (stripped)."""

    line: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Table:
    """A file's columns (lower-cased, in file order), its delimiter and its records, with the rows that had the
    wrong number of cells reported instead of read, and the named columns the kind does not use (ignored)."""

    columns: tuple[str, ...]
    delimiter: str
    records: tuple[Record, ...]
    problems: tuple[RowProblem, ...]
    ignored: tuple[str, ...] = ()


def decode(raw: bytes) -> str:
    """The text of a file's bytes as UTF-8 (a BOM is dropped); an ``UnreadableFile`` naming the first bad line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise UnreadableFile(line, "the file is not valid UTF-8; save it as CSV UTF-8") from None


def read_text(source: Path | TextIO) -> str:
    """The whole text of ``source``: a path read as UTF-8, or an open text stream (a leading BOM is dropped)."""
    text = decode(source.read_bytes()) if isinstance(source, Path) else source.read()
    return text.removeprefix("\ufeff")


def sniff_delimiter(header_line: str) -> str:
    """``;`` when the header is separated by semicolons (a spreadsheet in a comma-decimal locale), else ``,``."""
    counts = {delimiter: header_line.count(delimiter) for delimiter in DELIMITERS}
    return ";" if counts[";"] > counts[","] else ","


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the line it starts on; an ``UnreadableFile`` for broken quoting."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise UnreadableFile(line, f"broken CSV: {error}") from None
        yield line, cells


def _header(cells: list[str] | None, required: Sequence[str], optional: Sequence[str]) -> tuple[str, ...]:
    """The columns named by the header, which must hold every required column once, in any order and case.

    Columns the kind does not know are allowed (their cells are ignored); they are named in the refusal only when
    a required column is missing or repeated, since a misspelt column is the likely cause.
    """
    expected = ",".join(required)
    if cells is None or not any(cell.strip() for cell in cells):
        raise UnreadableFile(1, f"the first line must be the header: {expected}")
    if len(cells) == 1 and "\t" in cells[0]:
        raise UnreadableFile(
            1, f"the columns are separated by tabs; save the file as CSV (comma or semicolon): {expected}"
        )
    columns = tuple(cell.strip().lower() for cell in cells)
    known = {*required, *optional}
    missing = [name for name in required if name not in columns]
    repeated = sorted({name for name in columns if name in known and columns.count(name) > 1})
    if missing or repeated:
        unexpected = [repr(name) for name in columns if name and name not in known]
        faults = [
            f"{label}: {', '.join(names)}"
            for label, names in (("missing", missing), ("unexpected", unexpected), ("repeated", repeated))
            if names
        ]
        more = f" (optional: {','.join(optional)})" if optional else ""
        raise UnreadableFile(1, f"bad header ({'; '.join(faults)}); expected: {expected}{more}")
    return columns


def ignored_columns(columns: Sequence[str], required: Sequence[str], optional: Sequence[str]) -> tuple[str, ...]:
    """The named columns of a header that are neither ``required`` nor ``optional``, once each, in file order."""
    known = {*required, *optional}
    return tuple(dict.fromkeys(name for name in columns if name and name not in known))


def read_table(text: str, required: Sequence[str], optional: Sequence[str] = ()) -> Table:
    """Parse ``text`` into a :class:`Table` whose header holds ``required`` (and perhaps ``optional``) columns."""
    if not text.strip():
        raise UnreadableFile(1, f"the file is empty; the first line must be the header: {','.join(required)}")
    delimiter = sniff_delimiter(text.splitlines()[0])
    records = _records(text, delimiter)
    first = next(records, None)
    columns = _header(first[1] if first else None, required, optional)
    rows: list[Record] = []
    problems: list[RowProblem] = []
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            reason = f"expected {len(columns)} columns, found {len(cells)}"
            problems.append(RowProblem(line=line, label="", reason=reason))
            continue
        values = (from_spreadsheet_text(cell.strip()).strip() for cell in cells)
        rows.append(Record(line, dict(zip(columns, values, strict=True))))
    ignored = ignored_columns(columns, required, optional)
    return Table(columns, delimiter, tuple(rows), tuple(problems), ignored)


def as_spreadsheet_text(cell: str) -> str:
    """``cell`` as a spreadsheet shows it as text: one starting like a formula (``=``, ``+``, ``-``, ``@``, a tab or
    a carriage return) and not a plain number gets a leading ``'``, so a name or a merchant never runs as one."""
    if cell.startswith(FORMULA_STARTS) and _NUMBER.fullmatch(cell) is None:
        return f"'{cell}"
    return cell


def from_spreadsheet_text(cell: str) -> str:
    """``cell`` without the ``'`` that ``as_spreadsheet_text`` (or a spreadsheet) put before a formula-like start."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def write_table(columns: Sequence[str], rows: Sequence[dict[str, str]], out: TextIO) -> None:
    """Write ``rows`` under ``columns`` as comma-separated UTF-8 CSV (what ``read_table`` reads back), every text
    cell safe to open in a spreadsheet."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([as_spreadsheet_text(row.get(column, "")) for column in columns])
