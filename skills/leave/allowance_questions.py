"""What a question about a leave type's yearly allowance asks ("how many vacation days do we get?", "¿cuántos días
de asuntos propios nos corresponden al año?"): the company's leave types answer it, as the bot applies them.

Only the allowance itself, and whether days carry over ("can I carry over vacation days?"), are read here. How many
days are left is a balance (``leave.balance``); what changes the allowance (after five years, part-time, on joining,
pay) is the policies' to answer. Words are compared folded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from skills.common.extract import extract_leave_type
from skills.common.language import fold_words
from skills.leave.models import LeaveType

ASKS_HOW_MANY = re.compile(r"\b(?:how (?:many|much)|cuant[oa]s?)\b")
"""The question asks for a number."""

PER_YEAR = re.compile(r"\b(?:(?:per|a|each|every) year|yearly|annual(?:ly)?|(?:al|por|cada) ano|anual(?:es|mente)?)\b")
"""The number asked for is a yearly one."""

ENTITLED = re.compile(
    r"\b(?:we|employees|staff|everyone|(?:do|does) (?:i|you|one) get|entitled|allowance|give us|tenemos|nos (?:dan|da"
    r"|corresponden?|toca)|me (?:dan|corresponden?|toca)|corresponden?|hay|derecho|dan)\b"
)
"""The question is about what is given, not what is left."""

LEFT_OR_USED = re.compile(
    r"\b(?:left|remaining|remain|still|used|taken|spent|booked|quedan?|restan?|restantes?|disponibles?|llevo|llevas"
    r"|gastad[oa]s?|usad[oa]s?|disfrutad[oa]s?|cogid[oa]s?|tomad[oa]s?|pedid[oa]s?|balance|saldo)\b"
)
"""Words of a balance: what is left or used."""

CONDITIONS = re.compile(
    r"\b(?:after|before|despues|antes|seniority|antiguedad|years? of|anos de|part ?time|media jornada|tiempo parcial"
    r"|join\w*|new hires?|incorpor\w*|if|when|cuando|carr(?:y|ied)|roll\w*|acumul\w*|pa(?:y|id)|pagad[oa]s?|cobr\w*"
    r"|paternity|maternity|paternidad|maternidad)\b"
)
"""Something that changes the allowance or asks about more than it: the policies' question."""

FOR_AN_OCCASION = re.compile(r"\b(?:for|por|para) (?!(?:a |each |every |the |el |cada )?(?:year|ano)\b)\w+")
"""Days for an occasion ("for a wedding", "por una mudanza"): only a leave type named answers it ("for a funeral")."""

ANY_LEAVE = re.compile(r"\b(?:days? off|time off|leave|pto|dias? (?:libres?|de permiso|de ausencia)|permisos?)\b")
"""Time off in general, no type named."""


def allowance_question(text: str, types: Sequence[LeaveType]) -> list[LeaveType] | None:
    """The company's leave types whose yearly allowance ``text`` asks about, or None when it asks about none of them
    (see the module's note): the type named (by its name, else by a word for it), or for time off in general every
    type with an allowance."""
    words = fold_words(text)
    if not ASKS_HOW_MANY.search(words) or LEFT_OR_USED.search(words) or CONDITIONS.search(words):
        return None
    if not (PER_YEAR.search(words) or ENTITLED.search(words)):
        return None
    by_name = [kind for kind in types if _names(kind, words)]  # the install's own name first ("annual leave")
    if by_name:
        return by_name[:1]
    named = extract_leave_type(text)
    if named is not None:
        return [kind for kind in types if kind.code == named] or None
    if FOR_AN_OCCASION.search(words) or not ANY_LEAVE.search(words):
        return None
    return [kind for kind in types if kind.limited]


def _names(kind: LeaveType, words: str) -> bool:
    """Whether the folded question says the type's name in either language."""
    return any(f" {fold_words(name)} " in f" {words} " for name in (kind.name_en, kind.name_es) if name)


CARRY_OVER = re.compile(
    r"\b(?:carr(?:y|ies|ied) (?:them |it |my |the |unused |\w+ days )*(?:over|forward)|carry-?over|roll(?:s|ed)? ?over"
    r"|rollover|use it or lose it|lose (?:my |the |any )?(?:unused )?(?:days|vacation|holidays?)|pasan? al (?:ano )?siguiente"
    r"|pasan? al ano que viene|se pierden?|perder (?:los )?dias|arrastr\w*|acumul\w+ (?:para|al|de un) ano"
    r"|(?:unused|not taken|left over|leftover)\b.*\b(?:end of (?:the )?year|year ?end|next year)"
    r"|(?:sin (?:usar|disfrutar|coger|gastar)|no (?:disfrut|coj|us|gast)\w*)\b.*\b(?:fin(?:al)? de ano|ano que viene"
    r"|siguiente ano|ano siguiente))\b"
)
"""The question asks what happens to days not taken by the end of the year."""


def carry_over_question(text: str, types: Sequence[LeaveType]) -> list[LeaveType] | None:
    """The company's leave types whose carry-over ``text`` asks about ("can I carry over vacation days?", "¿se
    pierden los días de vacaciones que no coja?"): the type named, else every type with an allowance; None when it
    does not ask that."""
    words = fold_words(text)
    if not CARRY_OVER.search(words):
        return None
    by_name = [kind for kind in types if _names(kind, words)]
    if by_name:
        return by_name[:1]
    named = extract_leave_type(text)
    if named is not None:
        return [kind for kind in types if kind.code == named] or None
    return [kind for kind in types if kind.limited] or None
