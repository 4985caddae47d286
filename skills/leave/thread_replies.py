"""Deciding by replying in the approval card's thread: "approve", "ok", "aprobar", "reject: too busy", "rechazar: …"."""

from __future__ import annotations

import re

from skills.core import Context, Reply, SkillRegistry
from skills.errors import DomainError
from skills.i18n import add_messages, translate
from skills.leave.request_handlers import refresh_cards
from skills.leave.service import ENTITY, decide, get_request

APPROVE_WORDS = frozenset(
    {"approve", "approved", "ok", "okay", "yes", "lgtm", "fine", "aprobar", "aprobada", "aprobado", "apruebo",
     "vale", "si", "sí", "de acuerdo", "👍", ":+1:", ":thumbsup:"}
)  # fmt: skip
REJECT = re.compile(
    r"^\s*(?:reject(?:ed)?|deny|denied|decline|rechaz(?:ar|o|ada|ado)|deniego)\b[\s:,.;-]*(.*)$", re.I | re.S
)

add_messages(
    {
        "leave.thread.reason_needed": {
            "en": "To reject it I need a reason {name} will see. Reply with `reject: <reason>`.",
            "es": "Para rechazarla necesito un motivo que verá {name}. Responde con `rechazar: <motivo>`.",
        },
    }
)


def _word(text: str) -> str:
    return re.sub(r"[!.¡¿?\s]+$", "", text.strip().lower()).strip()


def answer_in_thread(context: Context, entity_id: str, text: str) -> list[Reply] | None:
    """Approve or reject the request the card is about; None when the message is neither (it is then routed)."""
    approve = _word(text) in APPROVE_WORDS
    rejection = REJECT.match(text)
    if not approve and rejection is None:
        return None
    reason = rejection.group(1).strip() if rejection else None
    try:
        request = decide(context.session, int(entity_id), context.employee, approve, reason, context.via, context.now)
    except DomainError as error:
        context.session.rollback()
        if error.code == "leave_reason_required":
            name = get_request(context.session, int(entity_id)).employee.name
            return [Reply(text=translate(context.lang, "leave.thread.reason_needed", name=name))]
        return [Reply(text=error.message(context.lang))]
    refresh_cards(context.session, request)
    return [Reply(text=translate(context.lang, f"leave.decided.{request.status}", name=request.employee.name))]


def register(registry: SkillRegistry) -> None:
    """Let approvers decide by replying in the thread of the approval card."""
    registry.on_thread_reply(ENTITY, answer_in_thread)
