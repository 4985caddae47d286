"""Expense category words in English and Spanish -> a canonical code (meals, travel, lodging, ...)."""

from __future__ import annotations

from ._text import KeywordTable, Lang

EXPENSE_CATEGORIES = ("meals", "travel", "lodging", "office_supplies", "software", "training", "mileage", "other")
"""The canonical codes ``extract_category`` returns. A hotel is ``lodging``, not ``travel``."""

CATEGORY_WORDS: dict[Lang, dict[str, str]] = {
    "en": {
        "meal": "meals", "meals": "meals", "food": "meals", "lunch": "meals", "dinner": "meals",
        "breakfast": "meals", "brunch": "meals", "restaurant": "meals", "coffee": "meals", "snacks": "meals",
        "catering": "meals", "drinks": "meals", "uber eats": "meals", "per diem": "meals", "pizza": "meals",
        "travel": "travel", "trip": "travel", "taxi": "travel", "cab": "travel", "uber": "travel",
        "lyft": "travel", "cabify": "travel", "flight": "travel", "flights": "travel", "plane": "travel",
        "airfare": "travel", "plane ticket": "travel", "train": "travel", "train ticket": "travel",
        "bus": "travel", "subway": "travel", "metro": "travel", "parking": "travel", "toll": "travel",
        "tolls": "travel", "car rental": "travel", "rental car": "travel", "fuel": "travel", "gas": "travel",
        "hotel": "lodging", "hotels": "lodging", "airbnb": "lodging", "accommodation": "lodging",
        "lodging": "lodging", "motel": "lodging", "hostel": "lodging",
        "office supplies": "office_supplies", "supplies": "office_supplies", "stationery": "office_supplies",
        "paper": "office_supplies", "pens": "office_supplies", "printer ink": "office_supplies",
        "toner": "office_supplies", "notebooks": "office_supplies", "stapler": "office_supplies",
        "software": "software", "subscription": "software", "license": "software", "licence": "software",
        "saas": "software", "app": "software", "cloud": "software",
        "training": "training", "course": "training", "conference": "training", "seminar": "training",
        "workshop": "training", "certification": "training", "webinar": "training", "books": "training",
        "mileage": "mileage", "miles": "mileage", "kilometers": "mileage", "kilometres": "mileage",
        "km": "mileage", "own car": "mileage",
        "other": "other", "other expenses": "other", "miscellaneous": "other", "misc": "other",
    },
    "es": {
        "comida": "meals", "comidas": "meals", "almuerzo": "meals", "cena": "meals", "desayuno": "meals",
        "restaurante": "meals", "cafe": "meals", "menu": "meals", "dietas": "meals", "dieta": "meals",
        "aperitivo": "meals", "catering": "meals",
        "viaje": "travel", "viajes": "travel", "taxi": "travel", "vuelo": "travel", "vuelos": "travel",
        "avion": "travel", "billete de avion": "travel", "tren": "travel", "billete de tren": "travel",
        "autobus": "travel", "metro": "travel", "aparcamiento": "travel", "parking": "travel",
        "estacionamiento": "travel", "peaje": "travel", "alquiler de coche": "travel", "gasolina": "travel",
        "combustible": "travel", "boleto de avion": "travel", "pasaje": "travel",
        "hotel": "lodging", "hoteles": "lodging", "alojamiento": "lodging", "hospedaje": "lodging",
        "hostal": "lodging",
        "material de oficina": "office_supplies", "papeleria": "office_supplies", "folios": "office_supplies",
        "boligrafos": "office_supplies", "toner": "office_supplies", "cuadernos": "office_supplies",
        "suministros de oficina": "office_supplies",
        "suscripcion": "software", "licencia": "software", "aplicacion": "software",
        "formacion": "training", "curso": "training", "conferencia": "training", "congreso": "training",
        "seminario": "training", "taller": "training", "certificacion": "training", "libros": "training",
        "kilometraje": "mileage", "kilometros": "mileage", "coche propio": "mileage",
        "vehiculo propio": "mileage", "otros": "other", "otros gastos": "other", "varios": "other",
    },
}  # fmt: skip

_TABLE = KeywordTable(CATEGORY_WORDS)


def extract_category(text: str) -> str | None:
    """The expense category ``text`` names first (see ``EXPENSE_CATEGORIES``), or None."""
    return _TABLE.first(text)
