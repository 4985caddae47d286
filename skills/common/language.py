"""Per-message language detection (English or Spanish), once for the router and the extractors: word and character
cues, with the Slack locale as a prior.

No model and no dependency: each language scores the common function words and back-office words it owns, plus
Spanish-only characters (ñ, accents, ¿, ¡). The user's Slack locale adds a small head start, so a text with no cue
at all ("ok", "PTO 3/12", "👍") keeps the user's language, and a clear Spanish sentence from an ``en-US``
user is still Spanish.
"""

from __future__ import annotations

import re
import unicodedata

SUPPORTED = ("en", "es")
DEFAULT_LANG = "en"
LOCALE_PRIOR = 1.5
"""Head start given to the locale's language; a single strong cue (2 points) outweighs it."""

_NOT_WORD = re.compile(r"[^\w\s]")


def fold_words(text: str) -> str:
    """``text`` as words are compared: lower case, no accents, punctuation as spaces, single spaces ("¡Sí, vale!"
    -> "si vale")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", plain).split())


_WORD = re.compile(r"[a-záéíóúüñ']+", re.IGNORECASE)
_SLACK_MARKUP = re.compile(r"<[^>]*>|@\w+|:[a-z0-9_+-]+:|https?://\S+")

_EN_WORDS = frozenset(
    """
    a about after all am an and any anyone are as at be been before but by can can't could did didn't do does
    don't for from get got had has have how i i'd i'll i'm i've if in into is isn't it it's its just last left
    let me mine my need next no not now of off on or our out over please pls thanks thank that the their them
    there these they this to today tomorrow too up us want was we week were what what's when where which who
    who's why will with won't would yes yet you your hi hello hey help morning afternoon evening still any
    leave vacation holiday sick day days request approved cancel expense receipt stock ticket broken fix
    how's many much left some someone something show tell give take taking took book add remove move
    check status update close open new issue delivery received send got thanks thx yeah yep nope
    """.split()
)
_ES_WORDS = frozenset(
    """
    a al algo alguien algún alguna como con cual cuál cuando cuándo cuánto cuánta cuántos cuántas cuanto
    cuantos de del donde dónde el él ella en era es esa ese eso esta está están este esto estoy fue ha hace
    han hay he hoy la las le lo los me mi mis muy más mañana nada no nos nuestro o otra otro para pero por
    porque puedo puede qué que quiero quien quién se ser si sí sin sobre su sus también tengo tiene todo
    todos tu tus un una unos uno y ya ayer semana viernes lunes martes miércoles jueves sábado domingo
    hola gracias buenas buenos días dias ayuda favor porfa vale necesito quiero quisiera cuantas
    vacaciones libre libres baja permiso gasto gastos ticket incidencia almacén planta sala solicitud
    cancela anula pide pido dame dime muéstrame enséñame quedan queda tenemos hemos ha llegado roto rota
    arregla arreglar funciona estado cómo va
    da igual jaja jajaja prueba vale bueno claro comprobar resolver resta suma saca mueve entrega quita pon ponme
    apunta registra añade borra sube pasa mete pídeme dile mañana tarde noche cuánta cuántas quedan queda
    tengo tienes tiene hay gracias aburro perdón disculpa oye mira porque también ahora luego después antes
    """.split()
)
# Words both languages use: they tell nothing and are removed from both sets.
_SHARED = _EN_WORDS & _ES_WORDS
_EN_ONLY = _EN_WORDS - _SHARED
_ES_ONLY = _ES_WORDS - _SHARED

_ES_CHARS = frozenset("ñáéíóúü¿¡")
_ES_SUFFIXES = ("ción", "ciones", "mente", "amos", "emos", "imos", "ado", "ada", "ido", "ida")
_EN_SUFFIXES = ("ing", "tion", "ed", "ly", "ness")


def locale_language(locale: str | None) -> str | None:
    """The supported language of a Slack locale such as ``es-ES`` or ``en_US`` (``None`` if other or unset)."""
    if not locale:
        return None
    code = locale.replace("_", "-").split("-")[0].strip().lower()
    return code if code in SUPPORTED else None


def language_scores(text: str) -> dict[str, float]:
    """Cue points per language for ``text`` (before the locale prior)."""
    cleaned = _SLACK_MARKUP.sub(" ", unicodedata.normalize("NFC", text)).lower()
    scores = {"en": 0.0, "es": 0.0}
    for char in cleaned:
        if char in _ES_CHARS:
            scores["es"] += 1.0
    for word in _WORD.findall(cleaned):
        if word in _EN_ONLY:
            scores["en"] += 2.0
        elif word in _ES_ONLY:
            scores["es"] += 2.0
        elif len(word) > 5 and word.endswith(_ES_SUFFIXES):
            scores["es"] += 0.5
        elif len(word) > 4 and word.endswith(_EN_SUFFIXES):
            scores["en"] += 0.5
    return scores


def detect_language(text: str, locale: str | None = None) -> str:
    """``"en"`` or ``"es"`` for ``text``; ties and cue-less texts go to the locale's language, then English."""
    prior = locale_language(locale)
    scores = language_scores(text)
    if prior is not None:
        scores[prior] += LOCALE_PRIOR
    best = max(SUPPORTED, key=lambda lang: scores[lang])
    others = [lang for lang in SUPPORTED if lang != best]
    if any(scores[other] == scores[best] for other in others):
        return prior or DEFAULT_LANG
    return best
