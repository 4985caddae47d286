"""Ask HR: the question goes to the HR channel once; HR's replies in the card's thread go back to the asker."""

from __future__ import annotations

from bot.assistant import Origin
from db.models import Employee, OutboxMessage
from db.outbox import Entity, enqueue, enqueue_update
from skills.i18n import unmarked
from skills.policy.config import PolicyConfig
from skills.policy.models import PolicyAnswer, PolicyQuestion
from skills.policy.notifications import relay_target
from skills.policy.rules import MAX_RELAY_CHARS
from skills.policy.views import ASK_HR, SAVE_ANSWER, VOTE_DOWN, VOTE_UP
from tests.fakes.trip_skill import Routed
from tests.skills.policy.conftest import (
    DOGS,
    HR_CHANNEL,
    SLACK,
    buttons,
    click,
    lines,
    mark_sent,
    outbox,
    policy_assistant,
    say,
)

HR_THREAD = Origin("slack", "C0HR:1700000000.000100")
TERMINAL = Origin("terminal", "terminal")
SPANISH_DM = Origin("slack", "D0EVA:main")


def ask_hr(assistant, who: Employee, origin: Origin = SLACK, text: str = DOGS) -> tuple[str, list]:
    """Ask a question the policies don't answer, press Ask HR; the answer id and the replies."""
    refusal = say(assistant, who, text, origin)[0]
    answer_id = buttons(refusal.blocks)[ASK_HR]
    return answer_id, click(assistant, who, ASK_HR, answer_id, origin)


def question(database) -> PolicyQuestion:
    with database.session() as session:
        found = session.query(PolicyQuestion).one()
        session.expunge_all()
        return found


def sent_hr_card(assistant, database, who: Employee, origin: Origin = SLACK) -> PolicyQuestion:
    """Ask HR, and let the outbox 'send' the HR card so its thread can be answered."""
    ask_hr(assistant, who, origin)
    card = outbox(database, channel=HR_CHANNEL)[0]
    mark_sent(database, card.id, "C0HR", "1700000000.000100")
    return question(database)


def test_ask_hr_posts_the_question_to_the_hr_channel(assistant, database, people, kb):
    _, replies = ask_hr(assistant, people.ana)
    assert [reply.text for reply in replies] == ["I've sent your question to HR. Their answer will come back here."]
    [card] = outbox(database)
    asked = question(database)
    assert (card.channel, card.thread_ts, card.recipient_id) == (HR_CHANNEL, None, None)
    assert (card.entity_type, card.entity_id) == ("policy_question", str(asked.id))
    shown = "\n".join(lines(card.blocks))
    assert f"Question for HR #{asked.id}" in shown
    assert "From: Ana (ana@corp.example) · Sales · US" in shown
    assert "Language: English" in shown
    assert DOGS in shown
    assert "• conduct.md › Office (0.31)\n• HR answer (2026-10-01) (0.22)\n• safety.md (0.20)" in shown
    assert "Reply in this thread: replies from HR go back to Ana." in shown
    assert buttons(card.blocks) == {}
    assert (asked.status, asked.via, asked.thread_key, asked.lang) == ("open", "slack", "D0ANA:main", "en")


def test_the_hr_card_says_a_spanish_asker_wrote_in_spanish(assistant, database, people, kb):
    ask_hr(assistant, people.eva, text="¿puedo traer a mi perro a la oficina?")
    shown = "\n".join(lines(outbox(database)[0].blocks))
    assert "Language: Spanish" in shown
    assert "¿puedo traer a mi perro a la oficina?" in shown


def test_only_the_asker_can_ask_hr_and_only_once(assistant, database, people, kb):
    refusal = say(assistant, people.ana, DOGS)[0]
    answer_id = buttons(refusal.blocks)[ASK_HR]
    [refused] = click(assistant, people.olga, ASK_HR, answer_id)
    assert refused.ephemeral and refused.text == "Only the person who asked can send this question to HR."
    assert outbox(database) == []
    click(assistant, people.ana, ASK_HR, answer_id)
    [again] = click(assistant, people.ana, ASK_HR, answer_id)
    assert again.ephemeral
    assert again.text.startswith("You already sent this question to HR on ")
    assert len(outbox(database)) == 1
    assert click(assistant, people.ana, ASK_HR, "not-a-number")[0].text == "That button no longer does anything."


def test_an_hr_reply_goes_back_to_the_slack_thread_it_came_from(assistant, database, people, kb):
    origin = Origin("slack", "C0TEAM:1699999999.000200")
    asked = sent_hr_card(assistant, database, people.ana, origin)
    [ack] = say(assistant, people.hana, "Yes, on Fridays, if your team agrees.", HR_THREAD)
    assert ack.text == "Sent to Ana."
    [relayed] = outbox(database, entity_type="policy_relay")
    assert (relayed.channel, relayed.thread_ts, relayed.recipient_id) == ("C0TEAM", "1699999999.000200", None)
    assert unmarked(relayed.text).splitlines() == [
        f"HR answered your question “{DOGS}”:",
        "Yes, on Fridays, if your team agrees.",
        "— Hana, HR",
    ]
    answered = question(database)
    assert (answered.status, answered.answered_by_id) == ("answered", people.hana.id)
    assert answered.last_answer == "Yes, on Fridays, if your team agrees."
    assert buttons(relayed.blocks) == {VOTE_UP: str(answered.answer_id), VOTE_DOWN: str(answered.answer_id)}
    [thanks] = click(assistant, people.ana, VOTE_UP, str(answered.answer_id))  # HR's answer is rated like any
    assert thanks.ephemeral and answer_row(database, answered.answer_id).feedback == "up"
    [update] = outbox(database, kind="update")
    assert update.update_of == outbox(database, channel=HR_CHANNEL)[0].id
    assert buttons(update.blocks) == {SAVE_ANSWER: str(asked.id)}
    assert any(line.strip().startswith("Answered by Hana on ") for line in lines(update.blocks))


def test_a_question_from_a_dm_main_pane_is_answered_in_the_dm(assistant, database, people, kb):
    sent_hr_card(assistant, database, people.ana)
    say(assistant, people.hana, "Yes.", HR_THREAD)
    [relayed] = outbox(database, entity_type="policy_relay")
    assert (relayed.channel, relayed.thread_ts) == ("D0ANA", None)


def test_an_hr_reply_to_a_terminal_question_goes_to_the_employee(assistant, database, people, kb):
    sent_hr_card(assistant, database, people.eva, TERMINAL)
    say(assistant, people.adam, "Sí, los viernes.", HR_THREAD)  # an admin answers for HR
    [relayed] = outbox(database, entity_type="policy_relay")
    assert (relayed.channel, relayed.recipient_id) == (None, people.eva.id)
    assert relayed.text.startswith("RR. HH. ha respondido a tu pregunta «")
    assert relayed.text.endswith("— Adam, RR. HH.")


def test_every_hr_reply_is_relayed_but_the_first_answer_keeps_the_status(assistant, database, people, kb):
    sent_hr_card(assistant, database, people.ana)
    say(assistant, people.hana, "Yes.", HR_THREAD)
    say(assistant, people.adam, "Only small dogs, though.", HR_THREAD)
    relays = outbox(database, entity_type="policy_relay")
    assert [relay.text.splitlines()[1] for relay in relays] == ["Yes.", "Only small dogs, though."]
    answered = question(database)
    assert (answered.answered_by_id, answered.last_answer_by_id) == (people.hana.id, people.adam.id)
    assert answered.last_answer == "Only small dogs, though."
    assert len(outbox(database, kind="update")) == 2


def test_a_reply_by_someone_outside_hr_is_not_passed_on(assistant, database, people, kb):
    sent_hr_card(assistant, database, people.ana)
    [note] = say(assistant, people.olga, "I think dogs are fine", HR_THREAD)
    assert note.text == "Only replies from HR are passed on to Ana; this one wasn't sent."
    assert outbox(database, entity_type="policy_relay") == []
    assert question(database).status == "open"
    assert outbox(database, kind="update") == []


def test_a_reply_too_long_to_relay_is_refused(assistant, database, people, kb):
    sent_hr_card(assistant, database, people.ana)
    [note] = say(assistant, people.hana, "x" * (MAX_RELAY_CHARS + 1), HR_THREAD)
    assert note.text.startswith(f"That reply is too long to pass on ({MAX_RELAY_CHARS + 1} characters")
    assert outbox(database, entity_type="policy_relay") == []
    assert question(database).status == "open"


def test_where_a_relay_goes():
    assert relay_target("slack", "D123ABC:main") == ("D123ABC", None)
    assert relay_target("slack", "C123:1700000000.000100") == ("C123", "1700000000.000100")
    assert relay_target("terminal", "terminal") == (None, None)
    assert relay_target("slack", "") == (None, None)


def test_the_hr_channel_speaks_the_configured_language():
    from bot.settings import Settings as AppSettings
    from skills.policy import SKILL

    def config(**values: str) -> PolicyConfig:
        built = SKILL.build_config(AppSettings(_env_file=None, **values).model_dump())  # type: ignore[arg-type]
        assert isinstance(built, PolicyConfig)
        return built

    assert config().hr_language == "en" and config().hr_channel == "#hr-questions"
    assert config(hr_language="es", hr_channel="#people").hr_language == "es"
    assert config(hr_channel="#people").hr_channel == "#people"


def answer_row(database, answer_id: int) -> PolicyAnswer:
    with database.session() as session:
        found = session.get(PolicyAnswer, answer_id)
        assert found is not None
        session.expunge(found)
        return found


def give_up(assistant, database, message_id: int) -> None:
    """What the outbox worker does when Slack refuses a row for good: hand it to the skill that owns its entity."""
    with database.session() as session:
        message = session.get(OutboxMessage, message_id)
        assert message is not None
        assistant.registry.undelivered(session, message)


def test_a_card_that_never_reaches_hr_is_told_to_the_asker_where_the_answer_would_come(assistant, database, people, kb):
    ask_hr(assistant, people.eva, SPANISH_DM, text="¿puedo traer a mi perro a la oficina?")
    [card] = outbox(database, channel=HR_CHANNEL)
    give_up(assistant, database, card.id)
    [told] = outbox(database, channel="D0EVA")
    assert told.thread_ts is None and told.entity_type == "policy_relay"
    assert unmarked(told.text).startswith("Tu pregunta «¿puedo traer a mi perro a la oficina?» no ha llegado a RR. HH.")

    ask_hr(assistant, people.ana, TERMINAL)
    terminal_card = outbox(database, channel=HR_CHANNEL)[-1]
    give_up(assistant, database, terminal_card.id)
    [dm] = outbox(database, recipient_id=people.ana.id)
    assert unmarked(dm.text).startswith("Your question “" + DOGS) and "did not reach HR" in dm.text


def test_a_reminder_or_a_card_edit_given_up_tells_the_asker_nothing(assistant, database, people, kb):
    asked = sent_hr_card(assistant, database, people.ana)
    with database.session() as session:
        card = session.get(OutboxMessage, outbox(database, channel=HR_CHANNEL)[0].id)
        reminder = enqueue(session, text="still open", channel="C0HR", thread_ts="1700000000.000100",
                           entity=Entity("policy_question", asked.id))  # fmt: skip
        edit = enqueue_update(session, card, text="edited")
        ids = (reminder.id, edit.id)
    before = len(outbox(database))
    for message_id in ids:
        give_up(assistant, database, message_id)
    assert len(outbox(database)) == before


class InboxRouter:
    """Reads every message as approvals.inbox, as the router reads "¿qué preguntas tengo pendientes?"."""

    def route(self, text: str, *, locale: str | None = None, **_: object) -> Routed:
        return Routed("approvals.inbox", "approvals", "es" if (locale or "").startswith("es") else "en", 0.7)


def test_hr_asking_for_the_questions_waiting_gets_them_oldest_first(assistant, database, clock, people, kb):
    sent_hr_card(assistant, database, people.ana)
    inbox = policy_assistant(database, clock, kb, InboxRouter())
    [listed] = say(inbox, people.hana, "what questions are waiting for me?")
    assert unmarked(listed.text).splitlines() == [
        f"*Questions waiting for HR* (oldest first): answer each in its card's thread in {HR_CHANNEL}.",
        f"• Ana, Nov 25, 2026, 5:00 AM: “{DOGS}”",
    ]
    say(assistant, people.hana, "Yes, on Fridays, if your team agrees.", HR_THREAD)
    [none_left] = say(inbox, people.hana, "unanswered questions")
    assert none_left.text == "No open questions for HR."
    [not_hr] = say(inbox, people.olga, "what questions are waiting for me?")  # anyone else: as routed (no inbox here)
    assert not_hr.text.startswith("I understood that as *what is waiting for your approval*")
