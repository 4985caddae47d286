"""Before ``serve`` starts: can Slack be reached at ``SLACK_API_URL``, and does it accept the tokens?

A failed call deep in start-up printed a long traceback. Here the bot token is tried with one ``auth.test`` call
(no retries, a short timeout) before anything else starts, and a failure becomes ``SlackUnavailable``: one
sentence that says where it tried and what to check. Socket Mode's first connection goes through the same words.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.settings import Settings
from bot.slack.app import make_client

CHECK_TIMEOUT_SECONDS = 10
TOKEN_ERRORS = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"})
"""Errors that mean the token itself is wrong, or no longer valid."""

TOKEN_HELP = {
    "SLACK_BOT_TOKEN": "use the app's Bot User OAuth Token (xoxb-...) from its OAuth & Permissions page, "
    "and reinstall the app if it was revoked",
    "SLACK_APP_TOKEN": "use an app-level token (xapp-...) with connections:write from the app's Basic Information page",
}


class SlackUnavailable(Exception):
    """Slack cannot be used with these settings; the message says what was tried and what to check."""


def explain(error: Exception, where: str, token_name: str, method: str) -> SlackUnavailable:
    """The one sentence for a failed Web API call to ``where`` with the token named ``token_name``."""
    if isinstance(error, SlackApiError):
        data = error.response.data
        code = str(data.get("error") or "") if isinstance(data, dict) else ""
        if code in TOKEN_ERRORS or code == "not_allowed_token_type":
            return SlackUnavailable(f"Slack at {where} refused {token_name} ({code}): {TOKEN_HELP[token_name]}")
        answered = code or f"HTTP {error.response.status_code}"
        return SlackUnavailable(f"Slack at {where} answered {method} with {answered}; check SLACK_API_URL")
    reason = getattr(error, "reason", None) or error
    return SlackUnavailable(f"cannot reach Slack at {where} ({reason}); check SLACK_API_URL and this machine's network")


def check_slack(settings: Settings) -> str:
    """Call ``auth.test`` with the bot token; return the workspace and bot it names, or raise ``SlackUnavailable``."""
    quiet = logging.getLogger(f"{__name__}.client")
    quiet.setLevel(logging.CRITICAL)  # slack_sdk logs the failure itself; the sentence raised here replaces it
    client = make_client(settings, retry_handlers=[], timeout=CHECK_TIMEOUT_SECONDS, logger=quiet)
    try:
        answer = client.auth_test()
    except (SlackApiError, OSError) as error:  # OSError: urllib's URLError (refused, unknown host), a timeout
        raise explain(error, settings.api_url, "SLACK_BOT_TOKEN", "auth.test") from error
    return f"{answer.get('team') or answer.get('team_id')} as {answer.get('user') or answer.get('user_id')}"
