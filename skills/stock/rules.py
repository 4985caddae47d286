"""The checks before each stock command, in the order they run; each broken rule raises its named error.

movement (receive, issue, transfer, count)   check_warehouse, check_quantity, check_serialized,
                                             check_destination, check_different_places, check_count_reason,
                                             check_available (previews; the conditional update is the real guard)
request                                      check_quantity, check_serialized
either, as the person wrote it               check_unit (the form, before the rules above)
fulfil / decline                             check_warehouse, check_open, (decline) check_decline_reason
withdraw (by the requester)                  check_requester, check_open
undo                                         check_undo (author, window, reversible, not reversed yet)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from db.models import Employee
from skills.core import Actor
from skills.errors import NotAllowed
from skills.locations.models import Location
from skills.stock.errors import (
    AlertWarehouseOnly,
    AlreadyReversed,
    CountBelowReserved,
    CountReasonNeeded,
    DeclineReasonNeeded,
    DestinationNeeded,
    NotEnoughStock,
    NotReversible,
    QuantityNotPositive,
    QuantityTooLarge,
    RequestAlreadyDecided,
    RequestNotYours,
    SamePlace,
    SerializedInOnes,
    UndoExpired,
    UndoNotYours,
    UnitDiffers,
    WarehouseOnly,
)
from skills.stock.messages import UNITS_BY_FORM, unit_label
from skills.stock.models import Item, Movement, MovementKind, RequestStatus, StockLevel, StockRequest
from skills.stock.queries import is_warehouse

MAX_QUANTITY = 100_000
"""More than this in one movement or request is taken for a typo."""
ACTIONS = ("receive", "issue", "transfer", "count")


@dataclass(frozen=True)
class MovementDraft:
    """A movement as the person described it, places resolved: what, how many, where (and where to)."""

    action: str
    item: Item
    quantity: int
    place: Location
    destination: Location | None = None
    reason: str = ""


def acting_employee(actor: Actor) -> Employee:
    """The person behind ``actor``: the system itself neither moves stock nor asks for it (imports post openings)."""
    if actor.employee is None:
        raise NotAllowed()
    return actor.employee


def check_warehouse(employee: Employee, staff: Sequence[Employee]) -> None:
    """Only warehouse staff (and admins) move stock and settle requests; the refusal names who can."""
    if not is_warehouse(employee):
        raise WarehouseOnly(names=[person.name for person in staff[:5]])


def check_alert_staff(employee: Employee, staff: Sequence[Employee]) -> None:
    """Only warehouse staff (and admins) claim or snooze a low-stock alert; the refusal names who can."""
    if not is_warehouse(employee):
        raise AlertWarehouseOnly(names=[person.name for person in staff[:5]])


def check_quantity(quantity: int) -> None:
    """A whole number above zero and below the typo limit."""
    if quantity <= 0:
        raise QuantityNotPositive()
    if quantity > MAX_QUANTITY:
        raise QuantityTooLarge(limit=MAX_QUANTITY)


ANY_UNIT = frozenset({"unit", "piece", "each", "ea", "pcs", "pc"})
"""Units that name no packaging ("5 units of A4 paper"): read as the item's own unit."""
SAME_UNIT = {"pack": "ream"}
"""Units read as another: a Spanish "paquete" of paper is a ream."""


def check_unit(item: Item, said: object, lang: str = "en") -> None:
    """A count said in a packaging unit is in the item's unit ("2 boxes" of paper counted in reams is refused)."""
    if not isinstance(said, str) or not said or said in ANY_UNIT:
        return
    own = UNITS_BY_FORM.get(item.unit.casefold(), item.unit.casefold())
    if said == own or SAME_UNIT.get(said) == own:
        return
    raise UnitDiffers(item=item.label(lang), unit=unit_label(item.unit, 2, lang), said=unit_label(said, 2, lang))


def check_serialized(item: Item, quantity: int, lang: str = "en") -> None:
    """A serialized item (tracked one by one) moves, and is asked for, one unit at a time."""
    if item.serialized and quantity != 1:
        raise SerializedInOnes(item=item.label(lang))


def check_destination(draft: MovementDraft) -> None:
    """A transfer says where to."""
    if draft.action == "transfer" and draft.destination is None:
        raise DestinationNeeded()


def check_different_places(draft: MovementDraft) -> None:
    """A transfer's source and destination differ."""
    if draft.destination is not None and draft.destination.id == draft.place.id:
        raise SamePlace(place=draft.place.name)


def check_count_reason(difference: int, reason: str, threshold: int) -> None:
    """A count that changes on hand by more than ``threshold`` units says why."""
    if abs(difference) > threshold and not reason.strip():
        raise CountReasonNeeded(difference=difference, threshold=threshold)


def check_count_covers_reserved(counted: int, level: StockLevel | None) -> None:
    """A count cannot be below what open requests reserved there (settle those first)."""
    reserved = level.reserved if level is not None else 0
    if counted < reserved:
        raise CountBelowReserved(reserved=reserved)


def check_available(item: Item, place: Location, level: StockLevel | None, quantity: int, lang: str) -> None:
    """Taking ``quantity`` leaves available at zero or more (what the preview can promise; the write re-checks)."""
    available = level.available if level is not None else 0
    if quantity > available:
        raise NotEnoughStock(item=item.label(lang), place=place.name, available=available, unit=item.unit)


def validate_movement(
    draft: MovementDraft,
    *,
    employee: Employee,
    staff: Sequence[Employee],
    level: StockLevel | None,
    count_threshold: int,
    lang: str = "en",
) -> None:
    """Every rule of a movement, in order; the first broken one is raised."""
    check_warehouse(employee, staff)
    if draft.action == "count":
        check_count_quantity(draft.quantity)
    else:
        check_quantity(draft.quantity)
        check_serialized(draft.item, draft.quantity, lang)
    check_destination(draft)
    check_different_places(draft)
    if draft.action == "count":
        check_count_covers_reserved(draft.quantity, level)
        on_hand = level.on_hand if level is not None else 0
        check_count_reason(draft.quantity - on_hand, draft.reason, count_threshold)
    if draft.action in ("issue", "transfer"):
        check_available(draft.item, draft.place, level, draft.quantity, lang)


def check_count_quantity(counted: int) -> None:
    """A count is zero or more (and below the typo limit)."""
    if counted < 0:
        raise QuantityNotPositive()
    if counted > MAX_QUANTITY:
        raise QuantityTooLarge(limit=MAX_QUANTITY)


def validate_request(item: Item, quantity: int, lang: str = "en") -> None:
    """An item request asks for a sensible number, serialized items one at a time."""
    check_quantity(quantity)
    check_serialized(item, quantity, lang)


def check_open(request: StockRequest) -> None:
    """A request is settled once: Fulfil or Decline on a settled one says who settled it and how."""
    if request.status != RequestStatus.OPEN:
        decider = request.decided_by.name if request.decided_by is not None else "?"
        raise RequestAlreadyDecided(status=request.status, name=decider)


def check_requester(employee: Employee, request: StockRequest) -> None:
    """Only the person who asked for the items withdraws the request."""
    if request.employee_id != employee.id:
        raise RequestNotYours()


def check_decline_reason(reason: str) -> None:
    """A decline says why (the requester reads it)."""
    if not reason.strip():
        raise DeclineReasonNeeded()


REVERSIBLE = (MovementKind.RECEIVE, MovementKind.ISSUE, MovementKind.TRANSFER_OUT, MovementKind.TRANSFER_IN,
              MovementKind.COUNT)  # fmt: skip


def check_undo(
    movements: Sequence[Movement], employee: Employee, now: datetime, window_minutes: int, reversed_already: bool
) -> None:
    """Undo: by the movements' author, within the window, of ordinary movements, once."""
    if not movements or any(m.kind not in REVERSIBLE or m.request_id is not None for m in movements):
        raise NotReversible()
    if any(m.actor_id != employee.id for m in movements):
        raise UndoNotYours()
    if reversed_already:
        raise AlreadyReversed()
    if now > movements[0].created_at + timedelta(minutes=window_minutes):
        raise UndoExpired(minutes=window_minutes)
