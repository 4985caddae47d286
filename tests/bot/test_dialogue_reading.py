"""What the dialogue reads besides slots: a labelled free text only where a label can stand, and interpreted dates
said back (spelt-out ones are not)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogue.reading import dates_read, labelled_text, spelt_out
from skills.leave.forms import LEAVE_REQUEST
from tests.fakes.trip_skill import TRIP


@pytest.mark.parametrize(
    ("text", "rest", "found"),
    [
        ("Dec 3-5, reason: family trip", "Dec 3-5,", {"reason": "family trip"}),
        ("Reason: family trip", "", {"reason": "family trip"}),
        ("del 3 al 5 de diciembre; motivo: boda", "del 3 al 5 de diciembre;", {"reason": "boda"}),
        ("about my reason: none really", "about my reason: none really", {}),  # a sentence, not a field
        ("reason:", "reason:", {}),
    ],
)
def test_a_labelled_free_text_is_read_where_a_label_can_stand(text, rest, found):
    assert labelled_text(LEAVE_REQUEST, text) == (rest, found)


def test_a_required_free_text_is_never_filled_by_a_label():
    assert labelled_text(TRIP, "Dec 3-5, purpose: client visit") == ("Dec 3-5, purpose: client visit", {})


@pytest.mark.parametrize(
    ("raw", "day", "spelt"),
    [("Dec 14-16", date(2026, 12, 14), True), ("14 de diciembre", date(2026, 12, 14), True),
     ("2026-12-14", date(2026, 12, 14), True), ("next Friday", date(2026, 12, 4), False),
     ("the 9th", date(2026, 12, 9), False), ("12/11", date(2026, 12, 11), False)],
)  # fmt: skip
def test_only_interpreted_dates_are_said_back(raw, day, spelt):
    assert spelt_out(raw, day) is spelt


def test_the_date_said_back_is_the_one_that_filled_the_slot():
    slots = {"start_date": "2026-11-27"}
    assert (
        dates_read("I want Friday off", slots, date(2026, 11, 25), "en-US", "en") == "I read “Friday” as Fri, Nov 27."
    )
    assert dates_read("I want Friday off", {"start_date": "2026-12-04"}, date(2026, 11, 25), "en-US", "en") is None


def test_days_listed_together_are_said_back_together():
    """ "the 28th and 29th of December" was said back as "I read “28th” as Mon, Dec 28", for a Dec 28-29 request."""
    slots = {"start_date": "2026-12-28", "end_date": "2026-12-29"}
    said = dates_read("I need the 28th and 29th of December off", slots, date(2026, 12, 7), "en-US", "en")
    assert said == "I read “28th and 29th of December” as Mon, Dec 28 – Tue, Dec 29."
