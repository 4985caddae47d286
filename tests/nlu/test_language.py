"""Language detection: word and character cues, with the Slack locale as a prior for texts without cues."""

from __future__ import annotations

import pytest

from skills.common.language import detect_language, locale_language


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("I need next Friday off", None, "en"),
        ("necesito el viernes libre", None, "es"),
        ("how many vacation days do I have left?", "es-ES", "en"),
        ("¿cuántos días de vacaciones me quedan?", "en-US", "es"),
        ("expense 15 bucks for a cab", None, "en"),
        ("gasto de 12,50 € en material de papelería", None, "es"),
        ("the printer on the 3rd floor is broken", "es-MX", "en"),
        ("la impresora de la tercera planta está rota", "en-GB", "es"),
        ("@backoffice pto next friday", None, "en"),
        ("<@U123ABC> quiero vacaciones del 3 al 5 de diciembre", None, "es"),
        # short texts: one strong cue beats the prior
        ("hola", "en-US", "es"),
        ("gracias", "en-GB", "es"),
        ("ayuda", None, "es"),
        ("hi", "es-ES", "en"),
        ("help", "es-ES", "en"),
        ("thanks", "es", "en"),
        # no cue at all: the locale decides, then English
        ("ok", "es-ES", "es"),
        ("ok", "en-US", "en"),
        ("ok", None, "en"),
        ("PTO 3/12", "es-MX", "es"),
        ("👍", "es_ES", "es"),
        ("👍", "fr-FR", "en"),
        ("", "es-ES", "es"),
        ("Dell Latitude 5440", "es-ES", "es"),
        ("Dell Latitude 5440", "en-US", "en"),
    ],
)
def test_detect_language(text: str, locale: str | None, expected: str) -> None:
    assert detect_language(text, locale) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("es-ES", "es"), ("es_MX", "es"), ("EN-us", "en"), ("en", "en"), ("fr-FR", None), (None, None), ("", None)],
)
def test_locale_language(locale: str | None, expected: str | None) -> None:
    assert locale_language(locale) == expected
