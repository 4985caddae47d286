"""Deterministic slot extractors for English and Spanish: dates, money, leave types, categories and more.

Pure Python: no Slack, no database. Every function takes the reference day, locale or catalog it needs.
"""

from ._calendar import Prefer
from ._text import Lang, detect_language, fold
from .categories import EXPENSE_CATEGORIES, extract_category
from .dates import DateParseFailure, DateRange, DateResult, extract_date_range, find_dates
from .half_days import HalfDay, extract_half_day
from .items import DEFAULT_THRESHOLD, ItemMatch, extract_item_phrase, match_item, resolve_item
from .leave_types import LEAVE_TYPES, extract_leave_type
from .locations import extract_location
from .merchant import extract_merchant
from .money import Money, MoneyParseFailure, MoneyResult, extract_money, find_money, parse_amount
from .priority import PRIORITIES, extract_priority
from .quantities import Quantity, extract_quantity, find_quantities
from .slots import SLOT_NAMES, extract_slots, guess_prefer

__all__ = [
    "DEFAULT_THRESHOLD",
    "EXPENSE_CATEGORIES",
    "LEAVE_TYPES",
    "PRIORITIES",
    "SLOT_NAMES",
    "DateParseFailure",
    "DateRange",
    "DateResult",
    "HalfDay",
    "ItemMatch",
    "Lang",
    "Money",
    "MoneyParseFailure",
    "MoneyResult",
    "Prefer",
    "Quantity",
    "detect_language",
    "extract_category",
    "extract_date_range",
    "extract_half_day",
    "extract_item_phrase",
    "extract_leave_type",
    "extract_location",
    "extract_merchant",
    "extract_money",
    "extract_priority",
    "extract_quantity",
    "extract_slots",
    "find_dates",
    "find_money",
    "find_quantities",
    "fold",
    "guess_prefer",
    "match_item",
    "parse_amount",
    "resolve_item",
]
