import pytest

import bot.dialogue.messages
import bot.messages  # noqa: F401
import skills
from skills import i18n


def test_every_message_is_in_english_and_spanish():
    skills.all_skills()
    assert i18n.missing_translations() == {"en": [], "es": []}


@pytest.mark.parametrize(
    ("given", "expected"),
    [("es-ES", "es"), ("es_MX", "es"), ("EN-gb", "en"), ("fr-FR", "en"), (None, "en"), ("", "en")],
)
def test_languages_are_normalised(given, expected):
    assert i18n.normalise_language(given) == expected


def test_missing_keys_and_bad_parameters_never_raise():
    assert i18n.translate("es", "no.such.key") == "no.such.key"
    assert "{contact}" in i18n.translate("en", "bot.unknown_user")


def test_every_catalog_intent_has_a_label_in_both_languages():
    from bot.nlu.catalog import INTENTS

    labelled = {intent for intent in INTENTS if f"intent.{intent}" in i18n.message_keys()}
    assert labelled == set(INTENTS)
    assert all(
        i18n.translate("es", f"intent.{intent}") != i18n.translate("en", f"intent.{intent}") for intent in INTENTS
    )


def test_plural_messages_agree_with_their_number_through_babel():
    from decimal import Decimal

    from skills.leave.messages import day_count, taken_and_pending, working_day_count

    assert working_day_count(Decimal(1), "en") == "1 working day"
    assert working_day_count(Decimal("1.0"), "es") == "1 día laborable"
    assert working_day_count(Decimal("0.5"), "en") == "0.5 working days"
    assert working_day_count(Decimal(3), "es") == "3 días laborables"
    assert day_count(Decimal(1), "es") == "1 día" and day_count(Decimal(2), "en") == "2 days"
    assert taken_and_pending(Decimal(1), Decimal(2), "es") == ("1 disfrutado", "2 pendientes")
    assert taken_and_pending(Decimal(0), Decimal(1), "en") == ("0 taken", "1 pending")


def test_a_plural_message_needs_the_other_form_in_every_language():
    with pytest.raises(ValueError, match="other"):
        i18n.add_plurals({"test.broken": {"en": {"one": "{count} thing"}}})


def test_a_button_label_tells_the_language_of_its_card():
    skills.all_skills()
    assert i18n.language_of_label("Cancelar") == "es"
    assert i18n.language_of_label("Cancel") == "en"
    assert i18n.language_of_label("no such label") is None


def test_the_spanish_help_asks_to_be_mentioned_correctly():
    skills.all_skills()
    assert "mencióname" in i18n.translate("es", "help.footer")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_set_aside_note_reads_well_with_every_intent_label(lang):
    """Intent labels carry their own article ("an expense claim"), so the note must not add a possessive before it."""
    from bot.nlu.catalog import INTENTS

    skills.all_skills()
    for intent in INTENTS:
        label = i18n.translate(lang, f"intent.{intent}")
        note = i18n.translate(lang, "dialogue.dropped", intent=label)
        assert label in note
        assert f"your unfinished {label}" not in note and f"tu {label}" not in note
