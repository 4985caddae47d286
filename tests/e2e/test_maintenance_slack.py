"""A maintenance ticket through Slack with the real router: a problem reported in a DM, its card in the team's
channel, Take (the requester told), comments mirrored between the requester's thread and the team's, resolved from
the team's thread, and 👎 from the requester reopening it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.demo.maintenance import ASSETS_CSV
from bot.demo.places import PLACES_CSV
from db.engine import Database
from db.models import Role
from skills.common.reference import import_text
from skills.locations.reference import LOCATIONS
from skills.maintenance.models import Status, Ticket, TicketEvent
from skills.maintenance.reference import ASSETS, TEAMS
from tests.e2e.conftest import Person, add_person
from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_emulator import SlackEmulator
from tests.skills.maintenance.conftest import importer

FACILITIES, IT = "C0FACNY001", "C0ITSUP001"


@pytest.fixture
def crew(database: Database, emulator: SlackEmulator) -> dict[str, Person]:
    """Ana reports, Felix works facilities in New York; the places, the teams and the demo assets are imported."""
    emulator.add_channel(FACILITIES, "facilities-ny")
    emulator.add_channel(IT, "it-support")
    people = {
        "ana": add_person(database, emulator, "Ana Ruiz"),
        "felix": add_person(database, emulator, "Felix Ortega", roles={Role.FACILITIES}),
    }
    teams = ("code,name,channel,lead_email,member_emails,categories\n"
             f"FAC-NY,Facilities New York,{FACILITIES},{people['felix'].email},,hvac;plumbing;electrical;appliance;"
             "furniture;building;cleaning;other\n"
             f"FAC-MAD,Mantenimiento Madrid,{FACILITIES},{people['felix'].email},,hvac\n"
             f"IT,IT support,{IT},{people['felix'].email},,it\n")  # fmt: skip
    with database.session() as session:
        import_text(session, LOCATIONS, PLACES_CSV, importer("places.csv"))
        import_text(session, TEAMS, teams, importer("teams.csv"))
        import_text(session, ASSETS, ASSETS_CSV, importer("assets.csv"))
    return people


def newest(emulator: SlackEmulator, channel: str, needle: str, *, thread: str | None = None) -> dict[str, Any]:
    def found() -> list[dict[str, Any]]:
        messages = [m for m in emulator.messages(channel) if thread is None or m.get("thread_ts") == thread]
        return [m for m in messages if m.get("bot_id") and needle in emulator.render_text(m)][-1:]

    return emulator.wait_for(found, timeout=15)[0]


def status_of(database: Database) -> str:
    with database.session() as session:
        return session.scalars(select(Ticket.status)).one()


def test_dm_to_team_card_take_told_mirrored_resolved_and_thumbs_down_reopens(slack: SlackDriver, emulator, database,
                                                                             crew):  # fmt: skip
    ana, felix = crew["ana"], crew["felix"]
    dm = emulator.dm_channel_for(ana.slack_id)
    slack.send_dm(ana.slack_id, "the fridge in the 2nd floor kitchen stopped cooling")
    preview = newest(emulator, dm, "[Confirm]")
    shown = emulator.render_text(preview)
    assert "2nd floor kitchen fridge" in shown and "Facilities New York" in shown
    slack.click(ana.slack_id, "dialogue.confirm", message=preview)
    newest(emulator, dm, "filed and sent to Facilities New York")
    card = newest(emulator, FACILITIES, "[Take]")
    mine = newest(emulator, dm, "[Cancel ticket]")

    slack.click(ana.slack_id, "maintenance.take", message=card, channel=FACILITIES)  # not the team: refused
    whisper = emulator.wait_for(lambda: emulator.ephemerals(ana.slack_id), timeout=10)
    assert "Only Facilities New York" in whisper[-1]["text"]
    slack.click(felix.slack_id, "maintenance.take", message=card, channel=FACILITIES)
    newest(emulator, dm, "Felix Ortega is on it", thread=mine["ts"])
    assert status_of(database) == Status.IN_PROGRESS

    slack.send_dm(ana.slack_id, "it's leaking water on the floor now", thread_ts=mine["ts"])
    newest(emulator, FACILITIES, "Ana Ruiz: it's leaking water on the floor now", thread=card["ts"])
    photo = slack._message_event(ana.slack_id, dm, "this is how it looks", thread_ts=mine["ts"], subtype="file_share")
    photo.update(
        channel_type="im",
        thread_ts=mine["ts"],
        files=[
            {
                "id": "F0PHOTO01",
                "name": "fridge.jpg",
                "mimetype": "image/jpeg",
                "permalink": "https://acme.slack.com/files/U1/F0PHOTO01/fridge.jpg",
            }
        ],
    )
    slack.send_event(photo)
    newest(
        emulator,
        FACILITIES,
        "Ana Ruiz added a photo: https://acme.slack.com/files/U1/F0PHOTO01/fridge.jpg",
        thread=card["ts"],
    )
    slack.send_channel_message(felix.slack_id, FACILITIES, "coming up in 10 minutes", thread_ts=card["ts"])
    newest(emulator, dm, "Felix Ortega: coming up in 10 minutes", thread=mine["ts"])

    slack.send_channel_message(felix.slack_id, FACILITIES, "resolved: reset the thermostat", thread_ts=card["ts"])
    rating = newest(emulator, dm, "Still broken", thread=mine["ts"])
    assert "reset the thermostat" in emulator.render_text(rating)
    assert status_of(database) == Status.RESOLVED
    slack.click(ana.slack_id, "maintenance.down", message=rating)
    newest(emulator, FACILITIES, "says it is not fixed", thread=card["ts"])
    assert status_of(database) == Status.IN_PROGRESS
    with database.session() as session:
        kinds = [e.kind for e in session.scalars(select(TicketEvent).order_by(TicketEvent.id))]
    assert {"photo", "comment", "feedback"} <= set(kinds)


def test_a_click_on_a_team_card_answers_each_clicker_in_their_own_language(slack: SlackDriver, emulator, database,
                                                                            crew):  # fmt: skip
    ana, felix = crew["ana"], crew["felix"]
    rosa = add_person(database, emulator, "Rosa Vidal", locale="es-ES", roles={Role.FACILITIES})
    team = ("code,name,channel,lead_email,member_emails,categories\n"
            f"FAC-NY,Facilities New York,{FACILITIES},{felix.email},{rosa.email},appliance;other\n")  # fmt: skip
    with database.session() as session:
        import_text(session, TEAMS, team, importer("teams.csv"))
    dm = emulator.dm_channel_for(ana.slack_id)
    slack.send_dm(ana.slack_id, "the fridge in the 2nd floor kitchen stopped cooling")
    slack.click(ana.slack_id, "dialogue.confirm", message=newest(emulator, dm, "[Confirm]"))
    card = newest(emulator, FACILITIES, "[Take]")  # the team's card, in English

    slack.click(rosa.slack_id, "maintenance.take", message=card, channel=FACILITIES)
    taken = emulator.wait_for(lambda: emulator.ephemerals(rosa.slack_id), timeout=10)
    assert taken[-1]["text"].startswith("Hecho:") and "en curso" in taken[-1]["text"]
    slack.click(felix.slack_id, "maintenance.take", message=card, channel=FACILITIES)  # too late, in English
    late = emulator.wait_for(lambda: emulator.ephemerals(felix.slack_id), timeout=10)
    assert "is in progress now" in late[-1]["text"]
    slack.click(rosa.slack_id, "maintenance.take", message=card, channel=FACILITIES)  # again, in Spanish
    again = emulator.wait_for(lambda: emulator.ephemerals(rosa.slack_id)[1:], timeout=10)
    assert "está ahora en estado en curso" in again[-1]["text"]
    with database.session() as session:
        assert session.scalars(select(Ticket.assignee_id)).one() == rosa.employee_id
