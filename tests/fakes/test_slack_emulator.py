"""Tests of the Slack emulator and the signed-request driver: they must answer and send what Slack does."""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import pytest
from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, HeaderBlock, SectionBlock
from slack_sdk.signature import SignatureVerifier

from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_emulator import SlackEmulator
from tests.fakes.slack_spec import every_scope, manifest_bot_scopes

SECRET = "test-signing-secret"
SHAPES = Path(__file__).parent / "payload_shapes"
TS = re.compile(r"^\d{10}\.\d{6}$")
ALICE = "U0ALICE"


def _pt(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _button(action_id: str, label: str = "OK", value: str = "v") -> dict[str, Any]:
    return {"type": "button", "text": _pt(label), "action_id": action_id, "value": value}


MODAL = {
    "type": "modal",
    "callback_id": "leave_form",
    "title": _pt("Request leave"),
    "submit": _pt("Send"),
    "blocks": [
        {
            "type": "input",
            "block_id": "reason",
            "label": _pt("Reason"),
            "element": {"type": "plain_text_input", "action_id": "reason_input"},
        },
        {
            "type": "input",
            "block_id": "kind",
            "label": _pt("Kind"),
            "element": {
                "type": "static_select",
                "action_id": "kind_select",
                "options": [{"text": _pt("Vacation"), "value": "vacation"}, {"text": _pt("Sick"), "value": "sick"}],
            },
        },
    ],
}


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    with SlackEmulator(scopes=every_scope()) as emu:
        emu.add_user(ALICE, "alice@example.com", "Alice Martin", locale="fr-FR", tz="Europe/Paris")
        emu.add_channel("C0GENERAL", "general")
        yield emu


@pytest.fixture
def client(emulator: SlackEmulator) -> WebClient:
    return WebClient(token=emulator.bot_token, base_url=emulator.api_url)


def _error(call: Any) -> dict[str, Any]:
    with pytest.raises(SlackApiError) as raised:
        call()
    return dict(raised.value.response.data)


# ---- Web API answers -------------------------------------------------------------------------------------


def test_post_message_answers_like_slack(emulator: SlackEmulator, client: WebClient) -> None:
    first = client.chat_postMessage(channel="C0GENERAL", text="hello")
    second = client.chat_postMessage(channel="#general", text="again")
    assert first["ok"] and first["channel"] == "C0GENERAL" and TS.match(first["ts"])
    assert first["message"]["bot_id"] == "BBOT" and first["message"]["user"] == "UBOT"
    assert float(second["ts"]) > float(first["ts"])
    assert [m["text"] for m in emulator.messages("C0GENERAL")] == ["hello", "again"]
    assert client.auth_test()["user_id"] == "UBOT"
    emulator.assert_all_calls_valid()


def test_a_bot_token_may_call_only_what_its_scopes_allow() -> None:
    # By default the bot has the scopes manifest.yml asks for, as a workspace that installed the app grants them.
    with SlackEmulator(scopes=frozenset({"chat:write", "channels:history"})) as emulator:
        emulator.add_user(ALICE, "alice@example.com", "Alice Martin")
        emulator.add_channel("C0GENERAL", "general")
        client = WebClient(token=emulator.bot_token, base_url=emulator.api_url)
        posted = client.chat_postMessage(channel="C0GENERAL", text="hello")
        assert client.conversations_history(channel="C0GENERAL")["messages"][0]["ts"] == posted["ts"]
        refused = _error(lambda: client.reactions_add(channel="C0GENERAL", timestamp=posted["ts"], name="eyes"))
        assert refused["error"] == "missing_scope" and refused["needed"] == "reactions:write"
        dm = _error(lambda: client.conversations_open(users=ALICE))
        assert dm["error"] == "missing_scope" and dm["needed"] == "im:write"  # channels:history is no im scope
        upload = _error(lambda: client.files_getUploadURLExternal(filename="chart.png", length=3))
        assert upload["needed"] == "files:write"
        assert [call.method for call in emulator.invalid_calls] == [
            "reactions.add", "conversations.open", "files.getUploadURLExternal"
        ]  # fmt: skip
    assert {"chat:write", "users:read.email"} <= manifest_bot_scopes()


def test_caller_errors_are_reported_and_recorded(emulator: SlackEmulator, client: WebClient) -> None:
    assert _error(lambda: client.api_call("chat.postMessagee"))["error"] == "unknown_method"
    missing = _error(lambda: client.api_call("chat.postMessage", json={"text": "hi"}))
    assert missing["error"] == "invalid_arguments"
    assert missing["response_metadata"]["messages"] == ["[ERROR] missing required field: channel"]
    with pytest.warns(UserWarning, match="top-level `text`"):
        assert _error(lambda: client.chat_postMessage(channel="C0GENERAL"))["error"] == "no_text"
    assert _error(lambda: client.chat_postMessage(channel="C0NOPE", text="x"))["error"] == "channel_not_found"
    no_token = WebClient(base_url=emulator.api_url)
    assert _error(lambda: no_token.chat_postMessage(channel="C0GENERAL", text="x"))["error"] == "not_authed"
    bad_token = WebClient(token="xoxb-wrong", base_url=emulator.api_url)
    assert _error(bad_token.auth_test)["error"] == "invalid_auth"
    unimplemented = _error(lambda: client.chat_scheduleMessage(channel="C0GENERAL", text="x", post_at=1))
    assert unimplemented["error"] == "emulator_not_implemented"
    assert len(emulator.invalid_calls) == 7
    with pytest.raises(AssertionError, match=r"chat\.scheduleMessage"):
        emulator.assert_all_calls_valid()


@pytest.mark.parametrize(
    ("blocks", "reason"),
    [
        ([_section("x" * 3001)], "3001 characters"),
        ([{"type": "divider"}] * 51, "no more than 50"),
        ([{"type": "sektion", "text": _pt("x")}], "unknown block type"),
        ([{"type": "actions", "elements": [_button("a" * 256)]}], "action_id"),
        ([{"type": "actions", "elements": [{"type": "button", "action_id": "go"}]}], "'text'"),
        ([{**_section("x"), "acessory": _button("go")}], "unknown field 'acessory'"),
        ([{"type": "header", "text": {"type": "mrkdwn", "text": "x"}}], "plain_text"),
        ([_section("")], "non-empty"),
        ([{"type": "actions", "elements": [_button("go"), _button("go")]}], "duplicate action_id"),
    ],
)
def test_invalid_blocks_are_rejected(
    emulator: SlackEmulator, client: WebClient, blocks: list[dict[str, Any]], reason: str
) -> None:
    answer = _error(lambda: client.chat_postMessage(channel="C0GENERAL", text="x", blocks=blocks))
    assert answer["error"] == "invalid_blocks"
    assert any(reason in error for error in answer["errors"]), answer["errors"]
    assert emulator.invalid_calls[-1].method == "chat.postMessage"
    assert emulator.messages("C0GENERAL") == []


def test_valid_block_kit_is_accepted_and_rendered(emulator: SlackEmulator, client: WebClient) -> None:
    blocks: list[dict[str, Any] | Block] = [
        HeaderBlock(text="Leave request"),
        SectionBlock(text="*Alice* asks for 3 days", fields=["*From*\nMon", "*To*\nWed"]),
        ActionsBlock(elements=[ButtonElement(text="Approve", action_id="approve", value="42", style="primary")]),
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "Balance: 12 days"}]},
    ]
    answer = client.chat_postMessage(channel="C0GENERAL", text="Leave request", blocks=blocks)
    stored = emulator.messages("C0GENERAL")[0]
    assert stored["ts"] == answer["ts"] and all("block_id" in b for b in stored["blocks"])
    assert emulator.render_text(stored).splitlines() == [
        "Leave request",
        "*Alice* asks for 3 days",
        "*From*",
        "Mon",
        "*To*",
        "Wed",
        "[Approve]",
        "Balance: 12 days",
    ]
    form = urlencode({"channel": "C0GENERAL", "blocks": json.dumps([_section("form")])}).encode()
    request = urllib.request.Request(
        emulator.api_url + "chat.postMessage", data=form, headers={"Authorization": f"Bearer {emulator.bot_token}"}
    )
    with urllib.request.urlopen(request) as response:
        assert json.loads(response.read())["ok"] is True
    emulator.assert_all_calls_valid()


def test_threads_updates_and_deletes_are_visible(emulator: SlackEmulator, client: WebClient) -> None:
    parent = client.chat_postMessage(channel="C0GENERAL", text="parent", blocks=[_section("parent")])
    reply = client.chat_postMessage(channel="C0GENERAL", text="reply", thread_ts=parent["ts"])
    client.chat_update(channel="C0GENERAL", ts=parent["ts"], text="parent, edited")
    thread = emulator.thread("C0GENERAL", parent["ts"])
    assert [m["text"] for m in thread] == ["parent, edited", "reply"]
    assert thread[0]["reply_count"] == 1 and "edited" in thread[0] and thread[0]["blocks"]
    assert thread[1]["thread_ts"] == parent["ts"] and thread[1]["parent_user_id"] == "UBOT"
    replies = client.conversations_replies(channel="C0GENERAL", ts=parent["ts"])["messages"]
    assert [m["ts"] for m in replies] == [parent["ts"], reply["ts"]]
    history = client.conversations_history(channel="C0GENERAL")["messages"]
    assert [m["ts"] for m in history] == [parent["ts"]]
    link = client.chat_getPermalink(channel="C0GENERAL", message_ts=reply["ts"])["permalink"]
    assert link.endswith(f"?thread_ts={parent['ts']}&cid=C0GENERAL")
    client.reactions_add(channel="C0GENERAL", timestamp=parent["ts"], name="white_check_mark")
    client.chat_delete(channel="C0GENERAL", ts=reply["ts"])
    assert [m["text"] for m in emulator.messages("C0GENERAL")] == ["parent, edited"]
    assert emulator.messages("C0GENERAL")[0]["reactions"][0]["name"] == "white_check_mark"
    assert _error(lambda: client.chat_update(channel="C0GENERAL", ts="1.2", text="x"))["error"] == "message_not_found"


def test_dms_by_user_id_and_conversations_open_are_stable(emulator: SlackEmulator, client: WebClient) -> None:
    opened = client.conversations_open(users=ALICE)["channel"]["id"]
    assert opened.startswith("D") and client.conversations_open(users=ALICE)["channel"]["id"] == opened
    posted = client.chat_postMessage(channel=ALICE, text="Your leave is approved")
    assert posted["channel"] == opened == emulator.dm_channel_for(ALICE)
    assert [m["text"] for m in emulator.dm_messages(ALICE)] == ["Your leave is approved"]
    assert client.conversations_info(channel=opened)["channel"]["is_im"] is True


def test_users_info_and_lookup(emulator: SlackEmulator, client: WebClient) -> None:
    with_locale = client.users_info(user=ALICE, include_locale=True)["user"]
    assert with_locale["locale"] == "fr-FR" and with_locale["tz"] == "Europe/Paris"
    assert with_locale["tz_offset"] in (3600, 7200) and with_locale["profile"]["email"] == "alice@example.com"
    assert "locale" not in client.users_info(user=ALICE)["user"]
    assert client.users_lookupByEmail(email="ALICE@example.com")["user"]["id"] == ALICE
    assert _error(lambda: client.users_lookupByEmail(email="bob@example.com"))["error"] == "users_not_found"
    assert _error(lambda: client.users_info(user="U0NOBODY"))["error"] == "user_not_found"
    assert [c.method for c in emulator.invalid_calls] == ["users.info"]


def test_fail_next_injects_rate_limits_server_errors_and_slack_errors(
    emulator: SlackEmulator, client: WebClient
) -> None:
    emulator.fail_next("chat.postMessage", status=429, retry_after=7)
    emulator.fail_next("chat.postMessage", status=503)
    emulator.fail_next("chat.postMessage", error="channel_not_found")
    body = json.dumps({"channel": "C0GENERAL", "text": "x"}).encode()
    headers = {"Authorization": f"Bearer {emulator.bot_token}", "Content-Type": "application/json"}
    request = urllib.request.Request(emulator.api_url + "chat.postMessage", data=body, headers=headers)
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request)
    assert raised.value.code == 429 and raised.value.headers["Retry-After"] == "7"
    assert _error(lambda: client.chat_postMessage(channel="C0GENERAL", text="x"))["error"] == "fatal_error"
    assert _error(lambda: client.chat_postMessage(channel="C0GENERAL", text="x"))["error"] == "channel_not_found"
    assert client.chat_postMessage(channel="C0GENERAL", text="x")["ok"]
    assert len(emulator.calls_to("chat.postMessage")) == 4
    emulator.assert_all_calls_valid()  # injected failures are not the caller's fault
    with pytest.raises(ValueError):
        emulator.fail_next("chat.postMesage")


def test_ephemeral_messages_are_recorded_per_user(emulator: SlackEmulator, client: WebClient) -> None:
    answer = client.chat_postEphemeral(channel="C0GENERAL", user=ALICE, text="Only you can see this")
    assert TS.match(answer["message_ts"])
    assert [m["text"] for m in emulator.ephemerals(ALICE)] == ["Only you can see this"]
    assert emulator.messages("C0GENERAL") == []


def _post_json(url: str, payload: dict[str, Any]) -> int:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_response_urls_reply_replace_and_delete(emulator: SlackEmulator, client: WebClient) -> None:
    posted = client.chat_postMessage(channel=ALICE, text="Approve?", blocks=[_section("Approve?")])
    url = emulator.new_response_url(ALICE, posted["channel"], posted["ts"])
    assert _post_json(url, {"text": "Just for you"}) == 200
    assert [m["text"] for m in emulator.ephemerals(ALICE)] == ["Just for you"]
    assert _post_json(url, {"replace_original": True, "text": "Approved", "blocks": [_section("Approved")]}) == 200
    assert emulator.render_text(emulator.dm_messages(ALICE)[0]) == "Approved"
    assert _post_json(url, {"response_type": "in_channel", "text": "Done"}) == 200
    assert _post_json(url, {"delete_original": True}) == 200
    assert [m["text"] for m in emulator.dm_messages(ALICE)] == ["Done"]
    assert _post_json(url, {"text": "x", "blocks": [{"type": "sektion"}]}) == 400
    assert [c.method for c in emulator.invalid_calls] == ["response_url"]


def test_views_open_push_update_and_publish(emulator: SlackEmulator, client: WebClient) -> None:
    trigger = emulator.issue_trigger_id(ALICE)
    opened = client.views_open(trigger_id=trigger, view=MODAL)["view"]
    record = emulator.views[opened["id"]]
    assert record["user"] == ALICE and record["trigger_id"] == trigger and record["view"]["callback_id"] == "leave_form"
    assert _error(lambda: client.views_open(trigger_id=trigger, view=MODAL))["error"] == "exchanged_trigger_id"
    assert _error(lambda: client.views_open(trigger_id="1.2.3", view=MODAL))["error"] == "invalid_trigger_id"
    pushed = client.views_push(trigger_id=emulator.issue_trigger_id(ALICE), view=MODAL)["view"]
    assert pushed["previous_view_id"] == opened["id"] and pushed["root_view_id"] == opened["id"]
    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view={**MODAL, "title": _pt("Sent")})
    assert updated["view"]["id"] == opened["id"] and emulator.views[opened["id"]]["view"]["title"]["text"] == "Sent"
    home = {"type": "home", "blocks": [_section("Hello Alice"), {"type": "actions", "elements": [_button("new")]}]}
    published = client.views_publish(user_id=ALICE, view=home)["view"]
    tab = emulator.home_tab(ALICE)
    assert tab is not None and tab["id"] == published["id"] and emulator.render_text(tab) == "Hello Alice\n[OK]"
    long_title = {**MODAL, "title": _pt("A title far longer than 24 characters")}
    answer = _error(lambda: client.views_open(trigger_id=emulator.issue_trigger_id(ALICE), view=long_title))
    assert answer["error"] == "invalid_arguments" and "24" in answer["errors"][0]


# ---- the driver ------------------------------------------------------------------------------------------


class _Capture:
    """A stand-in app that records the requests it gets and answers 200."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        capture = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                capture.requests.append((dict(self.headers.items()), body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/slack/events"

    def payload(self, index: int = -1) -> dict[str, Any]:
        headers, body = self.requests[index]
        if headers["Content-Type"] == "application/json":
            return dict(json.loads(body))
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        return dict(json.loads(form["payload"])) if "payload" in form else form


@pytest.fixture
def capture() -> Iterator[_Capture]:
    app = _Capture()
    yield app
    app.server.shutdown()
    app.server.server_close()


def test_driver_signature_verifies_and_forgeries_do_not(capture: _Capture, emulator: SlackEmulator) -> None:
    driver = SlackDriver(capture.url, SECRET, emulator)
    verifier = SignatureVerifier(SECRET)
    driver.send_dm(ALICE, "hello")
    driver.forge_signature = True
    driver.send_dm(ALICE, "forged")
    driver.forge_signature = False
    driver.timestamp_offset = -600
    driver.send_dm(ALICE, "stale")
    valid, forged, stale = ((body, headers) for headers, body in capture.requests)
    assert verifier.is_valid_request(valid[0], valid[1])
    assert not verifier.is_valid_request(forged[0], forged[1])
    assert not verifier.is_valid_request(stale[0], stale[1])


def _unknown_fields(sent: Any, shape: Any, where: str = "") -> list[str]:
    """Fields the driver sends that Slack's real payload does not have (blocks and views are checked elsewhere)."""
    real_extras = {"context_team_id", "context_enterprise_id", "response_urls", "blocks"}
    if isinstance(sent, dict) and isinstance(shape, dict):
        found = [f"{where}/{k}" for k in sent if k not in shape and k not in real_extras]
        for key, value in sent.items():
            if key in shape and key not in ("blocks", "view", "state", "message"):
                found.extend(_unknown_fields(value, shape[key], f"{where}/{key}"))
        return found
    if isinstance(sent, list) and isinstance(shape, list) and shape:
        return [e for item in sent for e in _unknown_fields(item, shape[0], where + "/0")]
    return []


def _shape(name: str) -> dict[str, Any]:
    return dict(json.loads((SHAPES / name).read_text(encoding="utf-8")))


def test_driver_payloads_match_real_payload_shapes(capture: _Capture, emulator: SlackEmulator) -> None:
    driver = SlackDriver(capture.url, SECRET, emulator)
    client = WebClient(token=emulator.bot_token, base_url=emulator.api_url)
    _, _, event_id = driver.send_dm(ALICE, "I need 3 days off")
    dm = capture.payload()
    assert dm["event_id"] == event_id and dm["event"]["channel_type"] == "im"
    assert dm["event"]["channel"] == emulator.dm_channel_for(ALICE) and dm["event"]["client_msg_id"]
    assert dm["event"]["blocks"][0]["type"] == "rich_text" and not _unknown_fields(dm, _shape("MessagePayload.json"))
    driver.send_dm(ALICE, "more", thread_ts=dm["event"]["ts"])
    assert capture.payload()["event"]["thread_ts"] == dm["event"]["ts"]
    assert [m["text"] for m in emulator.thread(dm["event"]["channel"], dm["event"]["ts"])] == [
        "I need 3 days off",
        "more",
    ]
    driver.send_dm(ALICE, "I need 3 days off", event_id=event_id, retry_num=1)
    headers, body = capture.requests[-1]
    assert headers["X-Slack-Retry-Num"] == "1" and body == capture.requests[0][1]
    driver.send_dm(ALICE, "I need 4 days off", subtype="message_changed")
    edit = capture.payload()["event"]
    assert edit["message"]["text"] == "I need 4 days off" and edit["previous_message"]["text"] == "more"
    assert not _unknown_fields(capture.payload(), _shape("MessageChangedPayload.json"))
    driver.send_dm(ALICE, "beep", bot_id="B0OTHER")
    assert capture.payload()["event"]["bot_id"] == "B0OTHER" and "client_msg_id" not in capture.payload()["event"]
    assert len(emulator.dm_messages(ALICE)) == 2  # neither the edit nor the other bot's message is a new message
    driver.send_mention(ALICE, "C0GENERAL", "how many days do I have?")
    mention = capture.payload()
    assert mention["event"]["text"].startswith("<@UBOT> ")
    assert not _unknown_fields(mention, _shape("AppMentionPayload.json"))
    driver.send_slash(ALICE, "/leave", "balance")
    slash = capture.payload()
    assert slash["command"] == "/leave" and slash["trigger_id"] and slash["response_url"].startswith(emulator.url)
    assert not _unknown_fields(slash, _shape("SlashCommandPayload.json"))
    client.chat_postMessage(channel=ALICE, text="Approve?", blocks=[{"type": "actions", "elements": [_button("yes")]}])
    driver.click(ALICE, "yes")
    click = capture.payload()
    assert click["actions"][0]["action_id"] == "yes" and click["actions"][0]["value"] == "v"
    assert click["container"]["type"] == "message" and click["message"]["text"] == "Approve?"
    assert not _unknown_fields(click, _shape("BlockActionPayload.json"))
    view = client.views_open(trigger_id=slash["trigger_id"], view=MODAL)["view"]
    driver.submit_view(ALICE, view, {"reason_input": "Family", "kind_select": "sick"})
    submission = capture.payload()
    values = submission["view"]["state"]["values"]
    assert values["reason"]["reason_input"] == {"type": "plain_text_input", "value": "Family"}
    assert values["kind"]["kind_select"]["selected_option"]["value"] == "sick"
    assert not _unknown_fields(submission, _shape("ViewSubmissionPayload.json"))
    driver.open_home(ALICE)
    assert not _unknown_fields(capture.payload(), _shape("AppHomeOpenedPayload.json"))
    with pytest.raises(ValueError):
        driver.submit_view(ALICE, view, {"reason_inptu": "typo"})


# ---- driver + emulator + a real Bolt app -----------------------------------------------------------------


def _serve_bolt(app: App) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            headers: dict[str, str | Sequence[str]] = {k.lower(): v for k, v in self.headers.items()}
            response = app.dispatch(BoltRequest(body=body, headers=headers))
            payload = response.body.encode()
            self.send_response(response.status)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server


def test_a_bolt_app_round_trip(emulator: SlackEmulator) -> None:
    app = App(client=WebClient(token=emulator.bot_token, base_url=emulator.api_url), signing_secret=SECRET)

    @app.event("message")
    def on_dm(event: dict[str, Any], say: Any) -> None:
        button = {"type": "actions", "elements": [_button("open_form", "Request leave")]}
        say(text="Hi!", blocks=[_section("Hi!"), button], thread_ts=event["ts"])

    @app.action("open_form")
    def on_click(ack: Any, body: dict[str, Any], client: WebClient, respond: Any) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=MODAL)
        respond(text="Opening the form…", replace_original=False)

    @app.view("leave_form")
    def on_submit(ack: Any, view: dict[str, Any], client: WebClient, body: dict[str, Any]) -> None:
        ack()
        reason = view["state"]["values"]["reason"]["reason_input"]["value"]
        client.chat_postMessage(channel=body["user"]["id"], text=f"Request sent: {reason}")

    server = _serve_bolt(app)
    try:
        driver = SlackDriver(f"http://127.0.0.1:{server.server_address[1]}/slack/events", SECRET, emulator)
        assert driver.send_dm(ALICE, "hello")[0] == 200
        greeting = emulator.wait_for(lambda: [m for m in emulator.dm_messages(ALICE) if m.get("bot_id")])[0]
        assert emulator.render_text(greeting) == "Hi!\n[Request leave]" and greeting["thread_ts"]
        assert driver.click(ALICE, "open_form")[0] == 200
        view = emulator.wait_for(lambda: list(emulator.views.values()))[0]["view"]
        emulator.wait_for(lambda: emulator.ephemerals(ALICE))
        assert driver.submit_view(ALICE, view, {"reason_input": "Family"})[0] == 200
        emulator.wait_for(lambda: any(m["text"] == "Request sent: Family" for m in emulator.dm_messages(ALICE)))
        driver.forge_signature = True
        assert driver.send_dm(ALICE, "forged")[0] == 401
        emulator.assert_all_calls_valid()
    finally:
        server.shutdown()
        server.server_close()
