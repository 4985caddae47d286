"""Leave types, expense categories, priority and half-day words, English and Spanish."""

from __future__ import annotations

import pytest

from skills.common.extract import extract_category, extract_half_day, extract_leave_type, extract_priority


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I want to book a vacation", "vacation"),
        ("taking some PTO next week", "vacation"),
        ("annual leave from Dec 3-5", "vacation"),
        ("holiday in December", "vacation"),
        ("I'm sick today", "sick"),
        ("doctor's appointment tomorrow morning", "sick"),
        ("personal day on Friday", "personal"),
        ("unpaid leave for a month", "unpaid"),
        ("unpaid vacation", "unpaid"),
        ("paternity leave starting January", "parental"),
        ("maternity leave", "parental"),
        ("funeral on Monday", "bereavement"),
        ("is the 8th a public holiday?", None),
        ("I'll be back tomorrow", None),
        ("schedule a meeting with Anna tomorrow", None),
        ("quiero vacaciones en diciembre", "vacation"),
        ("estoy enfermo", "sick"),
        ("estoy mala, no voy", "sick"),
        ("no vine el viernes, estaba mala", "sick"),  # told afterwards, in the past tense
        ("ayer estaba resfriado", "sick"),
        ("baja médica desde hoy", "sick"),
        ("cita médica el lunes", "sick"),
        ("un día de asuntos propios", "personal"),
        ("permiso sin sueldo", "unpaid"),
        ("baja por paternidad", "parental"),
        ("permiso de maternidad", "parental"),
        ("fallecimiento de un familiar", "bereavement"),
        ("el lunes es festivo", None),
        ("me pido unas vacas en agosto", "vacation"),
    ],
)
def test_leave_type(text: str, expected: str | None) -> None:
    assert extract_leave_type(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lunch with a client", "meals"),
        ("team dinner at Nobu", "meals"),
        ("Uber to the airport", "travel"),
        ("taxi from the station", "travel"),
        ("flight to Madrid", "travel"),
        ("hotel for 2 nights", "lodging"),
        ("office supplies from Staples", "office_supplies"),
        ("Figma subscription", "software"),
        ("conference ticket", "training"),
        ("mileage 120 km", "mileage"),
        ("uber eats order", "meals"),
        ("dinner at the hotel", "meals"),
        ("misc", "other"),
        ("comida con el cliente", "meals"),
        ("taxi al aeropuerto", "travel"),
        ("vuelo a Barcelona", "travel"),
        ("billete de tren", "travel"),
        ("alojamiento en Sevilla", "lodging"),
        ("material de oficina", "office_supplies"),
        ("suscripción anual", "software"),
        ("curso de formación", "training"),
        ("kilometraje del mes", "mileage"),
        ("otros gastos", "other"),
        ("how are you", None),
        ("¿cuántos días me quedan?", None),
    ],
)
def test_category(text: str, expected: str | None) -> None:
    assert extract_category(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the printer is broken, urgent!", "urgent"),
        ("need this ASAP", "urgent"),
        ("water leak, emergency", "urgent"),
        ("critical: server room too hot", "urgent"),
        ("fix it right now please", "urgent"),
        ("as soon as you can", "urgent"),
        ("high priority", "high"),
        ("high", "high"),
        ("low priority", "low"),
        ("whenever you can, no rush", "low"),
        ("it's not urgent", "low"),
        ("normal priority", "normal"),
        ("the chair on the high shelf is broken", None),
        ("the light in the kitchen flickers", None),
        ("es urgente", "urgent"),
        ("lo antes posible", "urgent"),
        ("cuanto antes, por favor", "urgent"),
        ("tenemos una emergencia", "urgent"),
        ("prioridad alta", "high"),
        ("alta", "high"),
        ("Baja.", "low"),
        ("no corre prisa", "low"),
        ("no es urgente", "low"),
        ("cuando puedas", "low"),
        ("la silla de la planta alta está rota", None),
        ("estoy de baja", None),
        ("change ticket 204's priority to low", "low"),
        ("cambia la prioridad de la incidencia 87 a baja", "low"),
        ("raise the priority of the leak ticket from normal to high", "high"),
        ("ponle la prioridad en media", "normal"),
        ("set the priority to urgent, the lift is stuck", "urgent"),
        ("low priority, it is not urgent", "low"),
        ("la prioridad no es urgente", "low"),
        ("what priority does my ticket have?", None),
        ("make #12 P1", "urgent"),  # the code the ticket's card shows
        ("P4", "low"),
        ("pon la #3 en P2", "high"),
        ("from P3 to P1", "urgent"),
        ("priority 3", "normal"),
        ("the barrier at parking P1 is broken", None),  # a place called P1
        ("la luz de la planta P2 no funciona", None),
        ("my P15 laptop won't start", None),
    ],
)
def test_priority(text: str, expected: str | None) -> None:
    assert extract_priority(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("half day tomorrow", "half"),
        ("half-day on Friday", "half"),
        ("afternoon off", "pm"),
        ("just the morning", "am"),
        ("in the afternoon", "pm"),
        ("half day in the morning", "am"),
        ("tomorrow", None),
        ("medio día", "half"),
        ("media jornada el viernes", "half"),
        ("por la tarde", "pm"),
        ("por la mañana", "am"),
        ("mañana", None),
        ("mañana por la tarde", "pm"),
        ("a mediodía", None),
    ],
)
def test_half_day(text: str, expected: str | None) -> None:
    assert extract_half_day(text) == expected
