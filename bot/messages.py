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
        "bot.empty": {
            "en": "Did you mean to say something? Type `help` to see what I can do.",
            "es": "¿Querías decirme algo? Escribe `ayuda` para ver lo que puedo hacer.",
        },
        "bot.file_not_expected": {
            "en": "Thanks for the file. I take files in the thread of a request that needs one (a receipt while "
            "you claim an expense, or under the claim's message).",
            "es": "Gracias por el fichero. Los recojo en el hilo de una solicitud que lo necesite (un ticket mientras "
            "presentas un gasto, o bajo el mensaje de la nota).",
        },
        "bot.file_download_failed": {
            "en": "I couldn't download {name} from Slack; please share it again.",
            "es": "No he podido descargar {name} de Slack; compártelo otra vez, por favor.",
        },
        "bot.stale_action": {
            "en": "That button no longer does anything.",
            "es": "Ese botón ya no hace nada.",
        },
        "bot.slash_in_dm": {
            "en": "I'll answer you in our direct messages.",
            "es": "Te respondo por mensaje directo.",
        },
    }
)
