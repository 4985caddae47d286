"""What an import reports: each bad row with its line, label and reason; or what it changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowProblem:
    """One reason a line of the file cannot be imported; ``label`` names the row (an e-mail, a code), if known."""

    line: int
    label: str
    reason: str

    def __str__(self) -> str:
        who = f" ({self.label})" if self.label else ""
        return f"line {self.line}{who}: {self.reason}"


class ReferenceImportError(Exception):
    """The file has problems, listed one per line by ``str()``; nothing was imported."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = sorted(problems, key=lambda problem: problem.line)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class ImportSummary:
    """How many rows an import created, updated and left as they were; ``notes`` say anything else it did."""

    created: int
    updated: int
    unchanged: int
    notes: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        counts = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        return "; ".join([counts, *self.notes])
