"""PolicyKnowledge, the facade the product uses: reviewed HR answers in and out of the index, reset."""

from pathlib import Path

from knowledge.base import PolicyKnowledge
from knowledge.store import IndexLocation
from knowledge.types import HR_ANSWER


def test_a_reviewed_answer_is_indexed_found_cited_and_removed(tmp_path: Path, embedder) -> None:
    knowledge = PolicyKnowledge(IndexLocation(home=tmp_path))
    assert knowledge.is_empty() and knowledge.reviewed_answer_ids() == set()
    knowledge.add_reviewed_answer(7, "Can I bring my dog to the office?", "Yes, on Fridays.", "2026-11-25", "en")
    assert knowledge.reviewed_answer_ids() == {7}
    answer = knowledge.answer("are dogs allowed at the office?")
    assert not answer.escalate and "Yes, on Fridays." in answer.text
    assert answer.citations[0].chunk.kind == HR_ANSWER and answer.citations[0].chunk.section == "HR answer (2026-11-25)"
    knowledge.remove_reviewed_answer(7)
    assert knowledge.reviewed_answer_ids() == set() and knowledge.answer("are dogs allowed at the office?").escalate
    knowledge.add_reviewed_answer(8, "Is there a gym?", "No.", "2026-11-25", "en")
    knowledge.reset()
    assert knowledge.is_empty()
