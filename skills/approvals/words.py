"""Reading a decision in free text: "approve", "vale, aprobado", "ok approved, enjoy", "reject: clash", "rechazada,
coincide con el cierre". A word that only agrees ("ok", "vale", "sí") decides only when it is all that was said.
Also telling a question about who decides ("who approves my expenses?") from a decision."""

from __future__ import annotations

import re
from dataclasses import dataclass

from skills.common.extract import fold

STRONG_APPROVE = frozenset(
    {"approve", "approved", "approving", "lgtm", "aprobar", "aprobada", "aprobado", "aprobadas", "aprobados",
     "apruebo", "aprueba", "autorizado", "autorizada", "👍", ":+1:", ":thumbsup:", "✅"}
)  # fmt: skip
WEAK_APPROVE = frozenset({"ok", "okay", "yes", "fine", "vale", "si", "sure", "perfecto", "de acuerdo", "adelante"})
REJECT = re.compile(
    r"(?:^|[\s,.;:!¡])(reject(?:ed)?|deny|denied|decline[d]?|rechaz(?:ar|o|ada|ado|adas|ados|a)|deniego|denegad[ao])\b"
    r"[\s:,.;!-]*(.*)$",
    re.I | re.S,
)
NEGATION = re.compile(r"\b(?:no|not|don'?t|do not|never|nunca|todavia|yet|aun)\b")
WORD = re.compile(r"[\w'’]+|[^\w\s]", re.U)


WHO_APPROVES = re.compile(
    r"\b(?:who (?:approves|signs off|authori[sz]es|decides|checks|okays)|who do i ask|"
    r"quien (?:me )?(?:aprueba|autoriza|firma|decide|revisa|valida|da el visto bueno)|a quien (?:se lo |le |les )?(?:pido|solicito|pregunto))\b"
)


def asks_who_approves(text: str) -> bool:
    """Whether ``text`` asks who decides one's requests ("who approves my expenses?", "¿quién aprueba mis
    vacaciones?"): a question for the asker's chain, never a decision."""
    return WHO_APPROVES.search(fold(text)) is not None


@dataclass(frozen=True)
class Verdict:
    """What a message decides: approve (True), reject (False) with the reason given after the word."""

    approve: bool
    reason: str | None = None


def read_decision(text: str) -> Verdict | None:
    """The decision ``text`` makes, or None when it makes none (a question, a negation, anything else)."""
    cleaned = text.strip()
    if not cleaned or cleaned.endswith("?") or cleaned.startswith("¿"):
        return None
    folded = fold(cleaned)
    rejection = REJECT.search(cleaned)
    if rejection is not None and not NEGATION.search(fold(cleaned[: rejection.start(1)])):
        return Verdict(False, rejection.group(2).strip() or None)
    tokens = [t for t in WORD.findall(folded) if t.strip()]
    words = [t for t in tokens if t.isalnum() or t in STRONG_APPROVE]
    if NEGATION.search(folded):
        return None
    if any(t in STRONG_APPROVE for t in tokens) or ":+1:" in cleaned or ":thumbsup:" in cleaned:
        return Verdict(True)
    phrase = " ".join(words)
    if phrase in WEAK_APPROVE or (words and all(w in WEAK_APPROVE for w in words)):
        return Verdict(True)
    return None
