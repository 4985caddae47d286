"""``serve`` against a Slack it cannot use: one clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from slack_bolt import App
from slack_sdk import WebClient
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import Settings
from bot.slack.connection import SlackUnavailable, check_slack
from bot.slack.serving import run_socket_mode
from tests.fakes.slack_emulator import SlackEmulator

runner = CliRunner()


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    with SlackEmulator() as emulated:
        yield emulated


@pytest.fixture
def env(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BACKOFFICE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens there once the socket is closed


def serve(monkeypatch: pytest.MonkeyPatch, api_url: str, token: str) -> tuple[int, str]:
    monkeypatch.setenv("SLACK_API_URL", api_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", token)
    result = runner.invoke(app, ["serve", "--port", str(closed_port())])
    return result.exit_code, result.output


def test_an_unreachable_slack_is_one_line_naming_where_it_tried(env, tmp_path, monkeypatch):
    url = f"http://127.0.0.1:{closed_port()}/"
    code, output = serve(monkeypatch, url, "xoxb-1")
    assert code == 1
    assert output.strip().splitlines() == [output.strip()]
    assert f"cannot reach Slack at {url}" in output and "SLACK_API_URL" in output
    assert "Traceback" not in output
    assert not (tmp_path / "home" / "backoffice.db").exists()  # it stopped before starting anything


def test_a_token_slack_refuses_is_one_line_naming_the_setting(env, emulator, monkeypatch):
    code, output = serve(monkeypatch, emulator.api_url, "xoxb-not-this-workspace")
    assert code == 1
    assert output.strip().splitlines() == [output.strip()]
    assert f"Slack at {emulator.api_url} refused SLACK_BOT_TOKEN (invalid_auth)" in output
    assert "xoxb-not-this-workspace" not in output  # a token is never printed


def test_the_check_names_the_workspace_when_slack_accepts_the_token(emulator):
    settings = Settings(_env_file=None, slack_bot_token=emulator.bot_token, slack_api_url=emulator.api_url)
    assert " as " in check_slack(settings)
    wrong_url = Settings(_env_file=None, slack_bot_token=emulator.bot_token, slack_api_url=emulator.api_url + "nope/")
    with pytest.raises(SlackUnavailable, match=r"answered auth\.test with unknown_method"):
        check_slack(wrong_url)


def test_socket_mode_with_a_refused_app_token_says_which_token(emulator):
    client = WebClient(token=emulator.bot_token, base_url=emulator.api_url)
    bolt = App(client=client, request_verification_enabled=False)
    with pytest.raises(SlackUnavailable, match=r"refused SLACK_APP_TOKEN \(invalid_auth\)"):
        run_socket_mode(bolt, "xapp-1-not-this-app", threading.Event())
