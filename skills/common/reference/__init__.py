"""Reference data, once (DESIGN §3): CSV kinds that skills declare, imported all-or-nothing and exported back."""

from skills.common.reference.kind import (
    ImportContext,
    Parsed,
    ReferenceKind,
    export_to,
    import_source,
    import_text,
    repeats,
)
from skills.common.reference.problems import ImportSummary, ReferenceImportError, RowProblem

__all__ = [
    "ImportContext",
    "ImportSummary",
    "Parsed",
    "ReferenceImportError",
    "ReferenceKind",
    "RowProblem",
    "export_to",
    "import_source",
    "import_text",
    "repeats",
]
