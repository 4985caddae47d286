"""Naming a delegate by chat: "while I'm away Dec 21-31 Ana approves for me" / "mientras esté fuera del 21 al 31
de diciembre aprueba Eva" -> a preview with Confirm / Cancel -> set on Confirm only; missing who or when asks."""

from __future__ import annotations

from sqlalchemy import func, select

from skills.approvals import delegation
from skills.approvals.models import Delegation
from skills.common.extract.slots import extract_slots
from skills.core import Action, Request

from .conftest import context_for


def _say(session, who, text):
    context = context_for(session, who)
    slots = extract_slots(text, today=context.today, locale=who.locale)
    return context, delegation.delegate_preview(context, Request(text, "approvals.delegate", slots))


def _count(session) -> int:
    return session.scalar(select(func.count()).select_from(Delegation)) or 0


def test_while_im_away_previews_then_confirm_sets_it(session, staff):
    context, [preview] = _say(session, staff.maria, "while I'm away Dec 21-31 Olga approves for me")
    assert preview.text.startswith("*Olga* will approve on your behalf from Dec 21, 2026 to Dec 31, 2026.")
    assert _count(session) == 0  # nothing before Confirm
    confirm = next(e for b in preview.blocks if b["type"] == "actions" for e in b["elements"])
    [done] = delegation.press_confirm(context, Action(confirm["action_id"], confirm["value"]))
    assert (
        done.text == "Done: Olga approves for you from Dec 21, 2026 to Dec 31, 2026. I told them."
        and done.replace_original
    )
    row = session.scalars(select(Delegation)).one()
    assert (row.delegator_id, row.delegate_id, str(row.start_date), str(row.end_date)) == (
        staff.maria.id, staff.olga.id, "2026-12-21", "2026-12-31",
    )  # fmt: skip


def test_mientras_este_fuera_in_spanish(session, staff):
    _, [preview] = _say(session, staff.javier, "mientras esté fuera del 21 al 31 de diciembre aprueba Lucia")
    assert preview.text.startswith("*Lucia* aprobará en tu nombre del 21 dic 2026 al 31 dic 2026.")


def test_without_dates_or_a_known_person_it_asks_for_both(session, staff):
    _, [reply] = _say(session, staff.maria, "while I'm away Olga approves for me")
    assert reply.text.startswith("Tell me who approves for you and the dates in one message")
    _, [reply] = _say(session, staff.maria, "while I'm away Dec 21-31 Zoe approves for me")
    assert reply.text.startswith("Tell me who approves for you")
    assert _count(session) == 0


def test_cancel_sets_nothing(session, staff):
    context, [preview] = _say(session, staff.maria, "Olga approves for me Dec 21-31")
    cancel = [e for b in preview.blocks if b["type"] == "actions" for e in b["elements"]][1]
    [reply] = delegation.press_cancel(context, Action(cancel["action_id"], cancel["value"]))
    assert reply.text == "Cancelled: no delegate was set." and _count(session) == 0


def test_hr_sets_a_delegate_for_someone_naming_both(session, staff):
    context, [preview] = _say(session, staff.hana, "while Maria is away Dec 21-31 Olga approves for her")
    assert preview.text.startswith("*Olga* will approve on behalf of Maria from Dec 21, 2026 to Dec 31, 2026.")
    confirm = next(e for b in preview.blocks if b["type"] == "actions" for e in b["elements"])
    [done] = delegation.press_confirm(context, Action(confirm["action_id"], confirm["value"]))
    assert done.text.startswith("Done: Olga approves for Maria from Dec 21, 2026")
    row = session.scalars(select(Delegation)).one()
    assert (row.delegator_id, row.delegate_id, row.created_by_id) == (staff.maria.id, staff.olga.id, staff.hana.id)


def test_someone_else_naming_two_people_is_asked_again(session, staff):
    _, [reply] = _say(session, staff.ana, "while Maria is away Dec 21-31 Olga approves for her")
    assert reply.text.startswith("Tell me who approves for you")
