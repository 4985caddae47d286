"""Texts the transport itself says (unknown user, errors, not understood), in English and Spanish."""

from skills.i18n import add_messages

add_messages(
    {
        "bot.unknown_user": {
            "en": "Sorry, I don't know you yet: your Slack account isn't in the company directory. "
            "Please ask {contact} to add you.",
            "es": "Lo siento, aún no te conozco: tu cuenta de Slack no está en el directorio de la empresa. "
            "Pide a {contact} que te añada.",
        },
        "bot.hr_team": {"en": "your HR team", "es": "tu equipo de RR. HH."},
        "bot.inactive_user": {
            "en": "Your account is marked inactive in the company directory. Please contact {contact}.",
            "es": "Tu cuenta figura como inactiva en el directorio de la empresa. Contacta con {contact}.",
        },
        "bot.error_with_ref": {
            "en": "Something went wrong on my side and nothing was changed. "
            "If it happens again, give this reference to support: `{ref}`.",
            "es": "Algo ha fallado por mi parte y no se ha cambiado nada. "
            "Si vuelve a ocurrir, da esta referencia a soporte: `{ref}`.",
        },
        "bot.thread.not_understood": {
            "en": "I didn't act on that, and nothing was changed.",
            "es": "No he hecho nada con eso, y no se ha cambiado nada.",
        },
        "bot.thread.buttons": {
            "en": "Here you can use the card's buttons ({buttons}).",
            "es": "Aquí puedes usar los botones de la tarjeta ({buttons}).",
        },
        "bot.thread.settled": {
            "en": "This card has nothing left to decide.",
            "es": "Esta tarjeta ya no tiene nada pendiente.",
        },
        "bot.thread.elsewhere": {
            "en": "For anything else, write to me in a direct message.",
            "es": "Para cualquier otra cosa, escríbeme por mensaje directo.",
        },
        "bot.not_understood": {
            "en": "I'm not sure what you mean. Type `help` to see what I can do.",
            "es": "No estoy seguro de lo que quieres decir. Escribe `ayuda` para ver lo que puedo hacer.",
        },
        "bot.not_available": {
            "en": "I understood that as *{intent}*, but I can't do that yet. Nothing was changed.",
            "es": "Lo he entendido como *{intent}*, pero todavía no puedo hacerlo. No se ha cambiado nada.",
        },
        "bot.too_long": {
            "en": "That message is too long for me ({length} characters; the limit is {limit}). "
            "Please send a shorter one.",
            "es": "Ese mensaje es demasiado largo ({length} caracteres; el límite es {limit}). Envíame uno más corto.",
        },
        "bot.file_kept": {
            "en": "Got {names}: I'll keep it for the expense claim you are about to make.",
            "es": "Recibido {names}: lo guardo para la nota de gastos que vas a presentar.",
        },
        "bot.empty": {
            "en": "Did you mean to say something? Type `help` to see what I can do.",
            "es": "¿Querías decirme algo? Escribe `ayuda` para ver lo que puedo hacer.",
        },
        "bot.stale_action": {
            "en": "That button no longer does anything.",
            "es": "Ese botón ya no hace nada.",
        },
        "bot.answered_privately": {
            "en": "That's private, so I've answered you in our direct messages.",
            "es": "Es algo privado, así que te he respondido por mensaje directo.",
        },
        "bot.slash_in_dm": {
            "en": "I'll answer you in our direct messages.",
            "es": "Te respondo por mensaje directo.",
        },
    }
)
