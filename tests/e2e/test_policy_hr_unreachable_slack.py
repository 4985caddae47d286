"""A question for HR whose card Slack refuses (HR_CHANNEL names no channel the bot can post in): the asker is told,
in their language and where HR's answer would have come, that it never reached HR, instead of waiting forever."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bot.runtime import build_runtime
from bot.settings import Settings
from db.engine import Database
from db.models import OutboxMessage, OutboxStatus
from skills.common.time import FixedClock
from skills.policy.models import QUESTION_ENTITY
from skills.policy.views import ASK_HR
from tests.e2e.conftest import SIGNING_SECRET, BotServer, add_person, running_server
from tests.e2e.test_policy_slack import newest_with
from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_emulator import SlackEmulator
from tests.pinned import NOW

NO_SUCH_CHANNEL = "#hr-nobody-made"


@pytest.fixture(scope="module")
def unreachable_hr_server(
    slack_settings: Settings, migrated_database: Database, emulator: SlackEmulator
) -> Iterator[BotServer]:
    """The real assembly with an empty policy index (every question is refused) and an HR channel nobody made."""
    settings = slack_settings.model_copy(
        update={"knowledge_collection": "e2e-policies-no-hr", "hr_channel": NO_SUCH_CHANNEL}
    )
    runtime = build_runtime(settings, clock=FixedClock(NOW))
    runtime.knowledge.reset()
    with running_server(runtime) as server:
        yield server
    runtime.knowledge.reset()
    # the posts to the missing channel were this module's point: only they may be refused
    refused = [call for call in emulator.invalid_calls if call.params.get("channel") == NO_SUCH_CHANNEL]
    assert refused and all(call.response.get("error") == "channel_not_found" for call in refused)
    emulator.invalid_calls[:] = [call for call in emulator.invalid_calls if call not in refused]


@pytest.mark.parametrize(
    ("locale", "question", "refused", "told"),
    [
        ("en-US", "Can I bring my parrot to the office?", "won't guess", "did not reach HR"),
        ("es-ES", "¿Puedo traer mi loro a la oficina?", "no voy a adivinar", "no ha llegado a RR. HH."),
    ],
)
def test_the_asker_learns_their_question_never_reached_hr(
    unreachable_hr_server, emulator: SlackEmulator, database: Database, locale, question, refused, told
):
    slack = SlackDriver(f"{unreachable_hr_server.url}/slack/events", SIGNING_SECRET, emulator)
    asker = add_person(database, emulator, "Rosa Parrot", locale=locale)
    dm = emulator.dm_channel_for(asker.slack_id)
    slack.send_dm(asker.slack_id, question)
    refusal = newest_with(emulator, dm, refused)
    slack.click(asker.slack_id, ASK_HR, message=refusal, channel=dm)
    notice = emulator.render_text(newest_with(emulator, dm, told))
    assert "loro" in notice or "parrot" in notice
    with database.session() as session:
        card = session.scalar(
            select(OutboxMessage).where(OutboxMessage.entity_type == QUESTION_ENTITY).order_by(OutboxMessage.id.desc())
        )
        assert card is not None and card.status == OutboxStatus.FAILED and card.last_error == "channel_not_found"
