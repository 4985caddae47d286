"""Leave skill texts in English and Spanish, and how its dates, day counts and times are written."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from skills.i18n import add_messages, normalise_language, translate


def format_day(day: date, lang: str) -> str:
    """A date as a person reads it: ``Dec 8, 2026`` / ``8 dic 2026``."""
    return format_date(day, format="medium", locale=normalise_language(lang))


def format_days(days: Decimal, lang: str) -> str:
    """A day count with its half: ``2.5`` / ``2,5``."""
    return format_decimal(days, format="#,##0.#", locale=normalise_language(lang))


def format_moment(moment: datetime, lang: str, timezone: str = "UTC") -> str:
    """A UTC time shown in ``timezone``: ``Nov 25, 2026, 10:30 AM`` / ``25 nov 2026, 10:30``."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local = moment.astimezone(zone)
    locale = normalise_language(lang)
    shown = f"{format_date(local.date(), format='medium', locale=locale)}, {format_time(local, format='short', locale=locale)}"
    return shown.replace("\u202f", " ")


def format_span(start: date, end: date, start_half: bool, end_half: bool, lang: str) -> str:
    """A request's dates with its half days: ``Dec 8, 2026 (afternoon)`` or ``Dec 8, 2026 – Dec 11, 2026``."""
    if start == end:
        half = "leave.half.pm" if start_half else "leave.half.am" if end_half else ""
        text = format_day(start, lang)
        return f"{text} ({translate(lang, half)})" if half else text
    first = format_day(start, lang) + (f" ({translate(lang, 'leave.half.pm')})" if start_half else "")
    last = format_day(end, lang) + (f" ({translate(lang, 'leave.half.am')})" if end_half else "")
    return f"{first} – {last}"


add_messages(
    {
        # words
        "leave.half.am": {"en": "morning", "es": "mañana"},
        "leave.half.pm": {"en": "afternoon", "es": "tarde"},
        "leave.weekend": {"en": "weekend", "es": "fin de semana"},
        "leave.status.pending": {"en": "pending", "es": "pendiente"},
        "leave.status.approved": {"en": "approved", "es": "aprobada"},
        "leave.status.rejected": {"en": "rejected", "es": "rechazada"},
        "leave.status.withdrawn": {"en": "withdrawn", "es": "retirada"},
        "leave.status.cancelled": {"en": "cancelled", "es": "cancelada"},
        # rules broken by a request
        "error.leave_unknown_type": {
            "en": "I don't know the leave type “{type}”. Try vacation, sick, personal, unpaid, parental or bereavement.",
            "es": "No conozco el tipo de permiso «{type}». Prueba con vacaciones, enfermedad, asuntos propios, "
            "sin sueldo, nacimiento o fallecimiento.",
        },
        "error.leave_end_before_start": {
            "en": "The end date ({end}) is before the start date ({start}). Which dates did you mean?",
            "es": "La fecha de fin ({end}) es anterior a la de inicio ({start}). ¿Qué fechas querías?",
        },
        "error.leave_in_past": {
            "en": "{start} is in the past, and {type} can't be requested for past days.",
            "es": "El {start} ya pasó y no se puede pedir {type} para días pasados.",
        },
        "error.leave_backdate_too_far": {
            "en": "{type} can be recorded up to {days} days back (from {earliest}); {start} is earlier than that.",
            "es": "{type} se puede registrar con hasta {days} días de antelación hacia atrás (desde el {earliest}); "
            "el {start} es anterior.",
        },
        "error.leave_half_day_not_allowed": {
            "en": "{type} can't be taken in half days. Shall I book the whole day?",
            "es": "{type} no se puede tomar por medios días. ¿Reservo el día entero?",
        },
        "error.leave_half_day_ambiguous": {
            "en": "A single day can be a morning or an afternoon off, not both halves. Which one did you mean?",
            "es": "Un solo día puede ser de mañana o de tarde, no las dos mitades. ¿Cuál querías?",
        },
        "error.leave_no_working_days": {
            "en": "Those dates have no working days to take: {days}.",
            "es": "Esas fechas no tienen días laborables que pedir: {days}.",
        },
        "error.leave_overlaps": {
            "en": "You already have {type} ({status}) for {span}, which overlaps these dates.",
            "es": "Ya tienes {type} ({status}) para {span}, que se solapa con estas fechas.",
        },
        "error.leave_short_notice": {
            "en": "{type} needs {days} days' notice, so the earliest start is {earliest}.",
            "es": "{type} requiere {days} días de preaviso, así que lo antes que puede empezar es el {earliest}.",
        },
        "error.leave_insufficient_balance": {
            "en": "Not enough {type} left: you have {available} days available and asked for {asked}.",
            "es": "No te queda suficiente {type}: tienes {available} días disponibles y pides {asked}.",
        },
        "error.leave_no_approver": {
            "en": "I can't find anyone to approve your request: you have no active manager and there is no HR "
            "contact. Please tell HR.",
            "es": "No encuentro a nadie que apruebe tu solicitud: no tienes un responsable activo y no hay nadie "
            "de RR. HH. Avisa a RR. HH.",
        },
        # deciding and cancelling
        "error.leave_not_found": {
            "en": "I can't find leave request #{id}.",
            "es": "No encuentro la solicitud de permiso n.º {id}.",
        },
        "error.leave_decide_own": {
            "en": "You can't approve or reject your own leave request.",
            "es": "No puedes aprobar ni rechazar tu propia solicitud de permiso.",
        },
        "error.leave_not_your_approval": {
            "en": "Only {approver} (or HR) can decide on this request.",
            "es": "Solo {approver} (o RR. HH.) puede decidir sobre esta solicitud.",
        },
        "error.leave_reason_required": {
            "en": "Please give a reason for rejecting it; {name} will see it.",
            "es": "Indica el motivo del rechazo; {name} lo verá.",
        },
        "error.leave_already_approved": {
            "en": "Nothing changed: {by} already approved this request on {at}.",
            "es": "No he cambiado nada: {by} ya aprobó esta solicitud el {at}.",
        },
        "error.leave_already_rejected": {
            "en": "Nothing changed: {by} already rejected this request on {at}.",
            "es": "No he cambiado nada: {by} ya rechazó esta solicitud el {at}.",
        },
        "error.leave_already_withdrawn": {
            "en": "Nothing changed: {name} withdrew this request on {at}.",
            "es": "No he cambiado nada: {name} retiró esta solicitud el {at}.",
        },
        "error.leave_already_cancelled": {
            "en": "Nothing changed: this leave was cancelled on {at}.",
            "es": "No he cambiado nada: este permiso se canceló el {at}.",
        },
        "error.leave_cancel_not_yours": {
            "en": "Only {name} (or HR) can cancel this request.",
            "es": "Solo {name} (o RR. HH.) puede cancelar esta solicitud.",
        },
        "error.leave_already_started": {
            "en": "This leave started on {start}, so it can't be cancelled any more. HR can adjust it.",
            "es": "Este permiso empezó el {start}, así que ya no se puede cancelar. RR. HH. puede ajustarlo.",
        },
        # why a stand-in approves
        "leave.stand_in.manager_on_leave": {
            "en": "{manager} is on leave until {until}, so {approver} approves this request.",
            "es": "{manager} está de permiso hasta el {until}, así que {approver} aprueba esta solicitud.",
        },
        "leave.stand_in.manager_inactive": {
            "en": "{manager} is no longer active, so {approver} approves this request.",
            "es": "{manager} ya no está activo, así que {approver} aprueba esta solicitud.",
        },
        "leave.stand_in.no_manager": {
            "en": "{name} has no manager, so {approver} (HR) approves this request.",
            "es": "{name} no tiene responsable, así que {approver} (RR. HH.) aprueba esta solicitud.",
        },
        # notifications (plain text; the handlers may add Block Kit)
        "leave.notify.new_request": {
            "en": "{name} asks for {type}: {span} ({days} working days).",
            "es": "{name} pide {type}: {span} ({days} días laborables).",
        },
        "leave.notify.reason": {"en": "Reason: {reason}", "es": "Motivo: {reason}"},
        "leave.notify.auto_approved": {
            "en": "For your information: {name} is off ({type}) {span} ({days} working days).",
            "es": "Para tu información: {name} estará ausente ({type}) {span} ({days} días laborables).",
        },
        "leave.notify.approved": {
            "en": "Your {type} for {span} was approved by {by}.",
            "es": "{by} ha aprobado tu solicitud de {type} para {span}.",
        },
        "leave.notify.rejected": {
            "en": "Your {type} for {span} was rejected by {by}: {reason}",
            "es": "{by} ha rechazado tu solicitud de {type} para {span}: {reason}",
        },
        "leave.notify.withdrawn": {
            "en": "{name} withdrew their {type} request for {span}; nothing to decide.",
            "es": "{name} ha retirado su solicitud de {type} para {span}; ya no hay nada que decidir.",
        },
        "leave.notify.cancelled": {
            "en": "{name}'s approved {type} for {span} was cancelled; the {days} days are back in their balance.",
            "es": "Se ha cancelado el permiso aprobado de {name} ({type}, {span}); los {days} días vuelven a su saldo.",
        },
        "leave.notify.cancelled_for_you": {
            "en": "{by} cancelled your {type} for {span}.",
            "es": "{by} ha cancelado tu {type} para {span}.",
        },
    }
)
