"""Directory skill: the company's people as reference data (``backoffice import|export employees``); no intents."""

from skills.base import Skill
from skills.directory.reference import EMPLOYEES

SKILL = Skill(
    name="directory",
    package=__name__,
    intents=(),
    description={"en": "The company directory", "es": "El directorio de la empresa"},
    reference=(EMPLOYEES,),
)
