"""The texts of the answers to leave questions, English and Spanish: balance, what if, status, history, the
cancel list, who is off, the Home tab (drawn by views/answers.py)."""

from __future__ import annotations

from skills.i18n import add_messages, add_plurals

add_messages(
    {
        "leave.query.capability_title": {"en": "Time off", "es": "Ausencias"},
        "leave.query.capability_example": {
            "en": "I need {month} {first}-{last} off",
            "es": "quiero del {first} al {last} de {month} libres",
        },
        "leave.query.balance_all_types": {
            "en": "Ask “my balance” to see every type of leave.",
            "es": "Pregunta «mi saldo» para ver todos los tipos de ausencia.",
        },
        "leave.allowance.yearly": {"en": "*{type}*: {days} a year.", "es": "*{type}*: {days} al año."},
        "leave.allowance.no_limit": {"en": "*{type}*: no yearly limit.", "es": "*{type}*: sin límite anual."},
        "leave.allowance.monthly": {
            "en": "They are earned month by month.",
            "es": "Se generan mes a mes.",
        },
        "leave.carry.some": {
            "en": "*{type}*: up to {days} not taken this year carry over into {next}.",
            "es": "*{type}*: hasta {days} sin disfrutar este año pasan a {next}.",
        },
        "leave.carry.none": {
            "en": "*{type}*: days not taken by the end of the year do not carry over.",
            "es": "*{type}*: los días sin disfrutar a final de año no pasan al siguiente.",
        },
        "leave.allowance.carry": {
            "en": "Up to {days} not taken carry over into the next year.",
            "es": "Hasta {days} sin disfrutar pasan al año siguiente.",
        },
        "leave.allowance.notice": {
            "en": "Ask at least {days} ahead.",
            "es": "Pídelo con al menos {days} de antelación.",
        },
        "leave.allowance.yours": {
            "en": "You have {available} in {year}.",
            "es": "Tienes {available} en {year}.",
        },
        "leave.allowance.source": {
            "en": "From the company's leave types, which I apply to every request.",
            "es": "Según los tipos de ausencia de la empresa, que aplico a cada solicitud.",
        },
        "leave.query.balance_title": {"en": "Your time off in {year}", "es": "Tus ausencias en {year}"},
        "leave.query.balance_title_of": {"en": "{name}'s time off in {year}", "es": "Ausencias de {name} en {year}"},
        "leave.query.who_approves": {
            "en": "Your time off is approved by {name}.",
            "es": "Tus ausencias las aprueba {name}.",
        },
        "leave.query.needs_no_approval": {
            "en": "No one needs to approve {types}: what you confirm is recorded at once.",
            "es": "Para {types} no hace falta aprobación: lo que confirmes queda registrado al momento.",
        },
        "leave.query.which_person": {
            "en": "Whose balance, {names}? Ask me again with their full name.",
            "es": "¿El saldo de quién, {names}? Pregúntamelo otra vez con su nombre completo.",
        },
        "leave.query.balance_not_yours": {
            "en": "I can show you your own balance, and your team's if you manage them; {name} can ask me theirs.",
            "es": "Puedo enseñarte tu saldo, y el de tu equipo si lo diriges; {name} puede preguntarme el suyo.",
        },
        "leave.query.balance_line": {
            "en": "{type}: {available}",
            "es": "{type}: {available}",
        },
        "leave.query.allocated": {"en": "Allocated", "es": "Asignados"},
        "leave.query.accrued": {"en": "Accrued so far", "es": "Devengados"},
        "leave.query.carried_over": {"en": "+{days} carried over", "es": "+{days} del año anterior"},
        "leave.query.taken": {"en": "Taken", "es": "Disfrutados"},
        "leave.query.pending": {"en": "Pending", "es": "Pendientes"},
        "leave.query.available": {"en": "Available", "es": "Disponibles"},
        "leave.query.unlimited": {
            "en": "No yearly limit: {types}",
            "es": "Sin límite anual: {types}",
        },
        "leave.query.unlimited_used": {
            "en": "{type} ({taken}, {pending})",
            "es": "{type} ({taken}, {pending})",
        },
        "leave.query.whatif_title": {"en": "What if: {type}, {span}", "es": "Simulación: {type}, {span}"},
        "leave.query.working_days": {"en": "Working days", "es": "Días laborables"},
        "leave.query.available_now": {"en": "Available now", "es": "Disponibles ahora"},
        "leave.query.available_after": {"en": "Available after", "es": "Disponibles después"},
        "leave.query.no_limit": {"en": "no yearly limit", "es": "sin límite anual"},
        "leave.query.approver": {"en": "Approver", "es": "Aprueba"},
        "leave.query.no_approval": {"en": "no approval needed", "es": "no necesita aprobación"},
        "leave.query.conflicts": {
            "en": "Teammates off then: {names}",
            "es": "Compañeros ausentes esos días: {names}",
        },
        "leave.query.no_conflicts": {
            "en": "Nobody on your team is off then.",
            "es": "Nadie de tu equipo está ausente esos días.",
        },
        "leave.query.nothing_requested": {
            "en": "This is only a simulation: nothing was requested. Say “I need {span} off” to ask for it.",
            "es": "Es solo una simulación: no se ha pedido nada. Di «quiero {span} libres» para pedirlo.",
        },
        "leave.query.whatif_refused": {
            "en": "That request would not go through: {reason} Nothing was requested.",
            "es": "Esa solicitud no saldría adelante: {reason} No se ha pedido nada.",
        },
        "leave.query.count_whatif": {
            "en": "If you take {days} of {type} in {period}, you would have {left} left in {year} (now {available}).",
            "es": "Si te coges {days} de {type} en {period}, te quedarían {left} en {year} (ahora {available}).",
        },
        "leave.query.count_whatif_year": {"en": "the rest of {year}", "es": "lo que queda de {year}"},
        "leave.query.count_whatif_short": {
            "en": "{days} of {type} in {period} is more than you have: {available} in {year}, {short} short.",
            "es": "{days} de {type} en {period} son más de los que tienes: {available} en {year}, te faltarían {short}.",
        },
        "leave.query.count_whatif_unlimited": {
            "en": "{type} has no yearly limit: {days} in {period} take nothing from a balance.",
            "es": "{type} no tiene límite anual: {days} en {period} no descuentan de ningún saldo.",
        },
        "leave.query.count_whatif_holidays": {
            "en": "Holidays in {period} are not days off you take: {holidays}.",
            "es": "Los festivos de {period} no cuentan como días que te coges: {holidays}.",
        },
        "leave.query.count_whatif_month_short": {
            "en": "{period} has only {working} for you.",
            "es": "{period} solo tiene {working} para ti.",
        },
        "leave.query.count_whatif_carry": {
            "en": "Up to {days} of {last_year} you leave unused carry over into {year} (not counted above).",
            "es": "Hasta {days} de {last_year} que no uses pasan a {year} (no están contados arriba).",
        },
        "leave.query.count_whatif_dates": {
            "en": "This is only an estimate: nothing was requested. For the exact count, who approves and who else is "
            "off, ask with the dates: “what if I take {span} off?”",
            "es": "Es solo una estimación: no se ha pedido nada. Para el cálculo exacto, quién lo aprueba y quién más "
            "está fuera, pregunta con las fechas: «¿y si me cojo {span}?»",
        },
        "leave.query.status_title": {
            "en": "Your pending and upcoming time off",
            "es": "Tus ausencias pendientes y próximas",
        },
        "leave.query.status_empty": {
            "en": "You have no pending or upcoming time off.",
            "es": "No tienes ausencias pendientes ni próximas.",
        },
        "leave.query.history_title": {"en": "Your time off in {year}", "es": "Tus ausencias en {year}"},
        "leave.query.history_period_title": {"en": "Your time off, {period}", "es": "Tus ausencias, {period}"},
        "leave.query.history_period_empty": {
            "en": "You have no leave requests for {period}.",
            "es": "No tienes solicitudes de ausencia para {period}.",
        },
        "leave.query.history_empty": {
            "en": "You have no leave requests in {year}.",
            "es": "No tienes solicitudes de ausencia en {year}.",
        },
        "leave.query.request_line": {
            "en": "{type} · {span} · {days} · {status}",
            "es": "{type} · {span} · {days} · {status}",
        },
        "leave.query.approver_note": {"en": "approver: {name}", "es": "aprueba: {name}"},
        "leave.query.more": {"en": "… and {count} more.", "es": "… y {count} más."},
        "leave.query.cancel_title": {
            "en": "Which one shall I cancel? The button does it straight away.",
            "es": "¿Cuál cancelo? El botón lo hace directamente.",
        },
        "leave.query.cancel_empty": {
            "en": "You have nothing to cancel: no pending requests and no approved leave still to come.",
            "es": "No tienes nada que cancelar: ni solicitudes pendientes ni ausencias aprobadas por llegar.",
        },
        "leave.query.withdraw_button": {"en": "Withdraw {span} {type}", "es": "Retirar {type} {span}"},
        "leave.query.cancel_button": {"en": "Cancel {span} {type}", "es": "Cancelar {type} {span}"},
        "leave.query.confirm_title": {"en": "Are you sure?", "es": "¿Seguro?"},
        "leave.query.confirm_withdraw": {
            "en": "Your pending {type} request for {span} will be withdrawn.",
            "es": "Se retirará tu solicitud pendiente de {type} para {span}.",
        },
        "leave.query.confirm_cancel": {
            "en": "Your approved {type} for {span} will be cancelled and {approver} told.",
            "es": "Se cancelará tu ausencia aprobada ({type}) del {span} y se avisará a {approver}.",
        },
        "leave.query.confirm_yes": {"en": "Yes, do it", "es": "Sí, hazlo"},
        "leave.query.confirm_no": {"en": "Keep it", "es": "Mantener"},
        "leave.query.withdrawn": {
            "en": "Done: your {type} request for {span} is withdrawn.",
            "es": "Hecho: he retirado tu solicitud de {type} para {span}.",
        },
        "leave.query.cancelled": {
            "en": "Done: your leave ({type}, {span}) is cancelled; {days} back in your balance.",
            "es": "Hecho: he cancelado tu ausencia ({type}) del {span}; {days} de vuelta en tu saldo.",
        },
        "leave.query.team_title": {"en": "Who is off", "es": "Quién está ausente"},
        "leave.query.this_week": {"en": "This week ({span})", "es": "Esta semana ({span})"},
        "leave.query.next_week": {"en": "Next week ({span})", "es": "La semana que viene ({span})"},
        "leave.query.period": {"en": "{span}", "es": "{span}"},
        "leave.query.nobody_off": {"en": "Nobody is off.", "es": "No hay nadie ausente."},
        "leave.query.holidays": {"en": "Holidays", "es": "Festivos"},
        "leave.holidays.title": {
            "en": "Holidays for your office ({country}), {span}",
            "es": "Festivos de tu oficina ({country}), {span}",
        },
        "leave.holidays.next_title": {
            "en": "The next holidays for your office ({country})",
            "es": "Los próximos festivos de tu oficina ({country})",
        },
        "leave.holidays.none": {
            "en": "Your office ({country}) has no public holidays or closure days from {first} to {last}.",
            "es": "Tu oficina ({country}) no tiene festivos ni días de cierre del {first} al {last}.",
        },
        "leave.holidays.closure": {"en": "company closure", "es": "cierre de la empresa"},
        "leave.holidays.day_public": {
            "en": "{day} is a public holiday for your office ({country}): {name}.",
            "es": "El {day} es festivo en tu oficina ({country}): {name}.",
        },
        "leave.holidays.day_closure": {
            "en": "{day} is a company closure day for your office ({country}): {name}.",
            "es": "El {day} la empresa cierra en tu oficina ({country}): {name}.",
        },
        "leave.holidays.day_working": {
            "en": "{day} is not a holiday: it is a working day for your office ({country}).",
            "es": "El {day} no es festivo: es laborable en tu oficina ({country}).",
        },
        "leave.holidays.day_weekend": {
            "en": "{day} is not a holiday, and it falls on a weekend.",
            "es": "El {day} no es festivo, y cae en fin de semana.",
        },
        "leave.holidays.source": {
            "en": "Public holidays of {country} and the company's closure days, as the leave calendar counts them.",
            "es": "Festivos de {country} y días de cierre de la empresa, tal como los cuenta el calendario de ausencias.",
        },
        "leave.query.holiday_line": {"en": "{day} · {name}: {names}", "es": "{day} · {name}: {names}"},
        "leave.query.and_more": {"en": "{names} and {count} more", "es": "{names} y {count} más"},
        "leave.query.not_counted": {
            "en": "Not counted: {holidays}.",
            "es": "No se cuentan: {holidays}.",
        },
        "leave.query.home_title": {"en": "Time off", "es": "Ausencias"},
        "leave.query.home_balances": {"en": "Available: {balances}", "es": "Disponible: {balances}"},
        "leave.query.home_upcoming": {"en": "Upcoming leave", "es": "Próximas ausencias"},
        "leave.query.home_pending": {"en": "Waiting for approval", "es": "Pendientes de aprobación"},
        "leave.query.home_nothing": {
            "en": "No upcoming or pending time off.",
            "es": "No tienes ausencias próximas ni pendientes.",
        },
    }
)

add_plurals(
    {
        "leave.count.days": {
            "en": {"one": "{days} day", "other": "{days} days"},
            "es": {"one": "{days} día", "other": "{days} días"},
        },
        "leave.count.working_days": {
            "en": {"one": "{days} working day", "other": "{days} working days"},
            "es": {"one": "{days} día laborable", "other": "{days} días laborables"},
        },
        "leave.count.available": {
            "en": {"one": "{days} day available", "other": "{days} days available"},
            "es": {"one": "{days} día disponible", "other": "{days} días disponibles"},
        },
        "leave.count.taken": {
            "en": {"other": "{days} taken"},
            "es": {"one": "{days} disfrutado", "other": "{days} disfrutados"},
        },
        "leave.count.pending": {
            "en": {"other": "{days} pending"},
            "es": {"one": "{days} pendiente", "other": "{days} pendientes"},
        },
    }
)

add_messages(
    {
        "thread_hint.leave": {
            "en": "Its approver can also answer here with “approve” or “reject: reason”.",
            "es": "Quien aprueba también puede responder aquí con «aprobar» o «rechazar: motivo».",
        },
    }
)
