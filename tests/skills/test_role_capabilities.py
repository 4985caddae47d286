"""The help card shows each role its own work beside what everyone can do: finance its queue and the payroll
file, the warehouse its queue, movements and report, a maintenance team its queue and ticket commands, HR the
questions waiting; nobody else sees those lines (they were discoverable only by reading the README)."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from db.models import Role
from skills.core import Context
from skills.expenses.handlers import finance_capability
from skills.maintenance.handlers import team_capability
from skills.policy.handlers import hr_capability
from skills.stock.handlers import warehouse_capability

NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)


class Person(SimpleNamespace):
    def has_role(self, role: Role) -> bool:
        return role in self.roles or Role.ADMIN in self.roles


def context(roles: set[Role], lang: str = "en") -> Context:
    person = Person(id=1, roles=roles, language=lang, country="US")
    return Context(session=None, employee=person, lang=lang, via="slack", thread_key="D1:t", now=NOW)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("line", "role", "expected"),
    [
        (finance_capability, Role.FINANCE, ("Finance's work", "“export payroll”, then “mark payroll paid”")),
        (warehouse_capability, Role.WAREHOUSE, ("The warehouse's work", "“stock report”")),
        (hr_capability, Role.HR, ("Questions for HR", "“what questions are waiting for HR?”")),
    ],
)
def test_a_roles_line_is_shown_to_that_role_only(line, role, expected):
    shown = line(context({role}))
    assert shown is not None and shown.title == expected[0] and expected[1] in shown.example
    assert line(context(set())) is None
    assert line(context({Role.MANAGER})) is None
    spanish = line(context({role}, "es"))
    assert spanish is not None and spanish.title != expected[0]


def test_a_maintenance_teams_line_is_shown_to_its_members_only(monkeypatch):
    from skills.maintenance import handlers

    monkeypatch.setattr(handlers, "_in_a_team", lambda context: context.employee.id == 7)
    member = context(set())
    member.employee.id = 7
    shown = team_capability(member)
    assert shown is not None and "“take #12”" in shown.example
    assert team_capability(context(set())) is None


def test_the_help_card_leaves_out_the_lines_that_are_not_the_askers():
    from skills.core import Capability, SkillRegistry

    registry = SkillRegistry()
    registry.on_capability(lambda context: Capability("Time off", "I need Dec 14-16 off"))
    registry.on_capability(finance_capability)
    assert [c.title for c in registry.capabilities(context(set()))] == ["Time off"]
    assert [c.title for c in registry.capabilities(context({Role.FINANCE}))] == ["Time off", "Finance's work"]
