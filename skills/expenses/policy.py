"""The clause of the written policy behind a limit or a receipt rule, from the indexed handbook (the knowledge base,
kept to the expense documents), quoted with its citation so a warning says *which rule* and *why*."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.types import Audience, KnowledgeBase, Passage

EXPENSE_SOURCES = ("expenses.md", "gastos-espana.md", "travel.md")
"""The handbook documents about expenses: quotes come only from these."""
MAX_QUOTE = 400

QUESTIONS: dict[str, dict[str, str]] = {
    "receipt": {"en": "When is a receipt required for an expense?",
                "es": "¿A partir de qué importe hace falta ticket para un gasto?"},
    "meals": {"en": "What is the daily meal limit while travelling?", "es": "¿Cuál es el límite de comidas por día?"},
    "lodging": {"en": "What is the hotel cap per night?", "es": "¿Cuál es el tope por noche de hotel?"},
    "mileage": {"en": "How much is paid per mile for using my own car?",
                "es": "¿Cuánto se paga por kilómetro con el coche particular?"},
    "travel": {"en": "Which taxis and trains are reimbursed?", "es": "¿Cuándo se puede usar taxi o VTC?"},
    "approval": {"en": "Which expenses need approval from Finance?",
                 "es": "¿Qué gastos necesitan la aprobación de Finanzas?"},
    "age": {"en": "How long do I have to submit an expense claim?",
            "es": "¿En cuántos días hay que presentar un gasto?"},
    "limit": {"en": "What are the expense limits?", "es": "¿Qué límites tienen los gastos?"},
}  # fmt: skip


@dataclass(frozen=True)
class Clause:
    """A quoted clause of the policy: the words, the document's file name and the section they are in."""

    quote: str
    source: str
    section: str

    @property
    def citation(self) -> str:
        """``expenses.md › Receipts`` (the document and its section)."""
        return f"{self.source} › {self.section}" if self.section else self.source


def _topic(topic: str) -> str:
    return topic if topic in QUESTIONS else "limit"


def _language(country: str) -> str:
    return "es" if country.upper().startswith("ES") else "en"


def _first_expense_passage(passages: Sequence[Passage], sources: Sequence[str]) -> Passage | None:
    return next((p for p in passages if p.chunk.source in sources), None)


def clause_for(
    knowledge: KnowledgeBase | None, topic: str, country: str, sources: Sequence[str] = EXPENSE_SOURCES
) -> Clause | None:
    """The clause on ``topic`` (a category code, ``receipt``, ``approval``, ``age``) that applies in ``country``,
    or None when there is no index or it has nothing about it in the expense documents."""
    if knowledge is None:
        return None
    question = QUESTIONS[_topic(topic)][_language(country)]
    answer = knowledge.answer(question, Audience(country=country or None))
    passage = _first_expense_passage([*answer.citations, *answer.searched], sources)
    if passage is None:
        return None
    quote = " ".join((passage.quote or passage.chunk.text).split())
    if len(quote) > MAX_QUOTE:
        quote = quote[: MAX_QUOTE - 1].rsplit(" ", 1)[0] + "…"
    return Clause(quote, passage.chunk.source, passage.chunk.section)
