"""README's *Reference data* table names every kind `backoffice import` takes, with its header as the CLI has it:
an operator installing from the README alone must learn of every file there is."""

from __future__ import annotations

import re
from pathlib import Path

from bot.reference_commands import reference_kinds

README = Path(__file__).resolve().parents[2] / "README.md"


def _table_rows() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("### Reference data", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z-]+)` \| `([^`]+)`", section, flags=re.MULTILINE)
    return dict(rows)


def test_every_reference_kind_is_in_the_readme_table_with_its_header():
    rows = _table_rows()
    for name, kind in reference_kinds().items():
        assert name in rows, f"README's reference table lacks {name}"
        assert rows[name] == ",".join(kind.columns), name


def test_going_to_production_imports_every_kind():
    text = README.read_text(encoding="utf-8")
    steps = text.split("## Going to production", 1)[1].split("\n## ", 1)[0]
    for name in reference_kinds():
        if name in ("assets", "plans"):  # named together on the teams line
            assert f"{name}.csv" in steps, name
        else:
            assert f"backoffice import {name} " in steps, name
