"""Policy skill texts in English and Spanish, and how its times and languages are written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from babel.dates import format_date, format_time

from skills.common.time import local_now
from skills.i18n import add_messages, normalise_language, translate


def format_when(moment: datetime, lang: str, timezone: str | None = "UTC") -> str:
    """A UTC time shown in ``timezone``: ``Nov 25, 2026, 10:30 AM`` / ``25 nov 2026, 10:30``."""
    local = local_now(moment, timezone)
    locale = normalise_language(lang)
    day = format_date(local.date(), format="medium", locale=locale)
    return f"{day}, {format_time(local, format='short', locale=locale)}".replace("\u202f", " ")


def language_name(code: str, lang: str) -> str:
    """The name of the language ``code`` (the asker's), written in ``lang`` (the reader's)."""
    return translate(lang, f"policy.lang.{normalise_language(code)}")


@dataclass(frozen=True)
class ReviewDecision:
    """What HR decided about a flagged answer (``active`` or ``withdrawn``), by whom, when, in the reviewer's zone."""

    status: str
    reviewer: str
    at: datetime | None
    timezone: str

    def text(self, lang: str) -> str:
        """The decision in ``lang``: "Confirmed as still correct by Hana on Nov 25, 2026, 10:00 AM."."""
        when = format_when(self.at, lang, self.timezone) if self.at is not None else "?"
        return translate(lang, f"policy.review.{self.status}", name=self.reviewer, when=when)


add_messages(
    {
        # the answer card
        "policy.frame": {"en": "From our policies:", "es": "Según nuestras normas:"},
        "policy.hr_answer_cited": {"en": "HR answer ({date})", "es": "Respuesta de RR. HH. ({date})"},
        "policy.hr_answer_cited_undated": {"en": "HR answer", "es": "Respuesta de RR. HH."},
        "policy.not_found": {
            "en": "I didn't find this in our policies, and I won't guess.",
            "es": "No he encontrado esto en nuestras normas y no voy a adivinar.",
        },
        "policy.offer_hr": {
            "en": "I can ask HR for you: their answer will come back here.",
            "es": "Puedo preguntárselo a RR. HH. por ti: su respuesta llegará aquí.",
        },
        "policy.button.ask_hr": {"en": "Ask HR", "es": "Preguntar a RR. HH."},
        "policy.button.up": {"en": "👍 Helpful", "es": "👍 Me sirve"},
        "policy.button.down": {"en": "👎 Not helpful", "es": "👎 No me sirve"},
        "policy.lang.en": {"en": "English", "es": "inglés"},
        "policy.lang.es": {"en": "Spanish", "es": "español"},
        # feedback
        "policy.feedback.thanks_up": {
            "en": "Thanks for the feedback, glad it helped.",
            "es": "Gracias por tu opinión, me alegro de que te sirva.",
        },
        "policy.feedback.thanks_down": {
            "en": "Thanks for telling me. Shall I ask HR instead? Their answer will come back here.",
            "es": "Gracias por decírmelo. ¿Se lo pregunto a RR. HH.? Su respuesta llegará aquí.",
        },
        "policy.feedback.thanks_down_sent": {
            "en": "Thanks for telling me. HR already has this question; their answer will come back here.",
            "es": "Gracias por decírmelo. RR. HH. ya tiene esta pregunta; su respuesta llegará aquí.",
        },
        "error.policy_vote_not_yours": {
            "en": "Only the person who asked can rate this answer.",
            "es": "Solo quien hizo la pregunta puede valorar esta respuesta.",
        },
        # asking HR
        "policy.ask_hr.sent": {
            "en": "I've sent your question to HR. Their answer will come back here.",
            "es": "He enviado tu pregunta a RR. HH. Su respuesta llegará aquí.",
        },
        "policy.ask_hr.undelivered": {
            "en": "Your question “{question}” did not reach HR: I can't post in their channel. An admin needs to add "
            "me to it (or fix HR_CHANNEL); until then, please ask HR directly.",
            "es": "Tu pregunta «{question}» no ha llegado a RR. HH.: no puedo publicar en su canal. Alguien con "
            "permisos de administración tiene que añadirme (o corregir HR_CHANNEL); mientras tanto, pregunta "
            "directamente a RR. HH.",
        },
        "error.policy_ask_hr_already": {
            "en": "You already sent this question to HR on {when}. Their answer will come back here.",
            "es": "Ya enviaste esta pregunta a RR. HH. el {when}. Su respuesta llegará aquí.",
        },
        "error.policy_ask_hr_not_yours": {
            "en": "Only the person who asked can send this question to HR.",
            "es": "Solo quien hizo la pregunta puede enviarla a RR. HH.",
        },
        "error.policy_not_found": {
            "en": "I can't find that policy question any more.",
            "es": "Ya no encuentro esa pregunta sobre las normas.",
        },
        "error.policy_hr_only": {"en": "Only HR can do that.", "es": "Solo RR. HH. puede hacer eso."},
        "error.policy_not_configured": {
            "en": "The policy index isn't set up yet: an admin needs to run `backoffice knowledge ingest`.",
            "es": "El índice de normas aún no está preparado: alguien con permisos de administración tiene que "
            "ejecutar `backoffice knowledge ingest`.",
        },
        # the HR card
        "policy.hr.title": {"en": "Question for HR #{id}", "es": "Pregunta para RR. HH. n.º {id}"},
        "policy.hr.label.from": {"en": "From", "es": "De"},
        "policy.hr.label.language": {"en": "Language", "es": "Idioma"},
        "policy.hr.label.question": {"en": "Question", "es": "Pregunta"},
        "policy.hr.label.searched": {"en": "What I searched", "es": "Lo que busqué"},
        "policy.hr.label.answer": {"en": "Last answer", "es": "Última respuesta"},
        "policy.hr.searched_none": {"en": "Nothing relevant found.", "es": "No encontré nada relevante."},
        "policy.hr.how_to_answer": {
            "en": "Reply in this thread: replies from HR go back to {name}.",
            "es": "Responde en este hilo: las respuestas de RR. HH. le llegan a {name}.",
        },
        "policy.hr.answered": {
            "en": "Answered by {name} on {when}.",
            "es": "Respondida por {name} el {when}.",
        },
        "policy.hr.saved": {
            "en": "Saved as a reviewed answer by {name} on {when}.",
            "es": "Guardada como respuesta revisada por {name} el {when}.",
        },
        "policy.button.save_answer": {"en": "Save as answer", "es": "Guardar como respuesta"},
        # HR replies in the thread
        "policy.relay.frame": {
            "en": "HR answered your question “{question}”:",
            "es": "RR. HH. ha respondido a tu pregunta «{question}»:",
        },
        "policy.relay.by": {"en": "— {name}, HR", "es": "— {name}, RR. HH."},
        "policy.thread.relayed": {"en": "Sent to {name}.", "es": "Enviado a {name}."},
        "error.policy_reply_not_from_hr": {
            "en": "Only replies from HR are passed on to {name}; this one wasn't sent.",
            "es": "Solo se le pasan a {name} las respuestas de RR. HH.; esta no se ha enviado.",
        },
        "error.policy_reply_too_long": {
            "en": "That reply is too long to pass on ({length} characters; the limit is {limit}). Nothing was sent.",
            "es": "Esa respuesta es demasiado larga para enviarla ({length} caracteres; el límite es {limit}). "
            "No se ha enviado nada.",
        },
        "error.policy_reply_empty": {
            "en": "There's nothing to pass on in that reply.",
            "es": "En esa respuesta no hay nada que enviar.",
        },
        # saving and reviewing answers
        "policy.save.done": {
            "en": "Saved. Later questions like this one can cite it as “{label}”.",
            "es": "Guardada. Las próximas preguntas parecidas podrán citarla como «{label}».",
        },
        "error.policy_save_already": {
            "en": "This answer was already saved by {name} on {when}.",
            "es": "Esta respuesta ya la guardó {name} el {when}.",
        },
        "error.policy_nothing_to_save": {
            "en": "There's no HR answer to save yet: reply in the question's thread first.",
            "es": "Aún no hay respuesta de RR. HH. que guardar: responde primero en el hilo de la pregunta.",
        },
        "policy.review.title": {
            "en": "An HR answer needs a review",
            "es": "Una respuesta de RR. HH. necesita revisión",
        },
        "policy.review.body": {
            "en": "The answer to “{question}” relied on {sources}, which changed. "
            "It won't be cited until someone in HR checks it.",
            "es": "La respuesta a «{question}» se basaba en {sources}, que ha cambiado. "
            "No se citará hasta que alguien de RR. HH. la revise.",
        },
        "policy.review.saved_answer": {"en": "Saved answer", "es": "Respuesta guardada"},
        "policy.button.still_correct": {"en": "Still correct", "es": "Sigue siendo correcta"},
        "policy.button.withdraw": {"en": "Withdraw", "es": "Retirar"},
        "policy.review.active": {
            "en": "Confirmed as still correct by {name} on {when}.",
            "es": "Confirmada como correcta por {name} el {when}.",
        },
        "policy.review.withdrawn": {
            "en": "Withdrawn by {name} on {when}.",
            "es": "Retirada por {name} el {when}.",
        },
        "policy.review.confirmed_ack": {
            "en": "Done: the answer is cited again.",
            "es": "Hecho: la respuesta vuelve a citarse.",
        },
        "policy.review.withdrawn_ack": {
            "en": "Done: the answer won't be cited any more.",
            "es": "Hecho: la respuesta ya no se citará.",
        },
        "error.policy_review_already": {"en": "Already done. {outcome}", "es": "Ya está hecho. {outcome}"},
        # the reminder job
        "policy.reminder": {
            "en": "Reminder: {name}'s question has been waiting for an answer since {since}. Reply in this thread.",
            "es": "Recordatorio: la pregunta de {name} espera respuesta desde el {since}. Responde en este hilo.",
        },
        # the Home tab (HR only)
        "policy.open.title": {
            "en": "*Questions waiting for HR* (oldest first): answer each in its card's thread in {channel}.",
            "es": "*Preguntas pendientes para RR. HH.* (de la más antigua): responde a cada una en el hilo de su "
            "tarjeta en {channel}.",
        },
        "policy.open.line": {"en": "{name}, {when}: “{question}”", "es": "{name}, {when}: «{question}»"},
        "policy.open.more": {"en": "… and {count} more.", "es": "… y {count} más."},
        "policy.home.title": {"en": "*Policy questions*", "es": "*Preguntas sobre normas*"},
        "policy.home.open": {
            "en": "Open questions for HR: {count} (the oldest from {name}, {when})",
            "es": "Preguntas pendientes para RR. HH.: {count} (la más antigua, de {name}, el {when})",
        },
        "policy.home.open_none": {"en": "No open questions for HR.", "es": "No hay preguntas pendientes para RR. HH."},
        "policy.home.flagged": {
            "en": "HR answers waiting for a review: {count}",
            "es": "Respuestas de RR. HH. pendientes de revisión: {count}",
        },
        "policy.home.feedback": {
            "en": "Feedback in the last 30 days: 👍 {up} · 👎 {down}",
            "es": "Valoraciones de los últimos 30 días: 👍 {up} · 👎 {down}",
        },
        "policy.home.latest_down": {"en": "Latest 👎:", "es": "Últimos 👎:"},
        # help
        "policy.capability.hr_title": {"en": "Questions for HR", "es": "Preguntas para RR. HH."},
        "policy.capability.hr": {
            "en": "“what questions are waiting for HR?”; answer in the question's thread, then *Save as answer*",
            "es": "“¿qué preguntas tengo pendientes?”; responde en el hilo de la pregunta y luego *Guardar como "
            "respuesta*",
        },
        "policy.capability_title": {"en": "Company policies", "es": "Normas de la empresa"},
        "policy.reach_hr": {
            "en": "Tell me what you'd like to ask HR, in your own words. I'll look in our policies first; if they "
            "don't say, I'll offer to send your question to HR, and their answer will come back here.",
            "es": "Cuéntame qué quieres preguntar a RR. HH., con tus palabras. Primero lo busco en nuestras normas; si "
            "no lo dicen, te ofrezco enviar tu pregunta a RR. HH. y su respuesta llegará aquí.",
        },
        "policy.capability_example": {
            "en": "how many vacation days do we get?",
            "es": "¿cuántos días de vacaciones tenemos?",
        },
    }
)
