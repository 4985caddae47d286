"""Locations skill: the company's places as one tree (``backoffice import|export locations``); no intents.

Stock keeps its quantities per location and maintenance files tickets against them; both read them here.
"""

from skills.base import Skill
from skills.locations import models  # noqa: F401  (the table)
from skills.locations.reference import LOCATIONS

SKILL = Skill(
    name="locations",
    package=__name__,
    intents=(),
    description={"en": "The company's places", "es": "Los lugares de la empresa"},
    reference=(LOCATIONS,),
)
