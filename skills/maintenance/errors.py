"""The maintenance skill's named errors: one per broken rule, its message ``error.<key>`` in both languages.

Refusals of a person are ``NotAllowed`` subclasses; each error that concerns one thing said carries its slot.
"""

from __future__ import annotations

from skills.errors import DomainError, NotAllowed
from skills.i18n import translate


class SummaryMissing(DomainError):
    """A ticket needs a description of the problem."""

    key = "maintenance_summary_missing"
    slot = "summary"


class PriorityUnknown(DomainError):
    """The priority is not one of P1-P4 (or urgent/high/normal/low)."""

    key = "maintenance_priority_unknown"
    slot = "priority"

    def __init__(self, *, value: str) -> None:
        super().__init__(value=value)


class NothingToUpdate(DomainError):
    """An update that changes nothing: the priority it sets is the ticket's already, and it adds no note."""

    key = "maintenance_nothing_to_update"
    ends_conversation = True  # the ticket already is as asked

    def __init__(self, *, ticket: str, priority: str) -> None:
        super().__init__(ticket=ticket, priority=priority)


class CategoryUnknown(DomainError):
    """The category is not one the skill knows."""

    key = "maintenance_category_unknown"
    slot = "category"

    def __init__(self, *, value: str, known: str) -> None:
        super().__init__(value=value, known=known)


class PlaceUnknown(DomainError):
    """No place (nor asset) matches what was written for where the problem is."""

    key = "maintenance_place_unknown"
    slot = "where"

    def __init__(self, *, phrase: str, places: str) -> None:
        super().__init__(phrase=phrase, places=places)


class PlaceNotNamed(DomainError):
    """The report names no place or asset the registry knows, so the ticket would say nowhere: ask where."""

    key = "maintenance_place_not_named"
    slot = "where"

    def __init__(self, *, places: str) -> None:
        super().__init__(places=places)


class TicketNotFound(DomainError):
    """The ticket is not there (any more)."""

    key = "maintenance_ticket_not_found"
    slot = "ticket"  # in the update form: which ticket, asked again


class TicketNumberNotFound(TicketNotFound):
    """A ticket number the asker named is none they may see (whether it exists is not said)."""

    key = "maintenance_ticket_number_not_found"

    def __init__(self, *, number: int | str) -> None:
        super().__init__(number=number)


class WrongStatus(DomainError):
    """The ticket is no longer in a status that allows this (someone else acted first, or it is closed)."""

    key = "maintenance_wrong_status"

    def __init__(self, *, ticket: str, status: str) -> None:
        super().__init__(ticket=ticket, status=status)

    def message(self, lang: str) -> str:
        """The explanation in ``lang``, naming the status as people read it ("in progress", not ``in_progress``)."""
        status = translate(lang, f"maintenance.status.{self.params['status']}")
        return translate(lang, f"error.{self.key}", ticket=self.params["ticket"], status=status)


class TicketNotOpen(WrongStatus):
    """An update (priority or note) of a ticket that is resolved, closed or cancelled."""

    key = "maintenance_ticket_not_open"
    ends_conversation = True  # no value of the form reopens it


class NotesNeeded(DomainError):
    """Resolving a ticket needs resolution notes."""

    key = "maintenance_notes_needed"
    slot = "notes"


class ReopenExpired(DomainError):
    """👎 reopens a ticket only for a few days after it was resolved."""

    key = "maintenance_reopen_expired"

    def __init__(self, *, days: int) -> None:
        super().__init__(days=days)


class AssigneeNotInTeam(DomainError):
    """A ticket can be assigned only to a member (or the lead) of its team."""

    key = "maintenance_assignee_not_in_team"

    def __init__(self, *, name: str, team: str) -> None:
        super().__init__(name=name, team=team)


class MeterBackwards(DomainError):
    """A meter never goes down: a reading lower than the last one is refused."""

    key = "maintenance_meter_backwards"

    def __init__(self, *, asset: str, value: str, last: str) -> None:
        super().__init__(asset=asset, value=value, last=last)


class ReadingUnreadable(DomainError):
    """A meter reading needs a number ("1520", "3.400")."""

    key = "maintenance_reading_unreadable"
    slot = "reading"

    def __init__(self, *, value: str) -> None:
        super().__init__(value=value)


class AssetUnknown(DomainError):
    """No asset matches what was written."""

    key = "maintenance_asset_unknown"
    slot = "asset"

    def __init__(self, *, phrase: str) -> None:
        super().__init__(phrase=phrase)


class NotTeamMember(NotAllowed):
    """Only the ticket's team (members and lead) work it."""

    key = "maintenance_not_team_member"

    def __init__(self, *, team: str) -> None:
        super().__init__(team=team)


class NotRequester(NotAllowed):
    """Only the requester cancels, reopens or rates their ticket."""

    key = "maintenance_not_requester"
