"""Help skill texts in English and Spanish."""

from skills.i18n import add_messages

add_messages(
    {
        "help.greeting": {
            "en": "Hi {name}! I'm the back-office assistant.",
            "es": "¡Hola, {name}! Soy el asistente de back office.",
        },
        "help.intro": {
            "en": "Write to me in plain English or Spanish. I never change anything until you press *Confirm*.",
            "es": "Escríbeme en español o en inglés. Nunca cambio nada hasta que pulses *Confirmar*.",
        },
        "help.capabilities": {
            "en": "*Here's what I can do:*",
            "es": "*Esto es lo que puedo hacer:*",
        },
        "help.nothing_yet": {
            "en": "Right now I can greet you and explain myself; more skills are on their way.",
            "es": "Por ahora puedo saludarte y explicarte qué hago; pronto tendré más habilidades.",
        },
        "help.example": {"en": "e.g. _{example}_", "es": "p. ej. _{example}_"},
        "help.footer": {
            "en": "Type `help` at any time. In a channel, mention me and I'll answer in the thread.",
            "es": "Escribe `ayuda` cuando quieras. En un canal, mencióname y te respondo en el hilo.",
        },
        "help.title": {"en": "Back-office assistant", "es": "Asistente de back office"},
        "help.home_open_items": {"en": "*My open items*", "es": "*Mis asuntos pendientes*"},
        "help.home_no_items": {
            "en": "Nothing open. Requests you make will show up here.",
            "es": "Nada pendiente. Aquí verás las solicitudes que hagas.",
        },
    }
)
