"""Writes need evidence (issue 11, item 4): junk, SQL-, code- and markup-like text is never a request, and
misspelt key words are read as the words they meant; the held-out set (never tuned on) has no false write."""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu.catalog import NONE, WRITE_INTENTS, fix_key_words
from bot.nlu.commands import evaluate, read_labelled
from bot.nlu.junk import looks_like_junk, says_no_words
from bot.nlu.router import Router
from tests.nlu.paths import DATA_DIR

TODAY = date(2025, 11, 24)
HELD_OUT = DATA_DIR / "nlu_heldout.jsonl"


@pytest.mark.parametrize(
    "text",
    [
        "'; DROP TABLE leave_requests; --",
        "<script>alert('x')</script>",
        "SELECT * FROM employees WHERE 1=1",
        'Traceback (most recent call last): File "app.py", line 12, in <module>',
        "%$#@!&*()_+",
        "¿¿¿???!!!",
    ],
)
def test_junk_is_recognised_by_its_shape(text):
    assert looks_like_junk(text)


@pytest.mark.parametrize(
    "text",
    ["2", "$50", "Dec 14-16", "12/18-12/20", "vacation Dec 14-16, reason: family trip", "return 3 chairs; thanks",
     "let me take Friday off: family", "¿me quedan días?", "ticket #37", "€20,50"],
)  # fmt: skip
def test_ordinary_messages_are_not_junk(text):
    assert not looks_like_junk(text)


def test_junk_routes_to_none_never_to_a_write(router: Router):
    for text in ["'; DROP TABLE leave_requests; --", "UPDATE leave_requests SET status='approved' WHERE id=4"]:
        route = router.route(text, today=TODAY)
        assert route.intent == NONE and route.confidence == 1.0


@pytest.mark.parametrize("text", ["2", "45", "45 €", "$ 30", "12/12", "3.5"])
def test_a_message_without_a_letter_asks_for_nothing(router: Router, text: str):
    assert says_no_words(text)
    route = router.route(text, locale="es-ES", today=TODAY)  # "2" started an expense claim ("¿Qué tipo de gasto?")
    assert route.intent == NONE and route.confidence == 1.0


@pytest.mark.parametrize("text", ["taxi 45", "2 días", "x", "¿?a"])
def test_a_message_with_a_letter_says_something(text: str):
    assert not says_no_words(text)


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("i ned vaction on dec 30 pls", "i ned vacation on dec 30 pls"),
        ("vacaton", "vacation"),
        ("necesito un dia personel", "necesito un dia personal"),
        ("apúntame medio día", "apúntame medio día"),  # a word the examples use is never "corrected"
        ("how many personas are off", "how many personas are off"),  # other ends: another word
    ],
)
def test_misspelt_key_words_are_put_right(text, fixed):
    assert fix_key_words(text) == fixed


def test_a_misspelt_request_routes_with_its_slots(router: Router):
    route = router.route("i ned vaction on dec 30 pls", today=TODAY)
    assert route.intent == "leave.request"
    assert route.slots["leave_type"] == "vacation" and route.slots["start_date"] == "2025-12-30"


def test_the_held_out_set_has_no_false_write(router: Router):
    report = evaluate(read_labelled(HELD_OUT), router, today=TODAY, timed=False)
    assert report.false_write_rate == 0.0
    assert all(error.get("got") not in WRITE_INTENTS for error in report.errors if error.get("expected") == NONE)
