"""The policy skill's named errors (both languages, told apart by class) and the checks that raise them, in order."""

from __future__ import annotations

import inspect
from dataclasses import replace

import pytest

from db.models import Role
from skills.core import Actor
from skills.errors import DomainError, NotAllowed
from skills.policy import errors
from skills.policy.errors import (
    AlreadySaved,
    AlreadySentToHr,
    EmptyReply,
    HrOnly,
    KnowledgeNotConfigured,
    NothingToSave,
    NotTheAsker,
    OnlyAskerAsksHr,
    OnlyAskerVotes,
    QuestionNotFound,
    ReplyNotFromHr,
    ReplyTooLong,
    ReviewAlreadyDecided,
)
from skills.policy.messages import ReviewDecision
from skills.policy.models import PolicyAnswer, PolicyQuestion, QuestionStatus
from skills.policy.queries import can_ask_hr, can_save, is_asker, is_hr
from skills.policy.rules import (
    FALLBACK_CONFIDENCE,
    MAX_RELAY_CHARS,
    acting_employee,
    answers_clearly,
    check_asker_asks_hr,
    check_asker_votes,
    check_hr,
    validate_reply,
)
from tests.pinned import NOW
from tests.skills.policy.conftest import person
from tests.skills.policy.fake_knowledge import grounded, passage, refusal

EVERY_ERROR: list[DomainError] = [
    KnowledgeNotConfigured(),
    QuestionNotFound(),
    OnlyAskerVotes(),
    OnlyAskerAsksHr(),
    HrOnly(),
    ReplyNotFromHr(asker="Ana"),
    EmptyReply(),
    ReplyTooLong(length=2801, limit=2800),
    NothingToSave(),
    AlreadySentToHr(at=NOW, timezone="Europe/Madrid"),
    AlreadySaved(saver="Hana", at=NOW, timezone="America/New_York"),
    ReviewAlreadyDecided(decision=ReviewDecision("withdrawn", "Adam", NOW, "Europe/Madrid")),
]


def test_every_policy_error_is_listed_here():
    declared = {
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, DomainError) and cls.__module__ == errors.__name__ and "key" in vars(cls)
    }
    assert declared == {type(error) for error in EVERY_ERROR}


@pytest.mark.parametrize("error", EVERY_ERROR, ids=lambda error: type(error).__name__)
def test_every_error_speaks_english_and_spanish(error: DomainError):
    english, spanish = error.message("en"), error.message("es")
    assert english and spanish and english != spanish
    assert not english.startswith("error.") and "{" not in english + spanish
    assert error.key.startswith("policy_") and error.slot is None


def test_errors_that_name_a_moment_write_it_for_the_reader():
    sent = AlreadySentToHr(at=NOW, timezone="Europe/Madrid")
    assert sent.message("en") == (
        "You already sent this question to HR on Nov 25, 2026, 11:00 AM. Their answer will come back here."
    )
    assert sent.message("es") == "Ya enviaste esta pregunta a RR. HH. el 25 nov 2026, 11:00. Su respuesta llegará aquí."
    saved = AlreadySaved(saver="Hana", at=NOW, timezone="America/New_York")
    assert saved.message("es") == "Esta respuesta ya la guardó Hana el 25 nov 2026, 5:00."
    decided = ReviewAlreadyDecided(decision=ReviewDecision("withdrawn", "Adam", NOW, "Europe/Madrid"))
    assert decided.message("en") == "Already done. Withdrawn by Adam on Nov 25, 2026, 11:00 AM."
    assert decided.message("es") == "Ya está hecho. Retirada por Adam el 25 nov 2026, 11:00."
    undated = ReviewAlreadyDecided(decision=ReviewDecision("active", "Hana", None, "UTC"))
    assert undated.message("en") == "Already done. Confirmed as still correct by Hana on ?."


def test_the_relay_refusals_in_both_languages():
    assert (
        ReplyNotFromHr(asker="Ana").message("en") == "Only replies from HR are passed on to Ana; this one wasn't sent."
    )
    assert ReplyNotFromHr(asker="Ana").message("es") == (
        "Solo se le pasan a Ana las respuestas de RR. HH.; esta no se ha enviado."
    )
    assert ReplyTooLong(length=2801, limit=2800).message("es") == (
        "Esa respuesta es demasiado larga para enviarla (2801 caracteres; el límite es 2800). No se ha enviado nada."
    )
    assert EmptyReply().message("es") == "En esa respuesta no hay nada que enviar."


def test_refusals_of_a_person_are_not_allowed_the_others_are_broken_rules():
    for person_refused in (OnlyAskerVotes(), OnlyAskerAsksHr(), HrOnly(), ReplyNotFromHr(asker="Ana")):
        assert isinstance(person_refused, NotAllowed)
    assert isinstance(OnlyAskerVotes(), NotTheAsker) and isinstance(OnlyAskerAsksHr(), NotTheAsker)
    assert not isinstance(HrOnly(), NotTheAsker)
    for rule in (EmptyReply(), ReplyTooLong(length=1, limit=0), NothingToSave(), QuestionNotFound()):
        assert not isinstance(rule, NotAllowed)


def test_permission_questions_are_queries():
    ana, hana, adam = person("Ana"), person("Hana", roles={Role.HR}), person("Adam", roles={Role.ADMIN})
    ana.id, hana.id = 1, 2
    assert not is_hr(ana) and is_hr(hana) and is_hr(adam)  # an admin answers for HR
    answer = PolicyAnswer(employee_id=1, question="q")
    assert is_asker(answer, ana) and not is_asker(answer, hana)
    assert can_ask_hr(answer) and not can_ask_hr(PolicyAnswer(employee_id=1, sent_to_hr_at=NOW))
    assert can_save(PolicyQuestion(status=QuestionStatus.ANSWERED, last_answer="Yes."))
    assert not can_save(PolicyQuestion(status=QuestionStatus.ANSWERED, last_answer=""))
    assert not can_save(PolicyQuestion(status=QuestionStatus.OPEN, last_answer="Yes."))
    assert not can_save(PolicyQuestion(status=QuestionStatus.SAVED, last_answer="Yes."))


def test_the_checks_raise_the_named_errors():
    ana, olga, hana = person("Ana"), person("Olga"), person("Hana", roles={Role.HR})
    ana.id, olga.id, hana.id = 1, 3, 2
    answer = PolicyAnswer(employee_id=1, question="q")
    check_asker_votes(answer, ana)
    check_asker_asks_hr(answer, ana)
    with pytest.raises(OnlyAskerVotes):
        check_asker_votes(answer, olga)
    with pytest.raises(OnlyAskerAsksHr):
        check_asker_asks_hr(answer, hana)  # HR may not press the asker's button either
    check_hr(hana)
    with pytest.raises(HrOnly):
        check_hr(ana)


def test_a_reply_is_checked_in_order_from_hr_then_not_empty_then_short_enough():
    ana, hana = person("Ana"), person("Hana", roles={Role.HR})
    question = PolicyQuestion(question="dogs?", employee=ana)
    with pytest.raises(ReplyNotFromHr) as not_hr:
        validate_reply(question, ana, "   ")  # who replies is checked before what they wrote
    assert not_hr.value.params == {"name": "Ana"}
    with pytest.raises(EmptyReply):
        validate_reply(question, hana, " \n ")
    with pytest.raises(ReplyTooLong) as too_long:
        validate_reply(question, hana, "x" * (MAX_RELAY_CHARS + 1))
    assert too_long.value.params == {"length": MAX_RELAY_CHARS + 1, "limit": MAX_RELAY_CHARS}
    assert validate_reply(question, hana, "  " + "x" * MAX_RELAY_CHARS + "  ") == "x" * MAX_RELAY_CHARS


def test_only_a_person_acts_on_policy_questions():
    ana = person("Ana")
    assert acting_employee(Actor(ana, "slack", NOW)) is ana
    with pytest.raises(NotAllowed):
        acting_employee(Actor(None, "job", NOW))


def test_the_fallback_answers_only_what_the_index_clearly_answers():
    sure = grounded("vacation?", "22 days [1].", passage("leave.md", "Vacation", 0.8))
    sure = replace(sure, confidence=FALLBACK_CONFIDENCE)
    assert answers_clearly(sure)
    assert not answers_clearly(replace(sure, confidence=FALLBACK_CONFIDENCE - 0.001))
    assert not answers_clearly(replace(sure, text="  "))
    assert not answers_clearly(replace(refusal("dogs?"), confidence=0.99))
