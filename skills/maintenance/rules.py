"""The checks before each ticket command, in the order they run; each broken rule raises its named error.

Who may do what to a ticket, and from which status, is one table (:data:`MOVES`); ``check_move`` reads it.

create                    check_summary, check_priority, check_category
take / assign / hold /    check_move (status, then who: the team, or the requester), (assign) check_assignee,
resume / resolve / close  (resolve) check_notes
cancel / reopen / rate    check_move, (reopen) check_reopen_window
update (priority, note)   check_move ("comment"), check_update
meter reading             check_meter_forward
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from db.models import Employee, Role
from skills.maintenance.errors import (
    AssigneeNotInTeam,
    CategoryUnknown,
    MeterBackwards,
    NotesNeeded,
    NothingToUpdate,
    NotRequester,
    NotTeamMember,
    PriorityUnknown,
    ReopenExpired,
    SummaryMissing,
    TicketNotOpen,
    WrongStatus,
)
from skills.maintenance.models import CATEGORIES, OPEN_STATUSES, PRIORITIES, Status, Team, Ticket

TEAM = "team"
REQUESTER = "requester"


@dataclass(frozen=True)
class Move:
    """One thing that can be done to a ticket: from which statuses, to which one, and by whom."""

    sources: tuple[Status, ...]
    target: Status | None
    who: frozenset[str]


MOVES: dict[str, Move] = {
    "take": Move((Status.REQUESTED, Status.TRIAGED, Status.ON_HOLD), Status.IN_PROGRESS, frozenset({TEAM})),
    "assign": Move(OPEN_STATUSES, None, frozenset({TEAM})),
    "hold": Move((Status.REQUESTED, Status.TRIAGED, Status.IN_PROGRESS), Status.ON_HOLD, frozenset({TEAM})),
    "resume": Move((Status.ON_HOLD,), Status.IN_PROGRESS, frozenset({TEAM, REQUESTER})),
    "resolve": Move(OPEN_STATUSES, Status.RESOLVED, frozenset({TEAM})),
    "close": Move((Status.RESOLVED,), Status.CLOSED, frozenset({TEAM, REQUESTER})),
    "cancel": Move(OPEN_STATUSES, Status.CANCELLED, frozenset({REQUESTER})),
    "reopen": Move((Status.RESOLVED,), Status.IN_PROGRESS, frozenset({REQUESTER})),
    "comment": Move(tuple(Status), None, frozenset({TEAM, REQUESTER})),
}
"""The transition table. An overdue ticket is never stuck: resolve and close do not look at the SLA."""


def is_team_member(employee: Employee, team: Team | None) -> bool:
    """Whether ``employee`` works tickets of ``team`` (member, lead, or facilities/admin when no team is set)."""
    if employee.has_role(Role.ADMIN):
        return True
    if team is None:
        return employee.has_role(Role.FACILITIES)
    return team.is_member(employee)


def roles_on(employee: Employee, ticket: Ticket) -> set[str]:
    """What ``employee`` is to ``ticket``: its team, its requester (or a follower), both, or neither."""
    found = set()
    if is_team_member(employee, ticket.team):
        found.add(TEAM)
    if employee.id == ticket.requester_id or employee.id in (ticket.followers or []):
        found.add(REQUESTER)
    return found


def check_summary(summary: str) -> None:
    """A ticket says what is wrong."""
    if not summary.strip():
        raise SummaryMissing()


def check_priority(priority: str) -> None:
    """P1 to P4."""
    if priority not in PRIORITIES:
        raise PriorityUnknown(value=priority)


def check_category(category: str) -> None:
    """One of the known categories."""
    if category not in CATEGORIES:
        raise CategoryUnknown(value=category, known=", ".join(CATEGORIES))


def validate_ticket(summary: str, priority: str, category: str) -> None:
    """Every check of a new ticket, in order."""
    check_summary(summary)
    check_priority(priority)
    check_category(category)


def check_move(action: str, employee: Employee, ticket: Ticket) -> Move:
    """The ticket's status allows ``action`` and ``employee`` may make it; the move, else the named refusal."""
    move = MOVES[action]
    if ticket.status not in move.sources:
        raise WrongStatus(ticket=ticket.reference, status=ticket.status)
    if not roles_on(employee, ticket) & move.who:
        if move.who == {REQUESTER}:
            raise NotRequester()
        raise NotTeamMember(team=ticket.team.name if ticket.team is not None else "facilities")
    return move


def check_update(ticket: Ticket, priority: str | None, note: str) -> None:
    """An update is of an open ticket and changes something: another priority, or a note."""
    if not ticket.is_open:
        raise TicketNotOpen(ticket=ticket.reference, status=ticket.status)
    if not note.strip() and (priority is None or priority == ticket.priority):
        raise NothingToUpdate(ticket=ticket.reference, priority=ticket.priority)


def check_assignee(assignee: Employee, ticket: Ticket) -> None:
    """Only someone of the ticket's team can be assigned."""
    if not is_team_member(assignee, ticket.team):
        raise AssigneeNotInTeam(name=assignee.name, team=ticket.team.name if ticket.team else "facilities")


def check_notes(notes: str) -> None:
    """Resolving says what was done."""
    if not notes.strip():
        raise NotesNeeded()


def check_reopen_window(ticket: Ticket, now: datetime, days: int) -> None:
    """👎 reopens only within ``days`` of the resolution."""
    if ticket.resolved_at is not None and now - ticket.resolved_at > timedelta(days=days):
        raise ReopenExpired(days=days)


def check_meter_forward(asset: str, value: Decimal, last: Decimal | None) -> None:
    """A meter reading never goes down."""
    if last is not None and value < last:
        raise MeterBackwards(asset=asset, value=str(value), last=str(last))
