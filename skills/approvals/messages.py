"""Every text of the approval engine, English and Spanish."""

from __future__ import annotations

from skills.i18n import add_messages, add_plurals

add_plurals(
    {
        "approvals.waited": {
            "en": {"one": "waiting {count} business day", "other": "waiting {count} business days"},
            "es": {"one": "esperando {count} día hábil", "other": "esperando {count} días hábiles"},
        },
        "approvals.inbox.title": {
            "en": {
                "one": "{count} request is waiting for your decision (oldest first):",
                "other": "{count} requests are waiting for your decision (oldest first):",
            },
            "es": {
                "one": "Tienes {count} solicitud pendiente de tu decisión (la más antigua primero):",
                "other": "Tienes {count} solicitudes pendientes de tu decisión (las más antiguas primero):",
            },
        },
    }
)

add_messages(
    {
        # --- errors -------------------------------------------------------------------------------------------
        "error.approvals_no_approver": {
            "en": "There is nobody who can approve this yet (no manager, no HR and nobody in the role). Ask an admin.",
            "es": "Ahora mismo nadie puede aprobar esto (ni responsable, ni RR. HH., ni nadie con ese rol). "
            "Habla con un administrador.",
        },
        "error.approvals_not_found": {
            "en": "I can't find that approval any more.",
            "es": "Ya no encuentro esa aprobación.",
        },
        "error.approvals_decide_own": {
            "en": "You can't approve or reject your own request.",
            "es": "No puedes aprobar ni rechazar tu propia solicitud.",
        },
        "error.approvals_decided_earlier_level": {
            "en": "You approved an earlier step of this request, so this step needs someone else: {approver} (or HR).",
            "es": "Aprobaste un paso anterior de esta solicitud, así que este paso lo decide otra persona: {approver} "
            "(o RR. HH.).",
        },
        "error.approvals_not_in_step": {
            "en": "Only {approver} (or HR) can decide this now.",
            "es": "Solo {approver} (o RR. HH.) puede decidir esto ahora.",
        },
        "error.approvals_reason_required": {
            "en": "To reject it I need a reason {name} will see.",
            "es": "Para rechazarla necesito un motivo que verá {name}.",
        },
        "error.approvals_no_longer_pending": {
            "en": "Nothing changed: this is no longer waiting for a decision.",
            "es": "No ha cambiado nada: esto ya no está pendiente de decisión.",
        },
        "error.approvals_already_approved": {
            "en": "Nothing changed: {by} already approved this on {at}.",
            "es": "No ha cambiado nada: {by} ya lo aprobó el {at}.",
        },
        "error.approvals_already_rejected": {
            "en": "Nothing changed: {by} already rejected this on {at}.",
            "es": "No ha cambiado nada: {by} ya lo rechazó el {at}.",
        },
        "error.approvals_already_withdrawn": {
            "en": "Nothing changed: {name} withdrew this on {at}.",
            "es": "No ha cambiado nada: {name} lo retiró el {at}.",
        },
        "error.approvals_delegate_self": {
            "en": "You can't name yourself as your own delegate. Who should approve for you?",
            "es": "No puedes ser tu propio sustituto. ¿Quién aprueba por ti?",
        },
        "error.approvals_delegate_unknown": {
            "en": "I don't know an active colleague called {name}. Who should approve for you?",
            "es": "No conozco a ningún compañero activo llamado {name}. ¿Quién aprueba por ti?",
        },
        "error.approvals_delegate_dates": {
            "en": "Those dates don't work for a delegation: it must end on or after it starts, and not in the past.",
            "es": "Esas fechas no sirven: la sustitución debe terminar después de empezar, y no en el pasado.",
        },
        "error.approvals_delegate_not_allowed": {
            "en": "Only HR can set a delegate for someone else.",
            "es": "Solo RR. HH. puede nombrar un sustituto para otra persona.",
        },
        # --- how long, who, why ---------------------------------------------------------------------------------
        "approvals.waited.none": {"en": "since today", "es": "desde hoy"},
        "approvals.rule.manager": {"en": "manager", "es": "responsable"},
        "approvals.rule.finance": {"en": "finance", "es": "finanzas"},
        "approvals.rule.hr": {"en": "HR", "es": "RR. HH."},
        "approvals.rule.admin": {"en": "admin", "es": "administración"},
        "approvals.rule.facilities": {"en": "facilities", "es": "mantenimiento"},
        "approvals.rule.warehouse": {"en": "warehouse", "es": "almacén"},
        "approvals.rule.escalation": {"en": "escalated", "es": "escalado"},
        "approvals.stand_in.manager_on_leave": {
            "en": "{manager} is on leave until {until}, so {approver} approves this.",
            "es": "{manager} está de permiso hasta el {until}, así que {approver} lo aprueba.",
        },
        "approvals.stand_in.manager_inactive": {
            "en": "{manager} is no longer active, so {approver} approves this.",
            "es": "{manager} ya no está activo, así que {approver} lo aprueba.",
        },
        "approvals.stand_in.no_manager": {
            "en": "{name} has no manager, so {approver} (HR) approves this.",
            "es": "{name} no tiene responsable, así que {approver} (RR. HH.) lo aprueba.",
        },
        "approvals.stand_in.no_manager_finance": {
            "en": "{name} has no manager and there is no HR, so {approver} (finance) approves this.",
            "es": "{name} no tiene responsable y no hay RR. HH., así que {approver} (Finanzas) lo aprueba.",
        },
        "approvals.stand_in.escalated": {
            "en": "It waited {days} business days for {approver}, so {approver} or you can decide it.",
            "es": "Lleva {days} días hábiles esperando a {approver}; podéis decidirlo {approver} o tú.",
        },
        # --- the trail of steps on a card -------------------------------------------------------------------------
        "approvals.trail.approved": {
            "en": "✅ Approved by {by} ({rule}), {at}",
            "es": "✅ Aprobado por {by} ({rule}), {at}",
        },
        "approvals.trail.rejected": {
            "en": "❌ Rejected by {by} ({rule}), {at}",
            "es": "❌ Rechazado por {by} ({rule}), {at}",
        },
        "approvals.trail.approved_delegate": {
            "en": "✅ Approved by {by} on behalf of {behalf} ({rule}), {at}",
            "es": "✅ Aprobado por {by} en nombre de {behalf} ({rule}), {at}",
        },
        "approvals.trail.rejected_delegate": {
            "en": "❌ Rejected by {by} on behalf of {behalf} ({rule}), {at}",
            "es": "❌ Rechazado por {by} en nombre de {behalf} ({rule}), {at}",
        },
        "approvals.trail.approved_override": {
            "en": "✅ Approved by {by} (HR) on behalf of {behalf}, {at}",
            "es": "✅ Aprobado por {by} (RR. HH.) en nombre de {behalf}, {at}",
        },
        "approvals.trail.rejected_override": {
            "en": "❌ Rejected by {by} (HR) on behalf of {behalf}, {at}",
            "es": "❌ Rechazado por {by} (RR. HH.) en nombre de {behalf}, {at}",
        },
        "approvals.trail.pending": {"en": "⏳ Waiting for {who}", "es": "⏳ Pendiente de {who}"},
        "approvals.trail.waiting": {"en": "… then {who}", "es": "… después {who}"},
        # --- cards ----------------------------------------------------------------------------------------------
        "approvals.card.title": {"en": "{kind} from {name}", "es": "{kind} de {name}"},
        "approvals.card.approve": {"en": "Approve", "es": "Aprobar"},
        "approvals.card.reject": {"en": "Reject", "es": "Rechazar"},
        "approvals.card.on_behalf_of_leaver": {
            "en": "{name} has left the company: you decide this on their behalf.",
            "es": "{name} ya no está en la empresa: decides esto en su nombre.",
        },
        "approvals.card.on_behalf": {
            "en": "You decide this on behalf of {name} (your delegation runs until {until}).",
            "es": "Decides esto en nombre de {name} (tu sustitución dura hasta el {until}).",
        },
        # --- the inbox ------------------------------------------------------------------------------------------
        "approvals.inbox.empty": {
            "en": "Nothing is waiting for your decision. 🎉",
            "es": "No tienes nada pendiente de aprobar. 🎉",
        },
        "approvals.inbox.line": {
            "en": "*{name}* · {kind}: {what} · _{waited}_",
            "es": "*{name}* · {kind}: {what} · _{waited}_",
        },
        "approvals.inbox.behalf": {"en": "(on behalf of {name})", "es": "(en nombre de {name})"},
        "approvals.inbox.more": {
            "en": "…and {count} more. Ask me again once you have decided these.",
            "es": "…y {count} más. Pregúntame otra vez cuando hayas decidido estas.",
        },
        "approvals.home.title": {"en": "*Waiting for your decision*", "es": "*Pendientes de tu decisión*"},
        "approvals.home.more": {
            "en": "…and {count} more: decide these and the next ones show here.",
            "es": "…y {count} más: decide estas y las siguientes aparecerán aquí.",
        },
        "approvals.pick.approve": {
            "en": "Several requests match. Which one do you approve?",
            "es": "Hay varias solicitudes que encajan. ¿Cuál apruebas?",
        },
        "approvals.pick.reject": {
            "en": "Several requests match. Which one do you reject?",
            "es": "Hay varias solicitudes que encajan. ¿Cuál rechazas?",
        },
        "approvals.match.none": {
            "en": "I found nothing waiting for your decision that matches that. Here is what is waiting:",
            "es": "No encuentro nada pendiente de tu decisión que encaje. Esto es lo que tienes pendiente:",
        },
        "approvals.match.own_decider": {
            "en": "{names} decides it; I'll tell you when they do.",
            "es": "La decide {names}; te aviso cuando lo haga.",
        },
        "approvals.match.nothing": {
            "en": "Nothing is waiting for your decision, so there is nothing to approve or reject.",
            "es": "No tienes nada pendiente de decidir, así que no hay nada que aprobar ni rechazar.",
        },
        "approvals.match.confirm_approve": {
            "en": "Is this the one? Press Approve to approve it.",
            "es": "¿Es esta? Pulsa Aprobar para aprobarla.",
        },
        "approvals.match.confirm_reject": {
            "en": "Is this the one? Press Reject and tell me why.",
            "es": "¿Es esta? Pulsa Rechazar y dime el motivo.",
        },
        # --- deciding -----------------------------------------------------------------------------------------
        "approvals.decided.approved": {"en": "Approved. I told {name}.", "es": "Aprobada. Se lo he dicho a {name}."},
        "approvals.decided.rejected": {
            "en": "Rejected. I told {name}, with your reason.",
            "es": "Rechazada. Se lo he dicho a {name}, con tu motivo.",
        },
        "approvals.decided.progress": {
            "en": "Approved. It now goes to {next}.",
            "es": "Aprobada. Ahora pasa a {next}.",
        },
        "approvals.thread.reason_needed": {
            "en": "To reject it I need a reason {name} will see. Reply with `reject: <reason>`.",
            "es": "Para rechazarla necesito un motivo que verá {name}. Responde con `rechazar: <motivo>`.",
        },
        "approvals.reject.title": {"en": "Reject", "es": "Rechazar"},
        "approvals.reject.submit": {"en": "Reject", "es": "Rechazar"},
        "approvals.reject.close": {"en": "Cancel", "es": "Cancelar"},
        "approvals.reject.intro": {
            "en": "Rejecting {name}'s request: {what}. {name} will see your reason.",
            "es": "Vas a rechazar la solicitud de {name}: {what}. {name} verá tu motivo.",
        },
        "approvals.reject.reason_label": {"en": "Reason", "es": "Motivo"},
        "approvals.reject.pick_reason": {
            "en": "Why are you rejecting {name}'s request?",
            "es": "¿Por qué rechazas la solicitud de {name}?",
        },
        "approvals.reject.canned.not_now": {"en": "Not at this time", "es": "No en este momento"},
        "approvals.reject.canned.need_info": {"en": "I need more information", "es": "Necesito más información"},
        "approvals.reject.canned.other": {"en": "Let's talk about it", "es": "Hablémoslo"},
        # --- notices --------------------------------------------------------------------------------------------
        "approvals.notify.progress": {
            "en": "{by} approved your request ({what}). It now waits for {next}.",
            "es": "{by} aprobó tu solicitud ({what}). Ahora espera a {next}.",
        },
        "approvals.notify.delegate": {
            "en": "{delegator} asked you to approve on their behalf from {start} to {end}. "
            'Ask me "what\'s waiting for me?" to see their requests.',
            "es": "{delegator} te ha pedido que apruebes en su nombre del {start} al {end}. "
            'Pregúntame "¿qué tengo pendiente de aprobar?" para ver sus solicitudes.',
        },
        "approvals.notify.delegated_by_hr": {
            "en": "{by} (HR) set {delegate} to approve on your behalf from {start} to {end}.",
            "es": "{by} (RR. HH.) ha nombrado a {delegate} para aprobar en tu nombre del {start} al {end}.",
        },
        "approvals.job.reminder": {
            "en": "Reminder: {name}'s request has been waiting for your decision since {since}.",
            "es": "Recordatorio: la solicitud de {name} espera tu decisión desde {since}.",
        },
        "approvals.job.escalation": {
            "en": "{kind} request #{id} from {name} ({what}) has waited {days} business days for {approver}. "
            "Can HR help?",
            "es": "La solicitud de {kind} n.º {id} de {name} ({what}) lleva {days} días hábiles esperando a "
            "{approver}. ¿Puede ayudar RR. HH.?",
        },
        # --- delegation form ------------------------------------------------------------------------------------
        "approvals.delegate.slot.person": {
            "en": "Who should approve for you while you're away?",
            "es": "¿Quién aprueba por ti mientras estés fuera?",
        },
        "approvals.delegate.slot.dates": {
            "en": 'From when to when? (e.g. "Dec 21-31")',
            "es": '¿Desde cuándo hasta cuándo? (p. ej. "del 21 al 31 de diciembre")',
        },
        "approvals.delegate.label.person": {"en": "Delegate", "es": "Sustituto"},
        "approvals.delegate.label.dates": {"en": "Dates", "es": "Fechas"},
        "approvals.delegate.preview": {
            "en": "*{delegate}* will approve on your behalf from {start} to {end}. Requests waiting for you then "
            'show in their inbox, and the cards say "on behalf of {delegator}".',
            "es": "*{delegate}* aprobará en tu nombre del {start} al {end}. Lo que te espere entonces aparecerá en "
            'su bandeja, y las tarjetas dirán "en nombre de {delegator}".',
        },
        "approvals.delegate.done": {
            "en": "Done: {delegate} approves for you from {start} to {end}. I told them.",
            "es": "Hecho: {delegate} aprueba por ti del {start} al {end}. Se lo he dicho.",
        },
        "approvals.capability.inbox.title": {
            "en": "See what waits for your approval",
            "es": "Ver lo que tienes pendiente de aprobar",
        },
        "approvals.capability.inbox.example": {
            "en": "what's waiting for me?",
            "es": "¿qué tengo pendiente de aprobar?",
        },
    }
)

add_messages(
    {
        "approvals.delegate.need": {
            "en": "Tell me who approves for you and the dates in one message, e.g. \"while I'm away Dec 21-31 Ana "
            'approves for me".',
            "es": 'Dime en un mensaje quién aprueba por ti y las fechas, p. ej. "mientras esté fuera del 21 al 31 de '
            'diciembre aprueba Ana".',
        },
        "approvals.delegate.confirm": {"en": "Confirm", "es": "Confirmar"},
        "approvals.delegate.cancel": {"en": "Cancel", "es": "Cancelar"},
        "approvals.delegate.preview_for": {
            "en": "*{delegate}* will approve on behalf of {delegator} from {start} to {end}. Both will be told.",
            "es": "*{delegate}* aprobará en nombre de {delegator} del {start} al {end}. Se lo diré a los dos.",
        },
        "approvals.delegate.done_for": {
            "en": "Done: {delegate} approves for {delegator} from {start} to {end}. I told them both.",
            "es": "Hecho: {delegate} aprueba por {delegator} del {start} al {end}. Se lo he dicho a los dos.",
        },
        "approvals.delegate.cancelled": {
            "en": "Cancelled: no delegate was set.",
            "es": "Cancelado: no he nombrado a nadie.",
        },
    }
)
