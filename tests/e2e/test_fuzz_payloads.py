"""Hypothesis throws Slack-shaped payloads with random holes and wrong types at the signed app: never a 5xx."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
UNKNOWN_IDS = frozenset({"user_not_found", "channel_not_found", "thread_not_found", "message_not_found"})
USER = st.sampled_from(["U0FUZZ01", "U0FUZZ02", "UBOT"])
CHANNEL = st.sampled_from(["D0FUZZ01", "C0FUZZ01", "G0FUZZ01"])
TEXT = st.sampled_from(["hi", "help", "approve", "I need Friday off", "<!channel>", "9" * 40]) | st.text(max_size=60)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the plausible value, sometimes any JSON value, sometimes left out (``...``)."""
    return st.one_of(strategy, strategy, strategy, JSON_VALUES, st.just(...))


def shaped(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({key: maybe(value) for key, value in fields.items()}).map(
        lambda built: {key: value for key, value in built.items() if value is not ...}
    )


EVENTS = shaped(
    {
        "type": st.sampled_from(["message", "app_mention", "app_home_opened"]),
        "user": USER,
        "text": TEXT,
        "channel": CHANNEL,
        "channel_type": st.sampled_from(["im", "channel", "group"]),
        "ts": st.just("1700000000.000100"),
        "thread_ts": st.just("1700000000.000100"),
        "subtype": st.sampled_from(["message_changed", "file_share"]),
        "tab": st.sampled_from(["home", "messages"]),
    }
)
EVENTS = st.tuples(EVENTS, st.integers(0, 10**9)).map(
    lambda pair: {"type": "event_callback", "event_id": f"EvFUZZ{pair[1]}", "event": pair[0]}
)
ACTIONS = shaped(
    {
        "type": st.just("block_actions"),
        "user": shaped({"id": USER}),
        "trigger_id": st.just("1.2.3"),
        "container": shaped({"channel_id": CHANNEL, "message_ts": st.just("1.2")}),
        "channel": shaped({"id": CHANNEL}),
        "actions": st.lists(
            shaped(
                {
                    "action_id": st.sampled_from(["leave.approve", "leave.reject", "stock.undo", "x"]),
                    "value": TEXT,
                }
            ),
            max_size=2,
        ),
    }
)
VIEWS = shaped(
    {
        "type": st.just("view_submission"),
        "user": shaped({"id": USER}),
        "view": shaped(
            {
                "callback_id": st.sampled_from(["leave.reject_reason", "x"]),
                "private_metadata": st.sampled_from(['{"request_id": 1}', "{}", "", "{bad"]),
                "state": shaped({"values": st.dictionaries(st.text(max_size=5), st.just({"a": {"value": "x"}}))}),
            }
        ),
    }
)
COMMANDS = shaped({"command": st.just("/backoffice"), "user_id": USER, "channel_id": CHANNEL, "text": TEXT})


def _send(slack, payload: dict[str, Any], kind: str) -> int:
    if kind == "event":
        return slack.post(json.dumps(payload).encode(), "application/json")[0]
    if kind == "command":
        form = {key: value if isinstance(value, str) else json.dumps(value) for key, value in payload.items()}
        return slack.post(urlencode(form).encode(), "application/x-www-form-urlencoded")[0]
    return slack.post(urlencode({"payload": json.dumps(payload)}).encode(), "application/x-www-form-urlencoded")[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        EVENTS.map(lambda p: (p, "event")),
        ACTIONS.map(lambda p: (p, "interaction")),
        VIEWS.map(lambda p: (p, "interaction")),
        COMMANDS.map(lambda p: (p, "command")),
    )
)
def test_no_payload_shape_makes_the_app_answer_5xx(slack, fuzz_calls_are_expected, payload_and_kind):
    payload, kind = payload_and_kind
    status = _send(slack, payload, kind)
    assert status < 500, (status, payload)


@pytest.fixture
def fuzz_calls_are_expected(emulator):
    """The fuzzer names users and channels Slack does not have; the calls the bot makes about them are Slack's
    refusals of made-up ids, not the bot's mistakes, so they are dropped from the emulator's list of invalid calls."""
    before = len(emulator.invalid_calls)
    yield
    emulator.invalid_calls[before:] = [
        call for call in emulator.invalid_calls[before:] if call.response.get("error") not in UNKNOWN_IDS
    ]
