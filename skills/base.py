"""What a skill is: its manifest (intents, handlers, jobs, config) and the dependencies it is handed at start-up.

``SKILL = Skill(...)`` in a skill's ``__init__.py`` is the only place a skill declares itself. The router's
catalog, the write intents, the slots each intent uses, the intent labels and the LLM tool descriptions are all
derived from the skills' :class:`IntentSpec`\\ s; the example utterances are data files beside them
(``examples/en.txt``, ``examples/es.txt``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from importlib import resources
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel

from skills.common.time import Clock
from skills.examples import Examples, read_examples
from skills.i18n import add_messages

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from db.models import Employee
    from knowledge.types import KnowledgeBase
    from skills.common.reference.kind import ReferenceKind
    from skills.core import Actor, SkillRegistry
    from skills.jobs import Job

ConfigT = TypeVar("ConfigT")


@dataclass(frozen=True)
class IntentSpec:
    """One intent of the catalog (DESIGN §3): whether it writes, the slots it reads, how people and LLMs name it.

    ``slots`` names the extractors of ``skills.common.extract`` worth running for it; ``label`` is how the bot
    names it to people ("a leave request"), per language; ``description`` is the English tool description an LLM
    reads; ``free_text`` lists free-text arguments an LLM may fill besides the slots; ``personal`` marks a read that
    answers with the asker's own records (their balance, their claims), given privately when asked in a channel.
    """

    name: str
    label: Mapping[str, str]
    description: str
    write: bool = False
    slots: tuple[str, ...] = ()
    free_text: tuple[str, ...] = ()
    personal: bool = False

    @property
    def skill_prefix(self) -> str:
        """The part before the dot (``leave`` for ``leave.request``)."""
        return self.name.split(".", 1)[0]


class NoConfig(BaseModel):
    """The config of a skill that reads no setting."""


@dataclass(frozen=True)
class SkillDeps(Generic[ConfigT]):
    """What a skill is handed when it registers: its typed config (built from Settings), the clock, the policy
    knowledge base (None when the process has none), passed as arguments, never set as module globals."""

    config: ConfigT
    clock: Clock
    knowledge: KnowledgeBase | None = None


Register = Callable[["SkillRegistry", SkillDeps[Any]], None]
EmployeesJoined = Callable[["Session", "Sequence[Employee]", date], None]
"""Called in the directory import's transaction with the employees it created and the importer's today
(e.g. leave gives each this year's allowance, prorated from ``Employee.started_on``)."""
EmployeesLeft = Callable[["Session", "Sequence[Employee]", "Actor", str], None]
"""Called in the directory import's transaction with the employees it marked as gone (``active`` turned false), the
importer (an ``Actor``) and the file's name: each skill settles what the leavers left waiting (their own pending
requests)."""


@dataclass(frozen=True)
class Skill:
    """One domain of the back office, registered with one line in ``skills/__init__.py``."""

    name: str
    package: str
    intents: tuple[IntentSpec, ...]
    description: Mapping[str, str] = field(default_factory=dict)
    register: Register | None = None
    jobs: tuple[Job, ...] = ()
    config: type[BaseModel] = NoConfig
    on_employees_joined: EmployeesJoined | None = None
    on_employees_left: EmployeesLeft | None = None
    reference: tuple[ReferenceKind[Any], ...] = ()
    """The kinds of reference data (DESIGN §3) the skill owns: ``backoffice import|export <kind>``."""
    approval_kinds: tuple[Any, ...] = ()
    """The ``skills.approvals.kinds.ApprovalKind``\\ s the skill's rows are approved through (the inbox, the Home
    tab, the engine's buttons and jobs find them here)."""

    @property
    def write_intents(self) -> frozenset[str]:
        """The intents of this skill that end in a write (after a confirmation)."""
        return frozenset(spec.name for spec in self.intents if spec.write)

    @cached_property
    def examples(self) -> Examples:
        """``{intent: {lang: [utterances]}}`` read from the skill's ``examples/<lang>.txt`` files."""
        folder = resources.files(self.package) / "examples"
        found = read_examples(folder)
        unknown = set(found) - {spec.name for spec in self.intents}
        if unknown:
            raise ValueError(f"{self.package}/examples teaches intents it does not declare: {sorted(unknown)}")
        return found

    def __post_init__(self) -> None:
        add_messages({f"intent.{spec.name}": dict(spec.label) for spec in self.intents})

    def build_config(self, values: Mapping[str, Any]) -> BaseModel:
        """The skill's typed config from the settings' values (only the fields it declares; unset ones default)."""
        wanted = {name: values[name] for name in self.config.model_fields if values.get(name) is not None}
        return self.config.model_validate(wanted)
