"""Naming a delegate by chat: "while I'm away Ana approves for me" / "mientras esté fuera aprueba Ana" (with
dates), or HR for someone ("while Maria is away Dec 21-31 Olga approves for her") -> a preview with Confirm /
Cancel -> ``service.set_delegate`` on Confirm (which checks again who may)."""

from __future__ import annotations

import re
from datetime import date

from db.models import Employee, Role
from skills.approvals import queries, service, views
from skills.blocks import button, section_block
from skills.clicks import refused_click, stale_click
from skills.common.extract import fold
from skills.core import Action, Context, Reply, Request
from skills.errors import DomainError
from skills.forms import slot_dates
from skills.i18n import translate

CONFIRM, CANCEL = "approvals.delegate_confirm", "approvals.delegate_cancel"
UNTIL = re.compile(r"\b(?:until|till|through|hasta)\b", re.I)
WORD = re.compile(r"\w+", re.U)
APPROVING = frozenset(
    {"approves", "approve", "aprueba", "apruebe", "aprobara", "covers", "cubre", "handles", "lleva", "decides",
     "signs", "firma", "decide"}
)  # fmt: skip
"""Verbs next to the delegate's name when HR names both people."""


def _dates(context: Context, request: Request) -> tuple[date, date] | None:
    try:
        asked = slot_dates(request.slots)
    except ValueError:
        return None
    if asked is None:
        return None
    start, end = asked
    if start == end and UNTIL.search(request.text):  # "until Friday": from today
        return min(context.today, start), end
    return start, end


def _who(context: Context, request: Request) -> tuple[Employee, Employee] | None:
    """(delegator, delegate): the asker and the one colleague named; for HR naming two colleagues ("while Maria is
    away Olga approves for her"), the delegate is the one named next to the approving verb."""
    people = queries.colleagues_named(context.session, request.text, exclude=context.employee.id)
    if len(people) == 1:
        return context.employee, people[0]
    if len(people) != 2 or not context.employee.has_role(Role.HR):
        return None
    words = WORD.findall(fold(request.text))
    verbs = [i for i, word in enumerate(words) if word in APPROVING]
    if not verbs:
        return None

    def distance(person: Employee) -> int:
        first = fold(person.name).split()[0]
        spots = [i for i, word in enumerate(words) if word == first] or [len(words) * 2]
        return min(abs(i - v) for i in spots for v in verbs)

    delegate, delegator = sorted(people, key=distance)
    return (delegator, delegate) if distance(delegate) < distance(delegator) else None


def delegate_preview(context: Context, request: Request) -> list[Reply]:
    """The preview card, or what is missing (who, or which dates) with an example."""
    who = _who(context, request)
    span = _dates(context, request)
    if who is None or span is None:
        return [Reply(text=translate(context.lang, "approvals.delegate.need"))]
    (delegator, delegate), (start, end) = who, span
    lang = context.lang
    key = "approvals.delegate.preview" if delegator.id == context.employee.id else "approvals.delegate.preview_for"
    text = translate(
        lang, key, delegate=delegate.name, delegator=delegator.name,
        start=views.format_day(start, lang), end=views.format_day(end, lang),
    )  # fmt: skip
    value = f"{delegate.id}:{start.isoformat()}:{end.isoformat()}:{delegator.id}"
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
        delegate_id, start, end, delegator_id = action.value.split(":")
        first, last = date.fromisoformat(start), date.fromisoformat(end)
        delegate = queries.employee(context.session, int(delegate_id))
        delegator = queries.employee(context.session, int(delegator_id))
    except (ValueError, LookupError):
        return stale_click(context)
    try:
        service.set_delegate(
            context.session, actor=context.actor, delegator=delegator, delegate=delegate, start=first, end=last
        )
    except DomainError as error:
        return refused_click(context, error)
    key = "approvals.delegate.done" if delegator.id == context.employee.id else "approvals.delegate.done_for"
    text = translate(
        context.lang, key, delegate=delegate.name, delegator=delegator.name,
        start=views.format_day(first, context.lang), end=views.format_day(last, context.lang),
    )  # fmt: skip
    return [Reply(text=text, blocks=[section_block(text)], replace_original=True)]


def press_cancel(context: Context, action: Action) -> list[Reply]:
    """Cancel: nothing is set."""
    text = translate(context.lang, "approvals.delegate.cancelled")
    return [Reply(text=text, blocks=[section_block(text)], replace_original=True)]
