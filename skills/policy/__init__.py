"""Policy skill: answer policy questions from the handbook with citations, hand off to HR, learn from HR's answers."""

from skills.base import Skill
from skills.policy import handlers, messages, models  # noqa: F401  (texts and tables)
from skills.policy.config import PolicyConfig
from skills.policy.intents import INTENTS
from skills.policy.jobs import JOBS

SKILL = Skill(
    name="policy",
    package=__name__,
    intents=INTENTS,
    register=handlers.register,
    description={
        "en": "Company policies: answers with sources, questions for HR",
        "es": "Normas de la empresa: respuestas con fuentes, preguntas a RR. HH.",
    },
    jobs=JOBS,
    config=PolicyConfig,
)
