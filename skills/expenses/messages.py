"""Every text of the expenses skill, English and Spanish; ``money``, ``payable_text`` and ``day`` write amounts and
dates for their reader (Babel: ``$1,250.00`` / ``1250,00 €``, ``Nov 24, 2026`` / ``24 nov 2026``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from skills.i18n import add_messages, add_plurals, normalise_language

if TYPE_CHECKING:
    from skills.expenses.models import ExpenseClaim

LOCALES = {"en": "en_US", "es": "es_ES"}


def money(amount: Decimal, currency: str, lang: str) -> str:
    """``amount`` in ``currency`` as a reader of ``lang`` writes it."""
    text = format_currency(amount, currency, locale=LOCALES[normalise_language(lang)])
    return text.replace("\u00a0", " ")


def round_money(amount: Decimal, currency: str, lang: str) -> str:
    """Like :func:`money`, without ``.00`` when ``amount`` is whole (``$340``, ``32,50 €``): an example's figure."""
    if amount != amount.to_integral_value():
        return money(amount, currency, lang)
    locale = Locale.parse(LOCALES[normalise_language(lang)])
    pattern = str(locale.currency_formats["standard"].pattern).replace("0.00", "0")
    return format_currency(amount, currency, format=pattern, locale=locale, currency_digits=False).replace(
        "\u00a0", " "
    )


def payable_text(claims: Sequence[ExpenseClaim], lang: str, joiner: str = ", ") -> str:
    """What ``claims`` pay, per office currency, as one phrase ("€10.00, $20.00")."""
    totals: dict[str, Decimal] = {}
    for claim in claims:
        totals[claim.office_currency] = totals.get(claim.office_currency, Decimal(0)) + claim.payable
    return joiner.join(money(total, currency, lang) for currency, total in sorted(totals.items()))


def number(value: Decimal, lang: str) -> str:
    """A plain number (a chart's axis) as a reader of ``lang`` writes it (``1,250.5`` / ``1.250,5``)."""
    return format_decimal(value, format="#,##0.##", locale=LOCALES[normalise_language(lang)])


def rate(value: Decimal, lang: str) -> str:
    """An exchange rate to four decimals as a reader of ``lang`` writes it (``0.8951`` / ``0,8951``)."""
    return format_decimal(value, format="0.0000", locale=LOCALES[normalise_language(lang)])


def day(value: date, lang: str) -> str:
    """A date as a reader of ``lang`` writes it (medium form)."""
    return format_date(value, format="medium", locale=normalise_language(lang))


STATUS = {
    "draft": {"en": "draft", "es": "borrador"},
    "pending": {"en": "pending approval", "es": "pendiente de aprobación"},
    "info_requested": {"en": "information requested", "es": "información solicitada"},
    "approved": {"en": "approved", "es": "aprobado"},
    "exported": {"en": "sent to payroll", "es": "enviado a nómina"},
    "paid": {"en": "paid", "es": "pagado"},
    "rejected": {"en": "rejected", "es": "rechazado"},
    "withdrawn": {"en": "withdrawn", "es": "retirado"},
}
PER = {
    "item": {"en": "per expense", "es": "por gasto"},
    "day": {"en": "per day", "es": "por día"},
    "month": {"en": "per month", "es": "al mes"},
}

add_messages({f"expenses.status.{key}": texts for key, texts in STATUS.items()})
add_messages({f"expenses.per.{key}": texts for key, texts in PER.items()})
add_messages(
    {
        # --- errors -----------------------------------------------------------------------------------------
        "error.expense_amount_not_positive": {
            "en": "The amount has to be more than zero.",
            "es": "El importe tiene que ser mayor que cero.",
        },
        "error.expense_amount_implausible": {
            "en": "{amount} is more than one expense can be (over {limit}); is there a typo?",
            "es": "{amount} es más de lo que puede costar un gasto (más de {limit}); ¿hay una errata?",
        },
        "error.expense_amount_unreadable": {
            "en": "I couldn't read that amount.",
            "es": "No he podido leer ese importe.",
        },
        "error.expense_currency_unknown": {
            "en": "I don't know the currency {currency}.",
            "es": "No conozco la moneda {currency}.",
        },
        "error.expense_rate_missing": {
            "en": "There is no ECB rate between {currency} and {office_currency} on or before that day: "
            "claim it in {office_currency}, or in a currency the ECB publishes (EUR, USD…).",
            "es": "No hay cambio del BCE entre {currency} y {office_currency} en ese día ni antes: "
            "pásalo en {office_currency} o en una moneda que publique el BCE (EUR, USD…).",
        },
        "error.expense_date_in_future": {
            "en": "{day} hasn't happened yet; expenses are claimed after you pay them.",
            "es": "El {day} todavía no ha llegado; los gastos se presentan después de pagarlos.",
        },
        "error.expense_date_too_old": {
            "en": "{day} is more than {days} days ago; the policy doesn't pay claims that old.",
            "es": "El {day} fue hace más de {days} días; la política no paga gastos tan antiguos.",
        },
        "error.expense_category_unknown": {
            "en": "I need to know what kind of expense it is ({names}).",
            "es": "Necesito saber qué tipo de gasto es ({names}).",
        },
        "error.expense_justification_needed": {
            "en": "That's over the limit ({left} left), so I need a justification; your approver will see it flagged.",
            "es": "Supera el límite (quedan {left}), así que necesito una justificación; quien lo "
            "apruebe lo verá señalado.",
        },
        "error.expense_receipt_reason_needed": {
            "en": "Above {over} a receipt is required. Share it in this thread, or tell me why there isn't one.",
            "es": "Por encima de {over} hace falta el ticket. Compártelo en este hilo o dime por qué no lo tienes.",
        },
        "error.expense_receipt_reason_needed_always": {
            "en": "This kind of expense always needs a receipt. Share it in this thread, or tell me why there isn't "
            "one.",
            "es": "Este tipo de gasto siempre necesita ticket. Compártelo en este hilo o dime por qué no lo tienes.",
        },
        "expenses.receipt_always": {
            "en": "A receipt is always required for this kind of expense.",
            "es": "Este tipo de gasto siempre necesita ticket.",
        },
        "error.expense_receipt_unreadable": {
            "en": "I can't use that receipt: {why}.",
            "es": "No puedo usar ese ticket: {why}.",
        },
        "error.expense_distance_needed": {
            "en": "For mileage I need the distance (e.g. 120 km) and a mileage rate for your country.",
            "es": "Para el kilometraje necesito la distancia (p. ej. 120 km) y una tarifa para tu país.",
        },
        "error.expense_claim_not_found": {
            "en": "I can't find that expense claim.",
            "es": "No encuentro esa nota de gastos.",
        },
        "error.expense_claim_not_open": {
            "en": "That claim is already {status}.",
            "es": "Esa nota ya está {status}.",
        },
        "error.expense_approve_other_currency": {
            "en": "Nothing approved: write the amount in {office} (what payroll pays) or in {claimed} (the claim's "
            "currency, converted at its rate), not in {written}.",
            "es": "No se ha aprobado nada: escribe el importe en {office} (lo que paga la nómina) o en {claimed} (la "
            "moneda de la nota, convertida a su tipo de cambio), no en {written}.",
        },
        "error.expense_approved_above_claimed": {
            "en": "The approved amount must be more than zero and at most the claimed {claimed}.",
            "es": "El importe aprobado debe ser mayor que cero y como mucho los {claimed} reclamados.",
        },
        "error.expense_reason_required": {
            "en": "Please give a reason.",
            "es": "Indica un motivo, por favor.",
        },
        "error.expense_duplicate_unconfirmed": {
            "en": "This claim may duplicate claim #{other}: check it, then press Not a duplicate on the claim's card "
            "before approving.",
            "es": "Esta nota puede duplicar la #{other}: compruébalo y pulsa No es duplicado en la tarjeta de la nota "
            "antes de aprobarla.",
        },
        "error.expense_not_finance": {
            "en": "Only finance can do that.",
            "es": "Solo Finanzas puede hacer eso.",
        },
        "error.expense_not_your_claim": {
            "en": "Only the person who claimed it can do that.",
            "es": "Solo quien presentó el gasto puede hacer eso.",
        },
        "error.expense_not_the_approver": {
            "en": "You're not the approver of this step.",
            "es": "No eres quien aprueba este paso.",
        },
        "error.expense_export_file_unreadable": {
            "en": "That file is not an expenses export: {why}.",
            "es": "Ese fichero no es una exportación de gastos: {why}.",
        },
        "expenses.receipt.not_found": {"en": "there is no file at {path}", "es": "no hay ningún fichero en {path}"},
        "expenses.receipt.bad_type": {
            "en": "it is {kind}, not an image or a PDF",
            "es": "es {kind}, no una imagen ni un PDF",
        },
        "expenses.receipt.too_big": {
            "en": "it is {size} MB, more than {limit} MB",
            "es": "ocupa {size} MB, más de {limit} MB",
        },
        # --- questions and labels -----------------------------------------------------------------------------
        "expenses.ask.money": {"en": "How much was it?", "es": "¿Cuánto fue?"},
        "expenses.ask.date": {"en": "When did you pay it?", "es": "¿Cuándo lo pagaste?"},
        "expenses.ask.category": {"en": "What kind of expense is it?", "es": "¿Qué tipo de gasto es?"},
        "expenses.ask.merchant": {"en": "Where did you buy it?", "es": "¿Dónde lo compraste?"},
        "expenses.ask.description": {"en": "What was it for?", "es": "¿Para qué fue?"},
        "expenses.ask.justification": {
            "en": "Why is it over the limit?",
            "es": "¿Por qué supera el límite?",
        },
        "expenses.ask.no_receipt_reason": {
            "en": "Why is there no receipt?",
            "es": "¿Por qué no hay ticket?",
        },
        "expenses.ask.receipt": {
            "en": "Path of the receipt file (image or PDF)?",
            "es": "¿Ruta del fichero del ticket (imagen o PDF)?",
        },
        "expenses.label.money": {"en": "Amount", "es": "Importe"},
        "expenses.label.date": {"en": "Date", "es": "Fecha"},
        "expenses.label.category": {"en": "Category", "es": "Categoría"},
        "expenses.label.merchant": {"en": "Merchant", "es": "Comercio"},
        "expenses.label.description": {"en": "Description", "es": "Descripción"},
        "expenses.label.justification": {"en": "Justification", "es": "Justificación"},
        "expenses.label.no_receipt_reason": {"en": "Why no receipt", "es": "Motivo sin ticket"},
        "expenses.label.receipt": {"en": "Receipt", "es": "Ticket"},
        "expenses.label.converted": {"en": "In {currency}", "es": "En {currency}"},
        "expenses.label.limit": {"en": "Limit", "es": "Límite"},
        "expenses.label.approvers": {"en": "Who approves", "es": "Quién aprueba"},
        "expenses.label.status": {"en": "Status", "es": "Estado"},
        "expenses.label.employee": {"en": "Employee", "es": "Empleado"},
        "expenses.label.policy": {"en": "Policy", "es": "Política"},
        "expenses.label.distance": {"en": "Distance", "es": "Distancia"},
        # --- the card ---------------------------------------------------------------------------------------
        "expenses.preview.title": {"en": "Expense: {category}", "es": "Gasto: {category}"},
        "expenses.converted": {
            "en": "{amount} (ECB rate {rate} of {day})",
            "es": "{amount} (cambio BCE {rate} del {day})",
        },
        "expenses.converted_earlier": {
            "en": "{amount} (ECB rate {rate} of {day}, the nearest earlier day with a rate)",
            "es": "{amount} (cambio BCE {rate} del {day}, el día anterior más cercano con cambio)",
        },
        "expenses.limit_line": {
            "en": "{limit} {per}; {left} left before this claim",
            "es": "{limit} {per}; quedan {left} antes de este gasto",
        },
        "expenses.limit_nights": {
            "en": "{limit} {per} × {days} = {allowed}; {left} left before this claim",
            "es": "{limit} {per} × {days} = {allowed}; quedan {left} antes de este gasto",
        },
        "expenses.no_limit": {"en": "no limit", "es": "sin límite"},
        "expenses.over_limit": {
            "en": ":warning: Over the limit by {over}: flagged to the approver.",
            "es": ":warning: Supera el límite en {over}: se señala a quien aprueba.",
        },
        "expenses.receipt_required": {
            "en": "A receipt is required above {over}.",
            "es": "Hace falta ticket por encima de {over}.",
        },
        "expenses.receipt_attached": {"en": "attached ({kind}, {size} KB)", "es": "adjunto ({kind}, {size} KB)"},
        "expenses.receipt_missing": {"en": "none", "es": "ninguno"},
        "expenses.duplicate": {
            "en": ":warning: Possible duplicate of claim #{id} ({what}); the approver will be asked to confirm.",
            "es": ":warning: Posible duplicado de la nota #{id} ({what}); se pedirá a quien aprueba que lo confirme.",
        },
        "expenses.policy_quote": {"en": "> {quote}\n_{citation}_", "es": "> {quote}\n_{citation}_"},
        "expenses.approvers.manager": {"en": "your manager ({name})", "es": "tu responsable ({name})"},
        "expenses.approvers.finance": {
            "en": "then finance ({why})",
            "es": "después Finanzas ({why})",
        },
        "expenses.approvers.finance_over": {"en": "over {amount}", "es": "más de {amount}"},
        "expenses.approvers.finance_exception": {"en": "policy exception", "es": "excepción a la política"},
        "expenses.approvers.no_manager": {
            "en": "{name} (HR: you have no manager on file)",
            "es": "{name} (RR. HH.: no tienes responsable en la ficha)",
        },
        "expenses.approvers.no_manager_finance": {
            "en": "{name} (finance: you have no manager on file and there is no HR)",
            "es": "{name} (Finanzas: no tienes responsable en la ficha y no hay RR. HH.)",
        },
        "expenses.approvers.manager_on_leave": {
            "en": "{name} (your manager, {manager}, is away until {until})",
            "es": "{name} (tu responsable, {manager}, está fuera hasta el {until})",
        },
        "expenses.approvers.manager_inactive": {
            "en": "{name} (your manager, {manager}, is no longer active)",
            "es": "{name} (tu responsable, {manager}, ya no está activo)",
        },
        "expenses.approvers.none": {"en": "nobody (no manager on file)", "es": "nadie (sin responsable)"},
        "expenses.mileage_detail": {
            "en": "{distance} {unit} × {rate}",
            "es": "{distance} {unit} × {rate}",
        },
        # --- after Confirm ---------------------------------------------------------------------------------
        "expenses.submitted": {
            "en": "Claim #{id} sent for approval ({amount}).",
            "es": "Nota #{id} enviada a aprobar ({amount}).",
        },
        "expenses.submitted_with_receipt": {
            "en": "Claim #{id} sent for approval ({amount}), with its receipt.",
            "es": "Nota #{id} enviada a aprobar ({amount}), con su ticket.",
        },
        "expenses.receipt_later": {
            "en": "Claim #{id} has no receipt yet: share it in this thread when you have it.",
            "es": "La nota #{id} aún no tiene ticket: compártelo en este hilo cuando lo tengas.",
        },
        "expenses.receipt_added": {
            "en": "Receipt {name} attached to claim #{id}.",
            "es": "Ticket {name} adjuntado a la nota #{id}.",
        },
        "expenses.receipt_duplicate": {
            "en": ":warning: The same receipt file is on claim #{other}; the approver will be asked to confirm.",
            "es": ":warning: El mismo ticket está en la nota #{other}; se pedirá a quien aprueba que lo confirme.",
        },
        # --- can I expense this? -------------------------------------------------------------------------------
        "expenses.check.title": {"en": "Can you expense it? {category}", "es": "¿Se puede pasar? {category}"},
        "expenses.check.ok": {
            "en": "Yes: {amount} is within the {category} limit.",
            "es": "Sí: {amount} está dentro del límite de {category}.",
        },
        "expenses.check.over": {
            "en": "Over the limit: {amount} against {left} left. You can still claim it with a justification; "
            "it goes to finance as a policy exception.",
            "es": "Supera el límite: {amount} frente a {left} disponibles. Puedes presentarlo con una "
            "justificación; irá a Finanzas como excepción.",
        },
        "expenses.check.people": {
            "en": "For {people} people that is {each} each.",
            "es": "Para {people} personas son {each} por persona.",
        },
        "expenses.check.nothing_written": {
            "en": "Nothing was saved. Say “submit it” with the details to claim it.",
            "es": "No he guardado nada. Dime “preséntalo” con los datos para reclamarlo.",
        },
        "expenses.check.need_amount": {
            "en": "Tell me the amount and what it is, e.g. “can I expense a 300 € team dinner?”",
            "es": "Dime el importe y qué es, p. ej. “¿puedo pasar una cena de equipo de 300 €?”",
        },
        # --- queries ----------------------------------------------------------------------------------------
        "expenses.mine.title": {"en": "Your expense claims", "es": "Tus notas de gastos"},
        "expenses.mine.none": {"en": "You have no expense claims yet.", "es": "Aún no tienes notas de gastos."},
        "expenses.claim_line": {
            "en": "#{id} · {day} · {category} · {amount}{merchant} — *{status}*",
            "es": "#{id} · {day} · {category} · {amount}{merchant} — *{status}*",
        },
        "expenses.totals.title": {"en": "Your expenses in {period}", "es": "Tus gastos de {period}"},
        "expenses.totals.none": {"en": "No expenses in {period}.", "es": "No hay gastos en {period}."},
        "expenses.totals.total": {"en": "Total", "es": "Total"},
        "expenses.team.title": {
            "en": "Team spend by category, {start} – {end}",
            "es": "Gasto del equipo por categoría, {start} – {end}",
        },
        "expenses.team.chart_saved": {"en": "Chart saved to {path}", "es": "Gráfico guardado en {path}"},
        "expenses.payroll.saved": {"en": "File saved to {path}", "es": "Fichero guardado en {path}"},
        "expenses.team.chart_title": {"en": "Team spend by category", "es": "Gasto del equipo por categoría"},
        "expenses.queue.title": {"en": "Finance queue", "es": "Cola de Finanzas"},
        "expenses.queue.none": {"en": "Nothing waiting for finance.", "es": "Nada pendiente para Finanzas."},
        # --- approval cards -------------------------------------------------------------------------------
        "expenses.card.title": {
            "en": "{name} claims {amount} for {category}",
            "es": "{name} reclama {amount} de {category}",
        },
        "expenses.card.flag_over": {
            "en": ":triangular_flag_on_post: Over the limit. Justification: {why}",
            "es": ":triangular_flag_on_post: Supera el límite. Justificación: {why}",
        },
        "expenses.card.flag_no_receipt": {
            "en": ":triangular_flag_on_post: No receipt. Reason: {why}",
            "es": ":triangular_flag_on_post: Sin ticket. Motivo: {why}",
        },
        "expenses.card.duplicate": {
            "en": ":warning: Possible duplicate of claim #{id}{what}: check it, then press Not a duplicate to approve.",
            "es": ":warning: Posible duplicado de la nota #{id}{what}: compruébalo y pulsa No es duplicado para "
            "aprobarla.",
        },
        "expenses.card.not_duplicate_by": {
            "en": "Confirmed not a duplicate by {name}.",
            "es": "{name} confirmó que no es un duplicado.",
        },
        "expenses.button.not_duplicate": {"en": "Not a duplicate", "es": "No es duplicado"},
        "expenses.button.approve_less": {"en": "Approve less", "es": "Aprobar menos"},
        "expenses.button.ask_info": {"en": "Ask for info", "es": "Pedir información"},
        "expenses.button.mark_paid": {"en": "Mark paid", "es": "Marcar pagado"},
        "expenses.not_duplicate_ack": {
            "en": "Recorded: claim #{id} is not a duplicate.",
            "es": "Anotado: la nota #{id} no es un duplicado.",
        },
        "expenses.approve_less.prompt": {
            "en": "Reply in this card's thread: “approve 80: only the taxi to the airport”.",
            "es": "Responde en el hilo de esta tarjeta: “aprobar 80: solo el taxi al aeropuerto”.",
        },
        "expenses.modal.send": {"en": "Send", "es": "Enviar"},
        "expenses.modal.cancel": {"en": "Cancel", "es": "Cancelar"},
        "expenses.modal.amount": {
            "en": "Amount approved (at most {claimed})",
            "es": "Importe aprobado (como mucho {claimed})",
        },
        "expenses.modal.reason": {"en": "Why less?", "es": "¿Por qué menos?"},
        "expenses.modal.question": {"en": "What do you need to know?", "es": "¿Qué necesitas saber?"},
        "expenses.approve_less.done": {
            "en": "Approved {amount} of claim #{id}.",
            "es": "Aprobados {amount} de la nota #{id}.",
        },
        "expenses.info.sent": {
            "en": "Asked {name} about claim #{id}; it waits for the answer at this step.",
            "es": "Preguntado a {name} por la nota #{id}; espera la respuesta en este paso.",
        },
        "expenses.decided.approved": {"en": "Approved claim #{id}.", "es": "Nota #{id} aprobada."},
        "expenses.decided.rejected": {"en": "Rejected claim #{id}.", "es": "Nota #{id} rechazada."},
        "expenses.decided.next": {
            "en": "Approved your step of claim #{id}; it goes to finance.",
            "es": "Aprobado tu paso de la nota #{id}; pasa a Finanzas.",
        },
        "expenses.thread.amount_unreadable": {
            "en": "Write it like “approve 80: only the taxi to the airport”.",
            "es": "Escríbelo así: “aprobar 80: solo el taxi al aeropuerto”.",
        },
        "expenses.info.prompt": {
            "en": "What do you need to know? Reply in the claim's thread starting with “info:”.",
            "es": "¿Qué necesitas saber? Responde en el hilo de la nota empezando por “info:”.",
        },
        "expenses.info.asked": {
            "en": "{name} needs more information about claim #{id}: {question}\nAnswer in this thread.",
            "es": "{name} necesita más información sobre la nota #{id}: {question}\nResponde en este hilo.",
        },
        "expenses.info.left": {
            "en": "{name} has left the company, so no answer about claim #{id} will come; it is back with you to "
            "decide as it stands.",
            "es": "{name} ya no está en la empresa, así que no llegará respuesta sobre la nota #{id}; vuelve a ti "
            "para decidirla tal como está.",
        },
        "expenses.info.answered": {
            "en": "{name} answered about claim #{id}: {answer}",
            "es": "{name} ha respondido sobre la nota #{id}: {answer}",
        },
        "expenses.info.back": {
            "en": "Thanks, claim #{id} is back with {name}.",
            "es": "Gracias, la nota #{id} vuelve a {name}.",
        },
        "expenses.told.approved": {
            "en": "Your claim #{id} ({amount}) was approved.",
            "es": "Tu nota #{id} ({amount}) ha sido aprobada.",
        },
        "expenses.told.approved_less": {
            "en": "Your claim #{id} was approved for {approved} instead of {claimed}: {reason}",
            "es": "Tu nota #{id} se ha aprobado por {approved} en lugar de {claimed}: {reason}",
        },
        "expenses.told.rejected": {
            "en": "Your claim #{id} ({amount}) was rejected: {reason}",
            "es": "Tu nota #{id} ({amount}) ha sido rechazada: {reason}",
        },
        "expenses.told.step": {
            "en": "Your claim #{id} was approved by {name} and goes to finance.",
            "es": "{name} ha aprobado tu nota #{id} y pasa a Finanzas.",
        },
        "expenses.withdrawn": {"en": "Claim #{id} withdrawn.", "es": "Nota #{id} retirada."},
        "expenses.withdraw.title": {
            "en": "Withdraw a claim (it is no longer approved or paid)",
            "es": "Retirar una nota (ya no se aprobará ni se pagará)",
        },
        "expenses.withdraw.button": {"en": "Withdraw #{id}", "es": "Retirar #{id}"},
        "expenses.withdraw.confirm_title": {"en": "Withdraw this claim?", "es": "¿Retirar esta nota?"},
        "expenses.withdraw.confirm_yes": {"en": "Withdraw", "es": "Retirar"},
        "expenses.withdraw.confirm_no": {"en": "Keep it", "es": "Mantenerla"},
        "expenses.withdraw.none": {
            "en": "You have no claim waiting for a decision, so there is nothing to withdraw.",
            "es": "No tienes ninguna nota pendiente de decisión, así que no hay nada que retirar.",
        },
        "expenses.withdraw.not_yours": {
            "en": "Claim #{id} is not one of your claims: only its owner can withdraw it.",
            "es": "La nota #{id} no es tuya: solo quien la presentó puede retirarla.",
        },
        "expenses.withdraw.closed": {
            "en": "Claim #{id} is {status}: only a claim still waiting for a decision can be withdrawn.",
            "es": "La nota #{id} ya no está pendiente ({status}): solo se puede retirar una nota pendiente de decisión.",
        },
        "expenses.told.withdrawn": {
            "en": "{name} withdrew claim #{id} ({what}): nothing to decide.",
            "es": "{name} retiró la nota #{id} ({what}): no hay nada que decidir.",
        },
        "expenses.button.withdraw": {"en": "Withdraw", "es": "Retirar"},
        "expenses.payroll.button": {"en": "Export", "es": "Exportar"},
        "expenses.payroll.confirm_title": {"en": "Export to payroll?", "es": "¿Exportar a la nómina?"},
        "expenses.payroll.confirm_no": {"en": "Not now", "es": "Ahora no"},
        "expenses.payroll.confirm_text": {
            "en": "The approved claims are marked exported and shared as a CSV file.",
            "es": "Los gastos aprobados quedan marcados como exportados y se comparten en un fichero CSV.",
        },
        "expenses.payroll.none": {
            "en": "No approved claims wait for payroll.",
            "es": "No hay gastos aprobados pendientes de nómina.",
        },
        "expenses.paid.confirm_title": {"en": "Mark as paid?", "es": "¿Marcar como pagado?"},
        "expenses.paid.title": {
            "en": "*Exported to payroll, not marked paid yet*",
            "es": "*Exportado a la nómina, aún sin marcar como pagado*",
        },
        "expenses.paid.more": {
            "en": "{count} newer exports wait after these.",
            "es": "Después de estas esperan {count} exportaciones más.",
        },
        "expenses.paid.none_waiting": {
            "en": "Nothing exported waits to be marked paid.",
            "es": "No hay nada exportado pendiente de marcar como pagado.",
        },
        "expenses.paid.nothing_left": {
            "en": "Nothing left to mark: those claims were marked paid already.",
            "es": "No queda nada por marcar: esos gastos ya estaban marcados como pagados.",
        },
        "expenses.payroll.nothing_left": {
            "en": "Nothing left to export: those claims were exported already.",
            "es": "No queda nada por exportar: esos gastos ya se exportaron.",
        },
        "expenses.explain.approvers": {
            "en": "Your expense claims go to {first} first. A claim over {over}, over its category's limit or outside "
            "the policy then goes to finance as well ({finance}). Nothing is paid before both have approved.",
            "es": "Tus notas de gastos las aprueba primero {first}. Si un gasto pasa de {over}, supera el límite de su "
            "categoría o se sale de la política, después también Finanzas ({finance}). No se paga nada antes de que "
            "aprueben los dos.",
        },
        "expenses.explain.approver": {
            "en": "Your expense claims are approved by {first}.",
            "es": "Tus notas de gastos las aprueba {first}.",
        },
        "expenses.explain.how": {
            "en": "Tell me what you spent, when and how much, in one message (“taxi to the airport yesterday {taxi}”), "
            "and share the photo or PDF of the receipt with it or in its thread. I show you a card with the limit "
            "that applies and who approves it; nothing is sent until you press Confirm.",
            "es": "Dime qué gastaste, cuándo y cuánto en un mensaje (“taxi al aeropuerto ayer {taxi}”) y comparte la "
            "foto o el PDF del ticket con él o en su hilo. Te enseño una tarjeta con el límite que aplica y quién lo "
            "aprueba; no se envía nada hasta que pulses Confirmar.",
        },
        "expenses.capability.title": {"en": "Expense claims", "es": "Notas de gastos"},
        "expenses.capability.example": {
            "en": "“taxi to the airport yesterday {taxi}”, “can I expense a {dinner} team dinner?”, “my claims”",
            "es": "“gasté {taxi} en un taxi el martes”, “¿puedo pasar una cena de equipo de {dinner}?”, “mis gastos”",
        },
        "expenses.capability.finance_title": {"en": "Finance's work", "es": "El trabajo de Finanzas"},
        "expenses.capability.finance": {
            "en": "“my queue”, “export payroll”, then “mark payroll paid”, “team spend this quarter by category”",
            "es": "“mi cola”, “exporta la nómina”, luego “la nómina está pagada”, “gasto del equipo este trimestre por "
            "categoría”",
        },
        "expenses.home.title": {"en": "Your open expense claims", "es": "Tus notas de gastos abiertas"},
    }
)

add_plurals(
    {
        "expenses.payroll.offer": {
            "en": {
                "one": "1 approved claim waits for payroll ({total}). Export it to the payroll file? It is marked "
                "exported, and you mark it paid here once payroll has paid it.",
                "other": "{count} approved claims wait for payroll ({total}). Export them to the payroll file? They "
                "are marked exported, and you mark them paid here once payroll has paid them.",
            },
            "es": {
                "one": "1 gasto aprobado espera a la nómina ({total}). ¿Lo exporto al fichero de nómina? Queda marcado "
                "como exportado, y lo marcas como pagado aquí cuando la nómina lo haya pagado.",
                "other": "{count} gastos aprobados esperan a la nómina ({total}). ¿Los exporto al fichero de nómina? "
                "Quedan marcados como exportados, y los marcas como pagados aquí cuando la nómina los haya pagado.",
            },
        },
        "expenses.payroll.exported": {
            "en": {
                "one": "Exported 1 claim to {name}; it is marked exported. Once payroll has paid it, press Mark "
                "paid (or say “mark payroll paid” later): its owner is told.",
                "other": "Exported {count} claims to {name}; they are marked exported. Once payroll has paid them, "
                "press Mark paid (or say “mark payroll paid” later): each owner is told.",
            },
            "es": {
                "one": "Exportado 1 gasto a {name}; queda marcado como exportado. Cuando la nómina lo haya pagado, "
                "pulsa Marcar pagado (o di «marca la nómina como pagada» más tarde): se lo digo a su dueño.",
                "other": "Exportados {count} gastos a {name}; quedan marcados como exportados. Cuando la nómina los "
                "haya pagado, pulsa Marcar pagado (o di «marca la nómina como pagada» más tarde): se lo digo a cada "
                "uno.",
            },
        },
        "expenses.paid.confirm_text": {
            "en": {
                "one": "Only once payroll has paid it: the claim is marked paid and its owner is told.",
                "other": "Only once payroll has paid them: the {count} claims are marked paid and each owner is told.",
            },
            "es": {
                "one": "Solo cuando la nómina lo haya pagado: el gasto queda marcado como pagado y se lo digo a su "
                "dueño.",
                "other": "Solo cuando la nómina los haya pagado: los {count} gastos quedan marcados como pagados y se "
                "lo digo a cada uno.",
            },
        },
        "expenses.paid.batch_line": {
            "en": {
                "one": "Exported {day}: 1 claim, {total} ({ids})",
                "other": "Exported {day}: {count} claims, {total} ({ids})",
            },
            "es": {
                "one": "Exportado el {day}: 1 gasto, {total} ({ids})",
                "other": "Exportados el {day}: {count} gastos, {total} ({ids})",
            },
        },
        "expenses.paid.done": {
            "en": {
                "one": "Marked 1 claim paid ({total}) and told {names}.",
                "other": "Marked {count} claims paid ({total}) and told {names}.",
            },
            "es": {
                "one": "Marcado 1 gasto como pagado ({total}); se lo he dicho a {names}.",
                "other": "Marcados {count} gastos como pagados ({total}); se lo he dicho a {names}.",
            },
        },
        "expenses.withdrawn_told": {
            "en": {
                "one": "Claim #{id} withdrawn; I told {names}, who no longer has it to decide.",
                "other": "Claim #{id} withdrawn; I told {names}, who no longer have it to decide.",
            },
            "es": {
                "one": "Nota #{id} retirada; se lo he dicho a {names}, que ya no tiene que decidirla.",
                "other": "Nota #{id} retirada; se lo he dicho a {names}, que ya no tienen que decidirla.",
            },
        },
        "expenses.told.paid": {
            "en": {
                "one": "Paid with payroll: your expense claim {ids}, {amount}.",
                "other": "Paid with payroll: {count} expense claims, {amount} in total ({ids}).",
            },
            "es": {
                "one": "Pagada con la nómina: tu nota de gastos {ids}, {amount}.",
                "other": "Pagadas con la nómina: {count} notas de gastos, {amount} en total ({ids}).",
            },
        },
        "expenses.told.receipt_reminder": {
            "en": {
                "one": "Claim {ids} still has no receipt. Share it in the claim's thread, please.",
                "other": "Claims {ids} still have no receipt. Share each in its claim's thread, please.",
            },
            "es": {
                "one": "La nota {ids} sigue sin ticket. Compártelo en el hilo de la nota, por favor.",
                "other": "Las notas {ids} siguen sin ticket. Comparte cada uno en el hilo de su nota, por favor.",
            },
        },
    }
)
