"""Chain rules make the levels: the manager (or a stand-in), a role over an amount, HR; never the requester and
nobody twice."""

from __future__ import annotations

from datetime import date

import pytest

from db.models import Role
from skills.approvals import chain, errors
from skills.approvals.chain import ChainContext, build_levels
from tests.pinned import TODAY
from tests.skills.leave.conftest import approved

from .conftest import CLAIM_KIND


def _levels(session, requester, **facts):
    levels = build_levels(CLAIM_KIND.chain, ChainContext(session, requester, TODAY, facts))
    return [[(plan.approver.name, plan.rule, plan.reason) for plan in level] for level in levels]


def test_three_levels_over_the_amount_and_two_under(session, staff):
    assert _levels(session, staff.ana, amount=900) == [
        [("Maria", "manager", None)],
        [("Adam", "finance", None), ("Fiona", "finance", None)],  # any of them; admins hold every role
        [("Hana", "hr", None)],  # Adam already approves a level, so he is not asked again
    ]
    assert _levels(session, staff.ana, amount=100) == [
        [("Maria", "manager", None)],
        [("Hana", "hr", None), ("Adam", "hr", None)],
    ]


def test_a_manager_on_leave_is_stood_in_for_by_theirs(session, staff):
    approved(session, staff.maria, date(2026, 11, 24), date(2026, 12, 4), leave_type="sick")
    [manager, *_] = _levels(session, staff.ana, amount=1)
    assert manager == [("Carmen", "manager", "manager_on_leave")]


def test_the_requester_never_approves_and_hr_asking_for_itself_gets_another_hr(session, staff):
    levels = build_levels((chain.hr(),), ChainContext(session, staff.hana, TODAY, {}))
    assert [[plan.approver.name for plan in level] for level in levels] == [["Adam"]]


def test_nobody_holding_the_role_is_refused(session, staff):
    staff.fiona.active = False
    staff.adam.set_roles(set())
    session.flush()
    with pytest.raises(errors.NoApprover):
        build_levels((chain.role(Role.FINANCE),), ChainContext(session, staff.ana, TODAY, {}))


def test_any_of_joins_rules_into_one_level(session, staff):
    rule = chain.any_of(chain.manager(), chain.role(Role.FINANCE, rule="finance"))
    [level] = build_levels((rule,), ChainContext(session, staff.ana, TODAY, {}))
    assert [plan.approver.name for plan in level] == ["Maria", "Adam", "Fiona"]


def test_a_manager_away_with_a_delegate_stays_the_approver_and_the_delegate_decides(session, staff):
    from skills.approvals import service

    from .conftest import actor

    approved(session, staff.maria, date(2026, 11, 24), date(2026, 12, 4), leave_type="sick")
    service.set_delegate(session, actor=actor(staff.maria), delegator=staff.maria, delegate=staff.olga,
                         start=date(2026, 11, 24), end=date(2026, 12, 4))  # fmt: skip
    [manager, *_] = _levels(session, staff.ana, amount=1)
    assert manager == [("Maria", "manager", None)]
