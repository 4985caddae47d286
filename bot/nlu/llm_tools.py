"""The intent catalog as LLM tools: one tool per intent with a pydantic slot schema, and strict checks of the answer.

An LLM sees every intent of ``bot.nlu.catalog.INTENTS`` as a tool (``leave.request`` -> ``leave__request``) plus a
``none`` tool, with the slots that intent uses as arguments. Whatever it answers is checked here argument by
argument: a value that fails (a date that is not ISO, an amount that is not a plain decimal, a currency that is not
ISO 4217, a negative quantity, a word outside a closed list) is dropped, never repaired or trusted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    create_model,
)

from bot.nlu.catalog import INTENT_SPECS, INTENTS, NONE, SLOTS_BY_INTENT, WRITE_INTENTS
from skills.common.extract import EXPENSE_CATEGORIES, LEAVE_TYPES, PRIORITIES

NONE_TOOL = "none"
"""The tool the LLM calls when a message is not a back-office request."""
MAX_DATE_DISTANCE_DAYS = 5 * 366
"""A date further than this from today is taken as a hallucination and dropped."""
MAX_AMOUNT = Decimal("10000000")
"""Amounts at or above this are dropped (nobody files a ten-million expense through Slack)."""
MAX_QUANTITY = 1_000_000

ARGS_BY_SLOT: dict[str, tuple[str, ...]] = {"date": ("start_date", "end_date"), "money": ("amount", "currency")}
"""Extractor names of ``SLOTS_BY_INTENT`` that fill two slot keys; every other name fills the key of its name."""
SLOT_GROUP: dict[str, str] = {key: slot for slot, keys in ARGS_BY_SLOT.items() for key in keys}
"""Slot key -> the extractor that fills it (``amount`` -> ``money``), for keys that come in pairs."""

WRITE_NOTE = " Calling this tool never writes anything: the user reviews a preview and must confirm."
NONE_DESCRIPTION = (
    "The message is not a back-office request: small talk, general knowledge, meetings, reminders, calendar "
    "invitations, bank transfers, travel bookings, shopping or anything outside leave, expenses, stock, "
    "maintenance and company policy."
)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL = re.compile(r"\d{1,12}(?:\.\d{1,4})?")


@lru_cache(maxsize=1)
def iso_currencies() -> frozenset[str]:
    """ISO 4217 currency codes known to Babel (CLDR)."""
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def _iso_date(value: str, info: ValidationInfo) -> str:
    text = value.strip()
    if not _ISO_DATE.fullmatch(text):
        raise ValueError("not an ISO date (YYYY-MM-DD)")
    day = date.fromisoformat(text)
    today = (info.context or {}).get("today")
    if isinstance(today, date) and abs((day - today).days) > MAX_DATE_DISTANCE_DAYS:
        raise ValueError("too far from today")
    return day.isoformat()


def _number_as_text(value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _decimal_amount(value: str) -> str:
    text = value.strip()
    if not _DECIMAL.fullmatch(text) or not Decimal(0) < Decimal(text) < MAX_AMOUNT:
        raise ValueError("not a positive plain decimal amount such as 1250.00")
    return text


def _currency_code(value: str) -> str:
    code = value.strip().upper()
    if code not in iso_currencies():
        raise ValueError("not an ISO 4217 currency code")
    return code


def _one_of(choices: tuple[str, ...]) -> Callable[[str], str]:
    def check(value: str) -> str:
        code = value.strip().lower()
        if code not in choices:
            raise ValueError(f"not one of {', '.join(choices)}")
        return code

    return check


def _text(max_length: int) -> Any:
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)]


_IsoDate = Annotated[str, AfterValidator(_iso_date)]
_Amount = Annotated[str, BeforeValidator(_number_as_text), AfterValidator(_decimal_amount)]

ARGUMENTS: dict[str, tuple[Any, Any]] = {
    "start_date": (
        _IsoDate,
        Field(default=None, description="First day, as an ISO date YYYY-MM-DD, resolved against today's date."),
    ),
    "end_date": (
        _IsoDate,
        Field(default=None, description="Last day (inclusive), ISO date YYYY-MM-DD; equal to start_date for one day."),
    ),
    "half_day": (
        Annotated[str, AfterValidator(_one_of(("am", "pm", "half")))],
        Field(
            default=None,
            description="Only for half a day: am (morning), pm (afternoon) or half (part not said).",
            json_schema_extra={"enum": ["am", "pm", "half"]},
        ),
    ),
    "leave_type": (
        Annotated[str, AfterValidator(_one_of(LEAVE_TYPES))],
        Field(default=None, description="Kind of leave, if said.", json_schema_extra={"enum": list(LEAVE_TYPES)}),
    ),
    "amount": (
        _Amount,
        Field(default=None, description="Amount as a plain decimal string with a dot, e.g. 1250.00: no symbol."),
    ),
    "currency": (
        Annotated[str, AfterValidator(_currency_code)],
        Field(default=None, description="ISO 4217 code of the amount's currency, e.g. EUR, USD, GBP."),
    ),
    "category": (
        Annotated[str, AfterValidator(_one_of(EXPENSE_CATEGORIES))],
        Field(
            default=None,
            description="Expense category, if clear (a hotel is lodging).",
            json_schema_extra={"enum": list(EXPENSE_CATEGORIES)},
        ),
    ),
    "merchant": (_text(100), Field(default=None, description="Shop, restaurant or company paid, as written.")),
    "item": (_text(100), Field(default=None, description="The stock item, as the user names it.")),
    "quantity": (
        Annotated[int, Field(ge=0, le=MAX_QUANTITY)],
        Field(default=None, description="How many items, as a whole number."),
    ),
    "location": (_text(100), Field(default=None, description="Where: floor, room, warehouse, as written.")),
    "priority": (
        Annotated[str, AfterValidator(_one_of(PRIORITIES))],
        Field(default=None, description="Priority, only if said.", json_schema_extra={"enum": list(PRIORITIES)}),
    ),
    "description": (_text(1000), Field(default=None, description="What is wrong, in the user's words.")),
}
"""Every tool argument: its validated type and the description that tells the model the expected format."""


@dataclass(frozen=True)
class IntentTool:
    """One intent as a tool: its name, description, arguments and the pydantic schema that checks them."""

    intent: str
    name: str
    description: str
    args: tuple[str, ...]
    schema: type[BaseModel]

    def spec(self) -> dict[str, Any]:
        """The tool in OpenAI function format (LangChain converts it for every provider)."""
        return {
            "type": "function",
            "function": {"name": self.name, "description": self.description, "parameters": _parameters(self.schema)},
        }


@dataclass(frozen=True)
class CheckedSlots:
    """The LLM's arguments that passed validation, and the names of those that did not."""

    slots: dict[str, Any]
    dropped: tuple[str, ...]


def tool_name(intent: str) -> str:
    """The tool name for ``intent`` (``leave.request`` -> ``leave__request``; tool names cannot hold dots)."""
    return intent.replace(".", "__")


def tool_args(intent: str) -> tuple[str, ...]:
    """The argument names of ``intent``'s tool, from the slots the offline extractors fill for it."""
    names: list[str] = []
    for slot in SLOTS_BY_INTENT.get(intent, ()):
        names.extend(ARGS_BY_SLOT.get(slot, (slot,)))
    names.extend(INTENT_SPECS[intent].free_text if intent in INTENT_SPECS else ())
    return tuple(name for name in dict.fromkeys(names) if name in ARGUMENTS)


def _description(intent: str) -> str:
    spec = INTENT_SPECS.get(intent)
    text = spec.description if spec is not None else f"The back-office request {intent}."
    return text + WRITE_NOTE if intent in WRITE_INTENTS else text


def _tool(intent: str, description: str) -> IntentTool:
    name = tool_name(intent)
    args = tool_args(intent) if intent != NONE else ()
    fields: dict[str, Any] = {arg: ARGUMENTS[arg] for arg in args}
    schema = create_model(name, __doc__=description, **fields)
    return IntentTool(intent=intent, name=name, description=description, args=args, schema=schema)


def _parameters(schema: type[BaseModel]) -> dict[str, Any]:
    raw = schema.model_json_schema()
    properties = {
        name: {key: value for key, value in prop.items() if key not in ("title", "default")}
        for name, prop in raw.get("properties", {}).items()
    }
    return {"type": "object", "properties": properties, "required": []}


TOOLS: tuple[IntentTool, ...] = (
    *(_tool(intent, _description(intent)) for intent in INTENTS),
    _tool(NONE, NONE_DESCRIPTION),
)
"""Every catalog intent as a tool, plus ``none``."""
TOOLS_BY_NAME: dict[str, IntentTool] = {tool.name: tool for tool in TOOLS}


def tool_specs() -> list[dict[str, Any]]:
    """Every tool in OpenAI function format, ready for ``bind_tools``."""
    return [tool.spec() for tool in TOOLS]


def check_slots(tool: IntentTool, args: Mapping[str, object], *, today: date, default_currency: str) -> CheckedSlots:
    """Validate the LLM's arguments one by one; keep only the ones that pass, with pairs kept or dropped together.

    Unknown arguments are dropped. A date range that ends before it starts is dropped. An amount without a
    valid currency is dropped with it; a valid amount with no currency at all takes ``default_currency``.
    """
    slots: dict[str, Any] = {}
    dropped: list[str] = []
    for name, value in args.items():
        if name not in tool.args:
            dropped.append(name)
            continue
        if value is None or value == "":
            continue
        try:
            checked = tool.schema.model_validate({name: value}, context={"today": today})
        except ValidationError:
            dropped.append(name)
            continue
        slots[name] = getattr(checked, name)
    if "end_date" in slots and "start_date" in slots and slots["end_date"] < slots["start_date"]:
        dropped.extend(("start_date", "end_date"))
        del slots["start_date"], slots["end_date"]
    if "amount" in slots and "currency" in dropped:
        dropped.append("amount")
        del slots["amount"]
    if "amount" not in slots:
        if "currency" in slots:
            dropped.append("currency")
        slots.pop("currency", None)
    elif "currency" not in slots:
        slots["currency"] = default_currency.upper()
    return CheckedSlots(slots=slots, dropped=tuple(dict.fromkeys(dropped)))
