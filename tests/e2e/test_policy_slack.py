"""Policy questions through Slack: a cited answer, a refusal, Ask HR, HR's reply in the channel thread, Save as answer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from bot.knowledge_commands import HANDBOOK
from bot.runtime import build_runtime
from bot.settings import Settings
from db.engine import Database
from db.models import Role
from skills.common.time import FixedClock
from skills.leave.service import ensure_leave_types
from skills.policy.models import PolicyQuestion, ReviewedAnswer
from skills.policy.views import ASK_HR, SAVE_ANSWER, VOTE_DOWN
from tests.e2e.conftest import SIGNING_SECRET, BotServer, add_person, running_server, wait_until_recorded
from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_emulator import SlackEmulator
from tests.pinned import NOW

HR_CHANNEL = "C0HRQUESTS"


@pytest.fixture(scope="module")
def policy_server(
    slack_settings: Settings, migrated_database: Database, emulator: SlackEmulator
) -> Iterator[BotServer]:
    """The real assembly with the demo handbook in its own policy index, and an HR channel in the workspace."""
    emulator.add_channel(HR_CHANNEL, "hr-questions")
    settings = slack_settings.model_copy(update={"knowledge_collection": "e2e-policies", "hr_channel": "#hr-questions"})
    runtime = build_runtime(settings, clock=FixedClock(NOW))
    runtime.knowledge.reset()
    summary = runtime.knowledge.ingest([HANDBOOK], runtime.database)
    assert summary.documents == 10 and not summary.failed
    with running_server(runtime) as server:
        yield server
    runtime.knowledge.reset()


@pytest.fixture
def policy_slack(policy_server: BotServer, emulator: SlackEmulator, database: Database) -> SlackDriver:
    return SlackDriver(f"{policy_server.url}/slack/events", SIGNING_SECRET, emulator)


def newest_with(emulator: SlackEmulator, channel: str, needle: str, *, bots_only: bool = True) -> dict[str, Any]:
    """The newest message in ``channel`` (threads included) whose rendering contains ``needle``, waiting for it."""

    def found() -> list[dict[str, Any]]:
        return [
            m
            for m in emulator.messages(channel)
            if (m.get("bot_id") or not bots_only) and needle in emulator.render_text(m)
        ][-1:]

    return emulator.wait_for(found, timeout=15)[0]


def test_a_question_gets_a_cited_answer_in_the_askers_language(policy_slack, emulator, database):
    sam = add_person(database, emulator, "Sam Carter")
    policy_slack.send_dm(sam.slack_id, "How many days a week can I work from home?")
    dm = emulator.dm_channel_for(sam.slack_id)
    answer = newest_with(emulator, dm, "[1]")
    text = emulator.render_text(answer)
    assert "2 days a week" in text and "remote-work.md" in text and "From our policies" in text
    lucia = add_person(database, emulator, "Lucía Fernández", locale="es-ES")
    policy_slack.send_dm(lucia.slack_id, "¿Cuál es el límite de comidas por día en Madrid?")
    spanish = emulator.render_text(newest_with(emulator, emulator.dm_channel_for(lucia.slack_id), "[1]"))
    assert "Según nuestras normas" in spanish and "50 €" in spanish and "gastos-espana.md" in spanish


def test_an_unanswered_question_goes_to_hr_and_the_answer_comes_back_and_is_reused(policy_slack, emulator, database):
    sam = add_person(database, emulator, "Sam Carter")
    hr = add_person(database, emulator, "Lucía Fernández", roles={Role.HR})
    bystander = add_person(database, emulator, "Pat Doe")
    dm = emulator.dm_channel_for(sam.slack_id)

    policy_slack.send_dm(sam.slack_id, "Can I bring my dog to the office? <!channel>")
    refusal = newest_with(emulator, dm, "won't guess")
    assert emulator.render_text(refusal).count("[1]") == 0  # nothing cited: it does not guess
    policy_slack.click(sam.slack_id, ASK_HR, message=refusal, channel=dm)
    card = newest_with(emulator, HR_CHANNEL, "dog")
    card_text = emulator.render_text(card)
    assert "Sam Carter" in card_text and "English" in card_text
    raw = json.dumps(card)
    assert "<!channel>" not in raw and "&lt;!channel>" in raw  # the question cannot notify the HR channel
    newest_with(emulator, dm, "sent your question to HR")

    wait_until_recorded(emulator, database, card)  # Slack shows the card a moment before the worker records it
    policy_slack.send_channel_message(bystander.slack_id, HR_CHANNEL, "I think dogs are fine", thread_ts=card["ts"])
    note = emulator.wait_for(lambda: emulator.ephemerals(bystander.slack_id))  # only the bystander sees it
    assert "Only replies from HR are passed on" in emulator.render_text(note[-1])
    policy_slack.send_channel_message(
        hr.slack_id, HR_CHANNEL, "Yes on Fridays, if your team agrees. Tell reception first.", thread_ts=card["ts"]
    )
    relayed = newest_with(emulator, dm, "Tell reception first")
    assert "dog" in emulator.render_text(relayed)
    assert "I think dogs are fine" not in " ".join(emulator.render_text(m) for m in emulator.messages(dm))

    updated = newest_with(emulator, HR_CHANNEL, "Tell reception first")
    policy_slack.click(sam.slack_id, SAVE_ANSWER, message=updated, channel=HR_CHANNEL)  # not HR: refused
    policy_slack.click(hr.slack_id, SAVE_ANSWER, message=updated, channel=HR_CHANNEL)
    with database.session() as session:

        def saved() -> list[ReviewedAnswer]:
            session.expire_all()
            return list(session.scalars(select(ReviewedAnswer)))

        reviewed = emulator.wait_for(saved, timeout=10)
        assert len(reviewed) == 1 and reviewed[0].saved_by_id == hr.employee_id
        question = session.scalar(select(PolicyQuestion))
        assert question is not None and question.answered_by_id == hr.employee_id

    policy_slack.send_dm(sam.slack_id, "Are dogs allowed in the office?")
    reused = emulator.render_text(newest_with(emulator, dm, "HR answer ("))
    assert "Tell reception first" in reused
    policy_slack.click(sam.slack_id, VOTE_DOWN, channel=dm)


def test_a_policy_question_the_router_leaves_out_is_answered_in_the_middle_of_a_form(policy_slack, emulator, database):
    lucia = add_person(database, emulator, "Lucía Fernández", locale="es-ES")
    with database.session() as session:
        ensure_leave_types(session)  # the types `db upgrade` seeds (each test starts from empty tables)
    dm = emulator.dm_channel_for(lucia.slack_id)
    policy_slack.send_dm(lucia.slack_id, "quiero pedir el viernes libre")
    newest_with(emulator, dm, "¿Qué tipo de permiso es?")
    policy_slack.send_dm(lucia.slack_id, "¿cuál es el límite para comidas en Madrid?")  # the router says "none"
    answer = emulator.render_text(newest_with(emulator, dm, "gastos-espana.md"))
    assert "50 €" in answer
    newest_with(emulator, dm, "Volvamos a lo de antes (una solicitud de ausencia): ¿Qué tipo de permiso es?")
    policy_slack.send_dm(lucia.slack_id, "el de siempre")  # nothing answers that: the question is asked again
    newest_with(emulator, dm, "Perdona, no lo he entendido. ¿Qué tipo de permiso es?")
    policy_slack.send_dm(lucia.slack_id, "vacaciones")  # the form was kept all along, with its Friday
    newest_with(emulator, dm, "Las ausencias de tipo Vacaciones requieren 7 días de preaviso")  # Friday kept too
