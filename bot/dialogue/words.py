"""Words that cancel a conversation in progress, or just say yes, in English and Spanish."""

from __future__ import annotations

from skills.common.language import fold_words

CANCEL_PHRASES = frozenset(
    {
        "cancel", "cancel it", "cancel that", "cancel this", "stop", "never mind", "nevermind", "forget it",
        "forget about it", "abort", "no thanks", "nope, cancel", "quit",
        "cancela", "cancelar", "cancelalo", "olvidalo", "olvida", "olvidate", "dejalo", "dejalo estar",
        "no importa", "para", "anula", "anulalo", "mejor no", "no gracias",
    }
)  # fmt: skip


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces (as whole-message commands are compared)."""
    return fold_words(text)


def is_cancel(text: str) -> bool:
    """Whether the whole message asks to drop what is in progress ("cancel", "olvídalo", "never mind")."""
    folded = fold(text)
    return folded in CANCEL_PHRASES or (folded.startswith("please ") and folded[7:] in CANCEL_PHRASES)


AGREE_PHRASES = frozenset(
    {
        "yes", "yes please", "yeah", "yep", "ok", "okay", "sure", "confirm", "confirmed", "go ahead", "send it",
        "do it", "looks good", "correct", "right", "fine",
        "si", "si por favor", "vale", "confirmar", "confirmo", "confirma", "de acuerdo", "adelante", "envialo",
        "hazlo", "correcto", "perfecto", "esta bien", "ok vale",
    }
)  # fmt: skip


def is_question(text: str) -> bool:
    """Whether the message is asked as a question ("¿cuántos días…?", "what's the meal limit?")."""
    stripped = text.strip()
    return stripped.endswith("?") or stripped.startswith("¿")


def is_agreement(text: str) -> bool:
    """Whether the whole message just says yes ("ok", "confirm", "sí, vale"): at a preview, a nod to its button."""
    return fold(text) in AGREE_PHRASES


CORRECTION_CUES = (
    "actually", "make it", "change", "instead", "no,", "sorry,", "i meant", "rather", "wait",
    "mejor", "en realidad", "cambia", "cambialo", "perdon", "quiero decir", "no, ", "espera",
)  # fmt: skip


CHANGE_CUES = (
    "instead", "make it", "change it", "change the", "change to", "switch it", "set it to", "put it",
    "en vez de", "en lugar de", "cambia", "cambialo", "cambiar", "cambiarlo", "dejalo en", "dejar en",
    "dejarlo en", "ponlo", "ponerlo", "poner en",
)  # fmt: skip
"""Words that ask for a change wherever they stand in the message ("can you make it 12 € instead?")."""


def asks_a_change(text: str) -> bool:
    """Whether the message asks to change a value, even worded as a question ("can you make it Friday instead?",
    "¿lo puedes dejar en 12 €?"): a correction of the preview, not a question to answer beside it."""
    padded = f" {fold(text)} "
    return is_correction(text) or any(f" {cue} " in padded for cue in CHANGE_CUES)


def _starts_with_cue(lowered: str, folded: str, cue: str) -> bool:
    """A cue with punctuation ("no,") must be written with it; a word cue must be whole ("no" is not "nobody")."""
    if fold(cue) != cue.strip():
        return lowered.startswith(cue)
    return folded == cue or folded.startswith(fold(cue) + " ")


def is_correction(text: str) -> bool:
    """Whether the message corrects an earlier value ("actually make it Friday", "mejor el viernes", "no, the 5th");
    "no me dieron ticket" or "November 3" is not one."""
    lowered = text.lower().strip()
    folded = fold(text)
    return any(_starts_with_cue(lowered, folded, cue) for cue in CORRECTION_CUES)
