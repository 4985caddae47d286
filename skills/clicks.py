"""What every skill's button handlers share: reading the entity id of a button, and the replies to a refused click."""

from __future__ import annotations

from collections.abc import Callable

from skills.core import Action, ActionHandler, Context, Reply
from skills.errors import DomainError, NotAllowed
from skills.i18n import normalise_language, translate

MAX_ID_DIGITS = 9
"""Ids are 32-bit integer columns; a longer number in a button is forged and would overflow the database."""


def entity_id(value: str) -> int | None:
    """The numeric id a button carries (``"12"`` or ``"12:extra"``), or None when it is not one a row could have."""
    head = value.split(":", 1)[0]
    if not head.isascii() or not head.isdigit() or len(head) > MAX_ID_DIGITS:
        return None
    return int(head)


def refused_click(context: Context, error: DomainError) -> list[Reply]:
    """A click that changes nothing: roll back and tell only the clicker why.

    A refusal of who they are (not theirs to decide) is said in the clicker's own language: the card speaks its
    addressee's, and someone else pressing it may not read that.
    """
    lang = normalise_language(context.employee.language) if isinstance(error, NotAllowed) else context.lang
    context.session.rollback()
    return [Reply(text=error.message(lang), ephemeral=True)]


def stale_click(context: Context) -> list[Reply]:
    """A click on a card whose subject is gone or unreadable: say so to the clicker only."""
    return [Reply(text=translate(context.lang, "bot.stale_action"), ephemeral=True)]


EntityClick = Callable[[Context, Action, int], list[Reply]]
"""A button handler given the id of the row its button carries."""


def on_entity(click: EntityClick) -> ActionHandler:
    """A button handler for ``click``: a button without a readable id is stale, a refused click says why to its
    clicker only (and changes nothing)."""

    def handle(context: Context, action: Action) -> list[Reply]:
        row_id = entity_id(action.value)
        if row_id is None:
            return stale_click(context)
        try:
            return click(context, action, row_id)
        except DomainError as error:
            return refused_click(context, error)

    return handle
