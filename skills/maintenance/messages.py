"""Every text of the maintenance skill, English and Spanish."""

from __future__ import annotations

from skills.i18n import add_messages
from skills.maintenance.models import CATEGORIES

CATEGORY_NAMES = {
    "hvac": ("Heating and air conditioning", "Climatización"),
    "plumbing": ("Plumbing", "Fontanería"),
    "electrical": ("Electrical", "Electricidad"),
    "it": ("IT", "Informática"),
    "appliance": ("Appliances", "Electrodomésticos"),
    "furniture": ("Furniture", "Mobiliario"),
    "building": ("Building (doors, windows, lifts)", "Edificio (puertas, ventanas, ascensores)"),
    "cleaning": ("Cleaning", "Limpieza"),
    "other": ("Other", "Otros"),
}
STATUS_NAMES = {
    "requested": ("requested", "recibida"),
    "triaged": ("triaged", "asignada"),
    "in_progress": ("in progress", "en curso"),
    "on_hold": ("on hold", "en espera"),
    "resolved": ("resolved", "resuelta"),
    "closed": ("closed", "cerrada"),
    "cancelled": ("cancelled", "cancelada"),
}

add_messages(
    {
        f"maintenance.category.{code}": {"en": CATEGORY_NAMES[code][0], "es": CATEGORY_NAMES[code][1]}
        for code in CATEGORIES
    }
)
add_messages(
    {
        "maintenance.category": {"en": "Category", "es": "Categoría"},
        "maintenance.priority": {"en": "Priority", "es": "Prioridad"},
        "maintenance.priority.P1": {"en": "P1 critical", "es": "P1 crítica"},
        "maintenance.priority.P2": {"en": "P2 high", "es": "P2 alta"},
        "maintenance.priority.P3": {"en": "P3 normal", "es": "P3 normal"},
        "maintenance.priority.P4": {"en": "P4 low", "es": "P4 baja"},
    }
)
add_messages({f"maintenance.status.{code}": {"en": en, "es": es} for code, (en, es) in STATUS_NAMES.items()})

add_messages(
    {
        "maintenance.chart.caption": {
            "en": "Tickets chart, {period}: open tickets by team and SLA state; mean hours to resolve by category and month.",
            "es": "Gráfico de incidencias, {period}: abiertas por equipo y estado del SLA; horas medias hasta resolver por categoría y mes.",
        },
        "maintenance.chart.open_title": {
            "en": "Open tickets by team and SLA state",
            "es": "Incidencias abiertas por equipo y estado del SLA",
        },
        "maintenance.chart.resolve_title": {
            "en": "Mean hours to resolve, {start} to {end}",
            "es": "Horas medias hasta resolver, del {start} al {end}",
        },
        "maintenance.chart.state.on_time": {"en": "on time", "es": "en plazo"},
        "maintenance.chart.state.at_risk": {"en": "at risk", "es": "en riesgo"},
        "maintenance.chart.state.paused": {"en": "paused", "es": "en pausa"},
        "maintenance.chart.state.breached": {"en": "breached", "es": "fuera de plazo"},
        "maintenance.chart.saved": {"en": "Chart saved to {path}", "es": "Gráfico guardado en {path}"},
    }
)

add_messages(
    {
        # --- errors -----------------------------------------------------------------------------------------
        "error.maintenance_summary_missing": {
            "en": "What is the problem? One sentence is enough.",
            "es": "¿Qué problema hay? Basta con una frase.",
        },
        "error.maintenance_ticket_not_open": {
            "en": "Ticket {ticket} is {status}, so it can't be updated. If the problem is back, tell me and I'll open a "
            "new ticket.",
            "es": "La incidencia {ticket} está en estado {status}, así que no se puede actualizar. Si el problema ha "
            "vuelto, cuéntamelo y abro una nueva.",
        },
        "error.maintenance_nothing_to_update": {
            "en": "Ticket {ticket} is already {priority}: nothing to change.",
            "es": "La incidencia {ticket} ya es {priority}: no hay nada que cambiar.",
        },
        "error.maintenance_priority_unknown": {
            "en": "“{value}” is not a priority: say P1 (critical) to P4 (low), or urgent, high, normal, low.",
            "es": "«{value}» no es una prioridad: di P1 (crítica) a P4 (baja), o urgente, alta, normal, baja.",
        },
        "error.maintenance_category_unknown": {
            "en": "“{value}” is not a category I know ({known}).",
            "es": "«{value}» no es una categoría que conozca ({known}).",
        },
        "error.maintenance_place_unknown": {
            "en": "I don't know a place or an asset called “{phrase}”. Places I know: {places}.",
            "es": "No conozco ningún lugar ni equipo llamado «{phrase}». Lugares que conozco: {places}.",
        },
        "error.maintenance_place_not_named": {
            "en": "I can't tell where this is: your message names no place or equipment I know. Places I know: "
            "{places}.",
            "es": "No sé dónde es: tu mensaje no nombra ningún lugar ni equipo que conozca. Lugares que conozco: "
            "{places}.",
        },
        "error.maintenance_ticket_number_not_found": {
            "en": "I can't find ticket #{number} among the tickets you reported, follow or work on.",
            "es": "No encuentro la incidencia #{number} entre las que abriste, sigues o atiende tu equipo.",
        },
        "error.maintenance_ticket_not_found": {
            "en": "I can't find that ticket any more.",
            "es": "Ya no encuentro esa incidencia.",
        },
        "error.maintenance_wrong_status": {
            "en": "Ticket {ticket} is {status} now, so that can't be done (someone may have acted first).",
            "es": "La incidencia {ticket} está ahora en estado {status}; no se puede hacer (quizá alguien se adelantó).",
        },
        "error.maintenance_notes_needed": {
            "en": "Resolving needs a note on what was done.",
            "es": "Para resolverla hace falta una nota de lo que se hizo.",
        },
        "error.maintenance_reopen_expired": {
            "en": "It was resolved more than {days} days ago: please report it again as a new ticket.",
            "es": "Se resolvió hace más de {days} días: abre una incidencia nueva, por favor.",
        },
        "error.maintenance_assignee_not_in_team": {
            "en": "{name} is not in {team}.",
            "es": "{name} no está en {team}.",
        },
        "error.maintenance_meter_backwards": {
            "en": "The meter of {asset} already reads {last}; a meter never goes down, so {value} can't be right.",
            "es": "El contador de {asset} ya marca {last}; un contador nunca baja, así que {value} no puede ser.",
        },
        "error.maintenance_reading_unreadable": {
            "en": "“{value}” is not a meter reading: give the number, e.g. 1520.",
            "es": "«{value}» no es una lectura: dime el número, p. ej. 1.520.",
        },
        "error.maintenance_asset_unknown": {
            "en": "I don't know which asset “{phrase}” is.",
            "es": "No sé qué equipo es «{phrase}».",
        },
        "error.maintenance_not_team_member": {
            "en": "Only {team} can work this ticket.",
            "es": "Solo {team} puede trabajar esta incidencia.",
        },
        "error.maintenance_not_requester": {
            "en": "Only the person who reported it can do that.",
            "es": "Solo quien la abrió puede hacer eso.",
        },
        # --- the form ---------------------------------------------------------------------------------------
        "maintenance.ask.summary": {"en": "What is the problem?", "es": "¿Qué problema hay?"},
        "maintenance.ask.where": {
            "en": "Where is it? (a floor, a room, or the thing itself, e.g. “3rd floor printer”)",
            "es": "¿Dónde está? (una planta, una sala o el propio equipo, p. ej. «impresora de la planta 1»)",
        },
        "maintenance.ask.category": {"en": "What kind of problem is it?", "es": "¿Qué tipo de problema es?"},
        "maintenance.ask.priority": {
            "en": "How urgent is it? (P1 critical, P2 high, P3 normal, P4 low)",
            "es": "¿Qué urgencia tiene? (P1 crítica, P2 alta, P3 normal, P4 baja)",
        },
        "maintenance.label.summary": {"en": "Problem", "es": "Problema"},
        "maintenance.label.where": {"en": "Where", "es": "Dónde"},
        "maintenance.label.category": {"en": "Category", "es": "Categoría"},
        "maintenance.label.priority": {"en": "Priority", "es": "Prioridad"},
        "maintenance.label.status": {"en": "Status", "es": "Estado"},
        "maintenance.label.assignee": {"en": "Assignee", "es": "Asignada a"},
        "maintenance.label.requester": {"en": "Reported by", "es": "Abierta por"},
        "maintenance.label.due": {"en": "Due", "es": "Plazo"},
        "maintenance.label.affected": {"en": "People affected", "es": "Personas afectadas"},
        "maintenance.label.resolution": {"en": "Resolution", "es": "Solución"},
        "maintenance.label.team": {"en": "Team", "es": "Equipo"},
        "maintenance.preview.title": {"en": "New maintenance ticket", "es": "Nueva incidencia de mantenimiento"},
        "maintenance.preview.guess": {
            "en": "I guessed the place: {where}. If it is not right, press Edit and tell me where.",
            "es": "He deducido el lugar: {where}. Si no es correcto, pulsa Editar y dime dónde.",
        },
        "maintenance.preview.which": {
            "en": "It could be {names}. Press Edit and tell me which, or confirm it without one.",
            "es": "Puede ser {names}. Pulsa Editar y dime cuál, o confírmala sin indicarlo.",
        },
        "maintenance.preview.team": {"en": "It goes to {team}.", "es": "Irá a {team}."},
        "maintenance.created": {
            "en": "Ticket {ticket} filed and sent to {team}. I'll tell you here when someone takes it; "
            "reply in the thread of your ticket's card to talk to them.",
            "es": "Incidencia {ticket} registrada y enviada a {team}. Te aviso aquí cuando alguien la coja; "
            "responde en el hilo de la tarjeta de tu incidencia para hablar con ellos.",
        },
        "maintenance.no_team": {"en": "facilities", "es": "mantenimiento"},
        # --- duplicates ---------------------------------------------------------------------------------------
        "maintenance.duplicate.intro": {
            "en": "⚠️ This looks like a problem already reported. Same problem? +1 and follow it instead:",
            "es": "⚠️ Parece un problema ya avisado. ¿Es el mismo? Súmate y síguelo en vez de abrir otra:",
        },
        "maintenance.button.follow": {"en": "+1 and follow {ticket}", "es": "+1 y seguir {ticket}"},
        "maintenance.followed": {
            "en": "You now follow {ticket}: I'll tell you when it changes. The draft was dropped.",
            "es": "Ahora sigues la incidencia {ticket}: te aviso cuando cambie. He descartado el borrador.",
        },
        # --- cards and buttons --------------------------------------------------------------------------------
        "maintenance.button.take": {"en": "Take", "es": "Me la quedo"},
        "maintenance.button.assign": {"en": "Assign", "es": "Asignar"},
        "maintenance.button.hold": {"en": "On hold", "es": "En espera"},
        "maintenance.button.resume": {"en": "Resume", "es": "Reanudar"},
        "maintenance.button.resolve": {"en": "Resolve", "es": "Resolver"},
        "maintenance.button.cancel": {"en": "Cancel ticket", "es": "Cancelar incidencia"},
        "maintenance.button.up": {"en": "👍 Fixed", "es": "👍 Arreglado"},
        "maintenance.button.down": {"en": "👎 Still broken", "es": "👎 Sigue mal"},
        "maintenance.team.hint": {
            "en": "Reply in this thread to talk to the requester; “resolved: what you did” resolves it.",
            "es": "Responde en este hilo para hablar con quien la abrió; «resuelto: lo que hiciste» la resuelve.",
        },
        "maintenance.requester.hint": {
            "en": "Reply in this thread to talk to the team (photos too).",
            "es": "Responde en este hilo para hablar con el equipo (también fotos).",
        },
        "maintenance.assign.pick": {"en": "Assign {ticket} to:", "es": "Asignar {ticket} a:"},
        "maintenance.resolve.title": {"en": "Resolve ticket", "es": "Resolver incidencia"},
        "maintenance.resolve.send": {"en": "Resolve", "es": "Resolver"},
        "maintenance.resolve.cancel": {"en": "Cancel", "es": "Cancelar"},
        "maintenance.resolve.label": {"en": "What was done?", "es": "¿Qué se hizo?"},
        "maintenance.resolve.ask": {
            "en": "Reply in the ticket's thread with “resolved: what you did” (e.g. “resolved: replaced the filter”).",
            "es": "Responde en el hilo de la incidencia con «resuelto: lo que hiciste» (p. ej. «resuelto: cambié el filtro»).",
        },
        "maintenance.ack": {"en": "Done: {ticket} is {status}.", "es": "Hecho: {ticket} está {status}."},
        "maintenance.rated.up": {
            "en": "Thanks! {ticket} is closed.",
            "es": "¡Gracias! La incidencia {ticket} queda cerrada.",
        },
        "maintenance.rated.down": {
            "en": "Sorry about that: {ticket} is reopened and the team is told.",
            "es": "Lo siento: la incidencia {ticket} se ha reabierto y el equipo está avisado.",
        },
        # --- what the team's thread says --------------------------------------------------------------------
        "maintenance.team.take": {"en": "{name} took it.", "es": "{name} se la ha quedado."},
        "maintenance.team.assign": {
            "en": "{name} assigned it to {assignee}.",
            "es": "{name} se la ha asignado a {assignee}.",
        },
        "maintenance.team.hold": {
            "en": "{name} put it on hold (SLA paused).",
            "es": "{name} la ha puesto en espera (plazo en pausa).",
        },
        "maintenance.team.resume": {
            "en": "{name} resumed it (SLA running).",
            "es": "{name} la ha reanudado (plazo en marcha).",
        },
        "maintenance.team.resolve": {"en": "{name} resolved it: {notes}", "es": "{name} la ha resuelto: {notes}"},
        "maintenance.team.close": {"en": "{name} closed it.", "es": "{name} la ha cerrado."},
        "maintenance.team.cancel": {"en": "{name} cancelled it.", "es": "{name} la ha cancelado."},
        "maintenance.team.reopen": {
            "en": "👎 {name} says it is not fixed: reopened, SLA running again.",
            "es": "👎 {name} dice que no está arreglado: reabierta, plazo en marcha de nuevo.",
        },
        "maintenance.team.priority": {
            "en": "{name} changed the priority: {before} → {after} (due time recomputed).",
            "es": "{name} ha cambiado la prioridad: {before} → {after} (plazo recalculado).",
        },
        "maintenance.told.priority": {
            "en": "{name} changed the priority of {ticket}: {before} → {after}.",
            "es": "{name} ha cambiado la prioridad de tu incidencia {ticket}: {before} → {after}.",
        },
        "maintenance.update.title": {"en": "Update ticket {ticket}", "es": "Actualizar la incidencia {ticket}"},
        "maintenance.queue.empty": {
            "en": "Nothing is open in your team's queue.",
            "es": "No hay incidencias abiertas en la cola de tu equipo.",
        },
        "maintenance.ask.ticket": {
            "en": "Which ticket? (its number, e.g. #12)",
            "es": "¿Qué incidencia? (su número, p. ej. #12)",
        },
        "maintenance.ask.note": {"en": "What should the team know?", "es": "¿Qué debe saber el equipo?"},
        "maintenance.label.ticket": {"en": "Ticket", "es": "Incidencia"},
        "maintenance.label.note": {"en": "Note", "es": "Nota"},
        "maintenance.updated": {"en": "Updated {ticket}.", "es": "Incidencia {ticket} actualizada."},
        "maintenance.team.follow": {
            "en": "+1 from {name} ({count} people affected).",
            "es": "+1 de {name} ({count} personas afectadas).",
        },
        # --- what the requester is told ---------------------------------------------------------------------
        "maintenance.told.take": {
            "en": "{name} is on it ({ticket}).",
            "es": "{name} se encarga de tu incidencia {ticket}.",
        },
        "maintenance.told.assign": {
            "en": "{ticket} was assigned to {assignee}.",
            "es": "Tu incidencia {ticket} se ha asignado a {assignee}.",
        },
        "maintenance.told.hold": {
            "en": "{ticket} is on hold: the team is waiting (for you, parts or access). Reply here to continue.",
            "es": "Tu incidencia {ticket} está en espera (de ti, de piezas o de acceso). Responde aquí para seguir.",
        },
        "maintenance.told.resume": {
            "en": "{ticket} is being worked on again.",
            "es": "Tu incidencia {ticket} vuelve a estar en curso.",
        },
        "maintenance.told.resolve": {
            "en": "✅ {ticket} is resolved by {name}: {notes}\nIs it fixed?",
            "es": "✅ {name} ha resuelto tu incidencia {ticket}: {notes}\n¿Está arreglado?",
        },
        "maintenance.told.close": {"en": "{ticket} is closed.", "es": "Tu incidencia {ticket} está cerrada."},
        "maintenance.told.cancel": {
            "en": "{ticket} was cancelled by {name}.",
            "es": "{name} ha cancelado la incidencia {ticket}.",
        },
        "maintenance.told.reopen": {"en": "{ticket} was reopened.", "es": "La incidencia {ticket} se ha reabierto."},
        "maintenance.mirror.comment": {"en": "💬 {name}: {text}", "es": "💬 {name}: {text}"},
        "maintenance.mirror.photo": {
            "en": "📷 {name} added a photo: {url}",
            "es": "📷 {name} ha añadido una foto: {url}",
        },
        # --- SLA ----------------------------------------------------------------------------------------------
        "maintenance.sla.paused": {"en": "paused", "es": "en pausa"},
        "maintenance.sla.half": {
            "en": "⏳ {ticket} ({summary}) has used half of its time: due {due}.",
            "es": "⏳ La incidencia {ticket} ({summary}) ha consumido la mitad de su plazo: vence {due}.",
        },
        "maintenance.sla.late": {
            "en": "⏰ {ticket} ({summary}) has used 75 % of its time: due {due}.",
            "es": "⏰ La incidencia {ticket} ({summary}) ha consumido el 75 % de su plazo: vence {due}.",
        },
        "maintenance.sla.breach": {
            "en": "🚨 {ticket} ({summary}) is past its due time ({due}).",
            "es": "🚨 La incidencia {ticket} ({summary}) ha superado su plazo ({due}).",
        },
        # --- status, meters, help -----------------------------------------------------------------------------
        "maintenance.status.none": {
            "en": "You have no open tickets. Tell me what is broken to report a problem.",
            "es": "No tienes incidencias abiertas. Cuéntame qué está roto para abrir una.",
        },
        "maintenance.queue.title": {
            "en": "Your team's open tickets ({count})",
            "es": "Incidencias abiertas de tu equipo ({count})",
        },
        "maintenance.queue.breached": {"en": "🚨 Past due ({count})", "es": "🚨 Fuera de plazo ({count})"},
        "maintenance.queue.at_risk": {
            "en": "⏰ Past 75 % of their time ({count})",
            "es": "⏰ Más del 75 % del plazo ({count})",
        },
        "maintenance.queue.unassigned": {"en": "unassigned", "es": "sin asignar"},
        "maintenance.queue.due": {"en": "due {due}", "es": "plazo {due}"},
        "maintenance.queue.on_time": {"en": "✅ On time ({count})", "es": "✅ En plazo ({count})"},
        "maintenance.queue.paused": {"en": "⏸️ On hold ({count})", "es": "⏸️ En espera ({count})"},
        "maintenance.status.title": {"en": "Your tickets ({count})", "es": "Tus incidencias ({count})"},
        "maintenance.meter.recorded": {
            "en": "Recorded: {asset} reads {value} {unit}.",
            "es": "Anotado: {asset} marca {value} {unit}.",
        },
        "maintenance.meter.opened": {
            "en": "That is due for service: ticket {tickets} opened for {team}.",
            "es": "Le toca revisión: abierta la incidencia {tickets} para {team}.",
        },
        "maintenance.ask.asset": {
            "en": "Which machine is it (e.g. generator, compressor)?",
            "es": "¿Qué equipo es (p. ej. generador, compresor)?",
        },
        "maintenance.ask.reading": {"en": "What does the meter read?", "es": "¿Qué marca el contador?"},
        "maintenance.label.asset": {"en": "Asset", "es": "Equipo"},
        "maintenance.label.reading": {"en": "Reading", "es": "Lectura"},
        "maintenance.label.last_reading": {"en": "Last reading", "es": "Última lectura"},
        "maintenance.meter.title": {"en": "Meter reading", "es": "Lectura de contador"},
        "maintenance.capability.team_title": {"en": "Your team's tickets", "es": "Las incidencias de tu equipo"},
        "maintenance.capability.team": {
            "en": "“my queue”, “take #12”, “#12 resolved: replaced the tap”, “tickets chart”",
            "es": "“mi cola”, “coge la #12”, “la #12 está arreglada, cambiamos el grifo”, “gráfico de incidencias”",
        },
        "maintenance.capability": {
            "en": "Report a problem, follow your ticket, record a meter",
            "es": "Avisar de una avería, seguir tu incidencia, anotar un contador",
        },
        "maintenance.capability.example": {
            "en": "the printer on the 3rd floor is jammed",
            "es": "no funciona el aire acondicionado de la segunda planta",
        },
        "maintenance.offer_report": {
            "en": "I'm not sure I understood. Do you want to report a problem with *{subject}*?",
            "es": "No estoy seguro de haberte entendido. ¿Quieres avisar de una avería en *{subject}*?",
        },
        "maintenance.offer_update": {
            "en": "I'm not sure I understood. Do you want to update ticket {ticket} ({summary}) with this?",
            "es": "No estoy seguro de haberte entendido. ¿Quieres actualizar la incidencia {ticket} ({summary}) con "
            "esto?",
        },
        "maintenance.offer_report_plain": {
            "en": "I'm not sure I understood. Do you want to report this problem to facilities?",
            "es": "No estoy seguro de haberte entendido. ¿Quieres avisar de esta avería a mantenimiento?",
        },
        "maintenance.capability.example_asset": {
            "en": "the {asset} is not working",
            "es": "{asset} no funciona",
        },
    }
)
