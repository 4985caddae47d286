"""The pure parts the CLI reuses: format_answer, cite, and the knowledge base the composition root installs."""

from __future__ import annotations

import pytest

from skills import i18n
from skills.errors import DomainError
from skills.policy.handlers import knowledge_of
from skills.policy.views import cite, format_answer
from tests.skills.policy.conftest import policy_deps
from tests.skills.policy.fake_knowledge import FakeKnowledge, grounded, passage, refusal

ANSWER = grounded(
    "how many vacation days?",
    "“22 working days a year” [1]. “Up to 5 days carry over” [2].",
    passage("leave.md", "Vacation > Carry-over", 0.8),
    passage("hr-answer-4", "", 0.7, kind="hr_answer", saved_on="2026-11-25"),
)


def test_format_answer_frames_the_quotes_and_numbers_the_citations():
    assert format_answer(ANSWER, "en").splitlines() == [
        "From our policies:",
        "“22 working days a year” [1]. “Up to 5 days carry over” [2].",
        "",
        "[1] leave.md › Vacation › Carry-over",
        "[2] HR answer (2026-11-25)",
    ]
    assert format_answer(ANSWER, "es").splitlines()[0] == "Según nuestras normas:"
    assert format_answer(ANSWER, "es").splitlines()[-1] == "[2] Respuesta de RR. HH. (2026-11-25)"


def test_format_answer_refuses_below_the_gate():
    assert format_answer(refusal("dogs?"), "en") == "I didn't find this in our policies, and I won't guess."
    assert format_answer(refusal("¿perros?"), "es") == "No he encontrado esto en nuestras normas y no voy a adivinar."


def test_cite_names_a_document_without_sections_and_an_undated_hr_answer():
    assert cite(passage("safety.md", "", 0.5)) == "safety.md"
    assert cite(passage("hr-answer-9", "", 0.5, kind="hr_answer")) == "HR answer"
    assert cite(passage("hr-answer-9", "HR answer (2026-10-02)", 0.5, kind="hr_answer"), "es") == (
        "Respuesta de RR. HH. (2026-10-02)"
    )


def test_without_a_knowledge_base_the_error_says_what_to_run():
    with pytest.raises(DomainError) as raised:
        knowledge_of(policy_deps(None))
    assert "`backoffice knowledge ingest`" in raised.value.message("en")
    assert raised.value.message("es").startswith("El índice de normas aún no está preparado")
    fake = FakeKnowledge()
    assert knowledge_of(policy_deps(fake)) is fake


def test_every_policy_text_is_in_both_languages():
    keys = {key for key in i18n.message_keys() if key.startswith(("policy.", "error.policy_"))}
    assert len(keys) > 50
    missing = i18n.missing_translations()
    assert not [key for key in missing["es"] if key in keys]
