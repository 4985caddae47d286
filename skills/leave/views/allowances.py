"""The answer to a question about leave types' yearly allowances: each type's days a year and its rules, then what
the asker has of it this year."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from skills.blocks import context_block, section_block
from skills.core import Blocks
from skills.i18n import translate
from skills.leave.messages import available_count, day_count
from skills.leave.models import Accrual, LeaveType

if TYPE_CHECKING:
    from skills.leave.queries.balances import Balance


def type_line(kind: LeaveType, balance: Balance | None, lang: str) -> str:
    """One type: its allowance, how it is earned, carried over and asked for, and the asker's days this year."""
    name = kind.name(lang)
    if kind.allowance_days is None:
        parts = [translate(lang, "leave.allowance.no_limit", type=name)]
    else:
        parts = [translate(lang, "leave.allowance.yearly", type=name, days=day_count(kind.allowance_days, lang))]
        if kind.accrual == Accrual.MONTHLY:
            parts.append(translate(lang, "leave.allowance.monthly"))
        if kind.carry_over_cap:
            parts.append(translate(lang, "leave.allowance.carry", days=day_count(kind.carry_over_cap, lang)))
    if kind.min_notice_days:
        parts.append(translate(lang, "leave.allowance.notice", days=day_count(Decimal(kind.min_notice_days), lang)))
    if balance is not None and balance.available is not None:
        available = available_count(balance.available, lang)
        parts.append(translate(lang, "leave.allowance.yours", year=balance.year, available=available))
    return " ".join(parts)


def allowance_text(kinds: Sequence[LeaveType], found: Sequence[Balance], lang: str) -> str:
    """Every asked type's line (a list when there are several)."""
    by_code = {balance.leave_type.code: balance for balance in found}
    lines = [type_line(kind, by_code.get(kind.code), lang) for kind in kinds]
    return lines[0] if len(lines) == 1 else "\n".join(f"• {line}" for line in lines)


def allowance_blocks(text: str, lang: str) -> Blocks:
    """The answer as one section, and where its figures come from."""
    return [section_block(text), context_block(translate(lang, "leave.allowance.source"))]


def carry_over_text(kinds: Sequence[LeaveType], found: Sequence[Balance], year: int, lang: str) -> str:
    """Each asked type's carry-over into next year, with what the asker has left of it this year."""
    by_code = {balance.leave_type.code: balance for balance in found}
    lines = []
    for kind in kinds:
        name = kind.name(lang)
        if kind.carry_over_cap:
            line = translate(
                lang, "leave.carry.some", type=name, days=day_count(kind.carry_over_cap, lang), next=year + 1
            )
        else:
            line = translate(lang, "leave.carry.none", type=name)
        balance = by_code.get(kind.code)
        if balance is not None and balance.available is not None:
            line += " " + translate(
                lang, "leave.allowance.yours", year=year, available=available_count(balance.available, lang)
            )
        lines.append(line)
    return lines[0] if len(lines) == 1 else "\n".join(f"• {line}" for line in lines)
