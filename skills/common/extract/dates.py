"""Dates and date ranges in English and Spanish, relative to a reference day, with explicit failures."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from . import _calendar as cal
from ._calendar import Prefer
from ._date_mentions import Context, Mention, dateparser_date, scan_mentions
from ._date_words import NOT_A_DAY_AFTER
from ._text import Lang, date_order, detect_language, fold
from .half_days import HALF_DAY_RE, HalfDay, HalfDayMarker, combine_halves, find_half_days


@dataclass(frozen=True)
class DateRange:
    """A day or a run of days (``start == end`` for one day), with optional half-day flags at either end."""

    start: date
    end: date
    start_half: HalfDay | None = None
    end_half: HalfDay | None = None
    raw: str = field(default="", compare=False)
    span: tuple[int, int] = field(default=(0, 0), compare=False)

    @property
    def is_single_day(self) -> bool:
        """True when the range is one day."""
        return self.start == self.end

    @property
    def days(self) -> int:
        """Calendar days covered, both ends included."""
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class DateParseFailure:
    """Something that looked like a date but is not one (``31/02``, ``Feb 30``); ``raw`` is the user's text."""

    raw: str
    reason: str = field(default="invalid_date", compare=False)
    span: tuple[int, int] = field(default=(0, 0), compare=False)


DateResult = DateRange | DateParseFailure

# ---------------------------------------------------------------------------------------------- ranges

RECENT_PAST_DAYS = 14
"""A year-less date ("Dec 3") at most this many days ago is that day, even when dates are read looking ahead."""

_CONNECTOR = re.compile(
    rf"\s*(?:(?:{HALF_DAY_RE})\s*)?(?:-|to|till|til|until|thru|through|al|hasta|and|y|a)\s*(?:(?:the|el)\s+)?"
)
_NEEDS_BETWEEN = {"and": re.compile(r"\bbetween\s+(?:the\s+)?$"), "y": re.compile(r"\bentre\s+(?:el\s+)?$")}
_HALF_DAY = re.compile(HALF_DAY_RE)
_DEL = re.compile(r"\bdel\s+$")
_NEEDS_FROM = {"a": re.compile(r"\b(?:de|desde)\s+(?:el\s+)?$")}
_WEEKDAY_DATE_GAP = re.compile(r"[\s,]*(?:(?:the|el)\s+)?")
_WEEK_OF_BEFORE = re.compile(r"(?:\bweek\s+of|\bsemana\s+del?)\s+(?:the\s+)?$")
_WEEK_AFTER = re.compile(r"\s+week\b")
_DURATION_GAP = re.compile(r"[\s,]*(?:(?:on|the|el|starting|from|de|del|a partir del?|desde)\s+)*")


def _connects(folded: str, first: Mention, second: Mention) -> bool:
    """True when ``first`` and ``second`` are the two ends of one range ("Dec 3-5", "del 3 al 5")."""
    gap = _CONNECTOR.fullmatch(folded, first.end, second.start)
    if gap is None:
        return False
    word = next(iter(_HALF_DAY.sub(" ", folded[first.end : second.start]).split()), "")
    before = folded[max(0, first.start - 12) : first.start]
    if word in _NEEDS_BETWEEN and not _NEEDS_BETWEEN[word].search(before):
        return False
    if word in _NEEDS_FROM and not _NEEDS_FROM[word].search(before):
        return False
    if "duration" in (first.kind, second.kind):
        return False
    if first.kind == second.kind == "weak":
        return (first.ordinal and second.ordinal) or (word == "al" and _DEL.search(before) is not None)
    if "weak" in (first.kind, second.kind):
        other = second if first.kind == "weak" else first
        return other.kind == "calendar"
    return True


def _merge_weekday_dates(mentions: list[Mention], folded: str) -> list[Mention]:
    """Drop a weekday written just before its date ("Monday, Dec 7", "el lunes 30"); the date wins."""
    out: list[Mention] = []
    for mention in mentions:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.kind == "weekday"
            and mention.kind in ("calendar", "weak")
            and _WEEKDAY_DATE_GAP.fullmatch(folded, previous.end, mention.start)
        ):
            out[-1] = replace(mention, start=previous.start, kind="calendar")
            continue
        out.append(mention)
    return out


def _resolve(mention: Mention, ref: date, ctx: Context) -> tuple[date, date] | None:
    """The days a mention stands for, counting from ``ref``; None when it is not a real date."""
    if mention.invalid:
        return None
    if mention.fixed is not None:
        return mention.fixed, mention.fixed_end or mention.fixed
    if mention.weekday is not None:
        day = cal.weekday_on_or_after(ref, mention.weekday, ctx.prefer)
        return day, day
    assert mention.day is not None
    found = _resolve_calendar(mention, mention.day, ref, ctx)
    return (found, found) if found else None


def _resolve_calendar(mention: Mention, day: int, ref: date, ctx: Context) -> date | None:
    if mention.year is not None and mention.month is not None:
        return cal.safe_date(mention.year, mention.month, day)
    if mention.month is not None:
        recent = RECENT_PAST_DAYS if ref == ctx.today else 0
        return cal.next_month_day(ref, mention.month, day, ctx.prefer, recent)
    if mention.month_offset is not None:
        target = cal.add_months(ctx.today.replace(day=1), mention.month_offset)
        return cal.safe_date(target.year, target.month, day)
    return cal.next_day_of_month(ref, day, ctx.prefer)


def _resolve_range(first: Mention, second: Mention, ctx: Context) -> tuple[date, date] | Mention:
    """Both ends of a range; the mention to blame when one end is not a date."""
    if first.day is not None and first.month is None and first.month_offset is None and second.month is not None:
        return _range_sharing_month(first, second, ctx)
    start = _resolve(first, ctx.today, ctx)
    if start is None:
        return first
    if second.day is not None and second.month is None and first.month is not None:
        second = replace(second, month=start[0].month, year=start[0].year)
    end = _resolve(second, start[0], ctx)
    if end is None:
        return second
    if end[1] < start[0] and second.kind == "calendar" and second.year is None:
        end = _roll_forward(second, start[0])
    if end[1] < start[0]:
        return end[0], start[1]
    return start[0], end[1]


def _roll_forward(mention: Mention, after: date) -> tuple[date, date]:
    assert mention.day is not None and mention.month is not None
    for months in range(1, 13):
        candidate = cal.add_months(date(after.year, mention.month, 1), months)
        day = cal.safe_date(candidate.year, candidate.month, mention.day)
        if day and day >= after:
            return day, day
    return after, after


def _range_sharing_month(first: Mention, second: Mention, ctx: Context) -> tuple[date, date] | Mention:
    """ "del 3 al 5 de diciembre": the start takes the end's month (or the month before when it is later)."""
    end = _resolve(second, ctx.today, ctx)
    if end is None:
        return second
    assert first.day is not None
    start = cal.safe_date(end[0].year, end[0].month, first.day)
    if start is None or start > end[0]:
        earlier = cal.add_months(end[0].replace(day=1), -1)
        start = cal.safe_date(earlier.year, earlier.month, first.day)
    if start is None:
        return first
    return start, end[1]


# ---------------------------------------------------------------------------------------------- assembly


@dataclass
class _Candidate:
    first: Mention
    second: Mention | None
    index: int


def _candidates(mentions: list[Mention], folded: str) -> Iterator[_Candidate]:
    index = 0
    while index < len(mentions):
        first = mentions[index]
        second = mentions[index + 1] if index + 1 < len(mentions) else None
        if first.kind != "duration" and second is not None and _connects(folded, first, second):
            yield _Candidate(first, second, index)
            index += 2
            continue
        if first.kind not in ("duration", "weak"):
            yield _Candidate(first, None, index)
        index += 1


def _apply_duration(span: tuple[date, date], duration: Mention) -> tuple[date, date]:
    start = span[0]
    if duration.span_months:
        return start, cal.add_months(start, duration.span_months) - timedelta(days=1)
    if duration.working:
        return start, cal.add_working_days(start, duration.span_days)
    end = start + timedelta(days=duration.span_days - 1)
    if duration.span_days % 7 == 0 and start.weekday() < 5:
        while end.weekday() >= 5:
            end -= timedelta(days=1)
    return start, end


def _neighbour_duration(mentions: list[Mention], candidate: _Candidate, folded: str) -> Mention | None:
    first, index = candidate.first, candidate.index
    after = mentions[index + 1] if index + 1 < len(mentions) else None
    if after and after.kind == "duration" and _DURATION_GAP.fullmatch(folded, first.end, after.start):
        return after
    before = mentions[index - 1] if index > 0 else None
    if before and before.kind == "duration" and _DURATION_GAP.fullmatch(folded, before.end, first.start):
        return before
    return None


def _is_week_of(mention: Mention, folded: str) -> bool:
    if mention.week_of:
        return True
    if _WEEK_OF_BEFORE.search(folded, max(0, mention.start - 20), mention.start):
        return True
    return _WEEK_AFTER.match(folded, mention.end) is not None and mention.fixed is not None


_LEADING_ARTICLE = re.compile(r"(?:(?:the|el|on|del)\s+)+", re.IGNORECASE)


def _raw(text: str, start: int, end: int) -> str:
    """The user's words for a span, without a leading article ("el 30 de febrero" -> "30 de febrero")."""
    piece = text[start:end].strip()
    stripped = _LEADING_ARTICLE.sub("", piece, count=1) if _LEADING_ARTICLE.match(piece) else piece
    return stripped or piece


LIST_GAP = re.compile(rf"\s*(?:(?:{HALF_DAY_RE})\s*)?(?:,\s*)?(?:(?:and|y|e|&)\s+)?(?:(?:on|the|el)\s+)?")
"""What joins the dates of a list: "the 3rd and the 5th", "el 3, el 4 y el 5", "Jan 4 & Jan 8"."""


def is_list_gap(folded: str, start: int, end: int) -> bool:
    """Whether ``folded[start:end]`` joins two dates of a list (a comma or "and"/"y", not a range's "to"/"al")."""
    gap = folded[start:end]
    return bool(LIST_GAP.fullmatch(gap)) and bool(re.search(r",|\b(?:and|y|e)\b|&", gap))


_LISTED_DAY_END = re.compile(r"\s*(?:$|[,.;:!?)]|(?:and|y|e|&|or|o|off|libres?)\b)")
"""What may follow a bare day number listed after a date ("Dec 3 and 4", "Jan 5, 12 and 19"): not "4 people"."""
_NOT_A_DAY_NEXT = re.compile(rf"\s+(?:{'|'.join(NOT_A_DAY_AFTER)})\b")


_CONJUNCTION = re.compile(r"\b(?:and|y|e)\b|&")
_MORE_LISTED = re.compile(r"\s*,?\s*(?:(?:and|y|e|&)\s+)?(?:(?:the|el)\s+)?\d")


def _bare_day_listed(folded: str, previous: Mention, mention: Mention) -> bool:
    """Whether a bare number after a date is the next day of its list: joined by "and"/"y" ("Dec 3 and 4"), or by a
    comma with more of the list after it ("Dec 3, 4 and 7"); not "taxi Dec 3, 25" (an amount)."""
    if not _LISTED_DAY_END.match(folded, mention.end):
        return False
    joined = _CONJUNCTION.search(folded, previous.end, mention.start) is not None
    return joined or _MORE_LISTED.match(folded, mention.end) is not None


def _listed_days(mentions: list[Mention], folded: str) -> list[Mention]:
    """A day number listed after a date is a date too: "the 3rd and 4th", "Dec 3, 4 and 7", "Jan 5 and 12" (alone,
    "4th" or "4" is only one end of a range). Not "the 3rd and 4th floor", nor "Dec 3 and 4 people"."""
    promoted: list[Mention] = []
    for mention in mentions:
        previous = promoted[-1] if promoted else None
        if (mention.kind == "weak" and previous is not None and previous.kind == "calendar"
                and previous.day is not None and is_list_gap(folded, previous.end, mention.start)
                and not _NOT_A_DAY_NEXT.match(folded, mention.end)
                and (mention.ordinal or _bare_day_listed(folded, previous, mention))):  # fmt: skip
            mention = replace(mention, kind="calendar")
        promoted.append(mention)
    return promoted


def _month_of_its_list(mention: Mention, mentions: list[Mention], index: int, ctx: Context) -> Mention:
    """A day without a month takes the month of the nearest day of its list that has one: "el 3 y el 5 de
    febrero" is February 3 and 5, "May 4 and the 8th" May 4 and 8."""
    if mention.day is None or mention.month is not None or mention.month_offset is not None:
        return mention
    neighbours = [range(index + 1, len(mentions)), range(index - 1, -1, -1)]
    for order in neighbours:
        previous = mention
        for at in order:
            other = mentions[at]
            left, right = (previous, other) if other.start > previous.start else (other, previous)
            if other.day is None or not is_list_gap(ctx.folded, left.end, right.start):
                break
            if other.month is not None:
                return replace(mention, month=other.month, year=other.year)
            previous = other
    return mention


def _build(
    candidate: _Candidate, mentions: list[Mention], ctx: Context, text: str, after: date | None = None
) -> DateResult:
    """The date or range of one candidate; a weekday listed after a date (``after``) falls after it ("Friday and
    Monday" is the Monday after that Friday)."""
    first, second = candidate.first, candidate.second
    if second is None:
        first = _month_of_its_list(first, mentions, candidate.index, ctx)
    where = (first.start, (second or first).end)
    raw = _raw(text, *where)
    if second is not None:
        resolved = _resolve_range(first, second, ctx)
        if isinstance(resolved, Mention):
            blamed = (resolved.start, resolved.end)
            return DateParseFailure(_raw(text, *blamed), span=blamed)
        return DateRange(resolved[0], resolved[1], raw=raw, span=where)
    days = _resolve(first, after if after is not None and first.weekday is not None else ctx.today, ctx)
    if days is None:
        return DateParseFailure(raw, span=where)
    if _is_week_of(first, ctx.folded):
        days = cal.work_week(days[0])
    elif duration := _neighbour_duration(mentions, candidate, ctx.folded):
        days = _apply_duration(days, duration)
    return DateRange(days[0], days[1], first.half, first.half, raw=raw, span=where)


_AFTER_GAP = re.compile(r"[\s,]*(?:(?:on|the|off|libre|,)\s*)*")
_BEFORE_GAP = re.compile(r"[\s,]*(?:(?:of|on|for|del?|el|the|off|libre|day|dia)\s*)*")


def _attach_halves(
    results: list[tuple[_Candidate, DateResult]], markers: list[HalfDayMarker], folded: str
) -> list[DateResult]:
    """Put each half-day phrase on the range end it sits next to; a lone phrase applies to a lone day."""
    out: list[DateResult] = []
    used: set[int] = set()
    for candidate, result in results:
        if not isinstance(result, DateRange):
            out.append(result)
            continue
        start_halves = _halves_near(candidate.first, markers, folded, used)
        end_halves = _halves_near(candidate.second, markers, folded, used) if candidate.second else []
        start_half = combine_halves([h for h in [result.start_half, *start_halves] if h])
        end_half = combine_halves([h for h in [result.end_half, *end_halves] if h])
        if result.is_single_day:
            start_half = end_half = combine_halves([h for h in (start_half, end_half) if h])
        out.append(replace(result, start_half=start_half, end_half=end_half))
    loose = [m.half for i, m in enumerate(markers) if i not in used and not m.today]
    if loose and len(out) == 1 and isinstance(out[0], DateRange) and out[0].is_single_day:
        half = combine_halves([h for h in [out[0].start_half, *loose] if h])
        out[0] = replace(out[0], start_half=half, end_half=half)
    return out


def _halves_near(mention: Mention | None, markers: list[HalfDayMarker], folded: str, used: set[int]) -> list[HalfDay]:
    if mention is None:
        return []
    found: list[HalfDay] = []
    for index, marker in enumerate(markers):
        if index in used or marker.today:
            continue
        after = marker.start >= mention.end and _AFTER_GAP.fullmatch(folded, mention.end, marker.start)
        before = marker.end <= mention.start and _BEFORE_GAP.fullmatch(folded, marker.end, mention.start)
        if after or before:
            used.add(index)
            found.append(marker.half)
    return found


# ---------------------------------------------------------------------------------------------- fallback

_FALLBACK = re.compile(
    r"\b(?:in|within|after|dentro\s+de|en|hace)\s+[a-z0-9 -]{1,40}?\b"
    r"(?:fortnights?|days?|weeks?|months?|years?|dias?|semanas?|mes(?:es)?|anos?|quincenas?)\b(?:\s+ago)?"
    r"|\b(?:[a-z0-9-]+\s+){1,6}?(?:days?|weeks?|months?|years?)\s+(?:ago|from\s+now|from\s+today)\b"
)


def _dateparser_fallback(text: str, ctx: Context) -> DateRange | None:
    """Ask dateparser about a relative phrase our rules did not read ("in a year and a half")."""
    for match in _FALLBACK.finditer(ctx.folded):
        words = text[match.start() : match.end()].split()
        for start in range(min(len(words), 5)):
            phrase = " ".join(words[start:])
            found = dateparser_date(phrase, ctx)
            if found is not None:
                return DateRange(found, found, raw=phrase, span=(match.end() - len(phrase), match.end()))
    return None


# ---------------------------------------------------------------------------------------------- public


def find_dates(
    text: str, *, today: date, locale: str = "en-US", lang: Lang | None = None, prefer: Prefer = "future"
) -> list[DateResult]:
    """Every date or range in ``text``, in order; unreadable ones as ``DateParseFailure``."""
    folded = fold(text)
    language = lang or detect_language(text, locale)
    ctx = Context(today=today, prefer=prefer, order=date_order(locale), folded=folded, text=text, lang=language)
    markers = find_half_days(text)
    mentions = _listed_days(_merge_weekday_dates(scan_mentions(ctx, markers), folded), folded)
    results: list[tuple[_Candidate, DateResult]] = []
    for candidate in _candidates(mentions, folded):
        previous = results[-1][1] if results else None
        listed = isinstance(previous, DateRange) and is_list_gap(folded, previous.span[1], candidate.first.start)
        after = previous.end + timedelta(days=1) if listed and isinstance(previous, DateRange) else None
        results.append((candidate, _build(candidate, mentions, ctx, text, after)))
    found = _attach_halves(results, markers, folded)
    if not found:
        fallback = _dateparser_fallback(text, ctx)
        if fallback is not None:
            found.append(fallback)
    return found


def _follows(earlier: DateRange, later: DateRange) -> bool:
    """Whether ``later`` starts where ``earlier`` ends, with nothing but a weekend between and no half day left
    out at the join ("Dec 30 morning and Dec 31 afternoon" leave an afternoon and a morning between them)."""
    if earlier.end_half not in (None, "pm") or later.start_half not in (None, "am"):
        return False
    if earlier.end_half == "pm" and not earlier.is_single_day:
        return False
    between = [earlier.end + timedelta(days=n) for n in range(1, (later.start - earlier.end).days)]
    return later.start > earlier.end and all(day.weekday() >= 5 for day in between)


def _joined(earlier: DateRange, later: DateRange, text: str) -> DateRange:
    start_half = earlier.start_half if earlier.start_half == "pm" else None
    end_half = later.end_half if later.end_half == "am" else None
    span = (earlier.span[0], later.span[1])
    return DateRange(earlier.start, later.end, start_half, end_half, raw=_raw(text, *span), span=span)


def listed_dates(found: list[DateResult], text: str) -> list[DateRange]:
    """The first date of ``found`` and the ones listed with it ("Jan 4 and Jan 8", "el 3, el 4 y el 5"), days that
    follow each other joined into one range ("Feb 2 and Feb 3" is Feb 2-3; "Friday and Monday" too)."""
    ranges = [r for r in found if isinstance(r, DateRange)]
    if not ranges:
        return []
    folded = fold(text)
    listed = [ranges[0]]
    for later in ranges[1:]:
        if not is_list_gap(folded, listed[-1].span[1], later.span[0]):
            break
        listed.append(later)
    runs = [listed[0]]
    for later in listed[1:]:
        runs[-1:] = [_joined(runs[-1], later, text)] if _follows(runs[-1], later) else [runs[-1], later]
    return runs


def extract_date_range(
    text: str, *, today: date, locale: str = "en-US", lang: Lang | None = None, prefer: Prefer = "future"
) -> DateResult | None:
    """The date or range ``text`` asks for; a failure beats a success so the bot can ask again; None if none."""
    found = find_dates(text, today=today, locale=locale, lang=lang, prefer=prefer)
    failure = next((r for r in found if isinstance(r, DateParseFailure)), None)
    return failure or (found[0] if found else None)
