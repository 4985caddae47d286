"""The maintenance reference data (DESIGN §3): ``teams``, ``assets`` and ``plans``, imported all-or-nothing and
exported back under the same header (so an export imported again changes nothing).

teams   ``code,name,channel,lead_email,member_emails,categories`` (lists ``;``-separated; ``channel`` a Slack
        channel id or ``#name``; ``categories`` the maintenance categories the team takes)
assets  ``tag,name,category,location_code,team_code`` then optionally ``aliases`` (other names, any language) and
        ``meter_unit`` (``h``, ``km``, ``cycles``: the asset has a meter that meter plans count)
plans   ``code,asset_tag,task,kind,every,unit,lead_days,next_due,checklist``: ``kind`` is ``fixed`` (every N
        ``days``/``weeks``/``months`` from the due date), ``floating`` (from the last completion) or ``meter`` (every
        N meter units, ``unit`` the asset's meter unit); ``next_due`` (ISO date) starts a dated plan
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Employee
from skills.common.reference.cells import Items, OptionalIsoDate, bounded_text, email_address, whole_number
from skills.common.reference.kind import ImportContext, Parsed, ReferenceKind, repeats
from skills.common.reference.problems import ImportSummary, RowProblem
from skills.locations.models import Location
from skills.maintenance.models import (
    CATEGORIES,
    Asset,
    PlanKind,
    PreventivePlan,
    Team,
)

_CODE = re.compile(r"[A-Z0-9][A-Z0-9._/-]{0,63}")
_CHANNEL = re.compile(r"#[a-z0-9][a-z0-9._-]{0,79}|[CG][A-Z0-9]{6,}")
DATED_UNITS = ("days", "weeks", "months")


def _code(raw: str) -> str:
    code = raw.strip().upper()
    if not code:
        raise ValueError("missing code")
    if not _CODE.fullmatch(code):
        raise ValueError(f"bad code {raw!r}: expected letters, digits, '.', '_', '/' or '-' (at most 64)")
    return code


def _optional_code(raw: str) -> str | None:
    return _code(raw) if raw.strip() else None


def _channel(raw: str) -> str | None:
    channel = raw.strip()
    if not channel:
        return None
    if not _CHANNEL.fullmatch(channel):
        raise ValueError(f"bad channel {raw!r}: expected a channel id (C0123ABCD) or #name")
    return channel


def _emails(raw: str) -> tuple[str, ...]:
    """The members' addresses, each once (``ana@x;ANA@x`` is one person), in the order written."""
    return tuple(dict.fromkeys(email_address(part.strip(), "member_emails") for part in raw.split(";") if part.strip()))


def _optional_email(raw: str) -> str | None:
    return email_address(raw.strip(), "lead_email") if raw.strip() else None


def _category(raw: str) -> str:
    value = raw.strip().lower()
    if value not in CATEGORIES:
        raise ValueError(f"unknown category {raw!r}: expected one of {', '.join(CATEGORIES)}")
    return value


def _categories(raw: str) -> tuple[str, ...]:
    """The categories, each once, in the order written."""
    return tuple(dict.fromkeys(_category(part) for part in raw.split(";") if part.strip()))


def _kind(raw: str) -> str:
    value = raw.strip().lower()
    if value not in tuple(PlanKind):
        raise ValueError(f"bad kind {raw!r}: expected fixed, floating or meter")
    return value


def _positive(raw: str) -> int:
    value = whole_number(raw)
    if value < 1:
        raise ValueError(f"every must be at least 1, not {raw!r}")
    return value


def _optional_whole(raw: str) -> int:
    return whole_number(raw) if raw.strip() else 0


Code = Annotated[str, BeforeValidator(_code)]
OptionalCode = Annotated[str | None, BeforeValidator(_optional_code)]


class TeamRow(BaseModel):
    """One team as the file writes it."""

    code: Code
    name: Annotated[str, bounded_text("name", 200, required=True)]
    channel: Annotated[str | None, BeforeValidator(_channel)] = None
    lead_email: Annotated[str | None, BeforeValidator(_optional_email)] = None
    member_emails: Annotated[tuple[str, ...], BeforeValidator(_emails)] = ()
    categories: Annotated[tuple[str, ...], BeforeValidator(_categories)] = ()


class AssetRow(BaseModel):
    """One asset as the file writes it."""

    tag: Code
    name: Annotated[str, bounded_text("name", 200, required=True)]
    category: Annotated[str, BeforeValidator(_category)]
    location_code: OptionalCode = None
    team_code: OptionalCode = None
    aliases: Items = ()
    meter_unit: Annotated[str, bounded_text("meter_unit", 16, required=False)] = ""


class PlanRow(BaseModel):
    """One preventive plan as the file writes it."""

    code: Code
    asset_tag: Code
    task: Annotated[str, bounded_text("task", 300, required=True)]
    kind: Annotated[str, BeforeValidator(_kind)]
    every: Annotated[int, BeforeValidator(_positive)]
    unit: Annotated[str, bounded_text("unit", 16, required=True)]
    lead_days: Annotated[int, BeforeValidator(_optional_whole)] = 0
    next_due: OptionalIsoDate = None
    checklist: Items = ()


def _people(session: Session) -> dict[str, Employee]:
    return {person.email.lower(): person for person in session.scalars(select(Employee))}


def _upsert(
    session: Session,
    context: ImportContext,
    rows: Sequence[Any],
    *,
    existing: dict[str, Any],
    key: Callable[[Any], str],
    build: Callable[[str], Any],
    wanted: Callable[[Any], dict[str, Any]],
    state: Callable[[Any], dict[str, Any]],
    entity: str,
) -> ImportSummary:
    """Create or update one row per key, auditing each change; unchanged rows are left alone."""
    created = updated = 0
    for row in rows:
        found = existing.get(key(row))
        values = wanted(row)
        if found is not None and state(found) == values:
            continue
        before = state(found) if found is not None else None
        if found is None:
            found = build(key(row))
            session.add(found)
            existing[key(row)] = found
        for name, value in values.items():
            setattr(found, name, value)
        session.flush()
        action = f"maintenance.{entity}_{'created' if before is None else 'updated'}"
        context.audit(
            session, action=action, entity=(f"maintenance_{entity}", found.id), before=before, after=_plain(values)
        )
        created += before is None
        updated += before is not None
    return ImportSummary(created, updated, len(rows) - created - updated)


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {key: str(value) if isinstance(value, date | Decimal) else value for key, value in values.items()}


# --- teams ------------------------------------------------------------------------------------------------------


def check_teams(session: Session, rows: Sequence[Parsed[TeamRow]]) -> list[RowProblem]:
    """Each code once; the lead and every member are known employees (also on a row with another bad cell)."""
    problems = repeats(rows, lambda row: row.code, "code {value}")
    people = _people(session)
    for parsed in rows:
        emails = [e for e in (parsed.row.lead_email, *(parsed.row.member_emails or ())) if e]
        unknown = [e for e in emails if e.lower() not in people]
        if unknown:
            problems.append(RowProblem(parsed.line, parsed.label, f"unknown employee {', '.join(unknown)}"))
    return problems


def _team_state(team: Team) -> dict[str, Any]:
    return {
        "name": team.name,
        "channel": team.channel,
        "lead_id": team.lead_id,
        "member_ids": list(team.member_ids or []),
        "categories": list(team.categories or []),
    }


def apply_teams(session: Session, rows: Sequence[Parsed[TeamRow]], context: ImportContext) -> ImportSummary:
    """Create or update each team."""
    people = _people(session)

    def wanted(row: TeamRow) -> dict[str, Any]:
        lead = people[row.lead_email.lower()].id if row.lead_email else None
        return {
            "name": row.name,
            "channel": row.channel,
            "lead_id": lead,
            "member_ids": [people[e.lower()].id for e in row.member_emails],
            "categories": list(row.categories),
        }

    existing = {team.code: team for team in session.scalars(select(Team))}
    return _upsert(
        session,
        context,
        [p.row for p in rows],
        existing=existing,
        key=lambda row: row.code,
        build=lambda code: Team(code=code),
        wanted=wanted,
        state=_team_state,
        entity="team",
    )


def export_teams(session: Session) -> list[dict[str, str]]:
    """Every team, by code."""
    emails = {person.id: person.email for person in session.scalars(select(Employee))}
    return [
        {
            "code": team.code,
            "name": team.name,
            "channel": team.channel or "",
            "lead_email": emails.get(team.lead_id or 0, ""),
            "member_emails": ";".join(emails[i] for i in team.member_ids or [] if i in emails),
            "categories": ";".join(team.categories or []),
        }
        for team in session.scalars(select(Team).order_by(Team.code))
    ]


TEAMS: ReferenceKind[TeamRow] = ReferenceKind(
    name="teams",
    columns=("code", "name", "channel", "lead_email", "member_emails", "categories"),
    row=TeamRow,
    label_column="code",
    check=check_teams,
    apply=apply_teams,
    export=export_teams,
    description="maintenance teams: their channel, lead, members and the categories they take",
)


# --- assets -----------------------------------------------------------------------------------------------------


def check_assets(session: Session, rows: Sequence[Parsed[AssetRow]]) -> list[RowProblem]:
    """Each tag once; places and teams known (also on a row with another bad cell)."""
    problems = repeats(rows, lambda row: row.tag, "tag {value}")
    places = set(session.scalars(select(Location.code)))
    teams = set(session.scalars(select(Team.code)))
    for parsed in rows:
        row = parsed.row
        if row.location_code and row.location_code not in places:
            problems.append(RowProblem(parsed.line, parsed.label, f"unknown location_code {row.location_code}"))
        if row.team_code and row.team_code not in teams:
            problems.append(RowProblem(parsed.line, parsed.label, f"unknown team_code {row.team_code}"))
    return problems


def _asset_state(asset: Asset) -> dict[str, Any]:
    return {
        "name": asset.name,
        "category": asset.category,
        "location_id": asset.location_id,
        "team_id": asset.team_id,
        "aliases": list(asset.aliases or []),
        "meter_unit": asset.meter_unit,
        "active": asset.active,
    }


def apply_assets(session: Session, rows: Sequence[Parsed[AssetRow]], context: ImportContext) -> ImportSummary:
    """Create or update each asset."""
    places = {place.code: place.id for place in session.scalars(select(Location))}
    teams = {team.code: team.id for team in session.scalars(select(Team))}

    def wanted(row: AssetRow) -> dict[str, Any]:
        return {
            "name": row.name,
            "category": row.category,
            "location_id": places[row.location_code] if row.location_code else None,
            "team_id": teams[row.team_code] if row.team_code else None,
            "aliases": list(row.aliases),
            "meter_unit": row.meter_unit or None,
            "active": True,
        }

    existing = {asset.tag: asset for asset in session.scalars(select(Asset))}
    return _upsert(
        session,
        context,
        [p.row for p in rows],
        existing=existing,
        key=lambda row: row.tag,
        build=lambda tag: Asset(tag=tag),
        wanted=wanted,
        state=_asset_state,
        entity="asset",
    )


def export_assets(session: Session) -> list[dict[str, str]]:
    """Every asset, by tag."""
    return [
        {
            "tag": asset.tag,
            "name": asset.name,
            "category": asset.category,
            "location_code": asset.location.code if asset.location else "",
            "team_code": asset.team.code if asset.team else "",
            "aliases": ";".join(asset.aliases or []),
            "meter_unit": asset.meter_unit or "",
        }
        for asset in session.scalars(select(Asset).order_by(Asset.tag))
    ]


ASSETS: ReferenceKind[AssetRow] = ReferenceKind(
    name="assets",
    columns=("tag", "name", "category", "location_code", "team_code"),
    optional=("aliases", "meter_unit"),
    row=AssetRow,
    label_column="tag",
    check=check_assets,
    apply=apply_assets,
    export=export_assets,
    description="maintained assets: where each is, its category and the team that looks after it",
)


# --- plans ------------------------------------------------------------------------------------------------------


def check_plans(session: Session, rows: Sequence[Parsed[PlanRow]]) -> list[RowProblem]:
    """Each code once; the asset known; dated plans count days, weeks or months and start on a date; meter plans
    count the asset's meter unit."""
    problems = repeats(rows, lambda row: row.code, "code {value}")
    assets = {asset.tag: asset for asset in session.scalars(select(Asset))}
    for parsed in rows:
        row = parsed.row
        if not parsed.ok:
            continue
        asset = assets.get(row.asset_tag)
        reasons = []
        if asset is None:
            reasons.append(f"unknown asset_tag {row.asset_tag}")
        if row.kind == PlanKind.METER:
            if asset is not None and not asset.meter_unit:
                reasons.append(f"asset {row.asset_tag} has no meter_unit")
        elif row.unit not in DATED_UNITS:
            reasons.append(f"bad unit {row.unit!r}: expected days, weeks or months")
        elif row.next_due is None:
            reasons.append("a fixed or floating plan needs next_due")
        problems += [RowProblem(parsed.line, parsed.label, reason) for reason in reasons]
    return problems


def _plan_state(plan: PreventivePlan) -> dict[str, Any]:
    return {
        "asset_id": plan.asset_id,
        "task": plan.task,
        "kind": plan.kind,
        "every": plan.every,
        "unit": plan.unit,
        "lead_days": plan.lead_days,
        "next_due": plan.next_due,
        "checklist": list(plan.checklist or []),
        "active": plan.active,
    }


def apply_plans(session: Session, rows: Sequence[Parsed[PlanRow]], context: ImportContext) -> ImportSummary:
    """Create or update each plan (a meter plan's first due reading is the asset's meter plus ``every``)."""
    assets = {asset.tag: asset for asset in session.scalars(select(Asset))}
    existing = {plan.code: plan for plan in session.scalars(select(PreventivePlan))}
    summary = _upsert(
        session,
        context,
        [p.row for p in rows],
        existing=existing,
        key=lambda row: row.code,
        build=lambda code: PreventivePlan(code=code, occurrences=0),
        wanted=lambda row: {
            "asset_id": assets[row.asset_tag].id,
            "task": row.task,
            "kind": row.kind,
            "every": row.every,
            "unit": row.unit,
            "lead_days": row.lead_days,
            "next_due": row.next_due,
            "checklist": list(row.checklist),
            "active": True,
        },
        state=_plan_state,
        entity="plan",
    )
    for plan in existing.values():
        if plan.kind == PlanKind.METER and plan.next_meter is None:
            plan.next_meter = (assets_by_id(assets).get(plan.asset_id) or Decimal(0)) + plan.every
    session.flush()
    return summary


def assets_by_id(assets: dict[str, Asset]) -> dict[int, Decimal]:
    """The meter value of each asset, by id (0 when never read)."""
    return {asset.id: asset.meter_value or Decimal(0) for asset in assets.values()}


def export_plans(session: Session) -> list[dict[str, str]]:
    """Every plan, by code."""
    return [
        {
            "code": plan.code,
            "asset_tag": plan.asset.tag,
            "task": plan.task,
            "kind": plan.kind,
            "every": str(plan.every),
            "unit": plan.unit,
            "lead_days": str(plan.lead_days),
            "next_due": plan.next_due.isoformat() if plan.next_due else "",
            "checklist": ";".join(plan.checklist or []),
        }
        for plan in session.scalars(select(PreventivePlan).order_by(PreventivePlan.code))
    ]


PLANS: ReferenceKind[PlanRow] = ReferenceKind(
    name="plans",
    columns=("code", "asset_tag", "task", "kind", "every", "unit", "lead_days", "next_due", "checklist"),
    row=PlanRow,
    label_column="code",
    check=check_plans,
    apply=apply_plans,
    export=export_plans,
    description="preventive maintenance plans: fixed, floating (from the last completion) or by meter",
)

__all__ = ["ASSETS", "PLANS", "TEAMS"]
