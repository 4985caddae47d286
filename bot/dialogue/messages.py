"""Texts of the dialogue (questions, confirmations, cancellations), in English and Spanish."""

from skills.i18n import add_messages

add_messages(
    {
        "dialogue.confirm": {"en": "Confirm", "es": "Confirmar"},
        "dialogue.edit": {"en": "Edit", "es": "Editar"},
        "dialogue.cancel": {"en": "Cancel", "es": "Cancelar"},
        "dialogue.save": {"en": "Save", "es": "Guardar"},
        "dialogue.preview_note": {
            "en": "Nothing is saved until you press *Confirm*.",
            "es": "No se guarda nada hasta que pulses *Confirmar*.",
        },
        "dialogue.confirmed": {"en": "✅ Confirmed.", "es": "✅ Confirmado."},
        "dialogue.cancelled": {
            "en": "OK, I've cancelled that. Nothing was changed.",
            "es": "De acuerdo, lo he cancelado. No se ha cambiado nada.",
        },
        "dialogue.cancelled_card": {
            "en": "✖️ Cancelled. Nothing was changed.",
            "es": "✖️ Cancelado. No se ha cambiado nada.",
        },
        "dialogue.nothing_to_cancel": {
            "en": "There's nothing in progress to cancel.",
            "es": "No hay nada en curso que cancelar.",
        },
        "dialogue.outdated": {
            "en": "That preview is out of date; please use the newest one in this conversation.",
            "es": "Esa vista previa está desactualizada; usa la más reciente de esta conversación.",
        },
        "dialogue.already_confirmed": {
            "en": "That was already confirmed; nothing more to do.",
            "es": "Eso ya estaba confirmado; no hay nada más que hacer.",
        },
        "dialogue.already_cancelled": {
            "en": "That was cancelled earlier, so nothing was written. Just ask again if you still need it.",
            "es": "Eso se canceló antes, así que no se escribió nada. Vuelve a pedirlo si aún lo necesitas.",
        },
        "dialogue.expired": {
            "en": "That request expired after {minutes} minutes without an answer, so nothing was written. "
            "Just ask again.",
            "es": "Esa solicitud caducó tras {minutes} minutos sin respuesta, así que no se escribió nada. "
            "Vuelve a pedirlo.",
        },
        "dialogue.not_yours": {
            "en": "Only the person who started this request can confirm, edit or cancel it.",
            "es": "Solo quien inició esta solicitud puede confirmarla, editarla o cancelarla.",
        },
        "dialogue.unreadable.date": {
            "en": "I couldn't read '{raw}' as a date.",
            "es": "No he podido entender '{raw}' como una fecha.",
        },
        "dialogue.unreadable.money": {
            "en": "I couldn't read '{raw}' as an amount.",
            "es": "No he podido entender '{raw}' como un importe.",
        },
        "dialogue.unreadable.other": {
            "en": "Sorry, I didn't get that.",
            "es": "Perdona, no lo he entendido.",
        },
        "dialogue.pick_one": {"en": "Please pick one of: {choices}.", "es": "Elige una de estas opciones: {choices}."},
        "dialogue.edit_prompt": {
            "en": "What would you like to change? Send the new value, or `cancel`.",
            "es": "¿Qué quieres cambiar? Envíame el nuevo valor o `cancelar`.",
        },
        "dialogue.needs_words": {
            "en": "I need a few words for that, not only a number or a sign.",
            "es": "Para eso necesito unas palabras, no solo un número o un signo.",
        },
        "dialogue.dropped": {
            "en": "(I've set aside what we had not finished: {intent}. Nothing was written.)",
            "es": "(He dejado a un lado lo que no habíamos terminado: {intent}. No se escribió nada.)",
        },
        "dialogue.dates_read": {"en": "I read “{raw}” as {dates}.", "es": "He entendido «{raw}» como {dates}."},
        "dialogue.back_to_form": {
            "en": "Back to where we were ({intent}): {asked}",
            "es": "Volvamos a lo de antes ({intent}): {asked}",
        },
        "dialogue.press_confirm": {
            "en": "Nothing is saved until you press *Confirm* on the preview above: press it to send this (or tell me "
            "what to change).",
            "es": "No se guarda nada hasta que pulses *Confirmar* en la vista previa de arriba: púlsalo para enviarlo "
            "(o dime qué cambiar).",
        },
        "dialogue.still_to_confirm": {
            "en": "the preview above is waiting for *Confirm* (or tell me what to change).",
            "es": "la vista previa de arriba espera a que pulses *Confirmar* (o dime qué cambiar).",
        },
        "dialogue.intent_declined": {
            "en": "OK, I haven't done anything. Type `help` to see what I can do.",
            "es": "De acuerdo, no he hecho nada. Escribe `ayuda` para ver lo que puedo hacer.",
        },
        "dialogue.edit_title": {"en": "Edit request", "es": "Editar solicitud"},
        "dialogue.modal_bad_value": {"en": "I couldn't read this value.", "es": "No he podido leer este valor."},
        "dialogue.modal_negative_amount": {
            "en": "An amount can't be negative.",
            "es": "Un importe no puede ser negativo.",
        },
        "dialogue.modal_too_long": {
            "en": "This is too long ({length} characters; the limit is {limit}). Please shorten it.",
            "es": "Es demasiado largo ({length} caracteres; el límite es {limit}). Acórtalo, por favor.",
        },
    }
)
