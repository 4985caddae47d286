import pytest

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
