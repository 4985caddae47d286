"""The leave tests' harness: the pinned clock, a small company (a CEO, two managers with reports, HR and an admin),
actors, the skill's dependencies and registry, and stub routers (routing is not under test here).

Today is Wednesday 2026-11-25 (tests/pinned.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session

import skills.leave.models  # noqa: F401  (the leave tables on Base.metadata)
from db.engine import Database
from db.models import Employee, Role
from skills.base import SkillDeps
from skills.common.extract.slots import extract_slots
from skills.common.time import FixedClock
from skills.core import Actor, Context, Reply, Request, SkillRegistry
from skills.leave.config import LeaveConfig
from skills.leave.handlers import register
from skills.leave.models import CompanyHoliday, LeaveRequest
from skills.leave.rules import LeaveDraft
from skills.leave.service import decide, ensure_leave_types, submit
from tests.fakes.trip_skill import Routed
from tests.pinned import NOW, TODAY

__all__ = ["NOW", "TODAY"]

HR_DESK = LeaveConfig(hr_channel="#people-ops")


@dataclass
class Company:
    """The people of the test company, by role in the tests."""

    ceo: Employee
    maria: Employee  # manager of ana and eva
    ana: Employee  # US, English
    eva: Employee  # Madrid, Spanish
    oscar: Employee  # another manager
    olga: Employee  # oscar's report
    hana: Employee  # HR
    adam: Employee  # admin

    def all(self) -> list[Employee]:
        return [self.ceo, self.maria, self.ana, self.eva, self.oscar, self.olga, self.hana, self.adam]


def person(
    name: str,
    manager: Employee | None = None,
    *,
    country: str = "US",
    locale: str = "en-US",
    roles: set[Role] | None = None,
) -> Employee:
    employee = Employee(
        email=f"{name.lower()}@corp.example",
        name=name,
        manager=manager,
        country=country,
        locale=locale,
        timezone="Europe/Madrid" if country.startswith("ES") else "America/New_York",
    )
    employee.set_roles(roles or set())
    return employee


def make_company(session: Session) -> Company:
    ensure_leave_types(session)
    ceo = person("Carmen", roles={Role.MANAGER})
    maria = person("Maria", ceo, roles={Role.MANAGER})
    oscar = person("Oscar", ceo, roles={Role.MANAGER})
    company = Company(
        ceo=ceo,
        maria=maria,
        ana=person("Ana", maria),
        eva=person("Eva", maria, country="ES-MD", locale="es-ES"),
        oscar=oscar,
        olga=person("Olga", oscar),
        hana=person("Hana", ceo, roles={Role.HR}),
        adam=person("Adam", ceo, roles={Role.ADMIN}),
    )
    session.add_all(company.all())
    session.flush()
    return company


@pytest.fixture
def company(session: Session) -> Company:
    return make_company(session)


@pytest.fixture
def committed_company(database: Database) -> Company:
    """The company committed, for tests that open their own sessions (threads, the assistant)."""
    with database.session() as session:
        return make_company(session)


def actor(employee: Employee, via: str = "test", when: datetime = NOW) -> Actor:
    """``employee`` acting through ``via`` at ``when`` (the pinned moment unless a test moves it)."""
    return Actor(employee, via, when)


def draft(start: date, end: date | None = None, leave_type: str = "vacation", **kwargs: object) -> LeaveDraft:
    return LeaveDraft(leave_type=leave_type, start=start, end=end or start, **kwargs)  # type: ignore[arg-type]


def approved(
    session: Session, employee: Employee, start: date, end: date | None = None, leave_type: str = "vacation"
) -> LeaveRequest:
    """An approved request made the ordinary way (submitted, then approved by the approver)."""
    request = submit(session, actor=actor(employee), draft=draft(start, end, leave_type))
    if request.status == "pending":
        approver = session.get(Employee, request.approver_id)
        assert approver is not None
        decide(session, actor=actor(approver), request_id=request.id, approve=True)
    return request


def leave_deps(clock: FixedClock | None = None) -> SkillDeps[LeaveConfig]:
    """The leave skill's dependencies: the HR desk #people-ops and the pinned clock."""
    return SkillDeps(config=HR_DESK, clock=clock or FixedClock(NOW))


@pytest.fixture
def deps(clock: FixedClock) -> SkillDeps[LeaveConfig]:
    return leave_deps(clock)


def leave_registry(deps: SkillDeps[LeaveConfig] | None = None) -> SkillRegistry:
    """A registry with every leave handler, as the runtime builds it."""
    registry = SkillRegistry()
    register(registry, deps or leave_deps())
    return registry


@pytest.fixture
def registry(deps: SkillDeps[LeaveConfig]) -> SkillRegistry:
    return leave_registry(deps)


class LeaveRouter:
    """Routes anything about time off to leave.request: the form is under test, not routing."""

    def route(self, text: str, *, locale: str | None = None, today: date, **_: object) -> Routed:
        lang = "es" if (locale or "").startswith("es") else "en"
        lowered = text.lower()
        if any(word in lowered for word in ("off", "vacaciones", "vacation", "leave")):
            return Routed(
                "leave.request", "leave", lang, 0.95, extract_slots(text, today=today, locale=locale or "en-US")
            )
        return Routed("none", "none", lang, 0.2)


class IntentRouter:
    """Routes ``leave.x [start end]`` to that intent and those dates: routing is not under test here."""

    def route(self, text: str, *, locale: str | None = None, **_: object) -> Routed:
        """The intent named by the text's first word, the dates by the next two."""
        words = text.split()
        slots = {"start_date": words[1], "end_date": words[2]} if len(words) == 3 else {}
        return Routed(words[0], "leave", (locale or "en")[:2], 0.95, slots)


def context_for(session: Session, who: Employee, via: str = "slack", now: datetime = NOW) -> Context:
    """A unit of work's context for ``who``, in their own language, at the pinned moment."""
    return Context(session=session, employee=who, lang=who.language, via=via, thread_key="D1:test", now=now)


def closure(session: Session, day: date, name: str, country: str | None) -> CompanyHoliday:
    """A company closure day (``country`` None: every office), as ``backoffice import holidays`` writes it."""
    row = CompanyHoliday(day=day, name=name, country=country)
    session.add(row)
    session.flush()
    return row


def ask_before_the_policies(
    session: Session, who: Employee, text: str, intent: str = "policy.ask"
) -> tuple[str, list[str]]:
    """Ask ``text`` as ``intent`` of a registry with every leave handler and a stand-in for the policy skill's own:
    the answer's text, and the questions that reached the policies (leave answers some first)."""
    registry = leave_registry()
    policy_answers: list[str] = []

    def policies(_context: Context, request: Request) -> list[Reply]:  # the policy skill's handler, as registered
        policy_answers.append(request.text)
        return [Reply(text="from the policies")]

    registry.on_intent("policy.ask", policies)
    handler = registry.intent_handler(intent)
    assert handler is not None
    [reply] = handler(context_for(session, who), Request(text, intent))
    return reply.text, policy_answers
