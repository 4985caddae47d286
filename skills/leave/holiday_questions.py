"""What a question about the holiday calendar asks: whether one day is a holiday, the holidays of a period, or the
next ones ("is Monday a holiday?", "¿qué festivos hay en enero?", "when is the next bank holiday?").

Only questions about *when* holidays fall are read here; how holidays are paid, worked or carried over is the
policies' to answer, and "my holiday request" is leave's own intents'. Words are compared folded (no accents).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from skills.common.extract.dates import DateRange, find_dates
from skills.common.extract.periods import report_period
from skills.common.language import fold_words

HOLIDAY_WORDS = re.compile(r"\b(?:(?:bank|public|national|company|office) )?holidays?\b|\bfestiv[oa]s?\b|\bferiados?\b")
"""A holiday of the calendar, in English or Spanish (folded)."""

NOT_ABOUT_DATES = re.compile(
    r"\b(?:pa(?:y|id|gan?|gado|gados)|cobr\w*|work(?:ing|s)?|trabaj\w*|part ?time|media jornada|parties|party|fiesta"
    r"|school|escolar(?:es)?|roll\w*|carr(?:y|ied)|acumul\w*|allowance|entitle\w*|request\w*|solicitud\w*|balance"
    r"|saldo|how many|cuant[oa]s|cuanto|book\w*|pedir|take|tomar|coger|policy|politica|norma\w*"
    r"|rule\w*|compensat\w*|swap\w*|cambiar|my|mis?|for me|i (?:have|ve|got)|tengo|local(?:es)?|city|ciudad)\b"
)
"""Words that make a holiday question one for the policies or for a leave intent, not for the calendar."""

ASKS_WHEN = re.compile(
    r"\b(?:which|what|when|next|upcoming|list|calendar|any|is|are|cual(?:es)?|que|cuando|proxim[oa]s?|hay|es|son"
    r"|calendario|lista)\b"
)
"""A question about when: a holiday word with one of these asks for dates."""


@dataclass(frozen=True)
class HolidayQuestion:
    """What a calendar question asks: one ``day``, a ``start``–``end`` period, or (all None) the next holidays."""

    day: date | None = None
    start: date | None = None
    end: date | None = None


def holiday_question(text: str, today: date, locale: str = "en-US") -> HolidayQuestion | None:
    """The calendar question ``text`` asks, or None when it is not one (see the module's note)."""
    words = fold_words(text)
    if not HOLIDAY_WORDS.search(words) or NOT_ABOUT_DATES.search(words) or not ASKS_WHEN.search(words):
        return None
    found = [result for result in find_dates(text, today=today, locale=locale) if isinstance(result, DateRange)]
    if found and found[0].start == found[0].end:
        return HolidayQuestion(day=found[0].start)
    period = report_period(text, today, ahead=True)
    if period is not None:
        return HolidayQuestion(start=period.start, end=period.end)
    if found:
        return HolidayQuestion(start=found[0].start, end=found[0].end)
    return HolidayQuestion()
