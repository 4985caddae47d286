"""Cell types shared by the reference-data kinds: each reads one CSV cell or says, in plain words, why it cannot.

They are ``Annotated`` types for pydantic row models, so a kind's row model reads like its CSV header.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib.resources import files
from typing import Annotated

import holidays
from email_validator import EmailNotValidError, validate_email
from pydantic import BeforeValidator

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "si", "sí", "s", "verdadero"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "falso"})
_COUNTRY = re.compile(r"([A-Za-z]{2})(?:-([A-Za-z0-9]{1,3}))?")


def email_address(raw: str, column: str = "email") -> str:
    """A valid e-mail address, lower-cased; one on a ``.test`` domain too (RFC 2606), as staging workspaces use.

    The address only names a person (and matches the one Slack reports), so nothing needs it deliverable.
    """
    try:
        return validate_email(raw, check_deliverability=False, test_environment=True).normalized.lower()
    except EmailNotValidError as error:
        raise ValueError(f"bad {column} {raw!r}: {error}") from None


def _required_email(raw: str) -> str:
    if not raw:
        raise ValueError("missing email")
    return email_address(raw)


def _optional_email(column: str) -> BeforeValidator:
    return BeforeValidator(lambda raw: email_address(raw, column) if raw else None)


def read_boolean(raw: str) -> bool:
    """``yes``/``no`` in the words people write in either language (true/false, 1/0, sí/no)."""
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"{raw!r} is not yes or no (true/false, yes/no, 1/0, sí/no)")


_GROUPED = (
    re.compile(r"-?\d{1,3}(?:\.\d{3})+,\d+"),  # 1.200,50: thousands by dots, as Spanish spreadsheets save them
    re.compile(r"-?\d{1,3}(?:,\d{3})+\.\d+"),  # 1,200.50
)


def _decimal(raw: str) -> Decimal:
    """A decimal number with a dot or a comma as the decimal separator (``2.5``, ``2,5``), and thousands grouped
    when the decimals say which mark is which (``1.200,00``, ``1,200.00``, ``1 200,00``)."""
    text = re.sub(r"[ \u00a0\u202f]", "", raw.strip())
    if _GROUPED[0].fullmatch(text):
        text = text.replace(".", "")
    elif _GROUPED[1].fullmatch(text):
        text = text.replace(",", "")
    if re.fullmatch(r"-?\d+(?:[.,]\d+)?", text) is None:
        raise ValueError(f"{raw!r} is not a number like 22, 2.5 or 2,5")
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"{raw!r} is not a number like 22, 2.5 or 2,5") from None


def non_negative_decimal(raw: str) -> Decimal:
    """A decimal number that is not negative."""
    value = _decimal(raw)
    if value < 0:
        raise ValueError(f"{raw!r} is negative")
    return value


def whole_number(raw: str) -> int:
    """A whole number, 0 or more."""
    if re.fullmatch(r"\d+", raw.strip()) is None:
        raise ValueError(f"{raw!r} is not a whole number like 0 or 14")
    return int(raw)


def _iso_date(raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(f"{raw!r} is not a date like 2026-12-24") from None


def _optional_iso_date(raw: str) -> date | None:
    return _iso_date(raw) if raw else None


@cache
def iso_countries() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 country code, from the table shipped with ``tzdata``."""
    table = files("tzdata").joinpath("zoneinfo", "iso3166.tab").read_text(encoding="utf-8")
    return frozenset(line.split("\t")[0] for line in table.splitlines() if line and not line.startswith("#"))


@cache
def subdivisions(country: str) -> frozenset[str] | None:
    """The ISO 3166-2 subdivision codes the ``holidays`` package knows for ``country`` (None: it does not know it;
    empty: it knows the country's holidays only, so any region code is taken and its holidays are the country's)."""
    try:
        return frozenset(holidays.country_holidays(country).subdivisions)
    except NotImplementedError:
        return None


def country_code(raw: str) -> str:
    """An ISO 3166-1 code (``ES``) or an ISO 3166-2 subdivision (``ES-MD``, ``US-CA``), upper-cased."""
    match = _COUNTRY.fullmatch(raw.strip())
    if match is None or match.group(1).upper() not in iso_countries():
        raise ValueError(f"bad country {raw!r}: expected an ISO 3166-1 alpha-2 code like ES, GB or ES-MD")
    country, region = match.group(1).upper(), (match.group(2) or "").upper()
    known = subdivisions(country)
    if region and known and region not in known:  # the package lists none for MX: its regions count as the country
        some = ", ".join(f"{country}-{code}" for code in sorted(known)[:6])
        raise ValueError(f"bad country {raw!r}: {country} has no region {region!r} (e.g. {some})")
    return f"{country}-{region}" if region else country


def _optional_country(raw: str) -> str | None:
    return country_code(raw) if raw else None


def items(raw: str) -> tuple[str, ...]:
    """A ``;``-separated list cell: stripped, blanks dropped, order kept."""
    return tuple(part.strip() for part in raw.split(";") if part.strip())


def bounded_text(column: str, limit: int, *, required: bool) -> BeforeValidator:
    """Text of at most ``limit`` characters; required ones say ``missing <column>`` when empty."""

    def check(raw: str) -> str:
        if required and not raw:
            raise ValueError(f"missing {column}")
        if len(raw) > limit:
            raise ValueError(f"{column} is longer than {limit} characters")
        return raw

    return BeforeValidator(check)


Email = Annotated[str, BeforeValidator(_required_email)]
ManagerEmail = Annotated[str | None, _optional_email("manager_email")]
Boolean = Annotated[bool, BeforeValidator(read_boolean)]
NonNegativeDecimal = Annotated[Decimal, BeforeValidator(non_negative_decimal)]
WholeNumber = Annotated[int, BeforeValidator(whole_number)]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
OptionalIsoDate = Annotated[date | None, BeforeValidator(_optional_iso_date)]
Country = Annotated[str, BeforeValidator(country_code)]
OptionalCountry = Annotated[str | None, BeforeValidator(_optional_country)]
Items = Annotated[tuple[str, ...], BeforeValidator(items)]
