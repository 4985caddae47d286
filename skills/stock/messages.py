"""Every text of the stock skill, English and Spanish; ``format_moment`` and ``format_day`` write a time and a date
for their reader."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_time

from skills.common.time import local_now
from skills.i18n import add_messages, add_plurals, normalise_language


def format_moment(moment: datetime, lang: str, timezone: str | None = "UTC") -> str:
    """A UTC time shown in ``timezone``: ``Nov 25, 2026, 10:30 AM`` / ``25 nov 2026, 10:30``."""
    local = local_now(moment, timezone)
    locale = normalise_language(lang)
    day = format_date(local.date(), format="medium", locale=locale)
    return f"{day}, {format_time(local, format='short', locale=locale)}".replace("\u202f", " ")


def format_day(day: date, lang: str) -> str:
    """A date as its reader writes it: ``Dec 7, 2026`` / ``7 dic 2026``."""
    return format_date(day, format="medium", locale=normalise_language(lang))


UNITS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {"unit": ("unit", "units"), "ream": ("ream", "reams"), "box": ("box", "boxes"), "pack": ("pack", "packs"),
           "roll": ("roll", "rolls"), "bottle": ("bottle", "bottles"), "pair": ("pair", "pairs"),
           "bag": ("bag", "bags"), "can": ("can", "cans"), "piece": ("piece", "pieces"), "set": ("set", "sets"),
           "sheet": ("sheet", "sheets"), "carton": ("carton", "cartons"), "each": ("each", "each"),
           "ea": ("each", "each"), "pcs": ("piece", "pieces"), "pc": ("piece", "pieces"), "case": ("case", "cases"),
           "crate": ("crate", "crates"), "pallet": ("pallet", "pallets"), "tube": ("tube", "tubes"),
           "kg": ("kg", "kg"), "l": ("litre", "litres")},
    "es": {"unit": ("unidad", "unidades"), "ream": ("paquete", "paquetes"), "box": ("caja", "cajas"),
           "pack": ("paquete", "paquetes"), "roll": ("rollo", "rollos"), "bottle": ("bote", "botes"),
           "pair": ("par", "pares"), "bag": ("bolsa", "bolsas"), "can": ("lata", "latas"),
           "piece": ("pieza", "piezas"), "set": ("juego", "juegos"), "sheet": ("hoja", "hojas"),
           "carton": ("cartón", "cartones"), "each": ("unidad", "unidades"), "ea": ("unidad", "unidades"),
           "pcs": ("pieza", "piezas"), "pc": ("pieza", "piezas"), "case": ("caja", "cajas"),
           "crate": ("cajón", "cajones"), "pallet": ("palé", "palés"), "tube": ("tubo", "tubos"), "kg": ("kg", "kg"),
           "l": ("litro", "litros")},
}  # fmt: skip
"""How a unit is written after a number, singular and plural, per language (others: see ``unit_label``)."""


def _english_plural(word: str) -> str:
    """A regular English plural (crate → crates, battery → batteries, glass → glasses); abbreviations as they are."""
    if len(word) < 3 or not word.isalpha() or not word.islower():
        return word  # kg, m2, "L": units written as symbols do not change
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _units_by_form() -> dict[str, str]:
    """Every written form of a known unit in either language (caja, cajas, pares, box) → its key in ``UNITS``.

    A form two units share ("paquete": ream and pack; "unidad": unit and each) reads as the more general one."""
    general_first = sorted(UNITS["en"], key=lambda key: key not in {"unit", "pack", "piece"})
    found: dict[str, str] = {}
    for key in general_first:
        for table in UNITS.values():
            for form in (key, *table[key]):
                found.setdefault(form.casefold(), key)
    return found


UNITS_BY_FORM = _units_by_form()
"""A unit imported in Spanish ("caja", "par") is the same unit as its English key ("box", "pair")."""


def unit_label(unit: str, count: int, lang: str) -> str:
    """``unit`` as written after ``count`` in ``lang``: 1 unit, 3 units, 3 unidades, 2 reams, 2 paquetes.

    A unit imported in either language is known by any of its forms ("caja" is shown as 40 boxes / 40 cajas). A
    unit the table does not know is shown as imported, made plural by the regular English rules for an English
    reader (the word's own language is unknown, so a Spanish reader sees it as stored).
    """
    language = normalise_language(lang)
    key = UNITS_BY_FORM.get(unit.casefold(), unit)
    forms = UNITS.get(language, UNITS["en"]).get(key)
    if forms is None:
        return _english_plural(unit) if language == "en" and abs(count) != 1 else unit
    return forms[0] if abs(count) == 1 else forms[1]


add_messages(
    {
        "stock.by.cli": {"en": "data import", "es": "importación de datos"},
        "stock.by.job": {"en": "scheduled job", "es": "tarea programada"},
        # --- errors -----------------------------------------------------------------------------------------
        "error.stock_item_unknown": {
            "en": "I don't know an item called “{phrase}”.",
            "es": "No conozco ningún artículo llamado «{phrase}».",
        },
        "stock.did_you_mean": {"en": "Did you mean: {names}?", "es": "¿Querías decir: {names}?"},
        "error.stock_item_ambiguous": {
            "en": "“{phrase}” could be several items: {names}. Which one?",
            "es": "«{phrase}» puede ser varios artículos: {names}. ¿Cuál?",
        },
        "error.stock_place_unknown": {
            "en": "I don't know a place called “{phrase}”. Places with stock: {places}.",
            "es": "No conozco ningún lugar llamado «{phrase}». Lugares con existencias: {places}.",
        },
        "error.stock_place_needed": {
            "en": "{item} is kept in several places ({places}).",
            "es": "{item} está en varios sitios ({places}).",
        },
        "error.stock_destination_needed": {"en": "Moving it where to?", "es": "¿A dónde lo muevo?"},
        "error.stock_same_place": {
            "en": "A transfer needs two different places, and both are {place}.",
            "es": "Un traslado necesita dos lugares distintos, y los dos son {place}.",
        },
        "error.stock_quantity_not_positive": {
            "en": "The quantity has to be a whole number above zero.",
            "es": "La cantidad tiene que ser un número entero mayor que cero.",
        },
        "error.stock_quantity_too_large": {
            "en": "That is more than {limit} in one go; is it a typo?",
            "es": "Son más de {limit} de una vez; ¿es una errata?",
        },
        "error.stock_unit_differs": {
            "en": "{item} is counted in {unit}, not {said}.",
            "es": "{item} se cuenta en {unit}, no en {said}.",
        },
        "error.stock_serialized_in_ones": {
            "en": "{item} is tracked one by one (serialized): move or ask for one at a time.",
            "es": "{item} se controla por unidad (con número de serie): muévelo o pídelo de uno en uno.",
        },
        "error.stock_not_enough": {
            "en": "Only {available} {unit} of {item} available at {place}; stock never goes below zero.",
            "es": "Disponible en {place}: solo {available} {unit} de {item}; el stock nunca baja de cero.",
        },
        "error.stock_count_below_reserved": {
            "en": "{reserved} are reserved for open requests there; fulfil or decline those before counting lower.",
            "es": "Hay {reserved} reservados para solicitudes abiertas; atiéndelas o recházalas antes de contar menos.",
        },
        "error.stock_count_reason_needed": {
            "en": "The count changes stock by {difference} (more than {threshold}); I need a reason.",
            "es": "El recuento cambia el stock en {difference} (más de {threshold}); necesito un motivo.",
        },
        "error.stock_changed_meanwhile": {
            "en": "Someone moved that stock while you were counting; please count again.",
            "es": "Alguien ha movido ese stock mientras contabas; vuelve a contarlo, por favor.",
        },
        "error.stock_warehouse_only": {
            "en": "Only warehouse staff can record stock movements or settle requests ({names}).",
            "es": "Solo el personal del almacén puede registrar movimientos o atender solicitudes ({names}).",
        },
        "error.stock_movement_warehouse_only": {
            "en": "Only warehouse staff record stock coming in, counts and moves ({names}): please tell them. To take "
            "items for yourself, ask for them (“I need 3 boxes of paper”).",
            "es": "Solo el personal del almacén registra entradas, recuentos y traslados ({names}): avísales. Para "
            "llevarte material, pídelo («necesito 3 cajas de papel»).",
        },
        "error.stock_alert_warehouse_only": {
            "en": "Only warehouse staff can claim or snooze a low-stock alert ({names}); nothing has changed.",
            "es": "Solo el personal del almacén puede encargarse de una alerta de stock bajo o posponerla ({names}); "
            "no ha cambiado nada.",
        },
        "error.stock_undo_not_yours": {
            "en": "Only the person who posted this movement can undo it.",
            "es": "Solo quien registró este movimiento puede deshacerlo.",
        },
        "error.stock_undo_expired": {
            "en": "Undo is only available for {minutes} minutes; ask the warehouse to post a correction.",
            "es": "Solo se puede deshacer durante {minutes} minutos; pide al almacén que registre una corrección.",
        },
        "error.stock_already_reversed": {
            "en": "That movement was already undone.",
            "es": "Ese movimiento ya se deshizo.",
        },
        "error.stock_not_reversible": {
            "en": "That movement cannot be undone from here.",
            "es": "Ese movimiento no se puede deshacer desde aquí.",
        },
        "error.stock_not_found": {
            "en": "I can't find that any more.",
            "es": "Ya no lo encuentro.",
        },
        "error.stock_request_already_decided": {
            "en": "Already done: {outcome} by {name}.",
            "es": "Ya está hecho: {outcome} por {name}.",
        },
        "error.stock_decline_reason_needed": {
            "en": "Please say why; the requester will read it.",
            "es": "Indica el motivo, por favor; lo leerá quien lo pidió.",
        },
        "error.stock_alert_claimed": {
            "en": "{name} is already ordering it.",
            "es": "{name} ya lo está pidiendo.",
        },
        "error.stock_alert_resolved": {
            "en": "Stock is back above its level; nothing to do.",
            "es": "El stock ya está por encima del mínimo; no hay nada que hacer.",
        },
        # --- forms ------------------------------------------------------------------------------------------
        "stock.ask.action": {
            "en": "Is it stock received, taken out, moved or counted?",
            "es": "¿Es una entrada, una salida, un traslado o un recuento?",
        },
        "stock.label.action": {"en": "Movement", "es": "Movimiento"},
        "stock.label.action.receive": {"en": "Received", "es": "Entrada"},
        "stock.label.action.issue": {"en": "Taken out", "es": "Salida"},
        "stock.label.action.transfer": {"en": "Moved", "es": "Traslado"},
        "stock.label.action.count": {"en": "Counted", "es": "Recuento"},
        "stock.ask.item": {"en": "Which item? (a name or SKU)", "es": "¿Qué artículo? (nombre o SKU)"},
        "stock.label.item": {"en": "Item", "es": "Artículo"},
        "stock.queue.title": {
            "en": "Item requests waiting for the warehouse, oldest first ({count}):",
            "es": "Solicitudes de material pendientes del almacén, de la más antigua a la más reciente ({count}):",
        },
        "stock.queue.more": {
            "en": "…and more: the rest are in the warehouse channel.",
            "es": "…y hay más: el resto está en el canal del almacén.",
        },
        "stock.queue.empty": {
            "en": "No item requests are waiting for the warehouse.",
            "es": "No hay solicitudes de material pendientes en el almacén.",
        },
        "stock.ask.quantity": {"en": "How many?", "es": "¿Cuántos?"},
        "stock.label.quantity": {"en": "Quantity", "es": "Cantidad"},
        "stock.ask.place": {"en": "Where? (a warehouse or place)", "es": "¿Dónde? (un almacén o lugar)"},
        "stock.label.place": {"en": "Place", "es": "Lugar"},
        "stock.ask.to_place": {"en": "Where to?", "es": "¿A dónde?"},
        "stock.label.to_place": {"en": "To", "es": "Destino"},
        "stock.ask.reason": {"en": "What's the reason?", "es": "¿Cuál es el motivo?"},
        "stock.label.reason": {"en": "Reason", "es": "Motivo"},
        "stock.ask.note": {"en": "Anything the warehouse should know?", "es": "¿Algo que deba saber el almacén?"},
        "stock.label.note": {"en": "Note", "es": "Nota"},
        "stock.preview.title.receive": {"en": "Receive {item}", "es": "Entrada de {item}"},
        "stock.preview.title.issue": {"en": "Take out {item}", "es": "Salida de {item}"},
        "stock.preview.title.transfer": {"en": "Move {item}", "es": "Traslado de {item}"},
        "stock.preview.title.count": {"en": "Count of {item}", "es": "Recuento de {item}"},
        "stock.preview.title.request": {"en": "Ask the warehouse for {item}", "es": "Pedir {item} al almacén"},
        "stock.label.balance": {"en": "On hand at {place}", "es": "En {place}"},
        "stock.label.before_after": {"en": "{before} → {after} {unit}", "es": "{before} → {after} {unit}"},
        "stock.label.available": {"en": "Available there now", "es": "Disponible ahora allí"},
        "stock.label.from": {"en": "From", "es": "Desde"},
        "stock.preview.offer_request": {
            "en": "Only warehouse staff record stock movements ({names}). Confirm to send them this as an item "
            "request instead.",
            "es": "Solo el personal del almacén registra movimientos ({names}). Confirma para enviárselo como "
            "solicitud de material.",
        },
        "stock.preview.short": {
            "en": "Only {available} available there now; the warehouse will see it is short.",
            "es": "Disponible ahora: solo {available}; el almacén verá que falta.",
        },
        "stock.preview.below_level": {
            "en": "This takes it under its reorder level ({level}): the warehouse channel will be alerted.",
            "es": "Esto lo deja por debajo del mínimo ({level}): se avisará en el canal del almacén.",
        },
        "stock.posted": {"en": "Done: {summary}.", "es": "Hecho: {summary}."},
        "stock.posted.undo_hint": {
            "en": "You can undo it for {minutes} minutes.",
            "es": "Puedes deshacerlo durante {minutes} minutos.",
        },
        "stock.posted.nothing": {
            "en": "The count matches what was on hand; nothing changed.",
            "es": "El recuento coincide con lo que había; no cambia nada.",
        },
        "stock.undo": {"en": "Undo", "es": "Deshacer"},
        "stock.undone": {"en": "Undone: {summary}.", "es": "Deshecho: {summary}."},
        "stock.undo.offer": {
            "en": "Your last stock movement: {summary}. Press Undo to reverse it.",
            "es": "Tu último movimiento de existencias: {summary}. Pulsa Deshacer para revertirlo.",
        },
        "stock.undo.offer_until": {
            "en": "Undo is available until {until}.",
            "es": "Se puede deshacer hasta el {until}.",
        },
        "stock.undo.nothing": {
            "en": "There is nothing of yours to undo. Undo reverses a stock movement you posted, for {minutes} minutes "
            "after posting it (the Undo button on its card). To withdraw a request, ask to cancel it instead "
            "(for example: cancel my leave on Friday).",
            "es": "No tienes nada que deshacer. Deshacer revierte un movimiento de existencias que registraste, "
            "durante {minutes} minutos (el botón Deshacer de su tarjeta). Para retirar una solicitud, pide "
            "cancelarla (por ejemplo: cancela mis vacaciones del viernes).",
        },
        "stock.summary.receive": {
            "en": "{quantity} {unit} of {item} in at {place}",
            "es": "entrada de {quantity} {unit} de {item} en {place}",
        },
        "stock.summary.issue": {
            "en": "{quantity} {unit} of {item} out of {place}",
            "es": "salida de {quantity} {unit} de {item} de {place}",
        },
        "stock.summary.transfer_out": {
            "en": "{quantity} {unit} of {item} out of {place}",
            "es": "salida de {quantity} {unit} de {item} de {place}",
        },
        "stock.summary.transfer_in": {
            "en": "{quantity} {unit} of {item} into {place}",
            "es": "entrada de {quantity} {unit} de {item} en {place}",
        },
        "stock.summary.count": {
            "en": "{item} at {place} counted ({change:+d})",
            "es": "recuento de {item} en {place} ({change:+d})",
        },
        "stock.summary.reversal": {
            "en": "{item} at {place} back by {change:+d}",
            "es": "{item} en {place} corregido en {change:+d}",
        },
        "stock.summary.opening": {
            "en": "{quantity} {unit} of {item} opened at {place}",
            "es": "saldo inicial de {quantity} {unit} de {item} en {place}",
        },
        "stock.request.sent": {
            "en": "Sent to the warehouse ({where}). I'll tell you here when it's ready.",
            "es": "Enviado al almacén ({where}). Te aviso aquí cuando esté listo.",
        },
        "stock.request.status.open": {"en": "waiting", "es": "pendiente"},
        "stock.request.status.fulfilled": {"en": "fulfilled", "es": "entregada"},
        "stock.request.status.declined": {"en": "declined", "es": "rechazada"},
        "stock.request.status.withdrawn": {"en": "withdrawn", "es": "retirada"},
        # --- lookups ----------------------------------------------------------------------------------------
        "stock.lookup.title": {"en": "*{item}* (`{sku}`)", "es": "*{item}* (`{sku}`)"},
        "stock.lookup.line": {
            "en": "{place}: *{on_hand}* {unit} on hand, {reserved} reserved, *{available}* available",
            "es": "{place}: *{on_hand}* {unit} en stock, reservado {reserved}, disponible *{available}*",
        },
        "stock.lookup.low": {"en": "under its level of {level}", "es": "bajo el mínimo de {level}"},
        "stock.lookup.total": {
            "en": "Total available: *{available}* {unit}",
            "es": "Total disponible: *{available}* {unit}",
        },
        "stock.lookup.none_here": {
            "en": "{item} is not stocked at {place}.",
            "es": "{item} no está en {place}.",
        },
        "stock.lookup.nowhere": {
            "en": "{item} is not stocked anywhere yet.",
            "es": "{item} aún no está en ningún almacén.",
        },
        "stock.lookup.pick": {
            "en": "Several items match “{phrase}”:",
            "es": "Varios artículos coinciden con «{phrase}»:",
        },
        "stock.lookup.ask_item": {
            "en": "Which item? Try a name or SKU, e.g. “how many HDMI adapters are in Madrid?”",
            "es": "¿Qué artículo? Prueba con un nombre o SKU, p. ej. «¿cuántos adaptadores HDMI hay en Madrid?»",
        },
        "stock.lookup.place_title": {"en": "*Stock at {place}*", "es": "*Stock en {place}*"},
        "stock.lookup.place_line": {
            "en": "{item} (`{sku}`): *{available}* of {on_hand} {unit} available",
            "es": "{item} (`{sku}`): disponible *{available}* de {on_hand} {unit}",
        },
        "stock.lookup.place_empty": {"en": "Nothing is stocked at {place}.", "es": "No hay stock en {place}."},
        "stock.lookup.more": {"en": "…and {count} more.", "es": "…y {count} más."},
        "stock.lookup.low_title": {"en": "*Under their reorder level*", "es": "*Bajo su mínimo*"},
        "stock.lookup.low_none": {"en": "Nothing is under its reorder level.", "es": "Nada está bajo su mínimo."},
        "stock.capability.warehouse_title": {"en": "The warehouse's work", "es": "El trabajo del almacén"},
        "stock.capability.warehouse": {
            "en": "“my queue”, “received 20 reams of A4 paper at the NY warehouse”, “stock report”, “undo”",
            "es": "“mi cola”, “recibidos 20 paquetes de folios en el almacén de Madrid”, “informe de stock”, “deshacer”",
        },
        "stock.report.title": {"en": "*Stock report* · {day}", "es": "*Informe de stock* · {day}"},
        "stock.report.title_at": {"en": "*Stock report: {place}* · {day}", "es": "*Informe de stock: {place}* · {day}"},
        "stock.report.nothing": {"en": "Nothing is stocked yet.", "es": "Todavía no hay nada en stock."},
        "stock.report.file": {
            "en": "The file has every item at every place: on hand, reserved, available and the reorder level.",
            "es": "El fichero tiene cada artículo en cada lugar: existencias, reservado, disponible y mínimo.",
        },
        "stock.report.saved": {"en": "File saved to {path}", "es": "Fichero guardado en {path}"},
        "stock.show": {"en": "Show", "es": "Ver"},
        "stock.history.title": {
            "en": "*Movements of {item}* ({period})",
            "es": "*Movimientos de {item}* ({period})",
        },
        "stock.history.none": {"en": "No movements of {item} {period}.", "es": "Sin movimientos de {item} {period}."},
        "stock.history.line": {
            "en": "{when} · {who} · {kind} {quantity} at {place} (→ {balance})",
            "es": "{when} · {who} · {kind} {quantity} en {place} (→ {balance})",
        },
        "stock.history.this_month": {"en": "this month", "es": "este mes"},
        "stock.history.recent": {"en": "last 30 days", "es": "últimos 30 días"},
        "stock.kind.opening": {"en": "opening", "es": "saldo inicial"},
        "stock.kind.receive": {"en": "received", "es": "entrada"},
        "stock.kind.issue": {"en": "issued", "es": "salida"},
        "stock.kind.transfer_out": {"en": "moved out", "es": "traslado (salida)"},
        "stock.kind.transfer_in": {"en": "moved in", "es": "traslado (entrada)"},
        "stock.kind.count": {"en": "count", "es": "recuento"},
        "stock.kind.reversal": {"en": "undo", "es": "corrección"},
        "stock.capability": {
            "en": "Stock: look items up, ask the warehouse for them",
            "es": "Material: consultar existencias y pedirlo al almacén",
        },
        "stock.capability.example": {
            "en": "do we have any printer paper in stock?",
            "es": "¿queda stock de papel de impresora?",
        },
        "stock.capability.example_item": {
            "en": "do we have any {item} in stock?",
            "es": "¿queda stock de {item}?",
        },
        # --- pick cards -------------------------------------------------------------------------------------
        "stock.pick.title": {"en": "Item request #{id}", "es": "Solicitud de material n.º {id}"},
        "stock.pick.body": {
            "en": "*{name}* asks for *{quantity} {unit}* of *{item}* (`{sku}`) from {place}.",
            "es": "*{name}* pide *{quantity} {unit}* de *{item}* (`{sku}`) de {place}.",
        },
        "stock.pick.reserved": {"en": "Reserved: {reserved}.", "es": "Reservado: {reserved}."},
        "stock.pick.short": {
            "en": "Not enough available to reserve it; on hand {on_hand}, available {available}.",
            "es": "No hay bastante disponible para reservarlo; en stock {on_hand}, disponible {available}.",
        },
        "stock.pick.note": {"en": "Note: {note}", "es": "Nota: {note}"},
        "stock.pick.fulfil": {"en": "Fulfil", "es": "Entregar"},
        "stock.pick.decline": {"en": "Decline", "es": "Rechazar"},
        "stock.pick.fulfilled": {"en": "✅ Fulfilled by {name}.", "es": "✅ Entregado por {name}."},
        "stock.pick.declined": {"en": "❌ Declined by {name}: {reason}", "es": "❌ Rechazado por {name}: {reason}"},
        "stock.pick.withdrawn": {
            "en": "↩️ Withdrawn by {name}: nothing to pick.",
            "es": "↩️ Retirada por {name}: no hay nada que preparar.",
        },
        "stock.mine.title": {"en": "*Your requests to the warehouse*", "es": "*Tus solicitudes al almacén*"},
        "stock.mine.none": {
            "en": "You have asked the warehouse for nothing yet.",
            "es": "Todavía no has pedido nada al almacén.",
        },
        "stock.mine.line": {
            "en": "#{id} · {quantity} {unit} of {item} from {place} · {status} · asked {when}",
            "es": "#{id} · {quantity} {unit} de {item} de {place} · {status} · pedida el {when}",
        },
        "stock.mine.withdraw": {"en": "Withdraw", "es": "Retirar"},
        "stock.mine.keep": {"en": "Keep it", "es": "Mantenerla"},
        "stock.mine.confirm_title": {"en": "Withdraw the request?", "es": "¿Retirar la solicitud?"},
        "stock.mine.confirm_text": {
            "en": "Request #{id} is withdrawn and what it reserved goes back on the shelf.",
            "es": "La solicitud n.º {id} se retira y lo que tenía reservado vuelve al estante.",
        },
        "stock.mine.withdrawn": {
            "en": "Withdrawn: request #{id} ({quantity} {unit} of {item}). The warehouse's card says so.",
            "es": "Retirada: solicitud n.º {id} ({quantity} {unit} de {item}). La tarjeta del almacén lo indica.",
        },
        "error.stock_request_not_yours": {
            "en": "Only the person who asked for these items can withdraw the request.",
            "es": "Solo quien pidió el material puede retirar la solicitud.",
        },
        "stock.pick.withdrawn_left": {
            "en": "↩️ Withdrawn: {name} has left the company; nothing to pick.",
            "es": "↩️ Retirada: {name} ya no está en la empresa; no hay nada que preparar.",
        },
        "stock.pick.done": {
            "en": "Fulfilled: {quantity} {unit} of {item} issued to {name}.",
            "es": "Entregado: {quantity} {unit} de {item} para {name}.",
        },
        "stock.pick.declined_ack": {
            "en": "Declined; {name} has been told why.",
            "es": "Rechazada; {name} ya sabe el motivo.",
        },
        "stock.decline.title": {"en": "Decline request", "es": "Rechazar solicitud"},
        "stock.decline.label": {"en": "Reason (the requester reads it)", "es": "Motivo (lo leerá quien lo pidió)"},
        "stock.decline.pick_reason": {
            "en": "Why decline {name}'s request?",
            "es": "¿Por qué rechazas la solicitud de {name}?",
        },
        "stock.decline.canned.out_of_stock": {"en": "Out of stock", "es": "Sin existencias"},
        "stock.decline.canned.ask_manager": {
            "en": "Needs your manager's OK first",
            "es": "Necesita antes el visto bueno de tu responsable",
        },
        "stock.decline.canned.use_other": {"en": "Please use the shared ones", "es": "Usa los compartidos, por favor"},
        "stock.decline.send": {"en": "Decline", "es": "Rechazar"},
        "stock.decline.cancel": {"en": "Cancel", "es": "Cancelar"},
        "stock.requester.fulfilled": {
            "en": "✅ Your request for {quantity} {unit} of {item} is ready: {name} issued it at {place}.",
            "es": "✅ Tu solicitud de {quantity} {unit} de {item} está lista: la ha entregado {name} en {place}.",
        },
        "stock.requester.declined": {
            "en": "❌ {name} declined your request for {quantity} {unit} of {item}: {reason}",
            "es": "❌ {name} ha rechazado tu solicitud de {quantity} {unit} de {item}: {reason}",
        },
        # --- alerts -----------------------------------------------------------------------------------------
        "stock.alert.title": {"en": "Low stock: {item} at {place}", "es": "Stock bajo: {item} en {place}"},
        "stock.alert.numbers": {
            "en": "On hand *{on_hand}* · reserved *{reserved}* · available *{available}* {unit} (reorder level {level}; reorder quantity *{qty}*)",
            "es": "En stock *{on_hand}* · reservado *{reserved}* · disponible *{available}* {unit} (mínimo {level}; cantidad a pedir *{qty}*)",
        },
        "stock.alert.recent": {"en": "Last movements:", "es": "Últimos movimientos:"},
        "stock.alert.ordering": {"en": "I'm ordering", "es": "Lo pido yo"},
        "stock.alert.snooze": {"en": "Snooze until…", "es": "Posponer hasta…"},
        "stock.alert.claimed": {
            "en": "🛒 {name} is ordering it (since {when}).",
            "es": "🛒 {name} lo está pidiendo (desde {when}).",
        },
        "stock.alert.snoozed": {"en": "💤 Snoozed until {when}.", "es": "💤 Pospuesto hasta {when}."},
        "stock.alert.resolved": {
            "en": "✅ Resolved: available is back above the level.",
            "es": "✅ Resuelto: lo disponible vuelve a estar por encima del mínimo.",
        },
        "stock.alert.back": {
            "en": "✅ {item} at {place} is back to {available} available (level {level}); alert resolved.",
            "es": "✅ {item} en {place} vuelve a tener disponible {available} (mínimo {level}); aviso resuelto.",
        },
        "stock.alert.snooze_over": {
            "en": "⏰ Snooze over: {item} at {place} is still low ({available} available, level {level}).",
            "es": "⏰ Fin del aplazamiento: {item} en {place} sigue bajo (disponible {available}, mínimo {level}).",
        },
        "stock.alert.claim_ack": {
            "en": "Thanks, the channel knows you're ordering it.",
            "es": "Gracias, el canal sabe que lo pides tú.",
        },
        "stock.alert.snooze_pick": {"en": "Snooze until when?", "es": "¿Posponer hasta cuándo?"},
        "stock.alert.snooze_ack": {"en": "Snoozed until {when}.", "es": "Pospuesto hasta {when}."},
        "stock.digest.line": {
            "en": "{item} (`{sku}`) at {place}: *{available}* available, level {level} · used {used} in 30 days · suggested order *{suggested}* {unit}",
            "es": "{item} (`{sku}`) en {place}: disponible *{available}*, mínimo {level} · consumo {used} en 30 días · pedido sugerido *{suggested}* {unit}",
        },
        "stock.digest.claimed": {"en": "ordering: {name}", "es": "lo pide: {name}"},
    }
)

add_messages(
    {
        "thread_hint.stock_request": {
            "en": "The warehouse can also answer here with “fulfilled” or “decline: reason”.",
            "es": "El almacén también puede responder aquí con «entregado» o «rechazar: motivo».",
        },
        "thread_hint.stock_alert": {
            "en": "You can also answer here with “I'm ordering”.",
            "es": "También puedes responder aquí con «lo pido yo».",
        },
    }
)

add_plurals(
    {
        "stock.report.place": {
            "en": {"one": "{place}: 1 item", "other": "{place}: {count} items"},
            "es": {"one": "{place}: 1 artículo", "other": "{place}: {count} artículos"},
        },
        "stock.report.low": {
            "en": {"one": ", 1 under its reorder level", "other": ", {count} under their reorder level"},
            "es": {"one": ", 1 bajo su mínimo", "other": ", {count} bajo su mínimo"},
        },
        "stock.alert.snooze_days": {
            "en": {"one": "{count} day", "other": "{count} days"},
            "es": {"one": "{count} día", "other": "{count} días"},
        },
        "stock.digest.title": {
            "en": {
                "one": "Daily stock digest: {count} item under its level",
                "other": "Daily stock digest: {count} items under their level",
            },
            "es": {
                "one": "Resumen diario: {count} artículo bajo su mínimo",
                "other": "Resumen diario: {count} artículos bajo su mínimo",
            },
        },
    }
)
