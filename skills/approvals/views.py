"""Pure drawings of the engine's cards and lists: the step card, the settled card, the decision trail, the inbox,
the reject modal. They take loaded data (and the one-line description the skill wrote); they never query."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from babel.dates import format_date, format_time

from skills.blocks import button, context_block, section_block
from skills.common.time import local_now
from skills.core import Blocks
from skills.i18n import normalise_language, translate, translate_count

if TYPE_CHECKING:
    from db.models import Employee
    from skills.approvals.models import Approval, ApprovalStep

APPROVE, REJECT, REJECT_WITH = "approvals.approve", "approvals.reject", "approvals.reject_with"
PICK = "approvals.pick"
REJECT_VIEW = "approvals.reject_reason"
REASON = "reason"
CANNED_REASONS = ("not_now", "need_info", "other")
DONE = ("approved", "rejected")


def format_moment(moment: datetime, lang: str, timezone: str | None = "UTC") -> str:
    """A UTC moment in ``timezone``: ``Dec 3, 2026, 10:30 AM`` / ``3 dic 2026, 10:30``."""
    local = local_now(moment, timezone)
    locale = normalise_language(lang)
    day = format_date(local.date(), format="medium", locale=locale)
    return f"{day}, {format_time(local, format='short', locale=locale)}".replace("\u202f", " ").replace("\xa0", " ")


def format_day(day: date, lang: str) -> str:
    """A date as a person reads it: ``Dec 8, 2026`` / ``8 dic 2026``."""
    return format_date(day, format="medium", locale=normalise_language(lang))


def waited(days: int, lang: str) -> str:
    """How long something waited: ``today`` / ``1 business day`` / ``3 días hábiles``."""
    return translate(lang, "approvals.waited.none") if days <= 0 else translate_count(lang, "approvals.waited", days)


def stand_in_line(step: ApprovalStep, lang: str) -> str | None:
    """Why a stand-in (or an escalation) decides this step, or None for the step's own approver."""
    if step.rule_reason is None:
        return None
    params = {k: str(v) for k, v in (step.rule_params or {}).items()}
    return translate(lang, f"approvals.stand_in.{step.rule_reason}", approver=step.approver.name, **params)


def step_line(step: ApprovalStep, lang: str, timezone: str) -> str:
    """One step of the trail: ``✅ Maria (manager) approved, Dec 3, 10:30`` with on whose behalf and why."""
    rule = translate(lang, f"approvals.rule.{step.rule}") if step.rule else ""
    who = f"{step.approver.name} ({rule})" if rule else step.approver.name
    if step.status in DONE:
        by = step.decided_by.name if step.decided_by is not None else "?"
        at = format_moment(step.decided_at, lang, timezone) if step.decided_at else "?"
        behalf = step.on_behalf_of.name if step.on_behalf_of is not None else None
        key = f"approvals.trail.{step.status}" + (f"_{step.decided_as}" if behalf else "")
        line = translate(lang, key, by=by, at=at, behalf=behalf or "", rule=rule)
        if step.status == "rejected" and step.reason:
            line += " — " + step.reason
        return line
    return translate(lang, f"approvals.trail.{step.status}", who=who)


def trail(approval: Approval, lang: str, timezone: str) -> list[str]:
    """Every step worth showing, in order: decided ones, the pending level, the levels still to come."""
    return [step_line(s, lang, timezone) for s in approval.steps if s.status != "skipped"]


def decide_buttons(approval_id: int, level: int, lang: str) -> dict[str, Any]:
    """Approve (primary) / Reject (danger) for an approval, whatever its kind; the value carries the level shown
    (``<approval id>:<level>``), so a click on a card of a level decided since changes nothing."""
    value = f"{approval_id}:{level}"
    return {
        "type": "actions",
        "block_id": f"approvals.decide.{approval_id}",
        "elements": [
            button(translate(lang, "approvals.card.approve"), APPROVE, value, "primary"),
            button(translate(lang, "approvals.card.reject"), REJECT, value, "danger"),
        ],
    }


def step_card(approval: Approval, what: str, kind_name: str, viewer: Employee) -> tuple[str, Blocks]:
    """The engine's card for an approver: who asks, what, the trail so far, Approve / Reject."""
    lang = viewer.language
    title = translate(lang, "approvals.card.title", kind=kind_name, name=approval.requester.name)
    blocks: Blocks = [section_block(f"*{title}*\n{what}")]
    lines = trail(approval, lang, viewer.timezone)
    if lines:
        blocks.append(context_block("\n".join(lines)))
    blocks.append(decide_buttons(approval.id, approval.current_level, lang))
    return f"{title}: {what}", blocks


def settled_card(approval: Approval, what: str, kind_name: str, viewer: Employee) -> tuple[str, Blocks]:
    """The engine's card once its level is decided: the same request and the trail, no buttons."""
    lang = viewer.language
    title = translate(lang, "approvals.card.title", kind=kind_name, name=approval.requester.name)
    lines = trail(approval, lang, viewer.timezone)
    return f"{title}: {what}\n" + "\n".join(lines), [
        section_block(f"*{title}*\n{what}"),
        context_block("\n".join(lines)),
    ]


def behalf_line(delegator: Employee, until: str, lang: str) -> Blocks:
    """The line a delegate's card starts with."""
    return [context_block(translate(lang, "approvals.card.on_behalf", name=delegator.name, until=until))]


def left_line(leaver: Employee, lang: str) -> dict[str, Any]:
    """The line over a card sent to the manager who decides for someone who left."""
    return context_block(translate(lang, "approvals.card.on_behalf_of_leaver", name=leaver.name))


def behalf_note(name: str, lang: str) -> dict[str, Any]:
    """A context line over a card shown to a delegate: whose step it is."""
    return context_block(translate(lang, "approvals.inbox.behalf", name=name))


@dataclass(frozen=True)
class InboxEntry:
    """One line of the inbox, already described by its skill."""

    approval_id: int
    level: int
    requester: str
    kind_name: str
    what: str
    waited_days: int
    since: datetime
    on_behalf_of: str | None


def inbox_text(entries: Sequence[InboxEntry], lang: str) -> str:
    """The inbox as plain text (the fallback and the terminal)."""
    if not entries:
        return translate(lang, "approvals.inbox.empty")
    head = translate_count(lang, "approvals.inbox.title", len(entries))
    return "\n".join([head, *(f"{n}. {_entry_line(e, lang)}" for n, e in enumerate(entries, 1))])


def _entry_line(entry: InboxEntry, lang: str) -> str:
    line = translate(
        lang, "approvals.inbox.line", name=entry.requester, kind=entry.kind_name, what=entry.what,
        waited=waited(entry.waited_days, lang),
    )  # fmt: skip
    if entry.on_behalf_of:
        line += " " + translate(lang, "approvals.inbox.behalf", name=entry.on_behalf_of)
    return line


def inbox_blocks(entries: Sequence[InboxEntry], lang: str, *, limit: int = 15) -> Blocks:
    """The inbox: a title, then each entry oldest first with Approve / Reject (within Slack's 50 blocks)."""
    if not entries:
        return [section_block(translate(lang, "approvals.inbox.empty"))]
    blocks: Blocks = [section_block(f"*{translate_count(lang, 'approvals.inbox.title', len(entries))}*")]
    for entry in entries[:limit]:
        blocks += [section_block(_entry_line(entry, lang)), decide_buttons(entry.approval_id, entry.level, lang)]
    if len(entries) > limit:
        blocks.append(context_block(translate(lang, "approvals.inbox.more", count=len(entries) - limit)))
    return blocks


def pick_card(entries: Sequence[InboxEntry], approve: bool, lang: str) -> Blocks:
    """Several pending approvals match what was said: one button each, to pick which one."""
    action = "approve" if approve else "reject"
    blocks: Blocks = [section_block(translate(lang, f"approvals.pick.{action}"))]
    for entry in entries[:10]:
        blocks += [section_block(_entry_line(entry, lang)), decide_buttons(entry.approval_id, entry.level, lang)]
    return blocks


def reject_modal(approval_id: int, requester: str, what: str, lang: str) -> dict[str, Any]:
    """The modal asking why; ``private_metadata`` carries the approval id."""
    return {
        "type": "modal",
        "callback_id": REJECT_VIEW,
        "title": {"type": "plain_text", "text": translate(lang, "approvals.reject.title")[:24]},
        "submit": {"type": "plain_text", "text": translate(lang, "approvals.reject.submit")[:24]},
        "close": {"type": "plain_text", "text": translate(lang, "approvals.reject.close")[:24]},
        "private_metadata": json.dumps({"approval_id": approval_id}),
        "blocks": [
            section_block(translate(lang, "approvals.reject.intro", name=requester, what=what)),
            {
                "type": "input",
                "block_id": REASON,
                "label": {"type": "plain_text", "text": translate(lang, "approvals.reject.reason_label")},
                "element": {"type": "plain_text_input", "action_id": REASON, "multiline": True, "max_length": 1000},
            },
        ],
    }


def canned_reasons_card(approval_id: int, requester: str, lang: str) -> Blocks:
    """Where a modal cannot open (the terminal): a few reasons as buttons."""
    buttons = [
        button(translate(lang, f"approvals.reject.canned.{code}"), REJECT_WITH, f"{approval_id}:{code}")
        for code in CANNED_REASONS
    ]
    prompt = translate(lang, "approvals.reject.pick_reason", name=requester)
    return [
        section_block(prompt),
        {"type": "actions", "block_id": f"approvals.reasons.{approval_id}", "elements": buttons},
    ]


def has_buttons(blocks: Blocks | None) -> bool:
    """Whether a card still has live buttons."""
    return any(block.get("type") == "actions" for block in blocks or [])
