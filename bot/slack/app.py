"""``create_app``: the Bolt app factory (no module-level app), wired to our settings, database and assistant."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient

from bot.assistant import Assistant
from bot.settings import Settings, secret
from bot.slack.journal import Claimant
from bot.slack.listeners import register_listeners
from bot.slack.middleware import install_middleware
from db.engine import Database


class _QuietTokenWarning(logging.Filter):
    """Drops Bolt's warning that the ``SLACK_BOT_TOKEN`` it reads from the environment by itself is unused: the
    client we hand it carries that very token, so an operator reading the log has nothing to fix."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but that one."""
        return "`token` will be unused" not in record.getMessage()


_BOLT_LOG = logging.getLogger("slack_bolt.App")


def make_client(settings: Settings, **kwargs: object) -> WebClient:
    """A Web API client for the bot token, talking to ``SLACK_API_URL``."""
    return WebClient(token=secret(settings.slack_bot_token), base_url=settings.api_url, **kwargs)  # type: ignore[arg-type]


def create_app(
    settings: Settings,
    *,
    database: Database,
    assistant: Assistant,
    client: WebClient | None = None,
    socket_mode: bool = False,
    for_recorded_events: bool = False,
    claimant: Claimant | None = None,
) -> App:
    """Build the Bolt app: signature checks on (HTTP mode), our middleware, then the listeners.

    ``for_recorded_events`` builds the twin that handles events the front door already checked, recorded and
    acknowledged: it runs each listener to the end before ``dispatch`` returns (so the event is settled only once
    handled) and does not check the signature again (an event taken back minutes later is past Slack's window).
    With ``claimant`` (the process's outbox worker), replies are journaled with the request's transaction.
    """
    if not any(isinstance(present, _QuietTokenWarning) for present in _BOLT_LOG.filters):
        _BOLT_LOG.addFilter(_QuietTokenWarning())
    app = App(
        client=client or make_client(settings),
        signing_secret=secret(settings.slack_signing_secret) or None,
        process_before_response=for_recorded_events,
        request_verification_enabled=not (socket_mode or for_recorded_events),
        ignoring_self_events_enabled=True,
    )
    install_middleware(app, database, settings.support_contact)
    register_listeners(app, assistant, claimant)
    return app
