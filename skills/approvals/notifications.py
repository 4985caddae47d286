"""Who the engine tells what, queued in the outbox in the caller's transaction: the approver's card (and their
delegate's), the cards redrawn after a decision, progress to the requester, reminders and escalations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from db.models import Employee
from db.outbox import Entity, enqueue, enqueue_update
from skills.approvals import views
from skills.approvals.kinds import ApprovalKind, Decision
from skills.approvals.models import Approval, ApprovalStep, Delegation, StepStatus
from skills.approvals.queries import cards_about, delegation_of, stand_in_for
from skills.approvals.rules import decided_earlier
from skills.blocks import section_block
from skills.common.hr import HrDesk
from skills.common.time import local_today
from skills.core import Blocks
from skills.i18n import translate


def about(approval: Approval) -> Entity:
    """The outbox entity of the skill's row, so every card about it is found and redrawn after a decision."""
    return Entity(approval.entity_type, approval.entity_id)


def card(session: Session, kind: ApprovalKind, approval: Approval, viewer: Employee) -> tuple[str, Blocks]:
    """The approver's card: the skill's own, or the engine's."""
    if kind.card is not None:
        return kind.card(session, approval, viewer)
    return views.step_card(approval, kind.describe(session, approval, viewer.language), kind.name(viewer.language),
                           viewer)  # fmt: skip


def settled(session: Session, kind: ApprovalKind, approval: Approval, viewer: Employee) -> tuple[str, Blocks]:
    """A card once its level is decided: the skill's own, or the engine's."""
    if kind.settled_card is not None:
        return kind.settled_card(session, approval, viewer)
    what = kind.describe(session, approval, viewer.language)
    return views.settled_card(approval, what, kind.name(viewer.language), viewer)


def ask_step(session: Session, kind: ApprovalKind, approval: Approval, step: ApprovalStep, now: datetime) -> None:
    """The step's approver gets the card; a delegate standing in for them today gets it too, "on behalf of"."""
    text, blocks = card(session, kind, approval, step.approver)
    enqueue(session, text=text, blocks=blocks, recipient=step.approver, entity=about(approval))
    delegation = delegation_of(session, step.approver_id, local_today(step.approver.timezone, now))
    if (delegation is not None and delegation.delegate_id != approval.requester_id
            and not decided_earlier(approval, delegation.delegate)):  # fmt: skip
        delegate = delegation.delegate
        lang = delegate.language
        text, blocks = card(session, kind, approval, delegate)
        until = views.format_day(delegation.end_date, lang)
        enqueue(session, text=text, blocks=[*views.behalf_line(step.approver, until, lang), *blocks],
                recipient=delegate, entity=about(approval))  # fmt: skip


def ask_stand_in(session: Session, kind: ApprovalKind, step: ApprovalStep, stand_in: Employee) -> None:
    """The manager who now decides a leaver's step gets its card, saying whose step it is."""
    lang = stand_in.language
    text, blocks = card(session, kind, step.approval, stand_in)
    enqueue(session, text=text, blocks=[views.left_line(step.approver, lang), *blocks], recipient=stand_in,
            entity=about(step.approval))  # fmt: skip


def ask_level(session: Session, kind: ApprovalKind, approval: Approval, level: int, now: datetime) -> None:
    """Every pending step of ``level`` is asked."""
    for step in approval.steps:
        if step.level == level and step.status == StepStatus.PENDING:
            ask_step(session, kind, approval, step, now)


def settle_cards(session: Session, kind: ApprovalKind, approval: Approval, now: datetime) -> int:
    """Redraw every card about the approval's row that has buttons, as each viewer should now see it; how many.

    A viewer who is to decide the next level keeps buttons only on the card sent for that level (sent after this).
    """
    count = 0
    drawn: dict[int, tuple[str, Blocks]] = {}
    for message, viewer in cards_about(session, approval):
        if not views.has_buttons(message.blocks):
            continue
        if viewer.id not in drawn:
            drawn[viewer.id] = settled(session, kind, approval, viewer)
        text, blocks = drawn[viewer.id]
        enqueue_update(session, message, text=text, blocks=blocks)
        count += 1
    return count


def progress(session: Session, kind: ApprovalKind, decision: Decision) -> None:
    """The requester hears that one level approved and who decides next."""
    approval = decision.approval
    requester = approval.requester
    lang = requester.language
    waiting = [s.approver.name for s in approval.steps if s.level == approval.current_level and s.status == "pending"]
    text = translate(
        lang, "approvals.notify.progress", by=decision.by.name if decision.by else "?",
        what=kind.describe(session, approval, lang), next=", ".join(waiting) or "?",
    )  # fmt: skip
    enqueue(session, text=text, recipient=requester, entity=about(approval))


def remind(session: Session, kind: ApprovalKind, step: ApprovalStep, now: datetime) -> None:
    """The step's approver gets the card again, under a reminder saying since when it waits, and so does whoever
    stands in for them today (their delegate, "on behalf of"); once the approver has left, the next active manager
    up gets it, deciding on the leaver's behalf (nobody, when nobody up is active: the escalation tells HR)."""
    approver = step.approver
    if not approver.active:
        stand_in = stand_in_for(approver)
        if stand_in is not None:
            _remind(session, kind, step, stand_in, [views.left_line(approver, stand_in.language)])
        return
    _remind(session, kind, step, approver, [])
    delegation = delegation_of(session, approver.id, local_today(approver.timezone, now))
    if delegation is not None and delegation.delegate_id != step.approval.requester_id and delegation.delegate.active:
        delegate = delegation.delegate
        until = views.format_day(delegation.end_date, delegate.language)
        _remind(session, kind, step, delegate, views.behalf_line(approver, until, delegate.language))


def _remind(session: Session, kind: ApprovalKind, step: ApprovalStep, person: Employee, above: Blocks) -> None:
    lang = person.language
    since = views.format_moment(step.pending_since or step.approval.created_at, lang, person.timezone)
    notice = translate(lang, "approvals.job.reminder", name=step.approval.requester.name, since=since)
    _, blocks = card(session, kind, step.approval, person)
    enqueue(session, text=notice, blocks=[section_block(notice), *above, *blocks], recipient=person,
            entity=about(step.approval))  # fmt: skip


def escalated(session: Session, kind: ApprovalKind, step: ApprovalStep, waited: int, desk: HrDesk) -> None:
    """The HR channel hears, in the HR desk's language, of a step waiting too long."""
    lang = desk.hr_language
    approval = step.approval
    text = translate(
        lang, "approvals.job.escalation", kind=kind.name(lang), id=approval.entity_id, name=approval.requester.name,
        what=kind.describe(session, approval, lang), days=waited, approver=step.approver.name,
    )  # fmt: skip
    enqueue(session, text=text, channel=desk.hr_channel, entity=about(approval))


def delegation_set(session: Session, delegation: Delegation, by: Employee) -> None:
    """The delegate hears whose approvals they decide and until when; the delegator too when HR set it."""
    delegate, delegator = delegation.delegate, delegation.delegator
    for person, key in ((delegate, "approvals.notify.delegate"), (delegator, "approvals.notify.delegated_by_hr")):
        if person.id == by.id or (key.endswith("by_hr") and by.id == delegator.id):
            continue
        lang = person.language
        text = translate(
            lang, key, delegator=delegator.name, delegate=delegate.name, by=by.name,
            start=views.format_day(delegation.start_date, lang), end=views.format_day(delegation.end_date, lang),
        )  # fmt: skip
        enqueue(session, text=text, recipient=person)
