"""Every transition and who may make it, table-driven: each action from each status, by the team, the requester and
a stranger; resolve needs notes; 👎 reopens only within the window; a meter never goes down."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from db.models import Employee, Role
from skills.maintenance.errors import (
    MeterBackwards,
    NotesNeeded,
    NotRequester,
    NotTeamMember,
    ReopenExpired,
    WrongStatus,
)
from skills.maintenance.models import Status, Team, Ticket
from skills.maintenance.rules import (
    MOVES,
    check_meter_forward,
    check_move,
    check_notes,
    check_reopen_window,
)
from tests.pinned import NOW

LEAD, MEMBER, REQUESTER, STRANGER = 1, 2, 3, 4

# (action, from status) -> who may: "team" (lead and members), "requester", or nobody; everything else is refused
# with WrongStatus (status) or a NotAllowed (person).
ALLOWED = {
    "take": ({Status.REQUESTED, Status.TRIAGED, Status.ON_HOLD}, {"team"}),
    "assign": ({Status.REQUESTED, Status.TRIAGED, Status.IN_PROGRESS, Status.ON_HOLD}, {"team"}),
    "hold": ({Status.REQUESTED, Status.TRIAGED, Status.IN_PROGRESS}, {"team"}),
    "resume": ({Status.ON_HOLD}, {"team", "requester"}),
    "resolve": ({Status.REQUESTED, Status.TRIAGED, Status.IN_PROGRESS, Status.ON_HOLD}, {"team"}),
    "close": ({Status.RESOLVED}, {"team", "requester"}),
    "cancel": ({Status.REQUESTED, Status.TRIAGED, Status.IN_PROGRESS, Status.ON_HOLD}, {"requester"}),
    "reopen": ({Status.RESOLVED}, {"requester"}),
}


def employee(id_: int, *roles: Role) -> Employee:
    person = Employee(id=id_, email=f"p{id_}@corp.example", name=f"P{id_}", country="US", locale="en-US")
    person.set_roles(set(roles))
    return person


def ticket(status: Status) -> Ticket:
    team = Team(id=1, code="FAC", name="Facilities", lead_id=LEAD, member_ids=[MEMBER], categories=["hvac"])
    return Ticket(id=7, status=status, requester_id=REQUESTER, team=team, followers=[], priority="P3")


PEOPLE = {"lead": employee(LEAD), "member": employee(MEMBER), "requester": employee(REQUESTER),
          "stranger": employee(STRANGER)}  # fmt: skip
ROLE_OF = {"lead": "team", "member": "team", "requester": "requester", "stranger": None}
CASES = [(action, status, who) for action in ALLOWED for status in Status for who in PEOPLE]


def test_the_table_is_the_rules():
    assert {action: (set(move.sources), set(move.who)) for action, move in MOVES.items() if action != "comment"} == {
        action: (sources, who) for action, (sources, who) in ALLOWED.items()
    }


@pytest.mark.parametrize(("action", "status", "who"), CASES)
def test_who_may_make_each_move_from_each_status(action, status, who):
    sources, allowed = ALLOWED[action]
    person = PEOPLE[who]
    if status not in sources:
        with pytest.raises(WrongStatus):
            check_move(action, person, ticket(status))
    elif ROLE_OF[who] in allowed:
        assert check_move(action, person, ticket(status)) is MOVES[action]
    else:
        with pytest.raises(NotRequester if allowed == {"requester"} else NotTeamMember):
            check_move(action, person, ticket(status))


def test_an_admin_acts_as_the_team_and_facilities_work_tickets_without_a_team():
    assert check_move("take", employee(9, Role.ADMIN), ticket(Status.REQUESTED))
    orphan = Ticket(id=8, status=Status.REQUESTED, requester_id=REQUESTER, team=None, followers=[])
    assert check_move("take", employee(10, Role.FACILITIES), orphan)
    with pytest.raises(NotTeamMember):
        check_move("take", employee(11), orphan)


def test_a_follower_may_comment_but_not_cancel_someone_elses_ticket_as_the_team():
    followed = ticket(Status.IN_PROGRESS)
    followed.followers = [STRANGER]
    assert check_move("comment", PEOPLE["stranger"], followed)
    with pytest.raises(NotTeamMember):
        check_move("resolve", PEOPLE["stranger"], followed)


def test_resolve_needs_notes():
    with pytest.raises(NotesNeeded):
        check_notes("   ")
    check_notes("replaced the filter")


def test_thumbs_down_reopens_only_within_the_window():
    resolved = ticket(Status.RESOLVED)
    resolved.resolved_at = NOW - timedelta(days=8)
    with pytest.raises(ReopenExpired):
        check_reopen_window(resolved, NOW, 7)
    resolved.resolved_at = NOW - timedelta(days=6)
    check_reopen_window(resolved, NOW, 7)


def test_a_meter_never_goes_down():
    with pytest.raises(MeterBackwards):
        check_meter_forward("Generator", Decimal("1500"), Decimal("1520"))
    check_meter_forward("Generator", Decimal("1520"), Decimal("1520"))
    check_meter_forward("Generator", Decimal("1"), None)
