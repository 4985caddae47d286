"""Meter readings by chat ("generator 1520 h", "el compresor marca 3.400 horas"): the maintenance.meter form reads
the asset (only assets with a meter) and the number (either decimal convention, by the writer's language), previews
the reading against the last one, and on Confirm records it and opens the meter plans' tickets it reaches."""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal

from skills.common.extract import fold
from skills.core import Context, Reply
from skills.forms import Form, Preview, Slot, SlotKind, Slots
from skills.i18n import translate
from skills.maintenance import service
from skills.maintenance.config import MaintenanceConfig
from skills.maintenance.errors import AssetUnknown, ReadingUnreadable
from skills.maintenance.matching import mentions
from skills.maintenance.models import Asset
from skills.maintenance.queries import asset_by_tag, meter_assets
from skills.maintenance.rules import check_meter_forward

METER = "maintenance.meter"
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\w])")
SLOTS = (
    Slot("asset", SlotKind.TEXT, "maintenance.ask.asset", "maintenance.label.asset", extra_keys=("original_text",)),
    Slot("reading", SlotKind.TEXT, "maintenance.ask.reading", "maintenance.label.reading"),
)


def read_number(text: str, lang: str) -> Decimal | None:
    """The reading in ``text``: "3.400" is 3400 in Spanish, "1,520.5" 1520.5 in English; None when there is none."""
    found = NUMBER.search(text)
    if found is None:
        return None
    raw = found.group(1).replace(" ", "")
    try:
        return parse_decimal(raw, locale="es_ES" if lang == "es" else "en_US", strict=False)
    except NumberFormatError:
        return None


def find_asset(context: Context, phrase: str) -> Asset | None:
    """The asset with a meter that ``phrase`` names (by tag, name or alias), if exactly one."""
    folded = fold(phrase)
    found = [asset for asset in meter_assets(context.session) if any(mentions(folded, n) for n in asset.names())]
    return found[0] if len(found) == 1 else None


def normalise(context: Context, slots: Slots) -> Slots:
    """Read the asset and the number from the first sentence; an asset phrase becomes its tag."""
    out = dict(slots)
    text = str(out.get("original_text") or "")
    if text and not out.get("asset"):
        asset = find_asset(context, text)
        if asset is not None:
            out["asset"] = asset.tag
    if text and not out.get("reading"):
        number = read_number(text, context.lang)
        if number is not None:
            out["reading"] = str(number)
    phrase = str(out.get("asset") or "")
    if phrase and asset_by_tag(context.session, phrase) is None:
        asset = find_asset(context, phrase)
        if asset is not None:
            out["asset"] = asset.tag
    return out


def _draft(context: Context, slots: Slots) -> tuple[Asset, Decimal]:
    phrase = str(slots.get("asset") or "")
    asset = asset_by_tag(context.session, phrase) or find_asset(context, phrase)
    if asset is None or not asset.meter_unit:
        raise AssetUnknown(phrase=phrase)
    value = read_number(str(slots.get("reading") or ""), context.lang)
    if value is None:
        raise ReadingUnreadable(value=str(slots.get("reading") or ""))
    check_meter_forward(asset.name, value, asset.meter_value)
    return asset, value


def preview(context: Context, slots: Slots) -> Preview:
    """The asset, the new reading and the last one."""
    lang = context.lang
    asset, value = _draft(context, slots)
    last = f"{asset.meter_value} {asset.meter_unit}" if asset.meter_value is not None else "-"
    fields = [
        (translate(lang, "maintenance.label.asset"), f"{asset.name} (`{asset.tag}`)"),
        (translate(lang, "maintenance.label.reading"), f"{value} {asset.meter_unit}"),
        (translate(lang, "maintenance.label.last_reading"), last),
    ]
    return Preview(title=translate(lang, "maintenance.meter.title"), fields=fields)


def commit(config: MaintenanceConfig, context: Context, slots: Slots) -> list[Reply]:
    """Record the reading; say which tickets it opened."""
    asset, value = _draft(context, slots)
    _, opened = service.record_reading(context.session, actor=context.actor, asset=asset, value=value, config=config)
    replies = [
        Reply(
            text=translate(
                context.lang,
                "maintenance.meter.recorded",
                asset=asset.name,
                value=str(value),
                unit=asset.meter_unit or "",
            )
        )
    ]
    if opened:
        team = opened[0].team.name if opened[0].team else translate(context.lang, "maintenance.no_team")
        tickets = ", ".join(ticket.reference for ticket in opened)
        replies.append(Reply(text=translate(context.lang, "maintenance.meter.opened", tickets=tickets, team=team)))
    return replies


def meter_form(config: MaintenanceConfig) -> Form:
    """The maintenance.meter form, bound to the skill's config."""
    return Form(
        intent=METER,
        slots=SLOTS,
        preview=preview,
        commit=lambda context, slots: commit(config, context, slots),
        normalise=normalise,
    )
