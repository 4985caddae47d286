"""Signed Events API requests for the load generator, built by the test driver exactly as it would send them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tests.fakes.slack_driver import SlackDriver
from tests.fakes.slack_workspace import SlackWorkspace, dm_channel_id


@dataclass(frozen=True)
class SignedRequest:
    """One HTTP request as Slack would send it: body and headers (signature included)."""

    body: bytes
    headers: dict[str, str]


class EnvelopeBuilder(SlackDriver):
    """A ``SlackDriver`` that builds and signs requests but hands them back instead of sending them."""

    def __init__(self, signing_secret: str, workspace: SlackWorkspace) -> None:
        super().__init__(
            "http://127.0.0.1/unused",
            signing_secret,
            None,
            team_id=workspace.team_id,
            team_domain=workspace.team_domain,
            bot_user_id=workspace.bot_user_id,
            api_app_id=workspace.app_id,
        )
        self._captured: SignedRequest | None = None

    def post(
        self,
        body: bytes,
        content_type: str,
        headers: Mapping[str, str] | None = None,
        *,
        timestamp: int | None = None,
        forge_signature: bool | None = None,
    ) -> tuple[int, str]:
        """Capture the signed request instead of sending it."""
        all_headers = {
            "Content-Type": content_type,
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
            **self.signed_headers(body, timestamp=timestamp),
            **(headers or {}),
        }
        self._captured = SignedRequest(body, all_headers)
        return 0, ""

    def dm(self, user_id: str, text: str) -> SignedRequest:
        """A signed ``message`` event in the user's DM with the bot (a new event id each time)."""
        self.send_dm(user_id, text)
        captured, self._captured = self._captured, None
        if captured is None:
            raise RuntimeError("the driver sent nothing")
        self._sent.clear()  # the driver keeps bodies for retries; the bench never retries
        return captured


def dm_channel(user_id: str) -> str:
    """The DM channel id the emulator uses for a user."""
    return dm_channel_id(user_id)
