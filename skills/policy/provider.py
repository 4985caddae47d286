"""How a policy answer is written for people: the frame, the quoted text and its numbered citations."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from knowledge.types import HR_ANSWER, Answer, Passage
from skills.i18n import translate
from skills.policy import messages  # noqa: F401  (the texts below)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def passage_record(passage: Passage) -> dict[str, Any]:
    """What is kept of a passage on the answer row: file, section, kind, score, and a reviewed answer's date."""
    chunk = passage.chunk
    saved_on = chunk.metadata.get("saved_on") or _first_date(chunk.section) or _first_date(chunk.title)
    return {
        "source": chunk.source,
        "section": chunk.section,
        "kind": chunk.kind,
        "score": round(float(passage.score), 4),
        "saved_on": str(saved_on) if saved_on else "",
    }


def _first_date(text: str) -> str:
    found = _DATE.search(text or "")
    return found.group(0) if found else ""


def cite_record(record: Mapping[str, Any], lang: str = "en") -> str:
    """A citation line from a stored passage record: ``leave.md › Vacation`` or ``HR answer (2026-11-25)``."""
    if record.get("kind") == HR_ANSWER:
        saved_on = str(record.get("saved_on") or "")
        if saved_on:
            return translate(lang, "policy.hr_answer_cited", date=saved_on)
        return translate(lang, "policy.hr_answer_cited_undated")
    source, section = str(record.get("source", "")), str(record.get("section") or "")
    return f"{source} › {section.replace(' > ', ' › ')}" if section else source


def cite(passage: Passage, lang: str = "en") -> str:
    """How a cited passage is named to the reader: ``leave.md › Vacation`` or ``HR answer (2026-11-25)``."""
    return cite_record(passage_record(passage), lang)


def citation_lines(records: Sequence[Mapping[str, Any]], lang: str) -> list[str]:
    """The numbered citations, ``[1] leave.md › Vacation``, in the order the answer's markers use."""
    return [f"[{number}] {cite_record(record, lang)}" for number, record in enumerate(records, start=1)]


def framed_text(answer_text: str, records: Sequence[Mapping[str, Any]], lang: str) -> str:
    """An answer as the reader sees it: the frame, the quoted text, then the numbered citations."""
    lines = [translate(lang, "policy.frame"), answer_text.strip()]
    citations = citation_lines(records, lang)
    return "\n".join(lines + (["", *citations] if citations else []))


def format_answer(answer: Answer, lang: str) -> str:
    """The knowledge base's answer in ``lang``: framed with numbered citations, or the refusal to guess."""
    if answer.escalate or not answer.text.strip():
        return translate(lang, "policy.not_found")
    return framed_text(answer.text, [passage_record(passage) for passage in answer.citations], lang)
