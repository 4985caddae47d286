"""The LLM fallback router: asked only when unsure, its answers validated, never trusted into a careless write."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatResult

from bot.nlu.catalog import INTENTS, NONE, WRITE_INTENTS, skill_of
from bot.nlu.llm import (
    LLM_CONFIDENCE,
    NONE_WRITE_CEILING,
    LLMFallbackRouter,
    build_llm_router,
    merge_slots,
    system_prompt,
    write_allowed,
)
from bot.nlu.llm_tools import TOOLS, TOOLS_BY_NAME, check_slots, tool_name
from bot.nlu.router import Route
from bot.settings import Settings

TODAY = date(2025, 11, 24)
OPTIONS: dict[str, Any] = {"today": TODAY, "default_currency": "EUR"}


class FakeToolChatModel(GenericFakeChatModel):
    """GenericFakeChatModel with ``bind_tools`` (it returns itself) that records prompts and can fail or hang."""

    tools: list[Any] = []
    tool_choice: str | None = None
    prompts: list[list[BaseMessage]] = []
    error: Exception | None = None
    gate: threading.Event | None = None

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: str | None = None, **kwargs: Any) -> Any:
        self.tools = list(tools)
        self.tool_choice = tool_choice
        return self

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        self.prompts.append(list(messages))
        if self.gate is not None:
            self.gate.wait(10)
        if self.error is not None:
            raise self.error
        return super()._generate(messages, *args, **kwargs)


def tool_call(name: str, **args: Any) -> AIMessage:
    return AIMessage("", tool_calls=[{"name": name, "args": args, "id": "call_1"}])


def fake_llm(*answers: AIMessage | str, **fields: Any) -> FakeToolChatModel:
    return FakeToolChatModel(messages=iter(answers), prompts=[], **fields)


class StubRouter:
    """The offline router for these tests: always the same route (the LLM layer is under test, not the classifier)."""

    def __init__(self, intent: str, confidence: float, slots: dict[str, Any] | None = None, lang: str = "en") -> None:
        self.result = Route(skill_of(intent), intent, dict(slots or {}), confidence, lang)
        self.calls: list[dict[str, Any]] = []

    def route(self, text: str, *, locale: str | None = None, **kwargs: Any) -> Route:
        self.calls.append({"text": text, "locale": locale, **kwargs})
        return replace(self.result, text=text)


def no_extraction(text: str, **kwargs: Any) -> dict[str, Any]:
    return {}


def llm_router(offline: StubRouter, llm: FakeToolChatModel, **kwargs: Any) -> LLMFallbackRouter:
    kwargs.setdefault("slot_extractor", no_extraction)
    return LLMFallbackRouter(offline, llm, threshold=0.7, model_name="fake:tools", **kwargs)


@pytest.fixture
def routing_records(caplog: pytest.LogCaptureFixture) -> Callable[[], list[dict[str, Any]]]:
    caplog.set_level(logging.INFO, logger="backoffice.routing")
    return lambda: [json.loads(r.getMessage()) for r in caplog.records if r.name == "backoffice.routing"]


# ----- when the LLM is asked ----------------------------------------------------------------------------------------


def test_a_confident_offline_route_never_reaches_the_llm() -> None:
    offline = StubRouter("leave.balance", 0.93, {"leave_type": "vacation"})
    llm = fake_llm()
    route = llm_router(offline, llm).route("how many vacation days do I have left", locale="en-US", **OPTIONS)
    assert (route.intent, route.confidence, route.slots) == ("leave.balance", 0.93, {"leave_type": "vacation"})
    assert llm.prompts == []
    assert offline.calls == [{"text": "how many vacation days do I have left", "locale": "en-US", **OPTIONS}]


def test_an_unsure_route_takes_the_llm_tool_call_with_checked_slots() -> None:
    offline = StubRouter(NONE, 0.55)
    llm = fake_llm(tool_call("leave__request", start_date="2025-12-03", end_date="2025-12-05", leave_type="Vacation"))
    route = llm_router(offline, llm).route("I'd like to be away Dec 3 through 5", locale="en-US", **OPTIONS)
    assert (route.intent, route.skill, route.confidence, route.lang) == ("leave.request", "leave", LLM_CONFIDENCE, "en")
    assert route.slots == {"start_date": "2025-12-03", "end_date": "2025-12-05", "leave_type": "vacation"}
    assert llm.tool_choice == "any"
    system, human = llm.prompts[0]
    assert "2025-11-24 (Monday)" in str(system.content) and "en-US" in str(system.content)
    assert human.content == "I'd like to be away Dec 3 through 5"


def test_a_low_confidence_write_route_is_replaced_by_the_llm_read() -> None:
    offline = StubRouter("expense.submit", 0.39, {"amount": "500", "currency": "EUR"}, lang="es")
    llm = fake_llm(tool_call("expense__report", category="meals"))
    route = llm_router(offline, llm).route("informe de gastos de comidas de más de 500 euros", **OPTIONS)
    assert (route.intent, route.slots, route.lang) == ("expense.report", {"category": "meals"}, "es")


def test_the_llm_saying_none_turns_an_unsure_route_into_none() -> None:
    offline = StubRouter("leave.team", 0.45)
    route = llm_router(offline, fake_llm(tool_call("none"))).route("is Tom into football?", **OPTIONS)
    assert (route.intent, route.slots) == (NONE, {})


# ----- validation -------------------------------------------------------------------------------------------------


SLOT_CASES = [
    ("leave.request", {"start_date": "2025-12-03", "end_date": "2025-12-05", "half_day": "PM"},
     {"start_date": "2025-12-03", "end_date": "2025-12-05", "half_day": "pm"}, ()),
    ("leave.request", {"start_date": "03/12/2025", "end_date": "2025-02-31"}, {}, ("start_date", "end_date")),
    ("leave.request", {"start_date": "2025-12-05", "end_date": "2025-12-03"}, {}, ("start_date", "end_date")),
    ("leave.request", {"start_date": "1925-12-03"}, {}, ("start_date",)),
    ("leave.request", {"leave_type": "holiday", "half_day": "evening"}, {}, ("leave_type", "half_day")),
    ("expense.submit", {"amount": "45.20", "currency": "gbp", "category": "meals", "merchant": " Pret "},
     {"amount": "45.20", "currency": "GBP", "category": "meals", "merchant": "Pret"}, ()),
    ("expense.submit", {"amount": 120}, {"amount": "120", "currency": "EUR"}, ()),
    ("expense.submit", {"amount": "45,20", "currency": "EUR"}, {}, ("amount", "currency")),
    ("expense.submit", {"amount": "$45.20"}, {}, ("amount",)),
    ("expense.submit", {"amount": "-3.00"}, {}, ("amount",)),
    ("expense.submit", {"amount": "45.20", "currency": "EURO"}, {}, ("currency", "amount")),
    ("expense.submit", {"amount": "45.20", "category": "booze"}, {"amount": "45.20", "currency": "EUR"}, ("category",)),
    ("stock.adjust", {"quantity": 5, "item": "toner", "location": "warehouse B"},
     {"quantity": 5, "item": "toner", "location": "warehouse B"}, ()),
    ("stock.adjust", {"quantity": -3, "item": ""}, {}, ("quantity",)),
    ("stock.adjust", {"quantity": 2.5}, {}, ("quantity",)),
    ("maintenance.create", {"priority": "URGENT", "description": "the lift is stuck"},
     {"priority": "urgent", "description": "the lift is stuck"}, ()),
    ("maintenance.create", {"priority": "whenever", "root": "yes"}, {}, ("priority", "root")),
    ("help", {"start_date": "2025-12-03"}, {}, ("start_date",)),
]  # fmt: skip


@pytest.mark.parametrize(("intent", "args", "kept", "dropped"), SLOT_CASES)
def test_slot_checks(intent: str, args: dict[str, Any], kept: dict[str, Any], dropped: tuple[str, ...]) -> None:
    checked = check_slots(TOOLS_BY_NAME[tool_name(intent)], args, today=TODAY, default_currency="EUR")
    assert checked.slots == kept
    assert checked.dropped == dropped


def test_invalid_llm_slots_are_dropped_and_logged(routing_records: Callable[[], list[dict[str, Any]]]) -> None:
    offline = StubRouter(NONE, 0.5)
    answer = tool_call("expense__submit", amount="forty-five", currency="XYZ", merchant="Uber", start_date="yesterday")
    route = llm_router(offline, fake_llm(answer)).route("that uber ride yesterday, can I get it back", **OPTIONS)
    assert (route.intent, route.slots) == ("expense.submit", {"merchant": "Uber"})
    (record,) = routing_records()
    assert record["model"] == "llm:fake:tools"
    assert record["llm"]["outcome"] == "accepted"
    assert set(record["llm"]["dropped"]) == {"amount", "currency", "start_date"}
    assert record["offline"] == {"intent": NONE, "confidence": 0.5}
    assert record["text"] == "that uber ride yesterday, can I get it back"


def test_the_extractors_win_over_the_llm_and_it_only_fills_gaps() -> None:
    offline = StubRouter(NONE, 0.5, lang="es")
    answer = tool_call("expense__submit", amount="4520", currency="USD", category="meals", merchant="Starbucks")
    router = LLMFallbackRouter(offline, fake_llm(answer), threshold=0.7)  # the real extractors
    route = router.route("lo de los 45,20 € del starbucks de ayer", locale="es-ES", **OPTIONS)
    assert route.intent == "expense.submit"
    assert (route.slots["amount"], route.slots["currency"]) == ("45.20", "EUR")
    assert route.slots["start_date"] == "2025-11-23"
    assert route.slots["category"] == "meals"


def test_merge_keeps_pairs_whole_and_skips_slots_the_user_got_wrong() -> None:
    extracted = {"start_date": "2025-12-03", "end_date": "2025-12-03", "errors": [{"slot": "money", "raw": "12,3,4 €"}]}
    proposed = {"end_date": "2025-12-09", "amount": "12.34", "currency": "EUR", "half_day": "am"}
    assert merge_slots(extracted, proposed) == {**extracted, "half_day": "am"}


def test_the_llm_item_is_matched_to_the_catalog() -> None:
    offline = StubRouter("stock.lookup", 0.4)
    answer = tool_call("stock__lookup", item="toner cartridges", location="warehouse B")
    route = llm_router(offline, fake_llm(answer)).route(
        "do we still have any of that toner stuff", **OPTIONS, catalog=["Toner cartridge HP 26A", "Laptop"]
    )
    assert route.slots["item"] == "Toner cartridge HP 26A" and route.slots["item_score"] > 80
    assert route.slots["location"] == "warehouse B"


# ----- falling back to the offline route ---------------------------------------------------------------------------

BAD_ANSWERS = {
    "unknown tool": tool_call("delete_all_records", confirm=True),
    "intent name instead of tool name": tool_call("leave.request"),
    "no tool call": AIMessage("You probably want to request leave."),
    "two tool calls": AIMessage(
        "",
        tool_calls=[
            {"name": "leave__request", "args": {}, "id": "call_1"},
            {"name": "leave__balance", "args": {}, "id": "call_2"},
        ],
    ),
    "malformed arguments": AIMessage(
        "", invalid_tool_calls=[{"name": "leave__request", "args": "{start", "id": "call_1", "error": "bad json"}]
    ),
}


@pytest.mark.parametrize("answer", BAD_ANSWERS.values(), ids=BAD_ANSWERS.keys())
def test_an_answer_that_is_not_one_known_tool_call_keeps_the_offline_route(answer: AIMessage) -> None:
    offline = StubRouter("leave.balance", 0.5, {"leave_type": "sick"})
    route = llm_router(offline, fake_llm(answer)).route("sick days?", **OPTIONS)
    assert route == replace(offline.result, text="sick days?")


def test_an_llm_error_keeps_the_offline_route(
    caplog: pytest.LogCaptureFixture, routing_records: Callable[[], list[dict[str, Any]]]
) -> None:
    offline = StubRouter("leave.status", 0.5)
    llm = fake_llm(error=ConnectionError("provider unreachable"))
    route = llm_router(offline, llm).route("did my leave go through", **OPTIONS)
    assert route.intent == "leave.status" and route.confidence == 0.5
    assert "provider unreachable" in caplog.text
    assert routing_records()[0]["llm"]["outcome"] == "error"
    assert routing_records()[0]["llm"]["error"] == "ConnectionError"


def test_a_hung_llm_keeps_the_offline_route_quickly_and_never_piles_up_threads(
    caplog: pytest.LogCaptureFixture,
) -> None:
    gate = threading.Event()
    offline = StubRouter(NONE, 0.9)
    llm = fake_llm(tool_call("help"), gate=gate)
    router = llm_router(offline, llm, timeout_s=0.05, max_in_flight=1)
    try:
        started = time.perf_counter()
        first = router.route("hello?", **OPTIONS)
        second = router.route("anyone there?", **OPTIONS)
        elapsed = time.perf_counter() - started
    finally:
        gate.set()
    assert first.intent == NONE and second.intent == NONE
    assert elapsed < 1.0
    assert "did not answer within 0.05s" in caplog.text
    assert "1 LLM calls are still running" in caplog.text
    assert len(llm.prompts) == 1  # the second message did not start another call on the hung provider


# ----- the write rule -----------------------------------------------------------------------------------------------

WRITE_RULE = [
    ("schedule a meeting with Anna tomorrow", NONE, 0.97, "leave__request", NONE),
    ("transfer $500 to savings", NONE, 0.95, "expense__submit", NONE),
    ("recuérdame llamar a mamá el viernes", NONE, 0.87, "leave__request", NONE),
    ("do I need a receipt under $20?", "policy.ask", 0.55, "expense__submit", "policy.ask"),
    ("lights are out in the warehouse", NONE, 0.55, "maintenance__create", "maintenance.create"),
    ("take my half day off the calendar", "leave.request", 0.45, "leave__cancel", "leave.cancel"),
    ("what is the mileage rate for my own car", NONE, 0.82, "policy__ask", "policy.ask"),
]


@pytest.mark.parametrize(("text", "offline_intent", "confidence", "tool", "expected"), WRITE_RULE)
def test_the_llm_proposes_a_write_only_when_the_offline_router_saw_one_or_was_not_sure_of_none(
    text: str, offline_intent: str, confidence: float, tool: str, expected: str
) -> None:
    offline = StubRouter(offline_intent, confidence)
    route = llm_router(offline, fake_llm(tool_call(tool))).route(text, **OPTIONS)
    assert route.intent == expected
    if expected == offline_intent:
        assert route.confidence == confidence


def test_write_allowed_bounds() -> None:
    def route(intent: str, confidence: float) -> Route:
        return Route(skill_of(intent), intent, {}, confidence, "en")

    assert write_allowed(route("stock.adjust", 0.3))
    assert write_allowed(route(NONE, NONE_WRITE_CEILING))
    assert not write_allowed(route(NONE, NONE_WRITE_CEILING + 0.01))
    assert not write_allowed(route("stock.lookup", 0.3))


def test_a_refused_write_is_logged(routing_records: Callable[[], list[dict[str, Any]]]) -> None:
    offline = StubRouter(NONE, 0.97)
    router = llm_router(offline, fake_llm(tool_call("leave__request", start_date="2025-11-25")), hash_text=True)
    router.route("schedule a meeting with Anna tomorrow", **OPTIONS)
    (record,) = routing_records()
    assert record["intent"] == NONE
    assert (record["llm"]["outcome"], record["llm"]["tool"]) == ("write_refused", "leave__request")
    assert "text" not in record and len(record["text_sha256"]) == 64


# ----- the tools and the prompt ------------------------------------------------------------------------------------


def test_every_catalog_intent_is_a_tool_and_writes_say_they_never_write() -> None:
    llm = fake_llm()
    llm_router(StubRouter(NONE, 1.0), llm)
    names = [tool["function"]["name"] for tool in llm.tools]
    assert names == [tool_name(intent) for intent in INTENTS] + ["none"]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{1,64}", name) for name in names)
    for tool in TOOLS:
        assert tool.description
        assert ("never writes anything" in tool.description) == (tool.intent in WRITE_INTENTS)
    expense = TOOLS_BY_NAME["expense__submit"].spec()["function"]["parameters"]
    assert set(expense["properties"]) == {"start_date", "end_date", "amount", "currency", "category", "merchant"}
    assert "ISO 4217" in expense["properties"]["currency"]["description"]
    assert expense["properties"]["category"]["enum"][0] == "meals"
    assert TOOLS_BY_NAME["none"].spec()["function"]["parameters"]["properties"] == {}


def test_the_prompt_gives_today_the_locale_and_one_tool() -> None:
    prompt = system_prompt(date(2025, 12, 1), "es-MX", "MXN")
    assert "2025-12-01 (Monday)" in prompt and "es-MX" in prompt and "MXN" in prompt
    assert "exactly one tool" in prompt


# ----- building from settings ---------------------------------------------------------------------------------------


def settings(llm: str | None) -> Settings:
    return Settings(_env_file=None, backoffice_llm=llm)


def test_without_backoffice_llm_the_offline_router_is_returned_unchanged() -> None:
    offline = StubRouter(NONE, 1.0)
    assert build_llm_router(settings(None), offline) is offline
    assert build_llm_router(settings("  "), offline) is offline


def test_an_unknown_provider_routes_offline_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    offline = StubRouter(NONE, 1.0)
    assert build_llm_router(settings("nosuchprovider:some-model"), offline) is offline
    assert "BACKOFFICE_LLM=nosuchprovider:some-model could not be started" in caplog.text


def test_a_missing_provider_package_routes_offline_with_a_warning(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(spec: str, **kwargs: Any) -> Any:
        raise ImportError("Initializing ChatOpenAI requires the langchain-openai package.")

    monkeypatch.setattr("langchain.chat_models.init_chat_model", missing)
    offline = StubRouter(NONE, 1.0)
    assert build_llm_router(settings("openai:gpt-4o-mini"), offline) is offline
    assert "the provider package is missing" in caplog.text and "langchain-openai" in caplog.text


def test_a_configured_provider_wraps_the_offline_router(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def init(spec: str, **kwargs: Any) -> FakeToolChatModel:
        seen.update(spec=spec, **kwargs)
        return fake_llm(tool_call("help"))

    monkeypatch.setattr("langchain.chat_models.init_chat_model", init)
    offline = StubRouter(NONE, 0.9)
    router = build_llm_router(settings("ollama:llama3.1"), offline)
    assert isinstance(router, LLMFallbackRouter)
    assert (router.model_name, router.offline) == ("ollama:llama3.1", offline)
    assert seen == {"spec": "ollama:llama3.1", "temperature": 0}
    assert router.route("what can you do?", **OPTIONS).intent == "help"
