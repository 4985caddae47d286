"""A vague problem report the router leaves out ("the boiler has a problem", "algo le pasa al ascensor") is not
"I'm not sure what you mean": if it names an asset or a thing facilities look after, the bot asks whether to report
it; Yes opens the usual report (preview, then Confirm), No changes nothing. A problem with a payslip is not asked."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from skills.maintenance.matching import vague_report_subject
from skills.maintenance.models import Ticket

from .conftest import text_of
from .test_extraction import demo_registry


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("the boiler has a problem", "Caldera Madrid"),
        ("la caldera tiene un problema", "Caldera Madrid"),
        ("something is wrong with the dishwasher", "2nd floor kitchen dishwasher"),
        ("algo le pasa al lavavajillas", "2nd floor kitchen dishwasher"),
        ("the heating is acting up", ""),  # a thing of a category, no asset of that name: asked plainly
        ("hay algo raro con la calefacción", ""),
        ("I have a problem with my payslip", None),  # not maintenance
        ("tengo un problema con mi nómina", None),
        ("the boiler was serviced last week", None),  # no problem said
    ],
)
def test_what_a_vague_report_is_about(text: str, subject: str | None):
    assert vague_report_subject(text, demo_registry()) == subject


def test_yes_opens_the_report_and_confirm_files_it(harness, people):
    offered = harness.say(people.eva, "la caldera tiene un problema", intent="none")
    assert "¿Quieres avisar de una avería en Caldera Madrid?" in text_of(offered)
    preview = harness.press(people.eva, offered[-1], "Sí")
    assert "Caldera Madrid" in text_of(preview) and "[Confirmar]" in text_of(preview)
    with harness.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 0  # nothing until Confirm
    harness.press(people.eva, preview[-1], "Confirmar")
    with harness.database.session() as session:
        [ticket] = session.scalars(select(Ticket)).all()
        assert ticket.asset is not None and ticket.asset.tag == "CALD-MAD"


def test_no_changes_nothing_and_an_unrelated_problem_is_not_offered(harness, people):
    offered = harness.say(people.ana, "the boiler has a problem", intent="none")
    declined = harness.press(people.ana, offered[-1], "No")
    assert "I haven't done anything" in text_of(declined)
    payslip = harness.say(people.ana, "I have a problem with my payslip", intent="none")
    assert "report a problem" not in text_of(payslip) and "[Yes]" not in text_of(payslip)
    with harness.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 0
