"""The baseline: a bare Bolt app that acks each DM and posts a fixed reply, served like ``backoffice serve``.

Run as ``python -m bench.bare_bolt_app --port N`` with SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_API_URL set.
It uses the same ASGI adapter (``bot.slack.asgi.BackofficeRequestHandler``) under uvicorn, so the only difference
from the real bot is what the app does per message: no middleware, no database, no router.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

import uvicorn
from slack_bolt import App
from slack_sdk import WebClient

from bot.slack.asgi import BackofficeRequestHandler

FIXED_REPLY = "Hi! This is the bare Bolt app."


def create_bare_app(token: str, signing_secret: str, api_url: str) -> App:
    """A Bolt app whose only listener answers a DM with ``chat.postMessage``."""
    client = WebClient(token=token, base_url=api_url if api_url.endswith("/") else api_url + "/")
    app = App(client=client, signing_secret=signing_secret, process_before_response=False)

    @app.event("message")
    def direct_message(event: dict[str, Any], client: WebClient) -> None:
        if event.get("channel_type") == "im":
            client.chat_postMessage(channel=event["channel"], text=FIXED_REPLY)

    return app


def main() -> None:
    """Serve the bare app on 127.0.0.1 until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    app = create_bare_app(
        os.environ["SLACK_BOT_TOKEN"], os.environ["SLACK_SIGNING_SECRET"], os.environ["SLACK_API_URL"]
    )
    handler = BackofficeRequestHandler(app, lambda: {"ok": True}, os.environ["SLACK_SIGNING_SECRET"])
    uvicorn.run(handler, host=args.host, port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
