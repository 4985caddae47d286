"""Money amounts in English and Spanish: symbol, ISO code or word, either decimal convention, as ``Decimal``.

Decimal rule (the same as price-parser's, whatever the locale): when both ``.`` and ``,`` appear, the last one
is the decimal separator (``1.250,00`` and ``1,250.00`` are both 1250.00); a lone separator followed by exactly
three digits groups thousands (``1.250`` and ``€1.250`` are 1250, since prices have two decimals); followed by
one or two digits it is the decimal separator (``45,20`` is 45.20). ``12k`` / ``12 mil`` mean 12000, but only
next to a currency or a money verb ("spent 12k"); a bare ``12k`` is not read as money. A number with no
currency is money only after a money verb ("paid 45"), when it has two decimals ("45.20"), or when it is the
whole message (an answer to "how much?"); it then takes ``default_currency``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

from price_parser import Price

from ._text import Lang, fold, merged, parse_locale, words_pattern


@dataclass(frozen=True)
class Money:
    """An amount of money: a ``Decimal`` and an ISO 4217 currency code."""

    amount: Decimal
    currency: str
    raw: str = field(default="", compare=False)
    span: tuple[int, int] = field(default=(0, 0), compare=False)


@dataclass(frozen=True)
class MoneyParseFailure:
    """Something that looked like an amount (a currency next to garbage, ``12,3,4 €``) but could not be read."""

    raw: str
    reason: str = field(default="invalid_amount", compare=False)
    span: tuple[int, int] = field(default=(0, 0), compare=False)


MoneyResult = Money | MoneyParseFailure

# Symbols -> an ISO code, or a family ("$") resolved with the company currency and the locale.
SYMBOLS: dict[str, str] = {
    "us$": "USD", "mx$": "MXN", "ca$": "CAD", "c$": "CAD", "au$": "AUD", "a$": "AUD", "r$": "BRL",
    "$": "$", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "¢": "CENT",
}  # fmt: skip

# Currency words (folded) -> an ISO code or a family: "$" (dollars), "PESO", "CENT" (hundredths).
CURRENCY_WORDS: dict[Lang, dict[str, str]] = {
    "en": {
        "dollar": "$", "dollars": "$", "buck": "$", "bucks": "$", "euro": "EUR", "euros": "EUR",
        "pound": "GBP", "pounds": "GBP", "quid": "GBP", "pounds sterling": "GBP", "yen": "JPY",
        "swiss francs": "CHF", "francs": "CHF", "peso": "PESO", "pesos": "PESO", "cent": "CENT", "cents": "CENT",
        "rupees": "INR", "reais": "BRL",
    },
    "es": {
        "dolar": "$", "dolares": "$", "euro": "EUR", "euros": "EUR", "pavos": "EUR", "libra": "GBP",
        "libras": "GBP", "libras esterlinas": "GBP", "yenes": "JPY", "francos": "CHF", "peso": "PESO",
        "pesos": "PESO", "centimo": "EURCENT", "centimos": "EURCENT", "centavo": "CENT", "centavos": "CENT",
        "reales": "BRL",
    },
}  # fmt: skip

# ISO codes accepted in lower case too (upper-case ones are checked against Babel's list).
COMMON_CODES = ("usd", "eur", "gbp", "mxn", "cad", "aud", "chf", "jpy", "ars", "cop", "clp", "brl", "inr")

DOLLAR_SIGN_CURRENCIES = frozenset("USD CAD AUD NZD SGD HKD MXN ARS CLP COP UYU DOP CUP".split())
DOLLAR_NAMED_CURRENCIES = frozenset("USD CAD AUD NZD SGD HKD".split())
PESO_CURRENCIES = frozenset("MXN ARS CLP COP UYU DOP CUP PHP".split())

# Verbs and nouns after which a bare number is an amount ("paid 45", "gasté 30").
MONEY_CUES: dict[Lang, tuple[str, ...]] = {
    "en": (
        "paid", "pay", "spent", "spend", "cost", "costs", "costed", "total", "total of", "amount", "amount of",
        "price", "price of", "for a total of", "charged", "reimburse", "reimbursement of", "expense of",
    ),
    "es": (
        "pague", "pagamos", "gaste", "gastamos", "costo", "cuesta", "cuestan", "total", "total de", "importe",
        "importe de", "precio", "precio de", "por un total de", "me cobraron", "cobraron", "reembolso de",
    ),
}  # fmt: skip

# Words that may sit next to a currency symbol without being a broken amount ("paid in €").
_NEIGHBOURS_OK = frozenset(
    "in of the a my your per to for and or was is it paid spent cost costs total about around some how many "
    "much what with at on approx just only over under less more than in en de el la los las un una mi por para "
    "y o fue es pague gaste costo unos unas cuanto cuantos sobre menos mas que con".split()
)

_NUMBER = r"\d+(?:(?:[.,']|[ \u00a0\u202f](?=\d{3}(?!\d)))\d+)*"
_WORDS = merged(CURRENCY_WORDS)
_CURRENCY_WORD_RE = words_pattern(_WORDS)
_SYMBOL_RE = words_pattern(SYMBOLS)
_CODE_RE = r"[a-z]{3}"
_K = r"(?P<k>\s?k(?![a-z]))?"
_MIL = r"(?P<mil>\s+mil(?![a-z]))?"
_EDGE_BEFORE = r"(?<![\w.,/:-])"
_EDGE_AFTER = r"(?![\w/]|[.,]\d|\s?%)"

_P_SYMBOL_FIRST = re.compile(rf"(?P<cur>{_SYMBOL_RE})\s?(?P<num>{_NUMBER}){_K}{_EDGE_AFTER}")
_P_CODE_FIRST = re.compile(rf"\b(?P<cur>{_CODE_RE})\s?(?P<num>{_NUMBER}){_K}{_EDGE_AFTER}")
_P_NUMBER_FIRST = re.compile(
    rf"{_EDGE_BEFORE}(?P<num>{_NUMBER}){_K}{_MIL}\s?(?:de\s+)?"
    rf"(?P<cur>(?:{_SYMBOL_RE})(?!\d)|\b(?:{_CODE_RE})\b|\b(?:{_CURRENCY_WORD_RE})(?![a-z]))"
)  # a symbol touching the next number is that number's ("Nov 20 $30"), not the one before it
_P_CUE = re.compile(
    rf"\b(?:{words_pattern(merged({k: dict.fromkeys(v, '') for k, v in MONEY_CUES.items()}))})"
    rf"\s+(?:(?:of|de|about|around|unos|unas|como)\s+)?(?P<num>{_NUMBER}){_K}{_MIL}"
    rf"(?!\s*(?:%|[a-z]*\s*(?:days?|dias?|hours?|horas?|weeks?|semanas?|units?|unidades|boxes|cajas|items?)\b))"
    rf"{_EDGE_AFTER}"
)
_P_TWO_DECIMALS = re.compile(
    r"(?<![\w.,/:-])(?<!at )(?<!las )"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})*\.\d{{2}}|\d{{1,3}}(?:\.\d{{3}})*,\d{{2}}|\d+[.,]\d{{2}}){_EDGE_AFTER}"
)
_P_WHOLE = re.compile(rf"\s*(?P<num>{_NUMBER}){_K}\s*[.!]?\s*")
_WEIGHT_WORDS = frozenset(("pound", "pounds", "libra", "libras"))
_OF = re.compile(r"\s+(?:of|de)\b")
_P_BARE_SYMBOL = re.compile(r"[$€£]")
_VALID_GROUPED = re.compile(r"\d{1,3}(?P<g>[.,' \u00a0\u202f])\d{3}(?:(?P=g)\d{3})*(?:(?P<d>[.,])\d{1,2})?")
_VALID_PLAIN = re.compile(r"\d+(?:[.,]\d{1,2})?|\d+[.,]\d{3}")


def parse_amount(number: str) -> Decimal | None:
    """The value of a written number under the documented decimal rule, or None when it is malformed."""
    grouped = _VALID_GROUPED.fullmatch(number)
    if grouped and grouped["d"] == grouped["g"]:
        return None
    if grouped and number[0] == "0":
        return None  # "0,001" / "0.500": no one groups thousands after a zero, and a price has two decimals
    if not grouped and not _VALID_PLAIN.fullmatch(number):
        return None
    amount = Price.fromstring(number).amount
    return Decimal(amount) if amount is not None else None


@lru_cache(maxsize=64)
def _locale_currency(locale: str) -> str | None:
    from babel.numbers import get_territory_currencies

    territory = parse_locale(locale).territory
    if territory is None:
        return None
    found = get_territory_currencies(territory)
    return found[0] if found else None


@lru_cache(maxsize=1)
def _iso_codes() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def _family(family: str, default_currency: str, locale: str) -> str:
    """Resolve "$" / dollars / pesos with the company currency first, then the user's locale."""
    members, fallback = {
        "$": (DOLLAR_SIGN_CURRENCIES, "USD"),
        "$word": (DOLLAR_NAMED_CURRENCIES, "USD"),
        "PESO": (PESO_CURRENCIES, "MXN"),
    }[family]
    for candidate in (default_currency.upper(), _locale_currency(locale)):
        if candidate in members:
            return candidate
    return fallback


def _iso_code(token: str) -> str | None:
    """``EUR``/``eur`` for the common codes; other ISO codes only in capitals (so "pen" is not Peru's sol)."""
    if token.lower() in COMMON_CODES:
        return token.upper()
    return token if token.isupper() and token in _iso_codes() else None


def _currency(token: str, default_currency: str, locale: str) -> tuple[str, int] | None:
    """(ISO code, power-of-ten divisor) for a currency token as written, or None when it is not a currency."""
    folded = " ".join(fold(token).split())
    code = SYMBOLS.get(folded) or _WORDS.get(folded)
    if code is None:
        iso = _iso_code(token)
        return (iso, 0) if iso else None
    if code == "$":
        family = "$" if folded in SYMBOLS else "$word"
        if folded in ("dolar", "dolares"):
            return _family("$word", default_currency, locale), 0
        return _family(family, default_currency, locale), 0
    if code == "PESO":
        return _family("PESO", default_currency, locale), 0
    if code == "CENT":
        return _family("$word", default_currency, locale), 2
    if code == "EURCENT":
        return "EUR", 2
    return code, 0


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    result: MoneyResult
    has_currency: bool = True


def _tidy(amount: Decimal) -> Decimal:
    """Drop the exponent a multiplication leaves ("12.5k" is 12500, not 12500.0)."""
    return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount.normalize()


def _amount_hit(match: re.Match[str], text: str, currency: tuple[str, int] | None, default_currency: str) -> _Hit:
    raw = text[match.start() : match.end()].strip()
    span = (match.start(), match.end())
    amount = parse_amount(match["num"].replace("\u00a0", " ").replace("\u202f", " "))
    if amount is None:
        return _Hit(match.start(), match.end(), MoneyParseFailure(raw, span=span))
    groups = match.groupdict()
    if groups.get("k") or groups.get("mil"):
        amount = _tidy(amount * 1000)
    code, shift = currency or (default_currency.upper(), 0)
    return _Hit(match.start(), match.end(), Money(amount.scaleb(-shift) if shift else amount, code, raw, span))


def _is_weight(token: str, folded: str, end: int) -> bool:
    """ "5 pounds of coffee" / "2 libras de café" are weights, not money."""
    return fold(token) in _WEIGHT_WORDS and _OF.match(folded, end) is not None


def _scan(text: str, default_currency: str, locale: str) -> list[_Hit]:
    folded = fold(text)
    hits: list[_Hit] = []
    for pattern in (_P_SYMBOL_FIRST, _P_CODE_FIRST, _P_NUMBER_FIRST):
        for match in pattern.finditer(folded):
            token = text[match.start("cur") : match.end("cur")]
            currency = _currency(token, default_currency, locale)
            if currency is not None and not _is_weight(token, folded, match.end()):
                hits.append(_amount_hit(match, text, currency, default_currency))
    # Without a currency, only a readable number counts: "18.12.2026" is no broken amount.
    bare = [*_P_CUE.finditer(folded), *_P_TWO_DECIMALS.finditer(folded)]
    whole = _P_WHOLE.fullmatch(folded)
    for match in [*bare, *([whole] if whole else [])]:
        hit = _amount_hit(match, text, None, default_currency)
        if isinstance(hit.result, Money):
            hits.append(replace(hit, has_currency=False))
    return hits


def _symbol_failures(text: str, taken: list[_Hit]) -> list[_Hit]:
    """A currency symbol next to a word that is not a number ("abc €") is an amount we could not read."""
    out: list[_Hit] = []
    for match in _P_BARE_SYMBOL.finditer(text):
        if any(hit.start <= match.start() < hit.end for hit in taken):
            continue
        before = re.search(r"(\S+)\s?$", text[: match.start()])
        after = re.match(r"\s?(\S+)", text[match.end() :])
        for side, found in (("before", before), ("after", after)):
            token = found.group(1).strip(".,;:!?()") if found else ""
            if token and fold(token) not in _NEIGHBOURS_OK and not _P_BARE_SYMBOL.fullmatch(token):
                start = found.start(1) if side == "before" and found else match.start()
                end = match.end() + (found.end(1) if side == "after" and found else 0)
                out.append(_Hit(start, end, MoneyParseFailure(text[start:end].strip(), span=(start, end))))
                break
    return out


def find_money(text: str, *, default_currency: str = "USD", locale: str = "en-US") -> list[MoneyResult]:
    """Every amount in ``text`` in order, with unreadable ones as ``MoneyParseFailure``."""
    kept: list[_Hit] = []
    ranked = sorted(_scan(text, default_currency, locale), key=lambda h: (not h.has_currency, h.start - h.end, h.start))
    for hit in ranked:
        if all(hit.end <= other.start or hit.start >= other.end for other in kept):
            kept.append(hit)
    kept.extend(_symbol_failures(text, kept))
    return [hit.result for hit in sorted(kept, key=lambda h: h.start)]


def extract_money(text: str, *, default_currency: str = "USD", locale: str = "en-US") -> MoneyResult | None:
    """The amount in ``text`` (a failure first, so the bot can ask again), or None when there is none."""
    found = find_money(text, default_currency=default_currency, locale=locale)
    failure = next((r for r in found if isinstance(r, MoneyParseFailure)), None)
    return failure or (found[0] if found else None)
