"""Help skill: greetings and what the assistant can do."""

from skills.base import Skill
from skills.help import handlers, messages  # noqa: F401  (messages registers the texts)
from skills.help.intents import INTENTS

SKILL = Skill(
    name="help",
    package=__name__,
    intents=INTENTS,
    register=handlers.register,
    description={"en": "Greetings and what I can do", "es": "Saludos y lo que puedo hacer"},
)
