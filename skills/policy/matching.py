"""Whether a message asks to reach HR ("I want to talk to HR", "quiero preguntar a RRHH por mi nómina"), and whether
it says what about; whether HR asks for the questions waiting for them ("¿qué preguntas tengo pendientes?"). Words are
compared folded (lower case, no accents, punctuation as spaces: "RR.HH." is "rr hh")."""

from __future__ import annotations

import re

from skills.common.language import fold_words

HR_NAMES = r"(?:hr|h r|human resources|people team|people ops|rrhh|rr hh|recursos humanos)"
"""HR, as people write it in English and Spanish."""

ASKS_FOR_HR = re.compile(
    r"\b(?:talk|speak|chat|contact|reach|ask|write|message|email|get in touch|hablar|habla|contactar|contacto"
    r"|preguntar|pregunta|preguntarle|escribir|escribirle|consultar|comunicarme|ponerme en contacto|llamar)\b"
    rf"(?: (?:to|with|con|a|al|an?|the|el|equipo|de|los|someone|somebody|alguien|in|someone in))* {HR_NAMES}\b"
    r"(?P<rest>.*)$"
)
"""A wish to reach HR, and what follows it."""

TOPIC = re.compile(r"^(?: (?:about|regarding|on|over|for|sobre|de|acerca de|por|con respecto a|respecto a|para))+ \w")
"""What follows says what the message is about."""


def asks_for_hr(text: str) -> bool:
    """Whether ``text`` asks to talk to, write to or contact HR."""
    return ASKS_FOR_HR.search(fold_words(text)) is not None


def says_what_about(text: str) -> bool:
    """Whether a message asking for HR also says what about ("… about my payslip", "… por mi nómina")."""
    found = ASKS_FOR_HR.search(fold_words(text))
    return found is not None and TOPIC.match(found["rest"]) is not None


QUESTION_WORDS = re.compile(r"\b(?:questions?|preguntas?|consultas?|escalations?|escalad[oa]s?|dudas?)\b")
"""Questions, as HR names the ones sent to them."""

WAITING_WORDS = re.compile(
    r"\b(?:pending|open|waiting|unanswered|outstanding|to answer|left|queue|inbox|sin (?:responder|contestar)"
    r"|por (?:responder|contestar)|pendientes?|abiertas?|en espera|cola|bandeja)\b"
)
"""Words of what still waits."""


def asks_for_open_questions(text: str) -> bool:
    """Whether ``text`` asks for the questions still waiting for an answer ("unanswered questions", "¿qué preguntas
    tengo pendientes?")."""
    words = fold_words(text)
    return QUESTION_WORDS.search(words) is not None and WAITING_WORDS.search(words) is not None
