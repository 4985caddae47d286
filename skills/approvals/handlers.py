"""``register(registry, deps)``: the engine's thin adapters: the inbox (intent and Home tab), deciding by name,
Approve / Reject on any kind's engine card, the reject reason, decisions in a card's thread, and delegations."""

from __future__ import annotations

import re
from datetime import date
from functools import partial
from typing import Any

from skills.approvals import delegation, errors, queries, service, views
from skills.approvals.kinds import ApprovalKind, Decision, all_kinds
from skills.approvals.matching import Candidate, names_in, names_someone, narrow
from skills.approvals.models import Approval
from skills.approvals.words import read_decision
from skills.base import SkillDeps
from skills.blocks import section_block
from skills.clicks import entity_id, refused_click, stale_click
from skills.core import Action, Blocks, Capability, Context, Reply, Request, SkillRegistry
from skills.errors import DomainError
from skills.i18n import translate

Kinds = dict[str, ApprovalKind]
FROM_INBOX = "inbox"
HOME_SHOWN = 8
REASON_AFTER = re.compile(r"[,:;—–]\s*|\s-\s")


# --- the inbox --------------------------------------------------------------------------------------------------------


def entries(context: Context, kinds: Kinds) -> list[tuple[queries.Waiting, views.InboxEntry]]:
    """Everything waiting for the asker, oldest first, each described by its skill in the asker's language."""
    found = []
    for waiting in queries.inbox(context.session, context.employee, context.now, list(kinds)):
        kind = kinds[waiting.approval.entity_type]
        entry = views.InboxEntry(
            approval_id=waiting.approval.id, level=waiting.approval.current_level, requester=waiting.approval.requester.name,
            kind_name=kind.name(context.lang), what=kind.describe(context.session, waiting.approval, context.lang),
            waited_days=waiting.waited_days, since=waiting.step.pending_since or waiting.approval.created_at,
            on_behalf_of=waiting.on_behalf_of.name if waiting.on_behalf_of is not None else None,
        )  # fmt: skip
        found.append((waiting, entry))
    return found


def _inbox_blocks(context: Context, kinds: Kinds) -> tuple[str, Blocks]:
    listed = [entry for _, entry in entries(context, kinds)]
    blocks = views.inbox_blocks(listed, context.lang)
    for block in blocks:  # buttons in the list say so, so a decision redraws the list
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            element["value"] = f"{element['value']}:{FROM_INBOX}"
    return views.inbox_text(listed, context.lang), blocks


def answer_inbox(kinds: Kinds, context: Context, request: Request) -> list[Reply]:
    """ "What's waiting for me?": every pending step for me (and my delegators) across skills, oldest first."""
    text, blocks = _inbox_blocks(context, kinds)
    return [Reply(text=text, blocks=blocks)]


def home_inbox(kinds: Kinds, context: Context) -> Blocks:
    """The Home tab's "Waiting for your decision": each pending approval's card (the skill's own when it has one)."""
    waiting = entries(context, kinds)
    if not waiting:
        return []
    blocks: Blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": translate(context.lang, "approvals.home.title")}}
    ]
    for item, entry in waiting[:HOME_SHOWN]:
        kind = kinds[item.approval.entity_type]
        if kind.card is not None:
            _, card = kind.card(context.session, item.approval, context.employee)
        else:
            card = views.inbox_blocks([entry], context.lang)[1:]
        if item.on_behalf_of is not None:
            card = [views.behalf_note(item.on_behalf_of.name, context.lang), *card]
        blocks += [*card, {"type": "divider"}]
    if len(waiting) > HOME_SHOWN:  # the Home tab shows a few cards: say that more wait behind them
        more = translate(context.lang, "approvals.home.more", count=len(waiting) - HOME_SHOWN)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": more}]})
    return blocks


# --- deciding -----------------------------------------------------------------------------------------------------


def _done(context: Context, decision: Decision) -> str:
    name = decision.approval.requester.name
    if not decision.final:
        approval = decision.approval
        nxt = [s.approver.name for s in approval.steps if s.level == approval.current_level and s.status == "pending"]
        return translate(context.lang, "approvals.decided.progress", next=", ".join(nxt) or "?")
    return translate(context.lang, f"approvals.decided.{'approved' if decision.approved else 'rejected'}", name=name)


def decide(
    kinds: Kinds,
    context: Context,
    approval: Approval,
    approve: bool,
    reason: str | None,
    *,
    level: int | None = None,
    overrides: bool = True,
) -> Decision:
    """Decide ``approval`` for the asker through its kind (the engine re-checks everything)."""
    kind = kinds.get(approval.entity_type)
    if kind is None:
        raise errors.ApprovalNotFound(id=approval.id)
    return service.decide(
        context.session, actor=context.actor, kind=kind, entity_id=approval.entity_id, approve=approve, reason=reason,
        level=level, overrides=overrides,
    )  # fmt: skip


def _level(value: str) -> int | None:
    """The level an engine button carries (``<approval id>:<level>[:inbox]``), if any."""
    parts = value.split(":")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def _after_click(kinds: Kinds, context: Context, action: Action, decision: Decision) -> list[Reply]:
    done = Reply(text=_done(context, decision))
    if action.value.endswith(f":{FROM_INBOX}"):
        text, blocks = _inbox_blocks(context, kinds)
        return [Reply(text=text, blocks=blocks, replace_original=True), done]
    kind = kinds[decision.approval.entity_type]
    if kind.settled_card is None and kind.card is None:
        what = kind.describe(context.session, decision.approval, context.lang)
        text, blocks = views.settled_card(decision.approval, what, kind.name(context.lang), context.employee)
        return [Reply(text=text, blocks=blocks, replace_original=True), done]
    return [done]


def press_approve(kinds: Kinds, context: Context, action: Action) -> list[Reply]:
    """Approve on an engine card or the inbox: re-checked now; a second click says what already happened."""
    approval_id = entity_id(action.value)
    if approval_id is None:
        return stale_click(context)
    try:
        approval = queries.get_approval(context.session, approval_id)
        decision = decide(kinds, context, approval, True, None, level=_level(action.value))
    except DomainError as error:
        return refused_click(context, error)
    return _after_click(kinds, context, action, decision)


def press_reject(kinds: Kinds, context: Context, action: Action) -> list[Reply]:
    """Reject: if the clicker may decide it now, ask why (a modal in Slack, canned reasons elsewhere)."""
    approval_id = entity_id(action.value)
    if approval_id is None:
        return stale_click(context)
    try:
        approval = queries.get_approval(context.session, approval_id)
    except DomainError as error:
        return refused_click(context, error)
    level = _level(action.value)
    permission = queries.can_decide(context.session, approval, context.employee, context.today, level=level)
    if permission.refusal is not None:
        return refused_click(context, permission.refusal)
    kind = kinds[approval.entity_type]
    name = approval.requester.name
    prompt = translate(context.lang, "approvals.reject.pick_reason", name=name)
    if context.via == "slack":
        what = kind.describe(context.session, approval, context.lang)
        return [Reply(text=prompt, modal=views.reject_modal(approval.id, name, what, context.lang), ephemeral=True)]
    return [Reply(text=prompt, blocks=views.canned_reasons_card(approval.id, name, context.lang))]


def press_reject_with(kinds: Kinds, context: Context, action: Action) -> list[Reply]:
    """Reject with a canned reason (``<approval id>:<code>``)."""
    approval_id = entity_id(action.value)
    code = action.value.split(":", 1)[1] if ":" in action.value else ""
    if approval_id is None or code not in views.CANNED_REASONS:
        return stale_click(context)
    try:
        approval = queries.get_approval(context.session, approval_id)
        decision = decide(kinds, context, approval, False, translate(context.lang, f"approvals.reject.canned.{code}"))
    except DomainError as error:
        return refused_click(context, error)
    return [Reply(text=_done(context, decision))]


def submit_reject(
    kinds: Kinds, context: Context, values: dict[str, str], metadata: dict[str, Any]
) -> tuple[dict[str, str], list[Reply]]:
    """The reject modal: an empty reason is a field error; otherwise reject and say so."""
    try:
        approval = queries.get_approval(context.session, int(metadata.get("approval_id", 0)))
    except (TypeError, ValueError):
        return {}, stale_click(context)
    except DomainError as error:
        return {}, refused_click(context, error)
    try:
        decision = decide(kinds, context, approval, False, values.get(views.REASON, ""))
    except errors.ReasonRequired as error:
        context.session.rollback()
        return {views.REASON: error.message(context.lang)}, []
    except DomainError as error:
        return {}, refused_click(context, error)
    return {}, [Reply(text=_done(context, decision))]


def answer_in_thread(kinds: Kinds, kind: ApprovalKind, context: Context, entity: str, text: str) -> list[Reply] | None:
    """A decision word in a card's thread ("approve", "vale, aprobado", "reject: clash") decides it; None when the
    message decides nothing (it is then routed as usual)."""
    verdict = read_decision(text)
    if verdict is None:
        return None
    approval = queries.approval_of(context.session, kind.entity, int(entity))
    if approval is None:
        return None
    try:
        decision = decide(kinds, context, approval, verdict.approve, verdict.reason, overrides=False)
    except errors.ReasonRequired:
        context.session.rollback()
        name = approval.requester.name
        return [Reply(text=translate(context.lang, "approvals.thread.reason_needed", name=name))]
    except DomainError as error:
        context.session.rollback()
        return [Reply(text=error.message(context.lang))]
    return [Reply(text=_done(context, decision))]


# --- deciding by name ------------------------------------------------------------------------------------------------


def _reason_after_names(text: str) -> str | None:
    parts = REASON_AFTER.split(text.strip(), maxsplit=1)
    return parts[1].strip() or None if len(parts) == 2 else None


OWN_WORDS = re.compile(
    r"\b(?:my own|mine|myself|my (?:request|leave|vacation|claim)|mi propia|la m[ií]a|el m[ií]o)\b", re.I
)
"""Words by which someone points at their own request ("approve my own vacation", "aprueba la mía")."""


def own_request_refusal(context: Context, text: str, kinds: Kinds) -> list[Reply] | None:
    """ "Approve Maria's vacation" from Maria (or "approve my own request"), when nothing waiting for her matches:
    nobody decides their own request, and who decides it is said; None when the words are not about her own."""
    asker = context.employee
    first_name = asker.name.split()[0] if asker.name.split() else asker.name
    if not (OWN_WORDS.search(text) or names_in(text, first_name, whole=True)):
        return None
    own = [
        approval for approval in queries.pending_requested_by(context.session, asker) if approval.entity_type in kinds
    ]
    if not own:
        return None
    deciders = {person.id: person.name for approval in own for person in queries.deciders_waited_for(approval)}
    refusal = errors.DecideOwnRequest().message(context.lang)
    if not deciders:
        return [Reply(text=refusal)]
    who = translate(context.lang, "approvals.match.own_decider", names=", ".join(deciders.values()))
    return [Reply(text=f"{refusal} {who}")]


def answer_decide(kinds: Kinds, context: Context, request: Request) -> list[Reply]:
    """ "approve Sam's vacation Dec 21-23" / "aprueba la de Javier": decide the one pending approval it names; show
    the choices when several match; never creates anything for the approver, nor decides the asker's own."""
    waiting = entries(context, kinds)
    if not waiting:
        own = own_request_refusal(context, request.text, kinds)
        return own or [Reply(text=translate(context.lang, "approvals.match.nothing"))]
    candidates = []
    for item, entry in waiting:
        kind = kinds[item.approval.entity_type]
        period = kind.period(context.session, item.approval) if kind.period is not None else None
        candidates.append(Candidate(item.approval.id, entry.requester, period, f"{entry.kind_name} {entry.what}"))
    slots = request.slots
    start = _day(slots.get("start_date"))
    end = _day(slots.get("end_date"))
    types = [str(slots["leave_type"])] if slots.get("leave_type") else []
    matched = narrow(request.text, candidates, start, end, types)
    listed = {entry.approval_id: entry for _, entry in waiting}
    verdict = read_decision(request.text)
    approve = verdict.approve if verdict is not None else True
    if not names_someone(request.text, candidates) and (own := own_request_refusal(context, request.text, kinds)):
        return own  # "approve Maria's vacation" from Maria: not whichever vacation waits for her
    if not matched:
        text, blocks = _inbox_blocks(context, kinds)
        return [Reply(text=translate(context.lang, "approvals.match.none") + "\n" + text, blocks=blocks)]
    if len(matched) > 1:
        picked = [listed[c.approval_id] for c in matched]
        blocks = views.pick_card(picked, approve, context.lang)
        return [
            Reply(text=translate(context.lang, f"approvals.pick.{'approve' if approve else 'reject'}"), blocks=blocks)
        ]
    only = matched[0]
    reason = _reason_after_names(request.text) if not approve else None
    if verdict is not None and names_someone(request.text, candidates) and (approve or reason):
        approval = queries.get_approval(context.session, only.approval_id)
        decision = decide(kinds, context, approval, approve, reason)
        return [Reply(text=_done(context, decision))]
    key = "approvals.match.confirm_approve" if approve else "approvals.match.confirm_reject"
    blocks = views.pick_card([listed[only.approval_id]], approve, context.lang)[1:]
    return [Reply(text=translate(context.lang, key), blocks=[section_block(translate(context.lang, key)), *blocks])]


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


# --- help and registration ---------------------------------------------------------------------------------------


def capability(context: Context) -> Capability:
    """The help card's line for the inbox."""
    lang = context.lang
    return Capability(
        translate(lang, "approvals.capability.inbox.title"), translate(lang, "approvals.capability.inbox.example")
    )


def register(registry: SkillRegistry, deps: SkillDeps[Any]) -> None:
    """The inbox, deciding by name, the engine's buttons and modal, thread replies for kinds that want them, the
    Home tab's approvals, and delegations by chat."""
    kinds = all_kinds()
    registry.on_intent("approvals.inbox", partial(answer_inbox, kinds))
    registry.on_intent("approvals.decide", partial(answer_decide, kinds))
    registry.on_intent("approvals.delegate", delegation.delegate_preview)
    registry.on_action(views.APPROVE, partial(press_approve, kinds))
    registry.on_action(views.REJECT, partial(press_reject, kinds))
    registry.on_action(views.REJECT_WITH, partial(press_reject_with, kinds))
    registry.on_view(views.REJECT_VIEW, partial(submit_reject, kinds))
    registry.on_action(delegation.CONFIRM, delegation.press_confirm)
    registry.on_action(delegation.CANCEL, delegation.press_cancel)
    for kind in kinds.values():
        if kind.thread_replies:
            registry.on_thread_reply(kind.entity, partial(answer_in_thread, kinds, kind))
    registry.on_open_items(partial(home_inbox, kinds))
    registry.on_capability(capability)
