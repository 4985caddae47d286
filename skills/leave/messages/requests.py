"""The texts of a leave request's life, English and Spanish: words, the broken rules, stand-ins, the form, the
approver's card, the decision, the notices and the jobs' messages."""

from __future__ import annotations

from skills.i18n import add_messages

add_messages(
    {
        # words
        "leave.half.am": {"en": "morning", "es": "mañana"},
        "leave.half.pm": {"en": "afternoon", "es": "tarde"},
        "leave.weekend": {"en": "weekend", "es": "fin de semana"},
        "leave.in_year": {"en": "{value} in {year}", "es": "{value} en {year}"},
        "leave.holiday_is": {"en": "{day} is {name}", "es": "el {day} es festivo: {name}"},
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
        "error.leave_separate_periods": {
            "en": "{periods} aren't one stretch of days, and a request is for one: ask me for the others after this "
            "one.",
            "es": "{periods} no son días seguidos, y cada solicitud es de un periodo: pídeme los demás después de "
            "este.",
        },
        "error.leave_end_before_start": {
            "en": "The end date ({end}) is before the start date ({start}).",
            "es": "La fecha de fin ({end}) es anterior a la de inicio ({start}).",
        },
        "error.leave_in_past": {
            "en": "{start} is in the past, and {type} can't be requested for past days.",
            "es": "El {start} ya pasó y las ausencias de tipo {type} no se pueden pedir para días pasados.",
        },
        "error.leave_backdate_too_far": {
            "en": "{type} can be recorded up to {days} days back (from {earliest}); {start} is earlier than that.",
            "es": "Las ausencias de tipo {type} se pueden registrar como mucho {days} días hacia atrás "
            "(desde el {earliest}); el {start} es anterior.",
        },
        "error.leave_half_day_not_allowed": {
            "en": "{type} can't be taken in half days. Shall I book the whole day?",
            "es": "Las ausencias de tipo {type} no se pueden tomar por medios días. ¿Reservo el día entero?",
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
            "es": "Ya tienes una solicitud de {type} ({status}) para {span}, que se solapa con estas fechas.",
        },
        "error.leave_short_notice": {
            "en": "{type} needs {days} days' notice, so the earliest start is {earliest}.",
            "es": "Las ausencias de tipo {type} requieren {days} días de preaviso, así que lo antes que pueden empezar es "
            "el {earliest}.",
        },
        "error.leave_insufficient_balance": {
            "en": "Not enough {type} left: you have {available} days available and asked for {asked}.",
            "es": "No te quedan días suficientes de {type}: tienes {available} días disponibles y pides {asked}.",
        },
        "error.leave_insufficient_balance_in_year": {
            "en": "Not enough {type} left in {year}: you have {available} days available that year and these dates "
            "take {asked} of them.",
            "es": "No te quedan días suficientes de {type} en {year}: tienes {available} días disponibles ese año y estas "
            "fechas ocupan {asked}.",
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
        "error.leave_no_longer_pending": {
            "en": "Nothing changed: this request is no longer waiting for a decision.",
            "es": "No he cambiado nada: esta solicitud ya no está pendiente de decisión.",
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
            "en": "{name} asks for {type}: {span} ({days}).",
            "es": "{name} pide {type}: {span} ({days}).",
        },
        "leave.notify.reason": {"en": "Reason: {reason}", "es": "Motivo: {reason}"},
        "leave.notify.auto_approved": {
            "en": "For your information: {name} is off ({type}) {span} ({days}).",
            "es": "Para tu información: {name} estará ausente ({type}) {span} ({days}).",
        },
        "leave.notify.auto_approved_past": {
            "en": "For your information: {name} was off ({type}) {span} ({days}).",
            "es": "Para tu información: {name} estuvo ausente ({type}) {span} ({days}).",
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
        "leave.notify.withdrawn_left": {
            "en": "{name} has left the company, so their {type} request for {span} was withdrawn; nothing to decide.",
            "es": "{name} ya no está en la empresa, así que su solicitud de {type} para {span} se ha retirado; ya no "
            "hay nada que decidir.",
        },
        "leave.notify.cancelled": {
            "en": "{name}'s approved leave ({type}, {span}) was cancelled; {days} back in their balance.",
            "es": "Se ha cancelado el permiso aprobado de {name} ({type}, {span}); {days} de vuelta en su saldo.",
        },
        "leave.notify.cancelled_for_you": {
            "en": "{by} cancelled your {type} for {span}.",
            "es": "{by} ha cancelado tu ausencia ({type}) del {span}.",
        },
    }
)

# The leave.request form, the approval card and the decision (forms.py, views/preview.py, views/cards.py).
add_messages(
    {
        "leave.ask.dates": {"en": "Which dates do you want off?", "es": "¿Qué días quieres pedir?"},
        "leave.ask.leave_type": {"en": "What kind of leave is it?", "es": "¿Qué tipo de permiso es?"},
        "leave.ask.reason": {"en": "Anything to add for your approver?", "es": "¿Algo que añadir para quien aprueba?"},
        "leave.ask.half_day": {"en": "A whole day or half of it?", "es": "¿El día entero o medio?"},
        "leave.label.dates": {"en": "Dates", "es": "Fechas"},
        "leave.label.leave_type": {"en": "Type", "es": "Tipo"},
        "leave.label.leave_type.vacation": {"en": "vacation", "es": "vacaciones"},
        "leave.label.leave_type.sick": {"en": "sick", "es": "enfermedad"},
        "leave.label.leave_type.personal": {"en": "personal", "es": "asuntos propios"},
        "leave.label.leave_type.unpaid": {"en": "unpaid", "es": "sin sueldo"},
        "leave.label.leave_type.parental": {"en": "parental", "es": "nacimiento"},
        "leave.label.leave_type.bereavement": {"en": "bereavement", "es": "fallecimiento"},
        "leave.label.reason": {"en": "Reason", "es": "Motivo"},
        "leave.label.working_days": {"en": "Working days", "es": "Días laborables"},
        "leave.label.balance_after": {"en": "Balance after", "es": "Saldo después"},
        "leave.label.balance_if_approved": {"en": "Balance if approved", "es": "Saldo si se aprueba"},
        "leave.label.approver": {"en": "Approver", "es": "Aprueba"},
        "leave.label.team_off": {"en": "Team off those days", "es": "Del equipo, ausentes esos días"},
        "leave.label.requester": {"en": "Who", "es": "Quién"},
        "leave.label.holidays": {"en": "Holidays (not counted)", "es": "Festivos (no se cuentan)"},
        "leave.label.half_day": {"en": "Half day", "es": "Medio día"},
        "leave.label.half_day.full": {"en": "Whole days", "es": "Días enteros"},
        "leave.label.half_day.am": {"en": "Morning off", "es": "Mañana libre"},
        "leave.label.half_day.pm": {"en": "Afternoon off", "es": "Tarde libre"},
        "leave.no_limit": {"en": "no yearly limit", "es": "sin límite anual"},
        "leave.no_approval_needed": {"en": "no approval needed", "es": "no necesita aprobación"},
        "leave.nobody_off": {"en": "nobody", "es": "nadie"},
        "leave.preview.title": {"en": "{type}: {span}", "es": "{type}: {span}"},
        "leave.request.sent": {
            "en": "Request sent to {approver}; I'll tell you here when they decide.",
            "es": "Solicitud enviada a {approver}; te aviso aquí cuando decida.",
        },
        "leave.request.auto_approved": {
            "en": "Done: {type} for {span} is recorded (no approval needed); {approver} has been told.",
            "es": "Hecho: {type} para {span} queda registrado (no necesita aprobación); he avisado a {approver}.",
        },
        "leave.request.recorded": {
            "en": "Done: {type} for {span} is recorded.",
            "es": "Hecho: {type} para {span} queda registrado.",
        },
        # the approval card
        "leave.card.title": {"en": "{name} asks for {type}", "es": "{name} pide {type}"},
        "leave.card.approve": {"en": "Approve", "es": "Aprobar"},
        "leave.card.reject": {"en": "Reject", "es": "Rechazar"},
        "leave.card.pending": {
            "en": "Request #{id} · waiting for your decision",
            "es": "Solicitud n.º {id} · pendiente de tu decisión",
        },
        "leave.card.approved": {"en": "✅ Approved by {by} on {at}", "es": "✅ Aprobada por {by} el {at}"},
        "leave.card.rejected": {
            "en": "❌ Rejected by {by} on {at}: {reason}",
            "es": "❌ Rechazada por {by} el {at}: {reason}",
        },
        "leave.card.withdrawn": {"en": "↩️ Withdrawn by {name} on {at}", "es": "↩️ Retirada por {name} el {at}"},
        "leave.card.cancelled": {"en": "🚫 Cancelled on {at}", "es": "🚫 Cancelada el {at}"},
        # deciding
        "leave.decided.approved": {
            "en": "Approved. I told {name}.",
            "es": "Aprobada. Se lo he dicho a {name}.",
        },
        "leave.decided.rejected": {
            "en": "Rejected. I told {name}, with your reason.",
            "es": "Rechazada. Se lo he dicho a {name}, con tu motivo.",
        },
        "leave.reject.title": {"en": "Reject leave", "es": "Rechazar permiso"},
        "leave.reject.submit": {"en": "Reject", "es": "Rechazar"},
        "leave.reject.close": {"en": "Back", "es": "Volver"},
        "leave.reject.intro": {
            "en": "{name} asked for {type}: {span}. {name} will see your reason.",
            "es": "{name} pidió {type}: {span}. {name} verá tu motivo.",
        },
        "leave.reject.reason_label": {"en": "Reason", "es": "Motivo"},
        "leave.reject.pick_reason": {
            "en": "To reject it I need a reason, which {name} will see. Pick one:",
            "es": "Para rechazarla necesito un motivo, que {name} verá. Elige uno:",
        },
        "leave.reject.canned.short_staffed": {
            "en": "The team is short that week",
            "es": "El equipo va corto esa semana",
        },
        "leave.reject.canned.short_notice": {"en": "Too short notice", "es": "Se avisa con muy poco tiempo"},
        "leave.reject.canned.other": {
            "en": "Other reason: let's talk",
            "es": "Otro motivo: hablemos",
        },
    }
)

# Deciding in the card's thread, the Home tab, and the scheduled jobs (handlers/decisions.py, jobs.py).
add_messages(
    {
        "leave.thread.reason_needed": {
            "en": "To reject it I need a reason {name} will see. Reply with `reject: <reason>`.",
            "es": "Para rechazarla necesito un motivo que verá {name}. Responde con `rechazar: <motivo>`.",
        },
        "leave.home.approvals": {"en": "*Waiting for your decision*", "es": "*Pendientes de tu decisión*"},
        "leave.job.reminder": {
            "en": "Reminder: {name}'s request has been waiting for your decision since {since}.",
            "es": "Recordatorio: la solicitud de {name} espera tu decisión desde {since}.",
        },
        "leave.job.escalation": {
            "en": "Leave request #{id} from {name} has waited {days} business days for {approver}. Can HR help?",
            "es": "La solicitud de ausencia n.º {id} de {name} lleva {days} días hábiles esperando a {approver}. "
            "¿Puede ayudar RR. HH.?",
        },
        "leave.job.digest_title": {"en": "Who is off this week", "es": "Quién está ausente esta semana"},
    }
)
