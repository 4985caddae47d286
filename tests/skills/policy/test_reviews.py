"""Save as answer (HR only, once) and the review of saved answers when a policy document they relied on changes."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from db.models import AuditEntry
from skills.core import Actor
from skills.jobs import JobContext
from skills.policy.jobs import sync_reviewed_answers
from skills.policy.models import ReviewedAnswer
from skills.policy.service import flag_reviews_for_changed_documents
from skills.policy.views import SAVE_ANSWER, STILL_CORRECT, WITHDRAW
from tests.skills.policy.conftest import CONFIG, HR_CHANNEL, buttons, click, lines, outbox, policy_deps, say
from tests.skills.policy.test_ask_hr import HR_THREAD, question, sent_hr_card

INGEST = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def reviewed_answers(database) -> list[ReviewedAnswer]:
    with database.session() as session:
        found = list(session.scalars(select(ReviewedAnswer).order_by(ReviewedAnswer.id)))
        session.expunge_all()
        return found


def answered(assistant, database, people) -> str:
    """A question HR answered in the thread; the Save button's value."""
    asked = sent_hr_card(assistant, database, people.ana)
    say(assistant, people.hana, "Small dogs are welcome on Fridays.", HR_THREAD)
    return str(asked.id)


def saved(assistant, database, people, kb) -> ReviewedAnswer:
    click(assistant, people.hana, SAVE_ANSWER, answered(assistant, database, people))
    return reviewed_answers(database)[0]


def flag(database, kb, changed=(), removed=()) -> int:
    with database.session() as session:
        return flag_reviews_for_changed_documents(
            session,
            actor=Actor(None, "cli", INGEST),
            knowledge=kb,
            changed_sources=list(changed),
            removed_sources=list(removed),
            config=CONFIG,
        )


def test_hr_saves_an_answer_which_is_indexed_with_the_documents_it_relied_on(assistant, database, people, kb):
    question_id = answered(assistant, database, people)
    [done] = click(assistant, people.hana, SAVE_ANSWER, question_id)
    [reviewed] = reviewed_answers(database)
    today = reviewed.saved_on.isoformat()
    assert done.text == f"Saved. Later questions like this one can cite it as “HR answer ({today})”."
    assert (reviewed.question, reviewed.answer, reviewed.lang, reviewed.status) == (
        "can I bring my dog to the office?",
        "Small dogs are welcome on Fridays.",
        "en",
        "active",
    )
    assert reviewed.relies_on == {"conduct.md": "c1", "safety.md": "s1"}  # policy passages only, with their hashes
    assert kb.added == [(reviewed.id, reviewed.question, reviewed.answer, today, "en")]
    assert question(database).status == "saved"
    last_card = outbox(database, kind="update")[-1]
    assert buttons(last_card.blocks) == {}
    assert "\nSaved as a reviewed answer by Hana on " in "\n".join(lines(last_card.blocks))
    with database.session() as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert "policy.answer_saved" in actions


def test_only_hr_saves_and_only_once(assistant, database, people, kb):
    question_id = answered(assistant, database, people)
    [refused] = click(assistant, people.ana, SAVE_ANSWER, question_id)
    assert refused.ephemeral and refused.text == "Only HR can do that."
    assert reviewed_answers(database) == [] and kb.added == []
    click(assistant, people.hana, SAVE_ANSWER, question_id)
    [again] = click(assistant, people.adam, SAVE_ANSWER, question_id)
    assert again.text.startswith("This answer was already saved by Hana on ")
    assert len(reviewed_answers(database)) == 1 and len(kb.added) == 1


def test_nothing_to_save_before_hr_answered(assistant, database, people, kb):
    asked = sent_hr_card(assistant, database, people.ana)
    [refused] = click(assistant, people.hana, SAVE_ANSWER, str(asked.id))
    assert refused.text == "There's no HR answer to save yet: reply in the question's thread first."
    assert reviewed_answers(database) == []


def test_a_changed_document_takes_the_answer_out_of_the_index_and_asks_hr(assistant, database, people, kb):
    reviewed = saved(assistant, database, people, kb)
    assert flag(database, kb, changed=["travel.md"]) == 0  # not relied on
    assert flag(database, kb, changed=["conduct.md"]) == 1
    assert flag(database, kb, changed=["conduct.md"]) == 0  # already flagged
    [flagged] = reviewed_answers(database)
    assert (flagged.status, flagged.flagged_sources, flagged.flagged_at) == ("needs_review", ["conduct.md"], INGEST)
    assert kb.removed == [reviewed.id]
    [card] = outbox(database, entity_type="policy_review")
    assert card.channel == HR_CHANNEL
    assert buttons(card.blocks) == {STILL_CORRECT: str(reviewed.id), WITHDRAW: str(reviewed.id)}
    assert "relied on conduct.md, which changed" in card.text


def test_a_removed_document_flags_it_too(assistant, database, people, kb):
    saved(assistant, database, people, kb)
    assert flag(database, kb, removed=["safety.md"]) == 1
    assert reviewed_answers(database)[0].status == "needs_review"


def test_still_correct_indexes_it_again_with_the_new_hashes(assistant, database, people, kb):
    reviewed = saved(assistant, database, people, kb)
    flag(database, kb, changed=["conduct.md"], removed=["safety.md"])
    kb.hashes = {"conduct.md": "c2", "leave.md": "l1"}
    kb.added.clear()
    [refused] = click(assistant, people.olga, STILL_CORRECT, str(reviewed.id))
    assert refused.text == "Only HR can do that."
    [done] = click(assistant, people.hana, STILL_CORRECT, str(reviewed.id))
    assert done.text == "Done: the answer is cited again."
    [confirmed] = reviewed_answers(database)
    assert (confirmed.status, confirmed.relies_on, confirmed.reviewed_by_id) == (
        "active",
        {"conduct.md": "c2"},
        people.hana.id,
    )
    assert [added[0] for added in kb.added] == [reviewed.id]
    [settled] = outbox(database, kind="update", entity_type="policy_review")
    assert buttons(settled.blocks) == {}
    assert any("Confirmed as still correct by Hana" in line for line in lines(settled.blocks))
    [again] = click(assistant, people.adam, WITHDRAW, str(reviewed.id))
    assert again.text.startswith("Already done. Confirmed as still correct by Hana on ")
    assert reviewed_answers(database)[0].status == "active"


def test_withdraw_keeps_it_out_of_the_index(assistant, database, people, kb):
    reviewed = saved(assistant, database, people, kb)
    flag(database, kb, changed=["conduct.md"])
    [done] = click(assistant, people.adam, WITHDRAW, str(reviewed.id))
    assert done.text == "Done: the answer won't be cited any more."
    assert reviewed_answers(database)[0].status == "withdrawn"
    assert kb.removed == [reviewed.id, reviewed.id]
    [again] = click(assistant, people.hana, STILL_CORRECT, str(reviewed.id))
    assert again.text.startswith("Already done. Withdrawn by Adam on ")
    assert reviewed_answers(database)[0].status == "withdrawn"
    assert flag(database, kb, changed=["conduct.md"]) == 0  # a withdrawn answer is never flagged again


def test_the_index_sync_restores_lost_reviewed_answers_and_drops_strays(assistant, database, people, kb):
    reviewed = saved(assistant, database, people, kb)
    kb.indexed = {999}  # the index lost the answer, and holds one from a transaction that failed
    with database.session() as session:
        context = JobContext(session=session, now=INGEST, deps=policy_deps(kb))
        assert sync_reviewed_answers(context) == 2
        assert sync_reviewed_answers(context) == 0  # nothing new the second time
    assert kb.reviewed_answer_ids() == {reviewed.id}
    assert kb.added[-1][:3] == (reviewed.id, reviewed.question, reviewed.answer)
