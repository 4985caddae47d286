"""policy.ask in chat: the framed answer with numbered citations and 👍/👎, or the refusal with Ask HR."""

from __future__ import annotations

from sqlalchemy import select

from bot.terminal.render import render_blocks
from knowledge.types import Audience
from skills.policy.models import PolicyAnswer
from skills.policy.views import ASK_HR, VOTE_DOWN, VOTE_UP
from tests.skills.policy.conftest import DOGS, VACACIONES, VACATION, buttons, lines, outbox, policy_assistant, say


def stored(database) -> list[PolicyAnswer]:
    with database.session() as session:
        found = list(session.scalars(select(PolicyAnswer).order_by(PolicyAnswer.id)))
        session.expunge_all()
        return found


def test_an_answer_is_framed_cited_and_rated_in_english(assistant, database, people, kb):
    reply = say(assistant, people.ana, VACATION)[0]
    assert reply.text.splitlines() == [
        "From our policies:",
        "Everyone gets 22 working days of vacation a year [1].",
        "",
        "[1] leave.md › Vacation › Allowance",
    ]
    shown = lines(reply.blocks)
    assert shown[0] == "From our policies:\nEveryone gets 22 working days of vacation a year [1]."
    assert shown[1].strip() == "[1] leave.md › Vacation › Allowance"
    answer = stored(database)[0]
    assert buttons(reply.blocks) == {VOTE_UP: str(answer.id), VOTE_DOWN: str(answer.id)}
    assert kb.asked == [(VACATION, Audience(country="US", department="Sales"))]
    assert (answer.question, answer.lang, answer.escalated, answer.confidence) == (VACATION, "en", False, 0.9)
    assert answer.answer_text == "Everyone gets 22 working days of vacation a year [1]."
    assert answer.sources == [
        {"source": "leave.md", "section": "Vacation > Allowance", "kind": "policy", "score": 0.82, "saved_on": ""}
    ]
    assert outbox(database) == []  # an answer is a reply, nothing is queued


def test_an_answer_in_spanish_cites_a_reviewed_hr_answer_by_its_date(assistant, database, people, kb):
    reply = say(assistant, people.eva, VACACIONES)[0]
    assert reply.text.splitlines()[0] == "Según nuestras normas:"
    assert reply.text.splitlines()[-2:] == [
        "[1] leave.md › Vacation › Allowance",
        "[2] Respuesta de RR. HH. (2026-11-02)",
    ]
    assert reply.blocks is not None
    labels = [element["text"]["text"] for element in reply.blocks[-1]["elements"]]
    assert labels == ["👍 Me sirve", "👎 No me sirve"]
    assert kb.asked[0][1] == Audience(country="ES-MD", department="Finance")
    assert stored(database)[0].lang == "es"


def test_below_the_gate_it_does_not_guess_and_offers_to_ask_hr(assistant, database, people, kb):
    reply = say(assistant, people.ana, DOGS)[0]
    assert reply.text.startswith("I didn't find this in our policies, and I won't guess.")
    answer = stored(database)[0]
    assert buttons(reply.blocks) == {ASK_HR: str(answer.id)}
    assert answer.escalated and answer.answer_text == "" and answer.sources == []
    assert [item["source"] for item in answer.searched] == ["conduct.md", "hr-answer-3", "safety.md"]


def test_the_refusal_in_spanish(assistant, people, kb):
    reply = say(assistant, people.eva, "¿puedo traer a mi perro?")[0]
    assert reply.text.startswith("No he encontrado esto en nuestras normas y no voy a adivinar.")
    _, choices = render_blocks(reply.blocks or [])
    assert [choice.label for choice in choices] == ["Preguntar a RR. HH."]


def test_without_a_policy_index_the_user_is_told_what_to_do(database, clock, people):
    reply = say(policy_assistant(database, clock, None), people.ana, VACATION)[0]
    assert reply.text == "The policy index isn't set up yet: an admin needs to run `backoffice knowledge ingest`."
    assert stored(database) == []
