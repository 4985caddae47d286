"""The stock skill's named errors: one per broken rule, its message ``error.<key>`` in both languages.

Each error that concerns one thing the person said carries the slot to ask again (``item``, ``quantity``,
``place``, ``to_place``, ``reason``). Refusals of a person are ``NotAllowed``.
"""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal

from skills.errors import DomainError, NotAllowed
from skills.i18n import normalise_language, translate
from skills.stock.messages import unit_label


class ItemUnknown(DomainError):
    """No item matches what was written; ``suggestions`` are the closest names, if any."""

    key = "stock_item_unknown"
    slot = "item"

    def __init__(self, *, phrase: str, suggestions: list[str]) -> None:
        super().__init__(phrase=phrase, suggestions=suggestions)

    def message(self, lang: str) -> str:
        """The explanation, with the closest names when there are some."""
        text = translate(lang, f"error.{self.key}", phrase=self.params["phrase"])
        close = self.params["suggestions"]
        return f"{text} {translate(lang, 'stock.did_you_mean', names=', '.join(close))}" if close else text


class ItemAmbiguous(DomainError):
    """Several items match what was written equally well."""

    key = "stock_item_ambiguous"
    slot = "item"

    def __init__(self, *, phrase: str, names: list[str]) -> None:
        super().__init__(phrase=phrase, names=", ".join(names))


class PlaceUnknown(DomainError):
    """No place matches what was written."""

    key = "stock_place_unknown"
    slot = "place"

    def __init__(self, *, phrase: str, slot: str = "place", places: list[str] | None = None) -> None:
        super().__init__(phrase=phrase, slot=slot, places=", ".join(places or ["-"]))


class PlaceNeeded(DomainError):
    """The item is kept in several places and the sentence did not say which."""

    key = "stock_place_needed"
    slot = "place"

    def __init__(self, *, item: str, places: list[str]) -> None:
        super().__init__(item=item, places=", ".join(places))


class DestinationNeeded(DomainError):
    """A transfer without a destination."""

    key = "stock_destination_needed"
    slot = "to_place"


class SamePlace(DomainError):
    """A transfer whose source and destination are the same place."""

    key = "stock_same_place"
    slot = "to_place"

    def __init__(self, *, place: str) -> None:
        super().__init__(place=place)


class QuantityNotPositive(DomainError):
    """Zero or a negative number of items to move or ask for."""

    key = "stock_quantity_not_positive"
    slot = "quantity"


class QuantityTooLarge(DomainError):
    """An implausibly large quantity (a typo, most likely)."""

    key = "stock_quantity_too_large"
    slot = "quantity"

    def __init__(self, *, limit: int) -> None:
        super().__init__(limit=limit)

    def message(self, lang: str) -> str:
        """The explanation with the limit grouped as ``lang`` writes numbers (100,000 / 100.000)."""
        locale = "es_ES" if normalise_language(lang) == "es" else "en_US"
        grouped = format_decimal(self.params["limit"], format="#,##0", locale=locale)
        return translate(lang, f"error.{self.key}", limit=grouped)


class SerializedInOnes(DomainError):
    """A serialized item (tracked unit by unit) moved or asked for more than one at a time."""

    key = "stock_serialized_in_ones"
    slot = "quantity"

    def __init__(self, *, item: str) -> None:
        super().__init__(item=item)


class UnitDiffers(DomainError):
    """A count said in another unit than the item's ("2 boxes" of paper counted in reams): how many is unknown."""

    key = "stock_unit_differs"
    slot = "quantity"

    def __init__(self, *, item: str, unit: str, said: str) -> None:
        super().__init__(item=item, unit=unit, said=said)


class NotEnoughStock(DomainError):
    """Taking more than is available (on hand minus reserved) at a place; available never goes negative."""

    key = "stock_not_enough"
    slot = "quantity"

    def __init__(self, *, item: str, place: str, available: int, unit: str) -> None:
        super().__init__(item=item, place=place, available=available, unit=unit)

    def message(self, lang: str) -> str:
        """The explanation in ``lang``, the unit written for the number."""
        params = {**self.params, "unit": unit_label(self.params["unit"], self.params["available"], lang)}
        return translate(lang, f"error.{self.key}", **params)


class CountBelowReserved(DomainError):
    """A count lower than what open requests have reserved there: decline or fulfil them first."""

    key = "stock_count_below_reserved"
    slot = "quantity"

    def __init__(self, *, reserved: int) -> None:
        super().__init__(reserved=reserved)


class CountReasonNeeded(DomainError):
    """A count that changes on hand by more than the threshold, without a reason."""

    key = "stock_count_reason_needed"
    slot = "reason"

    def __init__(self, *, difference: int, threshold: int) -> None:
        super().__init__(difference=f"{difference:+d}", threshold=threshold)


class StockChanged(DomainError):
    """The quantity changed between reading and counting (someone else moved it): count again."""

    key = "stock_changed_meanwhile"


class WarehouseOnly(NotAllowed):
    """Someone outside the warehouse staff tried to move stock or settle a request; ``names`` are who can."""

    key = "stock_warehouse_only"

    def __init__(self, *, names: list[str]) -> None:
        super().__init__(names=", ".join(names) or "-")


class MovementWarehouseOnly(WarehouseOnly):
    """Someone outside the warehouse staff said stock came in, was counted or moved: only the staff record that (an
    item request, offered for stock going out, would take the items the other way)."""

    key = "stock_movement_warehouse_only"
    ends_conversation = True


class AlertWarehouseOnly(WarehouseOnly):
    """Someone outside the warehouse staff pressed I'm ordering or Snooze on a low-stock alert (or wrote "lo pido
    yo" under it): only the staff decide its reorder."""

    key = "stock_alert_warehouse_only"


class UndoNotYours(NotAllowed):
    """Undo pressed by someone other than the movement's author."""

    key = "stock_undo_not_yours"


class RequestNotYours(NotAllowed):
    """Withdraw pressed by someone other than the person who asked for the items."""

    key = "stock_request_not_yours"


class UndoExpired(DomainError):
    """Undo pressed after the undo window: a warehouse person can still post a correction."""

    key = "stock_undo_expired"

    def __init__(self, *, minutes: int) -> None:
        super().__init__(minutes=minutes)


class AlreadyReversed(DomainError):
    """Undo pressed again: the movement was reversed already."""

    key = "stock_already_reversed"


class NotReversible(DomainError):
    """A movement that Undo does not apply to (an opening balance, a reversal, a fulfilled request's issue)."""

    key = "stock_not_reversible"


class MovementNotFound(DomainError):
    """The movement, request or alert a button refers to is gone."""

    key = "stock_not_found"


class RequestAlreadyDecided(DomainError):
    """Fulfil or Decline on a request someone already settled: says who and how."""

    key = "stock_request_already_decided"

    def __init__(self, *, status: str, name: str) -> None:
        super().__init__(status=status, name=name)

    def message(self, lang: str) -> str:
        """The explanation in ``lang``, naming the outcome in that language."""
        outcome = translate(lang, f"stock.request.status.{self.params['status']}")
        return translate(lang, f"error.{self.key}", outcome=outcome, name=self.params["name"])


class DeclineReasonNeeded(DomainError):
    """Decline without a reason the requester will see."""

    key = "stock_decline_reason_needed"
    slot = "reason"


class AlertAlreadyClaimed(DomainError):
    """I'm ordering pressed when someone already is."""

    key = "stock_alert_claimed"

    def __init__(self, *, name: str) -> None:
        super().__init__(name=name)


class AlertResolved(DomainError):
    """A button on an alert whose stock is back above its level."""

    key = "stock_alert_resolved"


def params_of(error: DomainError) -> dict[str, Any]:
    """The parameters an error was raised with (for tests and logs)."""
    return dict(error.params)
