"""A kind of reference data (DESIGN §3) and the one way every kind is imported and exported.

A skill declares its kinds in its manifest (``Skill(reference=(...))``); each kind names its CSV columns, a
pydantic row model whose fields are those columns (each field's type validates one cell, so every bad cell of a
row is reported, not just the first), the checks that need the whole file or the stored data, how to apply the
rows, and how to export them back under the same header, so an export imported again changes nothing.

Import is all or nothing: every row is read and checked first; any problem and nothing is written.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Generic, TextIO, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from sqlalchemy.orm import Session

from db.audit import record
from skills.common.reference.problems import ImportSummary, ReferenceImportError, RowProblem
from skills.common.reference.table import Record, UnreadableFile, read_table, read_text, write_table
from skills.core import Actor

RowT = TypeVar("RowT", bound=BaseModel)


@dataclass(frozen=True)
class Parsed(Generic[RowT]):
    """A row of the file: its line, how problems name it, and its values.

    ``ok`` is False when some cell was bad; the bad fields of ``row`` then hold None, and whole-file checks still
    look at the rest (so "unknown manager" is reported beside "missing name").
    """

    line: int
    label: str
    row: RowT
    ok: bool


@dataclass(frozen=True)
class ImportContext:
    """Who imports (an Actor with ``via="cli"`` and the clock's moment), from which file, on which day."""

    actor: Actor
    source: str
    today: date
    hooks: Mapping[str, Sequence[Callable[..., None]]] = field(default_factory=dict)
    """Callbacks other skills declared for this kind's changes (e.g. ``employees_joined``), by event name."""

    def hooks_for(self, event: str) -> Sequence[Callable[..., None]]:
        """The callbacks registered for ``event``."""
        return self.hooks.get(event, ())

    def audit(
        self,
        session: Session,
        *,
        action: str,
        entity: tuple[str, int | str],
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        """Record one change the import made, as done by the importer, naming the file it came from."""
        entity_type, entity_id = entity
        record(
            session,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            before=before,
            after=after,
            via=self.actor.via,
            actor=self.actor.employee,
            actor_label=self.source,
        )


Checker = Callable[[Session, Sequence["Parsed[Any]"]], list[RowProblem]]
Applier = Callable[[Session, Sequence["Parsed[Any]"], ImportContext], ImportSummary]
Exporter = Callable[[Session], list[dict[str, str]]]


@dataclass(frozen=True)
class ReferenceKind(Generic[RowT]):
    """One kind of reference data: its columns, row model, whole-file checks, how to apply and export it."""

    name: str
    columns: tuple[str, ...]
    row: type[RowT]
    label_column: str
    check: Checker
    apply: Applier
    export: Exporter
    optional: tuple[str, ...] = ()
    description: str = ""
    whole_list: bool = False
    """The file is the company's whole list (stored rows it leaves out are switched off), so a file with no rows
    is refused rather than switching everything off."""

    @property
    def all_columns(self) -> tuple[str, ...]:
        """The header an export writes: the required columns, then the optional ones."""
        return (*self.columns, *self.optional)


# --- reading rows -------------------------------------------------------------------------------------------


@cache
def _adapter(model: type[BaseModel], field: str) -> TypeAdapter[Any]:
    """A validator for one field of ``model`` on its own (its annotated type with its validators)."""
    return TypeAdapter(model.model_fields[field].rebuild_annotation())


def _reason(column: str, raw: str, error: ValidationError) -> str:
    """The first error of a cell as a person reads it, naming the column (``bad <column> '<raw>': ...``)."""
    first = error.errors(include_url=False)[0]
    cause = (first.get("ctx") or {}).get("error")
    if isinstance(cause, ValueError):
        said = str(cause)
        return f"{column}: {said}" if said.startswith("'") else said  # a generic cell type starts with the value
    return f"bad {column} {raw!r}: {first['msg'][:1].lower()}{first['msg'][1:]}"


def parse_record(model: type[RowT], record: Record) -> tuple[RowT, list[str]]:
    """The row ``record`` describes (bad cells as None) and the reason each bad cell is bad, in column order."""
    values: dict[str, Any] = {}
    reasons: list[str] = []
    for name, info in model.model_fields.items():
        raw = record.cells.get(name)
        if raw is None:
            values[name] = info.get_default(call_default_factory=True)
            continue
        try:
            values[name] = _adapter(model, name).validate_python(raw)
        except ValidationError as error:
            reasons.append(_reason(name, raw, error))
            values[name] = None
    return model.model_construct(**values), reasons


@dataclass(frozen=True)
class FileRows(Generic[RowT]):
    """What reading a file gave: its rows, the problems of each on its own, whether the whole file could be read,
    and the columns it carries that the kind does not use."""

    rows: list[Parsed[RowT]]
    problems: list[RowProblem]
    complete: bool
    ignored: tuple[str, ...] = ()


def read_rows(kind: ReferenceKind[RowT], text: str) -> FileRows[RowT]:
    """Every row of ``text``, the problems of each on its own, whether the whole file could be read, and the columns
    the kind does not use."""
    try:
        table = read_table(text, kind.columns, kind.optional)
    except UnreadableFile as unreadable:
        return FileRows([], [unreadable.problem], complete=False)
    parsed: list[Parsed[RowT]] = []
    problems = list(table.problems)
    for line in table.records:
        row, reasons = parse_record(kind.row, line)
        label = line.cells.get(kind.label_column, "")
        problems += [RowProblem(line.line, label, reason) for reason in reasons]
        parsed.append(Parsed(line.line, label, row, not reasons))
    return FileRows(parsed, problems, complete=True, ignored=table.ignored)


def ignored_note(kind: ReferenceKind[Any], ignored: Sequence[str]) -> str:
    """The summary's note on columns a file carries that ``kind`` does not use, with the column a near miss meant."""
    said = []
    for name in ignored:
        close = difflib.get_close_matches(name.replace(" ", "_"), kind.all_columns, n=1, cutoff=0.8)
        said.append(f"{name!r} (did you mean {close[0]}?)" if close else repr(name))
    columns = "column" if len(said) == 1 else "columns"
    return f"ignored {columns} not in the {kind.name} header: {', '.join(said)}"


# --- import and export --------------------------------------------------------------------------------------


def import_text(session: Session, kind: ReferenceKind[RowT], text: str, context: ImportContext) -> ImportSummary:
    """Check every row of ``text`` and, only if all are good, apply them in ``session``'s transaction.

    Raises ``ReferenceImportError`` naming every bad row, having added nothing to the session. Columns the kind does
    not use are ignored, and the summary names them.
    """
    read = read_rows(kind, text)
    problems = list(read.problems)
    if read.complete and kind.whole_list and not read.rows and not problems:
        reason = f"the file has no rows; it is the whole list of {kind.name}, so it would switch every one off"
        problems.append(RowProblem(1, "", reason))
    if read.complete:
        problems += kind.check(session, read.rows)
    if problems:
        raise ReferenceImportError(problems)
    summary = kind.apply(session, read.rows, context)
    if not read.ignored:
        return summary
    return replace(summary, notes=(*summary.notes, ignored_note(kind, read.ignored)))


def import_source(
    session: Session, kind: ReferenceKind[RowT], source: Path | TextIO, context: ImportContext
) -> ImportSummary:
    """:func:`import_text` on a file (UTF-8, a BOM is fine) or an open text stream."""
    try:
        text = read_text(source)
    except UnreadableFile as unreadable:
        raise ReferenceImportError([unreadable.problem]) from None
    return import_text(session, kind, text, context)


def export_to(session: Session, kind: ReferenceKind[Any], out: TextIO) -> int:
    """Write every stored row of ``kind`` to ``out`` as CSV under its full header; how many rows."""
    rows = kind.export(session)
    write_table(kind.all_columns, rows, out)
    return len(rows)


def repeats(
    rows: Sequence[Parsed[Any]],
    key: Callable[[Any], Any],
    what: str,
    describe: Callable[[Any], str] | None = None,
) -> list[RowProblem]:
    """A problem for every row whose ``key`` repeats an earlier row's: ``duplicate <what>: already on line N``.

    ``what`` may name the value with ``{value}`` (``"slack_id {value}"``); ``describe``, when given, writes the
    value instead (so a scope of None can read "every office"). A row with a bad cell is left out when its key
    holds None, since that None is the bad cell, not a value the row gives.
    """
    seen: dict[Any, int] = {}
    problems = []
    for parsed in rows:
        value = key(parsed.row)
        if value in (None, ""):
            continue
        if not parsed.ok and isinstance(value, tuple) and None in value:
            continue
        if value in seen:
            said = describe(value) if describe is not None else what.format(value=value)
            reason = f"duplicate {said}: already on line {seen[value]}"
            problems.append(RowProblem(parsed.line, parsed.label, reason))
        seen.setdefault(value, parsed.line)
    return problems
