"""Example utterances as data: ``examples/<lang>.txt`` files with one utterance per line under ``[intent]`` headings.

```
# comments start with a hash and a space ("#12 is urgent now" is an utterance naming ticket 12)
[leave.request]
I'd like to take next Friday off
can I book vacation from July 14 to July 25?
```
"""

from __future__ import annotations

from importlib.resources.abc import Traversable

Examples = dict[str, dict[str, list[str]]]
"""``{intent: {lang: [utterances]}}``."""

LANGUAGE_FILES = ("en", "es")


def parse_examples(text: str, source: str = "<examples>") -> dict[str, list[str]]:
    """``{intent: [utterances]}`` from one file's text; an utterance before any heading is an error."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line == "#" or line.startswith("# "):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = found.setdefault(line[1:-1].strip(), [])
            continue
        if current is None:
            raise ValueError(f"{source}:{number}: an utterance before the first [intent] heading")
        current.append(line)
    return found


def read_examples(folder: Traversable) -> Examples:
    """Every ``<lang>.txt`` in ``folder`` merged into ``{intent: {lang: [utterances]}}`` (empty if no folder)."""
    examples: Examples = {}
    if not folder.is_dir():
        return examples
    for lang in LANGUAGE_FILES:
        path = folder / f"{lang}.txt"
        if not path.is_file():
            continue
        for intent, texts in parse_examples(path.read_text(encoding="utf-8"), str(path)).items():
            examples.setdefault(intent, {}).setdefault(lang, []).extend(texts)
    return examples
