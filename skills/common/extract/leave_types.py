"""Leave type words in English and Spanish -> a canonical code (vacation, sick, personal, unpaid, ...)."""

from __future__ import annotations

from ._text import KeywordTable, Lang

LEAVE_TYPES = ("vacation", "sick", "personal", "unpaid", "parental", "bereavement")
"""The canonical codes ``extract_leave_type`` returns."""

_IGNORE = "-"

LEAVE_WORDS: dict[Lang, dict[str, str]] = {
    "en": {
        "vacation": "vacation", "vacations": "vacation", "vacay": "vacation", "holiday": "vacation",
        "holidays": "vacation", "pto": "vacation", "annual leave": "vacation", "paid time off": "vacation",
        "paid leave": "vacation", "public holiday": _IGNORE, "bank holiday": _IGNORE,
        "sick": "sick", "sick leave": "sick", "sick day": "sick", "ill": "sick", "illness": "sick",
        "unwell": "sick", "flu": "sick", "fever": "sick", "doctor": "sick", "doctor's": "sick",
        "dentist": "sick", "medical": "sick", "hospital": "sick", "surgery": "sick", "covid": "sick",
        "personal": "personal", "personal day": "personal", "personal leave": "personal",
        "personal reasons": "personal", "family emergency": "personal",
        "unpaid": "unpaid", "unpaid leave": "unpaid", "without pay": "unpaid", "leave without pay": "unpaid",
        "sabbatical": "unpaid",
        "parental": "parental", "parental leave": "parental", "maternity": "parental", "paternity": "parental",
        "adoption leave": "parental", "newborn": "parental",
        "bereavement": "bereavement", "funeral": "bereavement", "compassionate leave": "bereavement",
        "passed away": "bereavement", "death in the family": "bereavement",
    },
    "es": {
        "vacaciones": "vacation", "vacacion": "vacation", "vacas": "vacation", "dias de vacaciones": "vacation",
        "festivo": _IGNORE, "dia festivo": _IGNORE,
        "enfermo": "sick", "enferma": "sick", "enfermedad": "sick", "baja": "sick", "baja medica": "sick",
        "baja por enfermedad": "sick", "estoy malo": "sick", "estoy mala": "sick", "me encuentro mal": "sick",
        "estaba malo": "sick", "estaba mala": "sick", "estuve malo": "sick", "estuve mala": "sick",
        "resfriado": "sick", "resfriada": "sick",
        "gripe": "sick", "fiebre": "sick", "medico": "sick", "cita medica": "sick", "dentista": "sick",
        "hospital": "sick", "operacion": "sick", "incapacidad": "sick",
        "asuntos propios": "personal", "asuntos personales": "personal", "dia personal": "personal",
        "motivos personales": "personal", "permiso personal": "personal", "razones personales": "personal",
        "sin sueldo": "unpaid", "sin goce de sueldo": "unpaid", "no retribuido": "unpaid",
        "no remunerado": "unpaid", "no pagado": "unpaid", "excedencia": "unpaid", "permiso sin sueldo": "unpaid",
        "paternidad": "parental", "maternidad": "parental", "permiso parental": "parental",
        "baja por paternidad": "parental", "baja por maternidad": "parental", "nacimiento": "parental",
        "permiso por nacimiento": "parental", "lactancia": "parental",
        "fallecimiento": "bereavement", "defuncion": "bereavement", "funeral": "bereavement",
        "entierro": "bereavement", "luto": "bereavement", "duelo": "bereavement", "fallecio": "bereavement",
    },
}  # fmt: skip

# When several appear, the more specific kind wins ("unpaid vacation" is unpaid).
_RANKING = ("bereavement", "parental", "unpaid", "sick", "personal", "vacation")
_TABLE = KeywordTable(LEAVE_WORDS)


def extract_leave_type(text: str) -> str | None:
    """The canonical leave type ``text`` names (see ``LEAVE_TYPES``), or None when it names none."""
    code = _TABLE.best(text, _RANKING)
    return None if code in (None, _IGNORE) else code
