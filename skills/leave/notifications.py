"""Who is told what about leave, queued in the outbox in the caller's transaction (the worker delivers it).

Each function decides the recipients and loads what their card shows; the content comes from ``views``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.orm import Session

from db.models import Employee
from db.outbox import Entity, enqueue, enqueue_update
from skills.blocks import section_block
from skills.common.hr import HrDesk
from skills.common.time import local_today
from skills.leave.models import ENTITY, LeaveRequest, LeaveStatus
from skills.leave.queries.facts import CardFacts, card_facts
from skills.leave.queries.requests import cards_about
from skills.leave.views import cards


def about(request: LeaveRequest) -> Entity:
    """The outbox entity of a request, so later cards about it can be found and settled."""
    return Entity(ENTITY, request.id)


def _requester_today(request: LeaveRequest, now: datetime) -> date:
    return local_today(request.employee.timezone, now)


def request_submitted(session: Session, request: LeaveRequest, approver: Employee, now: datetime) -> None:
    """The approver gets the approval card; for a type needing no approval, a note that the person is off."""
    lang = approver.language
    if request.status == LeaveStatus.PENDING:
        facts = card_facts(session, request, _requester_today(request, now), lang)
        notice = cards.notice_text("new_request", request, lang)
        enqueue(
            session,
            text=notice,
            blocks=cards.approval_card(request, facts, lang),
            recipient=approver,
            entity=about(request),
        )
    else:  # recorded at once: said in the past tense when the absence is already over (sick leave reported after)
        kind = "auto_approved_past" if request.end_date < _requester_today(request, now) else "auto_approved"
        enqueue(session, text=cards.notice_text(kind, request, lang), recipient=approver, entity=about(request))


def request_decided(session: Session, request: LeaveRequest, by: Employee) -> None:
    """The requester is told the decision, with the approver's reason on a rejection."""
    lang = request.employee.language
    if request.status == LeaveStatus.APPROVED:
        notice = cards.notice_text("approved", request, lang, by=by.name)
    else:
        notice = cards.notice_text("rejected", request, lang, by=by.name, reason=request.decision_reason or "")
    enqueue(session, text=notice, recipient=request.employee, entity=about(request))


def request_called_off(session: Session, request: LeaveRequest, by: Employee) -> None:
    """The approver hears of a withdrawal or a cancellation (unless they made it); the requester, when someone
    else (HR) called their leave off."""
    approver = request.approver
    if approver is not None and approver.id != by.id:
        notice = cards.notice_text(str(request.status), request, approver.language)
        enqueue(session, text=notice, recipient=approver, entity=about(request))
    if by.id != request.employee_id:
        notice = cards.notice_text("cancelled_for_you", request, request.employee.language, by=by.name)
        enqueue(session, text=notice, recipient=request.employee, entity=about(request))


def withdrawn_for_leaver(session: Session, request: LeaveRequest, deciders: Sequence[Employee]) -> None:
    """Whoever was to decide a request hears it was withdrawn because its requester left."""
    for person in deciders:
        notice = cards.notice_text("withdrawn_left", request, person.language)
        enqueue(session, text=notice, recipient=person, entity=about(request))


def settle_cards(session: Session, request: LeaveRequest, now: datetime) -> int:
    """Replace every card about ``request`` that still has buttons with the decided card; how many."""
    today = _requester_today(request, now)
    facts: dict[str, CardFacts] = {}
    settled = 0
    for message, viewer in cards_about(session, request):
        if not cards.has_buttons(message.blocks):
            continue
        lang = viewer.language
        if lang not in facts:
            facts[lang] = card_facts(session, request, today, lang)
        blocks = cards.decided_card(request, facts[lang], viewer)
        enqueue_update(session, message, text=cards.decided_text(request, viewer), blocks=blocks)
        settled += 1
    return settled


def remind_approver(session: Session, request: LeaveRequest, now: datetime) -> None:
    """The approver gets the approval card again, under a reminder since when it waits."""
    approver = request.approver
    if approver is None:
        return
    lang = approver.language
    notice = cards.reminder_text(request, approver)
    facts = card_facts(session, request, _requester_today(request, now), lang)
    blocks = [section_block(notice), *cards.approval_card(request, facts, lang)]
    enqueue(session, text=notice, blocks=blocks, recipient=approver, entity=about(request))


def escalate(session: Session, request: LeaveRequest, waited: int, desk: HrDesk) -> None:
    """The HR channel hears, in the HR desk's language, of a request waiting too long for its approver."""
    notice = cards.escalation_text(request, waited, desk.hr_language)
    enqueue(session, text=notice, channel=desk.hr_channel, entity=about(request))


def send_digest(session: Session, manager: Employee, text: str, key: str) -> None:
    """The Monday digest to one manager, at most once per key."""
    enqueue(session, text=text, blocks=[section_block(text)], recipient=manager, dedupe_key=key)
