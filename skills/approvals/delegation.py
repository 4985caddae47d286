"""Naming a delegate by chat: "while I'm away Ana approves for me" / "mientras esté fuera aprueba Ana" (with
dates) -> a preview with Confirm / Cancel -> ``service.set_delegate`` on Confirm."""

from __future__ import annotations

import re
from datetime import date

from skills.approvals import queries, service, views
from skills.blocks import button, section_block
from skills.clicks import refused_click, stale_click
from skills.core import Action, Context, Reply, Request
from skills.errors import DomainError
from skills.i18n import translate

CONFIRM, CANCEL = "approvals.delegate_confirm", "approvals.delegate_cancel"
UNTIL = re.compile(r"\b(?:until|till|through|hasta)\b", re.I)


def _dates(context: Context, request: Request) -> tuple[date, date] | None:
    slots = request.slots
    try:
        start = date.fromisoformat(str(slots["start_date"]))
        end = date.fromisoformat(str(slots.get("end_date") or slots["start_date"]))
    except (KeyError, ValueError):
        return None
    if start == end and UNTIL.search(request.text):  # "until Friday": from today
        return min(context.today, start), end
    return start, end


def delegate_preview(context: Context, request: Request) -> list[Reply]:
    """The preview card, or what is missing (who, or which dates) with an example."""
    people = queries.colleagues_named(context.session, request.text, exclude=context.employee.id)
    span = _dates(context, request)
    if len(people) != 1 or span is None:
        return [Reply(text=translate(context.lang, "approvals.delegate.need"))]
    delegate, (start, end) = people[0], span
    lang = context.lang
    text = translate(
        lang, "approvals.delegate.preview", delegate=delegate.name, delegator=context.employee.name,
        start=views.format_day(start, lang), end=views.format_day(end, lang),
    )  # fmt: skip
    value = f"{delegate.id}:{start.isoformat()}:{end.isoformat()}"
    blocks = [
        section_block(text),
        {
            "type": "actions",
            "block_id": "approvals.delegate",
            "elements": [
                button(translate(lang, "approvals.delegate.confirm"), CONFIRM, value, "primary"),
                button(translate(lang, "approvals.delegate.cancel"), CANCEL, value),
            ],
        },
    ]
    return [Reply(text=text, blocks=blocks)]


def press_confirm(context: Context, action: Action) -> list[Reply]:
    """Confirm: set the delegation (the service checks it again) and say so in place of the preview."""
    try:
        delegate_id, start, end = action.value.split(":")
        first, last = date.fromisoformat(start), date.fromisoformat(end)
        delegate = queries.employee(context.session, int(delegate_id))
    except (ValueError, LookupError):
        return stale_click(context)
    try:
        service.set_delegate(
            context.session, actor=context.actor, delegator=context.employee, delegate=delegate, start=first, end=last
        )
    except DomainError as error:
        return refused_click(context, error)
    text = translate(
        context.lang, "approvals.delegate.done", delegate=delegate.name,
        start=views.format_day(first, context.lang), end=views.format_day(last, context.lang),
    )  # fmt: skip
    return [Reply(text=text, blocks=[section_block(text)], replace_original=True)]


def press_cancel(context: Context, action: Action) -> list[Reply]:
    """Cancel: nothing is set."""
    text = translate(context.lang, "approvals.delegate.cancelled")
    return [Reply(text=text, blocks=[section_block(text)], replace_original=True)]
