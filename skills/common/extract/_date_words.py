"""Word tables for the date extractor: months, weekdays, relative days, periods, modifiers (folded, en + es)."""

from __future__ import annotations

from ._text import Lang

MONTHS: dict[Lang, dict[str, int]] = {
    "en": {
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
        "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
        "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    },
    "es": {
        "enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5, "junio": 6,
        "julio": 7, "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
        "diciembre": 12, "dic": 12,
    },
}  # fmt: skip

WEEKDAYS: dict[Lang, dict[str, int]] = {
    "en": {
        "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
        "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sunday": 6,
    },
    "es": {
        "lunes": 0, "lun": 0, "martes": 1, "miercoles": 2, "mie": 2, "jueves": 3, "jue": 3,
        "viernes": 4, "vie": 4, "sabado": 5, "domingo": 6,
    },
}  # fmt: skip

# Days relative to today. Spanish "mañana" is handled apart: "la mañana" is a morning, not tomorrow.
RELATIVE_DAYS: dict[Lang, dict[str, int]] = {
    "en": {
        "today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1, "tomorow": 1, "yesterday": -1,
        "day after tomorrow": 2, "the day after tomorrow": 2, "day before yesterday": -2,
        "the day before yesterday": -2,
    },
    "es": {
        "hoy": 0, "esta noche": 0, "pasado manana": 2, "ayer": -1, "anteayer": -2, "antier": -2,
        "antes de ayer": -2,
    },
}  # fmt: skip
TOMORROW_ES = "manana"

# Weekday modifiers before/after the day name -> how to resolve it.
#   plain: next occurrence on/after the reference; coming: strictly after today;
#   next_week / this_week / after_next: that day in that ISO week; last: most recent before today.
WEEKDAY_BEFORE: dict[Lang, dict[str, str]] = {
    "en": {
        "next": "next_week", "this": "plain", "this coming": "coming", "coming": "coming", "last": "last",
        "past": "last", "on": "plain", "on next": "next_week", "on this": "plain", "the": "plain",
    },
    "es": {
        "el proximo": "next_week", "proximo": "next_week", "el": "plain", "este": "plain",
        "el pasado": "last", "el dia": "plain",
    },
}  # fmt: skip
WEEKDAY_AFTER: dict[Lang, dict[str, str]] = {
    "en": {"next week": "next_week", "this week": "this_week", "after next": "after_next"},
    "es": {
        "que viene": "next_week",
        "q viene": "next_week",  # "q" for "que", as people text it
        "proximo": "next_week",
        "pasado": "last",
        "de la semana que viene": "next_week",
        "de la proxima semana": "next_week",
        "de esta semana": "this_week",
        "de la semana pasada": "last",
    },
}

# Periods that are ranges by themselves.
PERIODS: dict[Lang, dict[str, str]] = {
    "en": {
        "next week": "next_week", "the following week": "next_week", "the week after next": "week_after_next",
        "this week": "this_week", "rest of the week": "this_week", "rest of this week": "this_week",
        "this weekend": "this_weekend", "the weekend": "this_weekend", "next weekend": "next_weekend",
        "next month": "next_month", "this month": "this_month", "rest of the month": "this_month",
        "end of the month": "month_end", "end of month": "month_end", "end of this month": "month_end",
        "end of the week": "week_end", "end of this week": "week_end", "last week": "last_week",
    },
    "es": {
        "semana que viene": "next_week", "semana q viene": "next_week", "proxima semana": "next_week",
        "semana proxima": "next_week",
        "semana siguiente": "next_week", "esta semana": "this_week", "resto de la semana": "this_week",
        "este fin de semana": "this_weekend", "fin de semana": "this_weekend",
        "proximo fin de semana": "next_weekend", "fin de semana que viene": "next_weekend",
        "mes que viene": "next_month", "mes q viene": "next_month", "proximo mes": "next_month",
        "mes proximo": "next_month", "fin de semana q viene": "next_weekend",
        "este mes": "this_month", "resto del mes": "this_month", "fin de mes": "month_end",
        "final de mes": "month_end", "finales de mes": "month_end", "final del mes": "month_end",
        "semana pasada": "last_week", "finales de semana": "week_end", "final de semana": "week_end",
    },
}  # fmt: skip

# Holiday periods: the work week around the day the rule gives.
HOLIDAY_WEEKS: dict[Lang, dict[str, int]] = {
    "en": {"holy week": -6, "easter week": -6},
    "es": {"semana santa": -6},
}

# Units of an offset or a duration, folded singular/plural -> days (0 means a month).
UNITS: dict[Lang, dict[str, int]] = {
    "en": {
        "day": 1, "days": 1, "week": 7, "weeks": 7, "fortnight": 14, "fortnights": 14, "month": 0,
        "months": 0, "working day": 1, "working days": 1, "business day": 1, "business days": 1,
    },
    "es": {
        "dia": 1, "dias": 1, "semana": 7, "semanas": 7, "quincena": 14, "quincenas": 14, "mes": 0,
        "meses": 0, "dia habil": 1, "dias habiles": 1, "dia laborable": 1, "dias laborables": 1,
    },
}  # fmt: skip
WORKING_UNIT_WORDS = ("working", "business", "habil", "habiles", "laborable", "laborables")

# Words after "the 3rd" that show it is not a date ("the 3rd floor").
NOT_A_DAY_AFTER = (
    "floor place time row item option one person grade quarter week line page edition attempt round level "
    "step position spot desk seat room building box shelf aisle drawer year century gen generation"
).split()
