"""A decision word with extra text decides ("vale, aprobado", "ok approved, enjoy"); questions, negations and
anything else decide nothing (the message is then routed as usual)."""

from __future__ import annotations

import pytest

from skills.approvals.words import Verdict, asks_who_approves, read_decision


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("approve", Verdict(True)),
        ("vale, aprobado", Verdict(True)),
        ("ok approved, enjoy", Verdict(True)),
        ("Approved! Have a good trip", Verdict(True)),
        ("👍", Verdict(True)),
        ("sí", Verdict(True)),
        ("ok", Verdict(True)),
        ("de acuerdo", Verdict(True)),
        ("lgtm 🎉", Verdict(True)),
        ("reject: release week, sorry", Verdict(False, "release week, sorry")),
        ("rechazada, coincide con el cierre", Verdict(False, "coincide con el cierre")),
        ("I have to reject this, we are short that week", Verdict(False, "this, we are short that week")),
        ("reject", Verdict(False, None)),
    ],
)
def test_a_decision_word_decides(text, verdict):
    assert read_decision(text) == verdict


@pytest.mark.parametrize(
    "text",
    [
        "ok, but can we talk first?",
        "approved?",
        "¿aprobado?",
        "not approved yet, let me check",
        "no lo apruebo todavía",
        "ok but let me check the calendar",
        "how many days does she have left",
        "don't reject it",
    ],
)
def test_anything_else_decides_nothing(text):
    assert read_decision(text) is None


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("who approves my expenses?", True), ("¿quién aprueba mis vacaciones?", True),
        ("who do I ask for time off?", True), ("¿a quién le pido las vacaciones?", True),
        ("who signs off my expense claims?", True), ("approve Sam's vacation", False),
        ("who is off tomorrow?", False), ("aprueba la de Ana", False),
    ],
)  # fmt: skip
def test_a_question_about_who_approves_is_told_from_a_decision(text, asks):
    assert asks_who_approves(text) is asks
    if asks:
        assert read_decision(text) is None  # a question never decides
